/*
 * t.h - the unit-test harness: one executable per tests/unit/test_*.c.
 *
 * Each test file lists its cases with T_MAIN(T_CASE(fn), ...).  A case
 * fails on its first T_ASSERT or on any T_EXPECT; the executable prints one
 * TAP-style line per case ("ok - name" / "not ok - name") with the failing
 * expression, and exits 1 if any case failed.  tests/run counts the lines.
 * Tests run from the top of the source tree, so fixture paths are relative
 * to it ("tests/fixtures/...").
 */
#ifndef NW_T_H
#define NW_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct t_case {
	const char *name;
	void (*fn)(void);
};

static int t_case_failed;

static void t_fail(const char *file, int line, const char *what)
{
	if (!t_case_failed)
		t_case_failed = 1;
	printf("#   %s:%d: %s\n", file, line, what);
}

#define T_EXPECT(cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			t_fail(__FILE__, __LINE__, #cond);                                         \
	} while (0)

#define T_ASSERT(cond)                                                                             \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			t_fail(__FILE__, __LINE__, #cond);                                         \
			return;                                                                    \
		}                                                                                  \
	} while (0)

/* String equality with both values shown on failure; NULL equals only NULL. */
#define T_STREQ(got, want)                                                                         \
	do {                                                                                       \
		const char *t_g = (got), *t_w = (want);                                            \
		if (!((t_g == NULL && t_w == NULL) || (t_g && t_w && !strcmp(t_g, t_w)))) {        \
			t_fail(__FILE__, __LINE__, #got " == " #want);                             \
			printf("#     got:  %s\n#     want: %s\n", t_g ? t_g : "(null)",           \
			       t_w ? t_w : "(null)");                                              \
		}                                                                                  \
	} while (0)

#define T_CASE(fn)                                                                                 \
	{                                                                                          \
#fn, fn                                                                            \
	}

static int t_run(const struct t_case *cases, size_t n)
{
	size_t i, failed = 0;

	for (i = 0; i < n; i++) {
		t_case_failed = 0;
		cases[i].fn();
		printf("%s - %s\n", t_case_failed ? "not ok" : "ok", cases[i].name);
		failed += t_case_failed;
	}
	fflush(stdout);
	return failed ? 1 : 0;
}

#define T_MAIN(...)                                                                                \
	int main(void)                                                                             \
	{                                                                                          \
		static const struct t_case cases[] = {__VA_ARGS__};                                \
		return t_run(cases, sizeof(cases) / sizeof(cases[0]));                             \
	}

#endif
