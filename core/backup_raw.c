/* SPDX-License-Identifier: ISC */
/*
 * backup_raw.c - the source of a backup, read as bytes: the file through
 * SQLite's unix VFS without the vault, its SHARED lock taken as a reader
 * takes it, and SQLite's own test for a hot journal (see backup.c for
 * why the unix VFS and not open(2)).
 */
#include "backup_raw.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOT_LOOKS 3     /* a journal must look hot this many times ... */
#define HOT_PAUSE_US 20000 /* ... this far apart */

int
raw_open(struct raw *r, const char *abs)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find("unix");
	size_t n = strlen(abs);
	int flags = 0, rc;

	memset(r, 0, sizeof *r);
	if (!vfs)
		return SQLITE_ERROR;
	r->f = calloc(1, (size_t)vfs->szOsFile);
	r->name = calloc(1, n + 4);
	if (!r->f || !r->name) {
		free(r->f);
		free(r->name);
		r->f = NULL;
		return SQLITE_NOMEM;
	}
	memcpy(r->name, abs, n);
	rc = vfs->xOpen(vfs, r->name, r->f,
	                SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_NOFOLLOW, &flags);
	if (rc != SQLITE_OK) {
		if (r->f->pMethods)
			r->f->pMethods->xClose(r->f);
		free(r->f);
		free(r->name);
		r->f = NULL;
	}
	return rc;
}

void
raw_unlock(struct raw *r)
{
	if (r->locked)
		r->f->pMethods->xUnlock(r->f, SQLITE_LOCK_NONE);
	r->locked = 0;
}

void
raw_close(struct raw *r)
{
	if (r->f) {
		raw_unlock(r);
		r->f->pMethods->xClose(r->f);
	}
	free(r->f);
	free(r->name);
	memset(r, 0, sizeof *r);
}

int
raw_lock(struct raw *r, int wait_ms)
{
	int rc;

	for (int waited = 0;; waited++) {
		rc = r->f->pMethods->xLock(r->f, SQLITE_LOCK_SHARED);
		if (rc == SQLITE_OK)
			break;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= wait_ms)
			return rc;
		usleep(1000);
	}
	r->locked = 1;
	return SQLITE_OK;
}

static int
raw_reserved(struct raw *r)
{
	int res = 0;

	/* An error counts as no writer: the journal is then judged as if
	 * it were left by a crash, and the backup refused, never wrong. */
	if (r->f->pMethods->xCheckReservedLock(r->f, &res) != SQLITE_OK)
		return 0;
	return res;
}

/*
 * SQLite's own test (hasHotJournal in pager.c), made holding SHARED: the
 * journal exists, is not empty, starts with a byte that is not zero, and
 * no writer holds RESERVED -- a live writer's journal is not hot, and the
 * database file holds no byte of its change until it takes EXCLUSIVE.
 * RESERVED is looked at again after the journal is read, since a writer
 * may have begun in between with a journal of its own.
 */
static int
journal_looks_hot(struct raw *r, const char *journal)
{
	struct stat st;
	unsigned char c = 0;
	ssize_t n;
	int fd;

	if (stat(journal, &st) != 0 || st.st_size == 0 || raw_reserved(r))
		return 0;
	fd = open(journal, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0; /* gone: a writer finished */
	n = read(fd, &c, 1);
	close(fd);
	if (n != 1 || c == 0)
		return 0;
	return !raw_reserved(r) && stat(journal, &st) == 0;
}

int
journal_is_hot(struct raw *r, const char *journal)
{
	for (int i = 0; i < HOT_LOOKS; i++) {
		if (!journal_looks_hot(r, journal))
			return 0;
		if (i + 1 < HOT_LOOKS)
			usleep(HOT_PAUSE_US);
	}
	return 1;
}
