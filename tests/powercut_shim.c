/* SPDX-License-Identifier: ISC */
/*
 * powercut_shim.c - a model of a power cut, preloaded into a writer
 * (LD_PRELOAD; built into the build folder for the tests only).
 *
 * A disk keeps, after a power cut, only what was synced: a file's contents
 * as of its last fsync or fdatasync, and a folder's names (files made,
 * removed, renamed) as of the last fsync of the folder.  This shim keeps
 * that state beside the real one, for one folder:
 *
 *   POWERCUT_DIR     the folder watched (an absolute path, no symlinks)
 *   POWERCUT_SHADOW  where the synced state is kept: "i<inode>" holds a
 *                    file's contents as of its last sync, "names" the
 *                    folder's "<inode> <name>" lines as of its last sync
 *   POWERCUT_AT      n > 0: the power goes off just before the n-th sync
 *                    in the watched folder (the process kills itself)
 *
 * When first loaded for a shadow, everything already in the folder counts
 * as synced; a later process in the same shadow goes on from there.  The
 * test rebuilds the folder from the shadow after the cut (unit_powercut.c)
 * and opens it with the real program.  Nothing between two syncs changes
 * the synced state, so cutting just before a sync is the worst moment of
 * each stretch: the most acknowledgements, the least on the disk.
 *
 * Keeping contents by inode is safe against reuse: an inode reused by a
 * new file is synced before the folder names it, which is the order in
 * which a real disk would show it too.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fsync(int fd);
int fdatasync(int fd);

static const char *dir, *shadow;
static long cut_at, syncs;

/* Writes n bytes to shadow/name through a temporary and a rename, so a
 * kill part way leaves the previous state. */
static int
put(const char *name, const void *p, size_t n)
{
	char tmp[PATH_MAX], to[PATH_MAX];
	int fd;

	snprintf(tmp, sizeof tmp, "%s/.tmp", shadow);
	snprintf(to, sizeof to, "%s/%s", shadow, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return -1;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, (const char *)p + off, n - off);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);
	return rename(tmp, to);
}

/* The folder's names as they are now become its synced names. */
static void
keep_names(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!m || !dp)
		abort();
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			fprintf(m, "%llu %s\n", (unsigned long long)e->d_ino, e->d_name);
	closedir(dp);
	fclose(m);
	if (put("names", buf, len) != 0)
		abort();
	free(buf);
}

/* A file's contents as they are now become its synced contents.  Read
 * through fd itself: a second descriptor on a database, closed, would
 * drop the process's POSIX locks on it. */
static void
keep_contents(int fd, const struct stat *st)
{
	char name[32];
	char *buf = malloc((size_t)st->st_size + 1);
	size_t got = 0;

	if (!buf)
		abort();
	while (got < (size_t)st->st_size) {
		ssize_t r = pread(fd, buf + got, (size_t)st->st_size - got, (off_t)got);
		if (r < 0 && errno == EBADF) {
			/* Opened for writing only: not a database. */
			char proc[64];
			snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
			int rfd = open(proc, O_RDONLY | O_CLOEXEC);
			if (rfd < 0)
				abort();
			r = pread(rfd, buf + got, (size_t)st->st_size - got, (off_t)got);
			close(rfd);
		}
		if (r <= 0)
			abort();
		got += (size_t)r;
	}
	snprintf(name, sizeof name, "i%llu", (unsigned long long)st->st_ino);
	if (put(name, buf, got) != 0)
		abort();
	free(buf);
}

/* Where fd lives: 1 the watched folder, 2 a file in it, 0 elsewhere. */
static int
watched(int fd, struct stat *st)
{
	char proc[64], path[PATH_MAX];
	size_t n = strlen(dir);
	ssize_t len;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if ((len = readlink(proc, path, sizeof path - 1)) < 0 || fstat(fd, st) != 0)
		return 0;
	path[len] = 0;
	if (strcmp(path, dir) == 0)
		return 1;
	if (strncmp(path, dir, n) == 0 && path[n] == '/' && !strchr(path + n + 1, '/') &&
	    S_ISREG(st->st_mode))
		return 2;
	return 0;
}

/* 1 when fd is in the watched folder (its sync is then modelled). */
static int
on_sync(int fd)
{
	struct stat st;
	int w;

	if (!dir || !(w = watched(fd, &st)))
		return 0;
	if (cut_at > 0 && ++syncs >= cut_at)
		kill(getpid(), SIGKILL);
	if (w == 1)
		keep_names();
	else
		keep_contents(fd, &st);
	return 1;
}

/* In the watched folder the shadow is the disk: the real sync would
 * only make the test slow on a busy machine. */
static int
sync_as(int fd, const char *name)
{
	int (*real)(int);

	if (on_sync(fd))
		return 0;
	real = (int (*)(int))dlsym(RTLD_NEXT, name);
	return real ? real(fd) : 0;
}

int
fsync(int fd)
{
	return sync_as(fd, "fsync");
}

int
fdatasync(int fd)
{
	return sync_as(fd, "fdatasync");
}

__attribute__((constructor)) static void
start(void)
{
	const char *at = getenv("POWERCUT_AT");
	struct dirent *e;
	DIR *dp;

	dir = getenv("POWERCUT_DIR");
	shadow = getenv("POWERCUT_SHADOW");
	if (!dir || !shadow || !*dir || !*shadow) {
		dir = NULL;
		return;
	}
	cut_at = at ? atol(at) : 0;
	/* The first process in a shadow starts it; the next ones go on
	 * from what is synced. */
	char names[PATH_MAX];
	snprintf(names, sizeof names, "%s/names", shadow);
	if (access(names, F_OK) == 0)
		return;
	if (!(dp = opendir(dir)))
		abort();
	while ((e = readdir(dp))) {
		char path[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			abort();
		keep_contents(fd, &st);
		close(fd);
	}
	closedir(dp);
	keep_names();
}
