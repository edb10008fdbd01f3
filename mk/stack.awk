# Worst-case stack of each public function of one object, from gcc's
# -fstack-usage (.su) and -fcallgraph-info=su (.ci, VCG text) output, plus
# the object's symbols and relocations (mk/size.sh writes them as OBJ.refs).
#
#     awk -v api="sse_delta_init sse_delta_feed ..." -v limit=512 \
#         -f mk/stack.awk OBJ.refs OBJ.su OBJ.ci
#
# The worst case of a function is its own frame plus the worst case of its
# deepest callee, over the whole call graph of the object.
#
# Indirect calls: gcc's .ci sends every call through a function pointer to
# one "__indirect_call" node. A call whose statement names a member of
# sse_delta_callbacks (x.on_content(...), x->on_done(...)) is a call of the
# user's code: not counted. Any other indirect call goes through a pointer
# the library itself made (a dispatch table, a function passed as an
# argument): its possible targets are the object's functions whose address
# is taken (a relocation that is not a call) by the calling function or by
# a function that reaches it through direct calls, directly or through a
# table in data. An internal indirect call with no such target is an error,
# and so are recursion (a cycle) and a "dynamic" (unbounded) frame.
# "dynamic,bounded" frames count with gcc's bound. Functions outside the
# object (libc, libgcc) have no frame here; they are listed.
#
# Prints one row per API function: name, bytes, limit, ok/OVER/ERROR, the
# deepest path; notes; and "stack_over N" (rows not ok) as its last line.

BEGIN {
  FS = "\t"
  callback = "(\\.|->)[ \t]*on_(event|retry|content|reasoning|tool_call_start|" \
             "tool_call_arguments|tool_call_field|finish|usage|error|done)[ \t]*\\("
  calltype = "^R_ARM_(THM_CALL|THM_JUMP24|THM_JUMP19|THM_JUMP11|THM_JUMP8|" \
             "CALL|JUMP24|PC24|PLT32)$"
}

# ---- OBJ.refs: "func NAME SECTION", "obj NAME SECTION", "rel FROM TYPE SYM"
FILENAME ~ /\.refs$/ {
  if ($1 == "func") {
    is_func[$2] = 1
    func_sec[$2] = $3
    nfin[$3]++
    func_in[$3, nfin[$3]] = $2
  } else if ($1 == "obj") {
    obj_sec[$2] = $3
  } else if ($1 == "rel" && $3 !~ calltype) {
    nrel++
    rel_from[nrel] = $2
    rel_to[nrel] = $4
  }
  next
}

# ---- .su: "file:line:col:name<TAB>bytes<TAB>static|dynamic|dynamic,bounded"
FILENAME ~ /\.su$/ {
  n = split($1, part, ":")
  su_bytes[part[n]] = $2 + 0
  su_kind[part[n]] = $3
  next
}

