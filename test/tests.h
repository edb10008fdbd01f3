/* Every test of the suite, one X(name) per test function test_<name>. */
#ifndef SSE_DELTA_TEST_TESTS_H
#define SSE_DELTA_TEST_TESTS_H

#define TEST_LIST(X)                                                           \
  X(framing_rules)                                                             \
  X(split_framing_cases)

#endif
