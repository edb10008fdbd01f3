#!/bin/sh
# make test-curl: the curl example against the local server, every variant.
#
#     run.sh EXAMPLE SERVER TOOL OUTDIR
#
# Each case starts test/curl/server.c on an ephemeral port of 127.0.0.1,
# runs the example against it and checks its exit status, its stdout and
# what it says on stderr. The transcript is checked two ways: some lines
# word for word, and all of it against what the sse-delta tool prints for
# the very bytes the server sent (its --dump): the same parser fed whole
# from a file, where the example got them through libcurl in uneven chunks
# and paused. Every process is bounded: the example by timeout(1), the
# server by its own alarm; OUTDIR/NAME/ keeps each case's files.
set -u
cd "$(dirname "$0")/../.." || exit 1
example=$1 server=$2 tool=$3 out=$4
cassette=test/cassettes/openrouter_kimi-k2_moonshotai_multi_tool_streaming.yaml
prompt="Add and multiply 2 and 3"
passed=0 failed=0
rm -rf "$out"
mkdir -p "$out" || exit 1

problem() {
  problems="$problems
      $*"
}

# run NAME VARIANT [EXAMPLE OPTION...]
run() {
  name=$1 variant=$2
  shift 2
  dir=$out/$name problems="" rc=-1
  mkdir -p "$dir"
  "$server" --variant "$variant" --cassette "$cassette" --port-file "$dir/port" \
    --dump "$dir/body" --log "$dir/request" --timeout 12 2>"$dir/server.err" &
  server_pid=$!
  tries=0
  while [ ! -s "$dir/port" ] && [ $tries -lt 100 ]; do
    sleep 0.05
    tries=$((tries + 1))
  done
  if [ ! -s "$dir/port" ]; then
    problem "the server did not start: $(cat "$dir/server.err")"
    kill "$server_pid" 2>/dev/null
    wait "$server_pid"
    return
  fi
  started=$(date +%s)
  OPENAI_API_KEY=test-key timeout 10 "$example" \
    --url "http://127.0.0.1:$(cat "$dir/port")/v1" --model test-model "$@" $prompt \
    >"$dir/stdout" 2>"$dir/stderr"
  rc=$?
  elapsed=$(($(date +%s) - started))
  wait "$server_pid"
  server_rc=$?
  [ $server_rc -eq 0 ] || problem "the server exited with $server_rc: $(cat "$dir/server.err")"
  "$tool" "$dir/body" >"$dir/expected" 2>/dev/null
}

