/* SPDX-License-Identifier: ISC */
/*
 * outfile.c - whole files or none: a temporary name, fsync, rename.
 *
 * The temporary name is the target's with ".tmp-XXXXXX" after it, made
 * by mkstemp in the same directory, because rename(2) is atomic only
 * within one file system.  The directory is synced after the rename so
 * that the new name survives a power loss too.
 */
#include "outfile.h"
#include "diskfull.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
outfile_error(const char *path, int e, char *err, size_t errlen)
{
	const char *why;

	if (diskfull_errno(e)) {
		diskfull_text(path, err, errlen);
		return;
	}
	switch (e) {
	case ENOENT: why = "the folder does not exist"; break;
	case EACCES:
	case EPERM: why = "permission denied"; break;
	case EROFS: why = "the disk is read-only"; break;
	case EFBIG: why = "the file is too large for that disk"; break;
	case EIO: why = "the disk reported an error"; break;
	case EISDIR: why = "that is a folder"; break;
	case EEXIST: why = "it exists already"; break;
	case ENAMETOOLONG: why = "the name is too long"; break;
	default: why = strerror(e); break;
	}
	snprintf(err, errlen, "cannot write %s: %s; nothing was written", path, why);
}

int
outfile_failed(struct outfile *o, int e, char *err, size_t errlen)
{
	if (!o->f || !ferror(o->f))
		return 0;
	outfile_error(o->path, e ? e : EIO, err, errlen);
	return 1;
}

int
outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof *o);
	if (!path || !*path) {
		snprintf(err, errlen, "which file to write?");
		return -1;
	}
	if (strlen(path) + 12 >= sizeof o->tmp) {
		outfile_error(path, ENAMETOOLONG, err, errlen);
		return -1;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		outfile_error(path, EISDIR, err, errlen);
		return -1;
	}
	snprintf(o->path, sizeof o->path, "%s", path);
	snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", path);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		outfile_error(path, errno, err, errlen);
		o->tmp[0] = 0;
		return -1;
	}
	if (!(o->f = fdopen(fd, "w"))) {
		outfile_error(path, errno, err, errlen);
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

static int
sync_dir(const char *path)
{
	char buf[OUTFILE_PATH_MAX];
	int fd, rc;

	snprintf(buf, sizeof buf, "%s", path);
	fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Gives tmp the name path unless something has it: 0, or an errno (EEXIST
 * when something has it).  renameat2's RENAME_NOREPLACE does it in one
 * step; file systems without it take link(2) and unlink; the ones with no
 * hard links either (FAT and exFAT on USB drives, some network shares)
 * take a look then rename(2), which leaves a moment in which a file made
 * by someone else could be replaced -- on a drive of the admin's own, for
 * a backup, a fair price for being able to write there at all.
 */
static int
name_new(const char *tmp, const char *path)
{
	struct stat st;

	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return errno;
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
		return errno;
	if (lstat(path, &st) == 0)
		return EEXIST;
	if (errno != ENOENT)
		return errno;
	return rename(tmp, path) == 0 ? 0 : errno;
}

/* Flushes and syncs, then gives the file its name: by rename(2), which
 * replaces what had it, or by name_new(), which fails if something has
 * it. */
static int
finish(struct outfile *o, int replace, char *err, size_t errlen)
{
	int e = 0;

	if (!o->f) {
		snprintf(err, errlen, "cannot write %s: it was not opened", o->path);
		return -1;
	}
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno ? errno : EIO;
	else if (fsync(fileno(o->f)) != 0)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno;
	o->f = NULL;
	if (!e && replace && rename(o->tmp, o->path) != 0)
		e = errno;
	if (!e && !replace)
		e = name_new(o->tmp, o->path);
	if (e) {
		outfile_error(o->path, e, err, errlen);
		outfile_abort(o);
		return -1;
	}
	o->tmp[0] = 0;
	/* The file is whole under its name; a failed directory sync only
	 * weakens what survives a power cut, so it is not an error. */
	(void)sync_dir(o->path);
	return 0;
}

int
outfile_commit(struct outfile *o, char *err, size_t errlen)
{
	return finish(o, 1, err, errlen);
}

int
outfile_commit_new(struct outfile *o, char *err, size_t errlen)
{
	return finish(o, 0, err, errlen);
}

void
outfile_abort(struct outfile *o)
{
	if (o->f) {
		fclose(o->f);
		o->f = NULL;
	}
	if (o->tmp[0]) {
		unlink(o->tmp);
		o->tmp[0] = 0;
	}
}
