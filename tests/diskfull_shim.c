/* SPDX-License-Identifier: ISC */
/*
 * diskfull_shim.c - one folder on a disk with no free block left
 * (LD_PRELOAD; built into the build folder for the tests only).
 *
 *   DISKFULL_DIR  the folder (an absolute path, no symlinks)
 *
 * On a full disk what needs no new block still works (reading, renaming,
 * overwriting bytes a file already has) and what needs one fails with
 * ENOSPC.  So here: a write to a file in the folder that would make it
 * longer fails with ENOSPC and writes nothing, and one inside its length
 * goes through.  SQLite writes through write/pwrite/pwrite64, caught
 * below.  stdio's own flushes call the C library's write from inside it,
 * where no preload reaches, so a file that grew that way is caught at
 * its fsync: the shim notes each file's length when it is opened and
 * after each write it let through, and a sync that finds it longer
 * fails with ENOSPC (as on a disk that reserves blocks late, NFS among
 * them).  Nobody else on the machine feels it, and no root is needed.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);
int openat(int at, const char *path, int flags, ...);
int mkostemp(char *tpl, int flags);
int mkstemp(char *tpl);
ssize_t write(int fd, const void *p, size_t n);
ssize_t pwrite(int fd, const void *p, size_t n, off_t off);
ssize_t pwrite64(int fd, const void *p, size_t n, off_t off);
ssize_t writev(int fd, const struct iovec *iov, int cnt);
int fsync(int fd);
int fdatasync(int fd);

#define NEXT(name, type) ((type)dlsym(RTLD_NEXT, name))
#define MAXFD 4096

/* The length each watched descriptor's file may have; -1 when unknown. */
static off_t known[MAXFD];
static int known_set[MAXFD];

/* 1 when fd is a regular file in the watched folder. */
static int
watched(int fd)
{
	const char *dir = getenv("DISKFULL_DIR");
	char link[64], path[PATH_MAX];
	struct stat st;
	ssize_t n;
	char *slash;

	if (!dir || !*dir || fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) <= 0)
		return 0;
	path[n] = 0;
	if (!(slash = strrchr(path, '/')))
		return 0;
	*slash = 0;
	return strcmp(path, dir) == 0;
}

static off_t
length(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_size : 0;
}

static int
note(int fd)
{
	if (fd >= 0 && fd < MAXFD && watched(fd)) {
		known[fd] = length(fd);
		known_set[fd] = 1;
	} else if (fd >= 0 && fd < MAXFD) {
		known_set[fd] = 0;
	}
	return fd;
}

/* 1 (errno ENOSPC) when n bytes at off would make fd's file longer. */
static int
grows(int fd, size_t n, off_t off)
{
	if (!watched(fd) || off + (off_t)n <= length(fd))
		return 0;
	errno = ENOSPC;
	return 1;
}

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
		return note(NEXT(#name, int (*)(const char *, int, ...))(path, flags, mode)); \
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
	return note(NEXT("openat", int (*)(int, const char *, int, ...))(at, path, flags, mode));
}

int
mkostemp(char *tpl, int flags)
{
	return note(NEXT("mkostemp", int (*)(char *, int))(tpl, flags));
}

int
mkstemp(char *tpl)
{
	return note(NEXT("mkstemp", int (*)(char *))(tpl));
}

ssize_t
write(int fd, const void *p, size_t n)
{
	off_t at = lseek(fd, 0, SEEK_CUR);

	if (at >= 0 && (fcntl(fd, F_GETFL) & O_APPEND))
		at = length(fd);
	if (at >= 0 && grows(fd, n, at))
		return -1;
	return NEXT("write", ssize_t (*)(int, const void *, size_t))(fd, p, n);
}

ssize_t
pwrite(int fd, const void *p, size_t n, off_t off)
{
	if (grows(fd, n, off))
		return -1;
	return NEXT("pwrite", ssize_t (*)(int, const void *, size_t, off_t))(fd, p, n, off);
}

ssize_t
pwrite64(int fd, const void *p, size_t n, off_t off)
{
	if (grows(fd, n, off))
		return -1;
	return NEXT("pwrite64", ssize_t (*)(int, const void *, size_t, off_t))(fd, p, n, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	off_t at = lseek(fd, 0, SEEK_CUR);
	size_t n = 0;

	for (int i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	if (at >= 0 && grows(fd, n, at))
		return -1;
	return NEXT("writev", ssize_t (*)(int, const struct iovec *, int))(fd, iov, cnt);
}

/* A file longer than the shim ever let it be grew through stdio. */
static int
grew_unseen(int fd)
{
	if (fd < 0 || fd >= MAXFD || !known_set[fd] || !watched(fd) || length(fd) <= known[fd])
		return 0;
	errno = ENOSPC;
	return 1;
}

int
fsync(int fd)
{
	if (grew_unseen(fd))
		return -1;
	return NEXT("fsync", int (*)(int))(fd);
}

int
fdatasync(int fd)
{
	if (grew_unseen(fd))
		return -1;
	return NEXT("fdatasync", int (*)(int))(fd);
}
