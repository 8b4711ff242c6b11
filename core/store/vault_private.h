/* SPDX-License-Identifier: ISC */
/*
 * vault_private.h - what the vault's own files share: a binding of a
 * path to its keys (vault_bind.c), an open file (vault.c), the VFS
 * (vault_vfs.c), and the few functions each calls of another.  Nothing
 * outside the vault's files includes this.
 */
#ifndef PASSAGE_VAULT_PRIVATE_H
#define PASSAGE_VAULT_PRIVATE_H

#include <sqlite3.h>
#include <stdint.h>

#include "vault.h"
#include "vault_journal.h"
#include "vault_wal.h"

struct binding {
	struct binding *next;
	char *path;
	vault_keys *keys;
	int refs;     /* the bind itself plus each open file */
	int unbound;
	struct vfile *main; /* the database file SQLite has open, if any */
	struct vfile *wal;  /* and its write-ahead log */
};

enum { F_MAIN = 1, F_JOURNAL = 2, F_WAL = 3 };

struct vfile {
	sqlite3_file base;
	sqlite3_file *real; /* the wrapped VFS's file, allocated after this */
	int kind;
	struct binding *b;
	uint32_t failed_page;
	uint8_t buf[VAULT_PAGE_SIZE];  /* ciphertext scratch, never SQLite's */
	int p1_valid;                  /* page-1 cache (see page1_cached) */
	uint8_t p1_stored[VAULT_PAGE_SIZE];
	uint8_t p1_plain[VAULT_PAGE_SIZE];
	sqlite3_int64 last4_off;       /* journal: last 4-byte write */
	uint8_t last4[4];
	int last4_valid;
	int turn_fd;                   /* main: the writers' queue (turn.c) */
	struct vault_watch watch;      /* main: VAULT_FCNTL_WATCH */
	uint32_t watched;              /* page reads and writes since set */
	int wal_allowed;               /* main: VAULT_FCNTL_WAL said so */
	int wal_mode;                  /* main: journal_mode=WAL was asked for */
	int shm_followed;              /* main: the -shm's group was set */
	struct vault_shm_guard shm;    /* main: the checkpoint lock's rule */
	struct vault_wal wal;          /* a write-ahead log */
	struct vault_journal jr;       /* a rollback journal */
};

struct vvfs {
	sqlite3_vfs vfs;
	sqlite3_vfs *base;
	char name[64];
};

#define REAL(f) (((struct vfile *)(f))->real)
#define BASEVFS(v) (((struct vvfs *)(v))->base)

/* vault.c: the refusal a person sees (vault_last_refusal). */
void vault_refuse(const char *msg);
/* vault.c: the header, read through the database file SQLite has open. */
int vault_p_read_header(struct vfile *p, uint8_t *hdr);
/* vault.c: stored page pgno of the main file into p->buf. */
int vault_read_stored(struct vfile *p, uint32_t pgno);
/* vault.c: a stored page opened into out, its failure noted. */
int vault_open_page(struct vfile *p, uint32_t pgno, enum vault_kind kind, const uint8_t *in,
              uint8_t *out);
/* vault.c: SQLite's xOpen. */
int vault_vfs_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out);

/* vault_bind.c: the binding of a full path, counted once more, or NULL;
 * and the count given back. */
struct binding *vault_binding_acquire(const char *full);
void vault_binding_release(struct binding *b);

/* vault_fcntl.c: SQLite's xFileControl. */
int vault_io_file_control(sqlite3_file *f, int op, void *arg);

#endif
