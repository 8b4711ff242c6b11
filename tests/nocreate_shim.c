/* SPDX-License-Identifier: ISC */
/*
 * nocreate_shim.c - a process that makes a file in one folder is killed
 * on the spot (LD_PRELOAD; built into the build folder for the tests
 * only).
 *
 *   NOCREATE_DIR  the folder watched (an absolute path, no symlinks)
 *
 * Every way the program makes or opens a file for writing goes through
 * one of the calls below (stdio and mkostemp included); when its folder
 * is the watched one, the process kills itself (SIGKILL) before the file
 * exists.  A test that expects no file at any point, not even a
 * temporary one removed a moment later, runs the program under it: a
 * kill is the proof that one was on its way.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);
int openat(int at, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
FILE *fopen(const char *path, const char *mode);
FILE *fopen64(const char *path, const char *mode);
int mkostemp(char *tpl, int flags);
int mkstemp(char *tpl);

/* Kills the process when path (relative to the working folder) is in
 * the watched folder. */
static void
check(const char *path)
{
	const char *dir = getenv("NOCREATE_DIR");
	char buf[PATH_MAX], real[PATH_MAX];
	char *slash;

	if (!dir || !*dir || !path)
		return;
	snprintf(buf, sizeof buf, "%s", path);
	if ((slash = strrchr(buf, '/')))
		*(slash == buf ? slash + 1 : slash) = 0;
	else
		snprintf(buf, sizeof buf, ".");
	if (realpath(buf, real) && strcmp(real, dir) == 0)
		kill(getpid(), SIGKILL);
}

#define NEXT(name, type) ((type)dlsym(RTLD_NEXT, name))

#define OPEN(name)                                                                 \
	int name(const char *path, int flags, ...)                                 \
	{                                                                          \
		mode_t mode = 0;                                                   \
		va_list ap;                                                        \
                                                                                   \
		va_start(ap, flags);                                               \
		if (flags & O_CREAT)                                               \
			mode = va_arg(ap, mode_t);                                 \
		va_end(ap);                                                        \
		if (flags & (O_CREAT | O_WRONLY | O_RDWR))                         \
			check(path);                                               \
		return NEXT(#name, int (*)(const char *, int, ...))(path, flags, mode); \
	}

OPEN(open)
OPEN(open64)

int
openat(int at, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = va_arg(ap, mode_t);
	va_end(ap);
	/* Relative to a folder descriptor: only the working folder's is
	 * resolved here. */
	if ((flags & (O_CREAT | O_WRONLY | O_RDWR)) && (at == AT_FDCWD || path[0] == '/'))
		check(path);
	return NEXT("openat", int (*)(int, const char *, int, ...))(at, path, flags, mode);
}

int
creat(const char *path, mode_t mode)
{
	check(path);
	return NEXT("creat", int (*)(const char *, mode_t))(path, mode);
}

FILE *
fopen(const char *path, const char *mode)
{
	if (strpbrk(mode, "wa+"))
		check(path);
	return NEXT("fopen", FILE *(*)(const char *, const char *))(path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
	if (strpbrk(mode, "wa+"))
		check(path);
	return NEXT("fopen64", FILE *(*)(const char *, const char *))(path, mode);
}

int
mkostemp(char *tpl, int flags)
{
	check(tpl);
	return NEXT("mkostemp", int (*)(char *, int))(tpl, flags);
}

int
mkstemp(char *tpl)
{
	check(tpl);
	return NEXT("mkstemp", int (*)(char *))(tpl);
}
