/* SPDX-License-Identifier: ISC */
/*
 * vault_wal.c - the write-ahead log through the vault.
 *
 * SQLite's -wal file is a 32-byte header and then frames: a 24-byte frame
 * header (page number, database size after a commit or 0, the two salts
 * of the WAL's generation, two checksums) and the page.  The vault seals
 * each frame's page like a database page, with a kind of its own in the
 * associated data, the frame's offset and the first 16 bytes of its frame
 * header (vault_codec.c): a frame cannot be replayed as a page, moved to
 * another place in the WAL or into another generation, or given another
 * page number or commit size.  Headers stay as SQLite wrote them, since
 * SQLite reads and rewrites them by themselves.  The two checksums are
 * left out of the binding: SQLite rewrites them in place while a change
 * is being written (when a page is written twice in one change), and a
 * changed checksum can only make SQLite stop reading the WAL at the last
 * whole commit before it.
 *
 * The invariant holds as for pages: SQLite checksums the frame over the
 * page it holds, so the page it is handed has its reserved bytes zeroed
 * and a page it writes is sealed into the vault's buffer, never its own.
 *
 * Which rule applies is decided by offset and size:
 *   the WAL header    bytes 0..31, as they are
 *   a frame header    24 bytes at a frame's start, or a part of them
 *                     (its checksums), as they are
 *   a frame's page    4096 bytes 24 bytes into a frame: sealed, opened
 *   a whole frame     both (SQLite's recovery reads frames whole)
 * Anything else is refused.
 *
 * A page that fails authentication is an error when SQLite reads it as a
 * page.  Read as part of a whole frame (recovery after a crash, which
 * cannot tell a torn last frame from a changed one), its page is handed
 * over as zeros: SQLite's checksum then fails, and it keeps the WAL up to
 * the last whole commit before it, as it does for a torn frame.
 * passage verify tells the two apart (vault_wal_verify).
 *
 * THE CHECKPOINT LOCK.  SQLite 3.7.0 to 3.51.2 can lose committed pages
 * when a checkpoint runs without the writer lock while another
 * connection's commit resets the WAL.  A PASSIVE checkpoint (and a FULL
 * or RESTART one that finds the writer busy) runs with the checkpoint
 * lock alone.  So vault_shm_lock never grants the checkpoint lock to a
 * connection that does not hold the writer lock: it takes the writer lock
 * with it, at once or not at all, and says busy if another connection
 * holds it.  A checkpoint therefore never runs beside a writer.
 */
#include "vault_wal.h"

#include <sodium.h>
#include <string.h>

#define SHM_WRITE 0 /* SQLite's WAL_WRITE_LOCK */
#define SHM_CKPT 1  /* WAL_CKPT_LOCK */

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Where off falls in a frame: the offset into the frame, or -1 inside
 * the WAL header. */
static sqlite3_int64
in_frame(sqlite3_int64 off)
{
	return off < (sqlite3_int64)VAULT_WAL_HEADER ? -1 : (off - VAULT_WAL_HEADER) % VAULT_FRAME;
}

static int
read_real(struct vault_wal *w, void *out, int amt, sqlite3_int64 off)
{
	return w->real->pMethods->xRead(w->real, out, amt, off);
}

/* What a frame is bound to: its header's page number and commit size,
 * and the salts of its generation.  A frame written while a change is
 * still open, after SQLite wrote one of that change's pages a second
 * time, has zero salts and checksums until the commit writes them; its
 * salts are then the WAL header's, which cannot change while the change
 * holds the writer lock.  A frame whose zeros were put there by a hand
 * is still refused by SQLite, whose salts then differ from the header's. */
static int
frame_bound(struct vault_wal *w, const uint8_t *hdr, uint8_t out[VAULT_FRAME_BOUND])
{
	memcpy(out, hdr, VAULT_FRAME_BOUND);
	if (!sodium_is_zero(out + 8, 8))
		return 0;
	return read_real(w, out + 8, 8, 16) == SQLITE_OK ? 0 : -1;
}

