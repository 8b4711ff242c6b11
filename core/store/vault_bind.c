/* SPDX-License-Identifier: ISC */
/*
 * vault_bind.c - which database paths the vault serves, and with which
 * keys (vault.h).  A file SQLite opens through the vault is served only
 * if its database was bound here first; the binding lives on, counted,
 * while any of its files is open.  Apart from vault.c because it is a
 * registry under its own lock, which touches no page.
 */
#include "vault_private.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- bindings */

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct binding *bindings;

static void
binding_release_locked(struct binding *b)
{
	if (--b->refs > 0)
		return;
	for (struct binding **pp = &bindings; *pp; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			break;
		}
	vault_keys_free(b->keys);
	free(b->path);
	free(b);
}

static struct binding *
binding_find_locked(const char *path)
{
	for (struct binding *b = bindings; b; b = b->next)
		if (!b->unbound && strcmp(b->path, path) == 0)
			return b;
	return NULL;
}

static int full_path(const char *vfs, const char *path, char *out, int n);

int
vault_bind(const char *vfs, const char *path, vault_keys *keys)
{
	char full[1024];
	struct binding *b;

	if (full_path(vfs, path, full, sizeof full) != SQLITE_OK)
		return SQLITE_CANTOPEN;
	pthread_mutex_lock(&reg_mu);
	if (binding_find_locked(full)) {
		pthread_mutex_unlock(&reg_mu);
		return SQLITE_BUSY;
	}
	b = calloc(1, sizeof *b);
	if (!b || !(b->path = strdup(full))) {
		free(b);
		pthread_mutex_unlock(&reg_mu);
		return SQLITE_NOMEM;
	}
	b->keys = keys;
	b->refs = 1;
	b->next = bindings;
	bindings = b;
	pthread_mutex_unlock(&reg_mu);
	return SQLITE_OK;
}

void
vault_unbind(const char *vfs, const char *path)
{
	char full[1024];
	struct binding *b;

	if (full_path(vfs, path, full, sizeof full) != SQLITE_OK)
		return;
	pthread_mutex_lock(&reg_mu);
	b = binding_find_locked(full);
	if (b) {
		b->unbound = 1;
		binding_release_locked(b);
	}
	pthread_mutex_unlock(&reg_mu);
}

int
vault_is_bound(const char *vfs, const char *path)
{
	char full[1024];
	int r;

	if (full_path(vfs, path, full, sizeof full) != SQLITE_OK)
		return 0;
	pthread_mutex_lock(&reg_mu);
	r = binding_find_locked(full) != NULL;
	pthread_mutex_unlock(&reg_mu);
	return r;
}

struct binding *
vault_binding_acquire(const char *full)
{
	struct binding *b;

	pthread_mutex_lock(&reg_mu);
	b = binding_find_locked(full);
	if (b)
		b->refs++;
	pthread_mutex_unlock(&reg_mu);
	return b;
}

void
vault_binding_release(struct binding *b)
{
	pthread_mutex_lock(&reg_mu);
	binding_release_locked(b);
	pthread_mutex_unlock(&reg_mu);
}

static int
full_path(const char *vfsname, const char *path, char *out, int n)
{
	sqlite3_vfs *v = sqlite3_vfs_find(vfsname);

	if (!v)
		return SQLITE_ERROR;
	return v->xFullPathname(v, path, n, out);
}
