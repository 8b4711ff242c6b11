/* SPDX-License-Identifier: ISC */
/*
 * vault_vfs.c - the vault as a VFS: the methods that pass to the VFS
 * below (loading extensions refused), and its registration.  Apart from
 * vault.c because none of it sees a file: opening one (vfs_open) is
 * vault.c's.
 */
#include "vault_private.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static int
vfs_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	return BASEVFS(vfs)->xDelete(BASEVFS(vfs), name, sync);
}

static int
vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return BASEVFS(vfs)->xAccess(BASEVFS(vfs), name, flags, out);
}

static int
vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return BASEVFS(vfs)->xFullPathname(BASEVFS(vfs), name, n, out);
}

static void *
vfs_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	(void)name;
	vault_refuse("loading extensions is refused");
	return NULL;
}

static void
vfs_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	snprintf(out, (size_t)n, "loading extensions is refused");
}

static void (*vfs_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	(void)h;
	(void)sym;
	return NULL;
}

static void
vfs_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	(void)h;
}

static int
vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	return BASEVFS(vfs)->xRandomness(BASEVFS(vfs), n, out);
}

static int
vfs_sleep(sqlite3_vfs *vfs, int us)
{
	return BASEVFS(vfs)->xSleep(BASEVFS(vfs), us);
}

static int
vfs_current_time(sqlite3_vfs *vfs, double *out)
{
	return BASEVFS(vfs)->xCurrentTime(BASEVFS(vfs), out);
}

static int
vfs_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	return BASEVFS(vfs)->xGetLastError ? BASEVFS(vfs)->xGetLastError(BASEVFS(vfs), n, out) : 0;
}

static int
vfs_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	sqlite3_vfs *b = BASEVFS(vfs);
	double d;
	int rc;

	if (b->iVersion >= 2 && b->xCurrentTimeInt64)
		return b->xCurrentTimeInt64(b, out);
	rc = b->xCurrentTime(b, &d);
	*out = (sqlite3_int64)(d * 86400000.0);
	return rc;
}

int
vault_register(const char *name, const char *basename)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static int atfork_done;
	struct vvfs *v;
	sqlite3_vfs *base;
	int rc;

	if (sodium_init() < 0)
		return SQLITE_ERROR;
	pthread_mutex_lock(&mu);
	if (!atfork_done) {
		vault_codec_atfork();
		atfork_done = 1;
	}
	if (sqlite3_vfs_find(name)) {
		pthread_mutex_unlock(&mu);
		return SQLITE_OK;
	}
	base = sqlite3_vfs_find(basename);
	if (!base) {
		pthread_mutex_unlock(&mu);
		return SQLITE_ERROR;
	}
	v = calloc(1, sizeof *v);
	if (!v) {
		pthread_mutex_unlock(&mu);
		return SQLITE_NOMEM;
	}
	snprintf(v->name, sizeof v->name, "%s", name);
	v->base = base;
	v->vfs.iVersion = 2;
	v->vfs.szOsFile = (int)sizeof(struct vfile) + base->szOsFile;
	v->vfs.mxPathname = base->mxPathname;
	v->vfs.zName = v->name;
	v->vfs.xOpen = vault_vfs_open;
	v->vfs.xDelete = vfs_delete;
	v->vfs.xAccess = vfs_access;
	v->vfs.xFullPathname = vfs_full_pathname;
	v->vfs.xDlOpen = vfs_dlopen;
	v->vfs.xDlError = vfs_dlerror;
	v->vfs.xDlSym = vfs_dlsym;
	v->vfs.xDlClose = vfs_dlclose;
	v->vfs.xRandomness = vfs_randomness;
	v->vfs.xSleep = vfs_sleep;
	v->vfs.xCurrentTime = vfs_current_time;
	v->vfs.xGetLastError = vfs_last_error;
	v->vfs.xCurrentTimeInt64 = vfs_current_time64;
	rc = sqlite3_vfs_register(&v->vfs, 0);
	if (rc != SQLITE_OK)
		free(v);
	pthread_mutex_unlock(&mu);
	return rc;
}
