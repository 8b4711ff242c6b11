/* SPDX-License-Identifier: ISC */
/*
 * tap.h - a tiny Test Anything Protocol emitter for the C unit tests.
 *
 * Each test program prints "ok N - name" or "not ok N - name" lines and a
 * plan at the end; prove(1) reads them.  Kept header-only and tiny on
 * purpose: the tests should read like the behaviour they check.
 */
#ifndef PASSAGE_TAP_H
#define PASSAGE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n;
static int tap_failed;

/* One test line: "ok N - name", or "not ok", then "# TODO why" when why
 * is given; a failure counts against the run only without one. */
__attribute__((format(printf, 3, 0), unused)) static int
tap_vline(int cond, const char *why, const char *fmt, va_list ap)
{
	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	if (why)
		printf(" # TODO %s", why);
	printf("\n");
	fflush(stdout);
	if (!cond && !why)
		tap_failed++;
	return cond;
}

__attribute__((format(printf, 2, 3), unused)) static int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cond = tap_vline(cond, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

__attribute__((format(printf, 1, 2), unused)) static void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* A check of a known limit not yet mended: "# TODO why" follows its line,
 * and prove(1) neither fails the run when it does not hold nor misses
 * telling when it starts to ("unexpectedly succeeded"). */
__attribute__((format(printf, 3, 4), unused)) static int
tap_todo(int cond, const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cond = tap_vline(cond, why, fmt, ap);
	va_end(ap);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#define is_int(got, want, name)                                              \
	do {                                                                 \
		long long g_ = (long long)(got), w_ = (long long)(want);     \
		if (!tap_ok(g_ == w_, "%s", name))                           \
			tap_diag("  got %lld, want %lld", g_, w_);           \
	} while (0)

#define is_str(got, want, name)                                              \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		int c_ = g_ && w_ && strcmp(g_, w_) == 0;                    \
		if (!tap_ok(c_, "%s", name))                                 \
			tap_diag("  got '%s', want '%s'", g_ ? g_ : "(null)",  \
			         w_ ? w_ : "(null)");                        \
	} while (0)

#define has_str(hay, needle, name)                                           \
	do {                                                                 \
		const char *h_ = (hay), *n_ = (needle);                      \
		int c_ = h_ && n_ && strstr(h_, n_) != NULL;                 \
		if (!tap_ok(c_, "%s", name))                                 \
			tap_diag("  '%s' does not contain '%s'",             \
			         h_ ? h_ : "(null)", n_ ? n_ : "(null)");    \
	} while (0)

/* Stop the whole program: something the later tests depend on failed. */
#define tap_bail(...)                                                        \
	do {                                                                 \
		printf("Bail out! ");                                        \
		printf(__VA_ARGS__);                                         \
		printf("\n");                                                \
		exit(1);                                                     \
	} while (0)

__attribute__((unused)) static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