expect_rc() {
  [ "$rc" -eq "$1" ] || problem "exit status $rc, expected $1"
}
# the whole transcript: what the tool prints for the bytes sent
expect_tool_transcript() {
  cmp -s "$dir/expected" "$dir/stdout" ||
    problem "stdout is not the tool's transcript of the bytes sent: diff $dir/expected $dir/stdout"
}
expect_line() {
  grep -Fxq -- "$1" "$dir/stdout" || problem "no line in stdout: $1"
}
expect_no_line() {
  ! grep -Fxq -- "$1" "$dir/stdout" || problem "a line in stdout that should not be: $1"
}
expect_last_line() {
  last=$(tail -n 1 "$dir/stdout")
  [ "$last" = "$1" ] || problem "last line of stdout: '$last', expected '$1'"
}
expect_stderr() {
  grep -Fq -- "$1" "$dir/stderr" || problem "not on stderr: $1"
}
expect_no_stderr() {
  ! grep -Fq -- "$1" "$dir/stderr" || problem "on stderr, unexpected: $1"
}
expect_request() {
  grep -Fq -- "$1" "$dir/request" || problem "not in the request: $1"
}
# the --stats line: both kinds of pause happened
expect_pauses() {
  stats=$(sed -n 's/^curl_stream: \([0-9]*\) parser pauses, \([0-9]*\) transfer pauses, .*/\1 \2/p' "$dir/stderr")
  set -- $stats
  [ $# -eq 2 ] && [ "$1" -gt 0 ] && [ "$2" -gt 0 ] ||
    problem "expected parser and transfer pauses, got: '$stats'"
}
expect_at_most_seconds() {
  [ "$elapsed" -le "$1" ] || problem "took $elapsed s, more than $1 s"
}

verdict() {
  if [ -z "$problems" ]; then
    echo "ok    $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name:$problems"
    sed 's/^/      stderr| /' "$dir/stderr"
    failed=$((failed + 1))
  fi
}

# The answer's lines, word for word.
TEXT="I'll add and multiply 2 and 3 for you."
ADD='-> tool add(id add:0) {"a": 2, "b": 3}'
MULTIPLY='-> tool multiply(id multiply:1) {"a": 2, "b": 3}'
FINISH='[finish: tool_calls (raw tool_calls)] [usage: in 154, out 52, total 206, cached 0, reasoning 0, cost 0.0002224]'
expect_whole_answer() {
  expect_line "$TEXT"
  expect_line "$ADD"
  expect_line "$MULTIPLY"
  expect_line "$FINISH"
}

run full full
expect_rc 0
expect_whole_answer
expect_last_line "[complete]"
expect_tool_transcript
expect_request "POST /v1/chat/completions HTTP/1.1"
expect_request "Authorization: Bearer test-key"
expect_request "Accept: text/event-stream"
expect_request '{"model":"test-model","stream":true,'
expect_request "\"content\":\"$prompt\""
verdict

# The callbacks pause whenever their output holds a byte: the parser stops
# mid-chunk, the next chunks are held back with CURL_WRITEFUNC_PAUSE.
run paused full --out-buffer 1 --stats
expect_rc 0
expect_whole_answer
expect_last_line "[complete]"
expect_tool_transcript
expect_pauses
verdict

run cut-event cut-event
expect_rc 3
expect_line "$TEXT"
expect_no_line "$ADD"
expect_last_line "[truncated: no finish reason, no end marker]"
expect_tool_transcript
expect_stderr "curl_stream: connection: transfer closed with outstanding read data remaining"
verdict

# curl sees a complete response; only the parser knows the answer is not.
run cut-clean cut-clean --out-buffer 7
expect_rc 3
expect_line "$MULTIPLY"
expect_no_line "$FINISH"
expect_last_line "[truncated: no finish reason, no end marker]"
expect_tool_transcript
expect_no_stderr "connection:"
verdict

# Finished, but closed before [DONE]: complete, and said so.
run no-done no-done
expect_rc 0
expect_whole_answer
expect_last_line "[complete: no end marker]"
expect_tool_transcript
verdict

run 401 401
expect_rc 1
expect_last_line "[failed: the provider sent an error, 1 error(s)]"
expect_tool_transcript
expect_stderr "curl_stream: provider error: Incorrect API key provided: test-key. You can find your API key at https://platform.openai.com/account/api-keys."
expect_stderr "curl_stream: HTTP 401"
verdict

# chunked in writes of at most 16 bytes, paused after every callback
run 429 429 --out-buffer 1
expect_rc 1
expect_last_line "[failed: the provider sent an error, 1 error(s)]"
expect_tool_transcript
expect_stderr "curl_stream: provider error: Rate limit reached for test-model in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s."
expect_stderr "curl_stream: HTTP 429 (retry after 20 s)"
verdict

# Late headers and a trickle, never a second of silence: not given up.
run slow slow --idle-timeout 1
expect_rc 0
expect_whole_answer
expect_last_line "[complete]"
expect_tool_transcript
verdict

# Silence in the middle of an event: given up after the idle timeout.
run stall stall --idle-timeout 1
expect_rc 3
expect_line "$TEXT"
expect_last_line "[truncated: no finish reason, no end marker]"
expect_tool_transcript
expect_stderr "curl_stream: connection: nothing received for 1 s"
expect_at_most_seconds 4
verdict

run html html
expect_rc 1
[ -s "$dir/stdout" ] && problem "stdout is not empty"
expect_stderr "curl_stream: HTTP 502 with Content-Type text/html, not a stream: <html><body><h1>502 Bad Gateway</h1>"
verdict

# Events with ids, the connection lost inside one: the example connects
# again with Last-Event-ID after the server's retry (100 ms), the server
# sends the last two events it delivered again, and the parser skips them. The
# answer is the one of the uncut stream, nothing twice.
run resume resume --out-buffer 3 --stats
expect_rc 0
expect_whole_answer
expect_last_line "[complete]"
cmp -s "$out/full/stdout" "$dir/stdout" ||
  problem "stdout is not the uncut stream's: diff $out/full/stdout $dir/stdout"
[ "$(grep -o 'POST /v1/chat/completions' "$dir/request" | wc -l)" -eq 2 ] || problem "not two requests"
expect_request "Last-Event-ID: 13"
expect_stderr "curl_stream: connection lost (transfer closed with outstanding read data remaining); again in 100 ms after event id 13"
expect_stderr ", 1 reconnects"
verdict

echo "test-curl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