static int
open_frame(struct vault_wal *w, sqlite3_int64 foff, const uint8_t *hdr, const uint8_t *stored,
           uint8_t *out)
{
	uint8_t b[VAULT_FRAME_BOUND];
	int r = frame_bound(w, hdr, b);

	if (r == 0)
		r = vault_frame_open(w->keys, (uint64_t)foff, b, stored, out);
	if (r == -2 && w->refresh && w->refresh(w->ctx) == 0)
		r = vault_frame_open(w->keys, (uint64_t)foff, b, stored, out);
	if (r != 0)
		w->failed_page = be32(hdr);
	return r;
}

int
vault_wal_read(struct vault_wal *w, void *out, int amt, sqlite3_int64 off)
{
	sqlite3_int64 at = in_frame(off);
	uint8_t *o = out;
	int rc;

	if (at < 0 && off + amt <= (sqlite3_int64)VAULT_WAL_HEADER)
		return read_real(w, out, amt, off);
	if (at >= 0 && at + amt <= (sqlite3_int64)VAULT_FRAME_HEADER)
		return read_real(w, out, amt, off); /* a header, or its checksums */
	if (at == 0 && amt == (int)VAULT_FRAME) {
		rc = read_real(w, w->buf, amt, off);
		if (rc != SQLITE_OK) {
			memset(out, 0, (size_t)amt);
			return rc;
		}
		memcpy(o, w->buf, VAULT_FRAME_HEADER);
		if (open_frame(w, off, w->buf, w->buf + VAULT_FRAME_HEADER, o + VAULT_FRAME_HEADER) != 0)
			memset(o + VAULT_FRAME_HEADER, 0, VAULT_PAGE_SIZE); /* the end of the WAL */
		return SQLITE_OK;
	}
	if (at == (sqlite3_int64)VAULT_FRAME_HEADER && amt == (int)VAULT_PAGE_SIZE) {
		sqlite3_int64 foff = off - VAULT_FRAME_HEADER;
		rc = read_real(w, w->buf, (int)VAULT_FRAME, foff);
		if (rc != SQLITE_OK) {
			memset(out, 0, (size_t)amt);
			return rc;
		}
		if (open_frame(w, foff, w->buf, w->buf + VAULT_FRAME_HEADER, out) != 0)
			return SQLITE_IOERR_DATA;
		return SQLITE_OK;
	}
	w->why = "the write-ahead log was read in a way the vault does not expect; nothing "
	         "was returned";
	return SQLITE_IOERR_READ;
}

int
vault_wal_write(struct vault_wal *w, const void *in, int amt, sqlite3_int64 off)
{
	sqlite3_int64 at = in_frame(off);
	const uint8_t *i = in;
	int rc;

	if (at < 0 && off + amt <= (sqlite3_int64)VAULT_WAL_HEADER)
		return w->real->pMethods->xWrite(w->real, in, amt, off);
	if (at == 0 && (amt == (int)VAULT_FRAME_HEADER || amt == (int)VAULT_FRAME)) {
		rc = w->real->pMethods->xWrite(w->real, in, (int)VAULT_FRAME_HEADER, off);
		w->hdr_valid = rc == SQLITE_OK;
		w->hdr_off = off;
		memcpy(w->hdr, in, VAULT_FRAME_HEADER);
		if (rc != SQLITE_OK || amt == (int)VAULT_FRAME_HEADER)
			return rc;
		return vault_wal_write(w, i + VAULT_FRAME_HEADER, (int)VAULT_PAGE_SIZE,
		                       off + VAULT_FRAME_HEADER);
	}
	if (at == (sqlite3_int64)VAULT_FRAME_HEADER && amt == (int)VAULT_PAGE_SIZE) {
		sqlite3_int64 foff = off - VAULT_FRAME_HEADER;
		uint8_t hdr[VAULT_FRAME_HEADER], bound[VAULT_FRAME_BOUND];
		if (!vault_reserve_zero(in)) {
			w->why = "a page arrived with its reserved bytes in use; nothing was written";
			return SQLITE_IOERR_WRITE;
		}
		/* The header SQLite just wrote, or (a page written again in
		 * place, its header to follow with new checksums only) the
		 * one on the disk. */
		if (w->hdr_valid && w->hdr_off == foff) {
			memcpy(hdr, w->hdr, sizeof hdr);
		} else if (read_real(w, hdr, (int)sizeof hdr, foff) != SQLITE_OK) {
			w->why = "a page of the write-ahead log came without its frame header; "
			         "nothing was written";
			return SQLITE_IOERR_WRITE;
		}
		if (frame_bound(w, hdr, bound) != 0 ||
		    vault_frame_seal(w->keys, (uint64_t)foff, bound, in, w->buf) != 0)
			return SQLITE_IOERR_WRITE;
		return w->real->pMethods->xWrite(w->real, w->buf, amt, off);
	}
	w->why = "the write-ahead log was written in a way the vault does not expect; nothing "
	         "was written";
	return SQLITE_IOERR_WRITE;
}