# ---- .ci: node titles are what edges name; a label's first line is the
# function's name, and "N bytes (kind)" is there only for functions
# compiled in this object.
/^node:/ {
  t = field($0, "title")
  l = field($0, "label")
  name[t] = l
  sub(/\\n.*/, "", name[t])
  inside[t] = (l ~ /[0-9]+ bytes \(/)
  if (inside[t] && !(name[t] in su_bytes)) { # should not happen; say so
    missing_su = missing_su " " name[t]
    b = l
    sub(/.*\\n/, "", b)
    su_bytes[name[t]] = b + 0
    su_kind[name[t]] = b
    sub(/.*\(/, "", su_kind[name[t]])
    sub(/\).*/, "", su_kind[name[t]])
  }
  title_of[name[t]] = t
  next
}

/^edge:/ {
  s = field($0, "sourcename")
  d = field($0, "targetname")
  if (d == "__indirect_call") { indirect_site(s, field($0, "label")); next }
  nout[s]++
  out[s, nout[s]] = d
  next
}

# The quoted value after `key: ` on a .ci line.
function field(line, key,    i, rest) {
  i = index(line, key ": \"")
  if (i == 0) return ""
  rest = substr(line, i + length(key) + 3)
  return substr(rest, 1, index(rest, "\"") - 1)
}

# ---- indirect calls ----------------------------------------------------------

# Sort one indirect call of s, at "file:line:col", by its statement's text.
function indirect_site(s, loc,    i, n, part, file, text) {
  n = split(loc, part, ":")
  file = part[1]
  for (i = 2; i <= n - 2; i++) file = file ":" part[i]
  text = statement(file, part[n - 1] + 0, part[n] + 0)
  if (text ~ callback) { user_calls++; return }
  if (!(s in internal_site)) { internal_site[s] = loc; internal_list = internal_list " " s }
}

# Source text from line:col up to the first ';' (at most 20 lines).
function statement(file, line, col,    k, text, l) {
  if (!(file in loaded)) {
    loaded[file] = 1
    k = 0
    while ((getline l < file) > 0) src[file, ++k] = l
    close(file)
  }
  text = substr(src[file, line], col)
  for (k = line + 1; index(text, ";") == 0 && k <= line + 20; k++)
    text = text " " src[file, k]
  return text
}

# The functions whose address node x (a function's or data section) takes,
# through data sections in between, into the list taken[from].
function take_refs(from, x,    i, j, y, sec) {
  for (i = 1; i <= nrel; i++) {
    if (rel_from[i] != x) continue
    y = rel_to[i]
    if (is_func[y]) { add_taken(from, y); continue }
    sec = (y in obj_sec) ? obj_sec[y] : y
    if (nfin[sec] > 0) { # a text section: all its functions
      for (j = 1; j <= nfin[sec]; j++) add_taken(from, func_in[sec, j])
    } else if (!((from, sec) in visited_data)) {
      visited_data[from, sec] = 1
      take_refs(from, sec) # a table in data: what it points to
    }
  }
}

function add_taken(from, f) {
  if (f == from || (from, f) in is_taken) return # a jump table of its own
  is_taken[from, f] = 1
  ntaken[from]++
  taken[from, ntaken[from]] = f
}

# Give every internal indirect call reached from f by direct calls the
# functions f takes the address of as possible callees.
function spread(f, t,    i, c) {
  if ((f, t) in spread_seen) return
  spread_seen[f, t] = 1
  if (t in internal_site)
    for (i = 1; i <= ntaken[f]; i++) add_target(t, title_of[taken[f, i]])
  for (i = 1; i <= ndirect[t]; i++) { # not the edges added here
    c = out[t, i]
    if (inside[c]) spread(f, c)
  }
}

function add_target(t, target) {
  if (target == "" || (t, target) in is_target) return
  is_target[t, target] = 1
  resolved[t] = resolved[t] " " name[target]
  nout[t]++
  out[t, nout[t]] = target
}

# Add the edges of the internal indirect calls.
function resolve_indirect(    t, f) {
  for (t in name) ndirect[t] = nout[t]
  for (t in name) {
    if (!inside[t]) continue
    f = name[t]
    take_refs(f, func_sec[f])
    if (ntaken[f] > 0) spread(f, t)
  }
}

# ---- the worst case ------------------------------------------------------------

# Worst case below and including node t; memoized. state: 1 on the current
# path, 2 done. Sets err[t] when an error is below.
function worst(t,    i, c, w, best, bestc, f) {
  if (state[t] == 2) return memo[t]
  if (state[t] == 1) { # back to a function on the current path: recursion
    errors = errors "\n  recursion: " cycle_path(t)
    err[t] = 1
    return 0
  }
  if (!(t in name)) name[t] = t # an edge to a node never declared
  if (!inside[t]) { # outside the object: no frame known here
    if (!(name[t] in external_seen)) {
      external_seen[name[t]] = 1
      externals = externals " " name[t]
    }
    state[t] = 2
    memo[t] = 0
    return 0
  }
  state[t] = 1
  depth++
  stack_at[depth] = t
  f = su_bytes[name[t]]
  if (su_kind[name[t]] == "dynamic") {
    errors = errors "\n  unbounded (dynamic) frame: " name[t]
    err[t] = 1
  } else if (su_kind[name[t]] != "static") {
    bounded = bounded " " name[t] "(" su_kind[name[t]] ")"
  }
  if ((t in internal_site) && resolved[t] == "") {
    errors = errors "\n  indirect call with no known target: " name[t] \
             " at " internal_site[t]
    err[t] = 1
  }
  best = 0
  bestc = ""
  for (i = 1; i <= nout[t]; i++) {
    c = out[t, i]
    w = worst(c)
    if (err[c]) err[t] = 1
    if (w > best || bestc == "") { best = w; bestc = c }
  }
  depth--
  state[t] = 2
  memo[t] = f + best
  next_on_path[t] = (best > 0) ? bestc : ""
  return memo[t]
}

function cycle_path(t,    i, s, from) {
  for (i = 1; i <= depth; i++) if (stack_at[i] == t) from = i
  s = ""
  for (i = from; i <= depth; i++) s = s name[stack_at[i]] " -> "
  return s name[t]
}

# "f(40) > g(768)": the frames along the deepest path.
function path_of(t,    s) {
  s = name[t] "(" su_bytes[name[t]] ")"
  for (t = next_on_path[t]; t != ""; t = next_on_path[t])
    s = s " > " name[t] "(" su_bytes[name[t]] ")"
  return s
}

END {
  resolve_indirect()
  over = 0
  napi = split(api, fn, " ")
  for (k = 1; k <= napi; k++) {
    f = fn[k]
    if (!(f in title_of)) {
      printf "  %-34s %6s %6d  %-6s %s\n", f, "?", limit, "ERROR",
        "not in the call graph"
      over++
      continue
    }
    t = title_of[f]
    w = worst(t)
    status = err[t] ? "ERROR" : (w > limit ? "OVER" : "ok")
    if (status != "ok") over++
    printf "  %-34s %6d %6d  %-6s %s\n", f, w, limit, status, path_of(t)
  }
  if (errors != "") printf "errors:%s\n", errors
  printf "  not counted: %d calls through function pointers to the user's callbacks\n",
    user_calls
  n = split(internal_list, fl, " ")
  for (k = 1; k <= n; k++)
    if (resolved[fl[k]] != "")
      printf "  counted: %s calls through a pointer the library sets (%s):%s\n",
        name[fl[k]], internal_site[fl[k]], resolved[fl[k]]
  if (externals != "")
    printf "  not counted: functions outside the object (libc, libgcc):%s\n", externals
  if (bounded != "") printf "  frames counted with gcc's bound:%s\n", bounded
  if (missing_su != "") printf "  frames read from the .ci (not in the .su):%s\n", missing_su
  printf "stack_over %d\n", over
}
