#include "run_tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "read_file.h"

/* Run the tool with `args` (shell words), stdin from /dev/null. */
run_result run_tool(const char *args) {
  static const char redirect[] = " </dev/null >" SCRATCH "/out 2>" SCRATCH "/err";
  size_t cap = sizeof TOOL + 1 + strlen(args) + sizeof redirect;
  char *cmd = (char *)malloc(cap);
  run_result r;
  int raw;
  if (cmd == NULL) abort();
  mkdir(BUILD_DIR, 0777);
  mkdir(SCRATCH, 0777);
  snprintf(cmd, cap, "%s %s%s", TOOL, args, redirect);
  raw = system(cmd);
  free(cmd);
  r.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
  r.out = read_whole_file(SCRATCH "/out", &r.out_len);
  r.err = read_whole_file(SCRATCH "/err", NULL);
  return r;
}

void free_run(run_result *r) {
  free(r->out);
  free(r->err);
}