int
vault_wal_verify(struct vault_wal *w, struct vault_wal_verify *v)
{
	uint8_t whdr[VAULT_WAL_HEADER], page[VAULT_PAGE_SIZE];
	uint32_t failed = 0;
	int rc;

	memset(v, 0, sizeof *v);
	rc = read_real(w, whdr, (int)sizeof whdr, 0);
	if (rc == SQLITE_IOERR_SHORT_READ)
		return SQLITE_OK; /* empty: nothing in it yet */
	if (rc != SQLITE_OK)
		return rc;
	for (sqlite3_int64 off = VAULT_WAL_HEADER;; off += VAULT_FRAME) {
		if (read_real(w, w->buf, (int)VAULT_FRAME, off) != SQLITE_OK ||
		    memcmp(w->buf + 8, whdr + 16, 8) != 0)
			break; /* the end, or frames of an earlier generation */
		v->frames++;
		if (open_frame(w, off, w->buf, w->buf + VAULT_FRAME_HEADER, page) != 0) {
			if (!failed++)
				v->first_failed = be32(w->buf);
		} else if (be32(w->buf + 4) != 0) {
			v->failed = failed; /* a whole commit after them */
		}
	}
	sodium_memzero(page, sizeof page);
	return SQLITE_OK;
}

static int
covers(int ofst, int n, int slot)
{
	return ofst <= slot && slot < ofst + n;
}

static int
shm(sqlite3_file *real, int ofst, int n, int flags)
{
	return n > 0 ? real->pMethods->xShmLock(real, ofst, n, flags) : SQLITE_OK;
}

int
vault_shm_lock(struct vault_shm_guard *g, sqlite3_file *real, int ofst, int n, int flags)
{
	int excl = flags & SQLITE_SHM_EXCLUSIVE, rc;

	if (!excl)
		return shm(real, ofst, n, flags);
	if (flags & SQLITE_SHM_UNLOCK) {
		int o = ofst, m = n;
		if (covers(ofst, n, SHM_WRITE)) {
			g->write_sqlite = 0;
			if (g->write_ours) /* still the checkpoint's */
				o++, m--;
		}
		rc = shm(real, o, m, flags);
		if (covers(ofst, n, SHM_CKPT)) {
			g->ckpt = 0;
			if (g->write_ours) {
				g->write_ours = 0;
				if (!g->write_sqlite)
					shm(real, SHM_WRITE, 1, SQLITE_SHM_UNLOCK | SQLITE_SHM_EXCLUSIVE);
			}
		}
		return rc;
	}
	if (covers(ofst, n, SHM_WRITE)) {
		/* Already held for the checkpoint: SQLite's now as well. */
		rc = g->write_ours ? shm(real, ofst + 1, n - 1, flags) : shm(real, ofst, n, flags);
		if (rc == SQLITE_OK) {
			g->write_sqlite = 1;
			if (covers(ofst, n, SHM_CKPT))
				g->ckpt = 1;
		}
		return rc;
	}
	if (covers(ofst, n, SHM_CKPT)) {
		int took = 0;
		if (!g->write_sqlite && !g->write_ours) {
			if (shm(real, SHM_WRITE, 1, SQLITE_SHM_LOCK | SQLITE_SHM_EXCLUSIVE) != SQLITE_OK) {
				g->ckpt_refused++;
				return SQLITE_BUSY;
			}
			took = 1;
		}
		rc = shm(real, ofst, n, flags);
		if (rc != SQLITE_OK) {
			if (took)
				shm(real, SHM_WRITE, 1, SQLITE_SHM_UNLOCK | SQLITE_SHM_EXCLUSIVE);
			return rc;
		}
		g->write_ours |= took;
		g->ckpt = 1;
		return SQLITE_OK;
	}
	return shm(real, ofst, n, flags);
}
