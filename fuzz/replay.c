/* A plain main() for the harnesses: runs every file named on the command
   line (a directory: every file in it) through LLVMFuzzerTestOneInput().
   The regression inputs and the seeds run this way in `make test`, with
   no fuzzer installed; a failure aborts (REPLAY_VERBOSE=1 names each
   file before it runs). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../test/read_file.h"
#include "fuzz.h"

static int run_file(const char *path) {
  size_t len;
  char *data = read_whole_file(path, &len);
  if (data == NULL) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    return 1;
  }
  if (getenv("REPLAY_VERBOSE")) fprintf(stderr, "replay: %s\n", path); /* before a crash */
  LLVMFuzzerTestOneInput((const uint8_t *)data, len);
  free(data);
  return 0;
}

static int run_path(const char *path, size_t *count) {
  struct stat st;
  DIR *dir;
  struct dirent *e;
  int failed = 0;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: no such file: %s\n", path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    ++*count;
    return run_file(path);
  }
  if ((dir = opendir(path)) == NULL) return 1;
  while ((e = readdir(dir)) != NULL) {
    char child[4096];
    if (e->d_name[0] == '.') continue;
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    failed |= run_path(child, count);
  }
  closedir(dir);
  return failed;
}

int main(int argc, char **argv) {
  size_t count = 0;
  int i, failed = 0;
  for (i = 1; i < argc; i++) failed |= run_path(argv[i], &count);
  printf("replay %s: %lu inputs, %s\n", argv[0], (unsigned long)count, failed ? "FAILED" : "ok");
  return failed;
}
