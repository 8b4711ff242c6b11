/*
 * common.h - small things both parts of `make bench` use.
 */
#ifndef PASSAGE_BENCH_COMMON_H
#define PASSAGE_BENCH_COMMON_H

/* Seconds on the monotonic clock. */
double bench_now(void);

/* The environment variable name as a whole number from min to max, def
 * when unset, or -1 (said on stderr) when it is not one. */
long bench_env_long(const char *name, long def, long min, long max);

#endif
