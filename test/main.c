/* Test runner: runs every test of tests.h (or those whose name contains the
   first argument) and ends with the line "N passed, M failed". */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "tests.h"

int check_failed_;
const char *check_skip_reason_;

#define DECLARE_TEST(name) void test_##name(void);
TEST_LIST(DECLARE_TEST)

struct test_entry {
  const char *name;
  void (*fn)(void);
};
#define TEST_ENTRY(name) {#name, test_##name},
static const struct test_entry all_tests[] = {TEST_LIST(TEST_ENTRY)};

int main(int argc, char **argv) {
  int passed = 0, failed = 0, skipped = 0;
  size_t i;
  for (i = 0; i < sizeof all_tests / sizeof all_tests[0]; i++) {
    const struct test_entry *t = &all_tests[i];
    if (argc > 1 && strstr(t->name, argv[1]) == NULL) continue;
    check_failed_ = 0;
    check_skip_reason_ = NULL;
    t->fn();
    if (check_failed_) {
      failed++;
      printf("FAIL %s (%d checks)\n", t->name, check_failed_);
    } else if (check_skip_reason_) {
      skipped++;
      printf("SKIP %s: %s\n", t->name, check_skip_reason_);
    } else {
      passed++;
      printf("ok   %s\n", t->name);
    }
    fflush(stdout);
  }
  printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed ? 1 : 0;
}
