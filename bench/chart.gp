# The chart of `make bench`: gnuplot -e "dir='build/bench'" bench/chart.gp > chart.svg
# reads the figures bench/bench.c wrote with --out: throughput.dat (label,
# median, min, max MB/s), slices.dat (slice bytes, MB/s; whole written as
# 1048576) and events.dat (text bytes, then MB/s of jsmn floor, cJSON,
# simdjson, sse_delta).
set terminal svg size 960,1000 font "sans,12" background "white"
set termoption noenhanced
set multiplot layout 3,1 margins 0.30,0.95,0.06,0.95 spacing 0,0.09

set title "Throughput on the recorded corpus (all bodies), CPU time, median of rounds (bars: min to max)"
set xlabel "MB/s (log scale)"
set ytics nomirror
unset key
set grid xtics
set logscale x 10
set xrange [50:30000]
set yrange [-0.6:7.6] reverse
set style fill solid 0.7 border -1
plot dir."/throughput.dat" using (50):0:(50):2:($0-0.35):($0+0.35):ytic(1) with boxxyerror lc rgb "#4477aa", \
     "" using 2:0:3:4 with xerrorbars lc rgb "black" pt 0, \
     "" using 4:0:(sprintf(" %.0f", $2)) with labels left

set title "Feed slice size (sse_delta, every callback set)"
set yrange [0:*] noreverse
set xrange [0.7:1.5e6]
set logscale x 2
set xtics ("1" 1, "16" 16, "64" 64, "4096" 4096, "whole body" 1048576)
set xlabel "bytes per sse_delta_feed() call"
set ylabel "MB/s"
set grid xtics ytics
plot dir."/slices.dat" using 1:2 with linespoints lw 2 pt 7 lc rgb "#4477aa", \
     "" using 1:2:(sprintf("%.0f", $2)) with labels offset 0,1

set title "Event size (synthetic openai-chat events, every callback set)"
set xrange [48:80000]
set xtics ("64" 64, "256" 256, "1 K" 1024, "4 K" 4096, "16 K" 16384, "60 K" 61440)
set xlabel "bytes of text per event"
set key left top
plot dir."/events.dat" using 1:5 with linespoints lw 2 pt 7 title "sse_delta", \
     "" using 1:2 with linespoints lw 2 pt 5 title "jsmn floor", \
     "" using 1:3 with linespoints lw 2 pt 9 title "cJSON", \
     "" using 1:4 with linespoints lw 2 pt 11 title "simdjson On-Demand"
unset multiplot
