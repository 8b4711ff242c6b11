/* SPDX-License-Identifier: ISC */
/*
 * vault_journal.c - the rollback journal's headers, and the check of a
 * journal left by a crash.
 *
 * SQLite's journal is a header, padded to the sector size, then records
 * of page number (4), page image (4096) and checksum (4); a change that
 * spills pages before its commit adds another header, at the next
 * multiple of the sector size, and more records.  vault.c seals each
 * image with its page number.  The header (magic, record count, checksum
 * seed, database size before, sector size, page size: 28 bytes) is
 * SQLite's to read, and it acts on it before any image: a changed one
 * made it skip the rollback, replay part of it, or grow the file to the
 * size it claims.  So the vault keeps a tag of the 28 bytes in the
 * header's own padding (bytes 28..63, vault_codec.c), bound to the
 * database and to the header's offset, and written in the same write as
 * the fields:
 *   a header          SQLite writes it whole, padding zero, at a multiple
 *                     of 8 (>= 64 bytes): sealed as it goes
 *   a header update   SQLite writes 12 bytes (magic and record count,
 *                     after syncing the records) or 28 zero bytes (the
 *                     end of a change in PERSIST mode) over a header: the
 *                     vault reads the header, checks it, patches it and
 *                     writes the 64 bytes back sealed, in one write
 * A header starts with eight zero bytes until its records are synced, so
 * a journal cut off before then holds headers SQLite ignores, and whose
 * tags still match: a crash there leaves nothing the vault refuses.
 *
 * When SQLite starts a journal (its header at offset 0) the file is
 * emptied first: anything in it is what a crash left of a change that
 * never reached the database (SQLite starts a journal only when none is
 * hot), and leftover bytes would otherwise read as headers and records
 * of the new one.
 *
 * A hot journal (a crash left it) is checked whole before SQLite plays
 * any of it back, at SQLite's first read of its first header, by SQLite's
 * own rules: every header it would read must carry its tag, and every
 * record it would play must open with its page number and match its
 * checksum under its header's seed.  Anything else refuses the rollback
 * before the database is written, and the journal is kept: a changed
 * journal gives the rollback whole or a refusal, never part of it.
 * SQLite's first look at a journal (one byte at offset 0: zero means no
 * rollback is owed) checks the first header too, so zeroing it cannot
 * make SQLite pass the journal by.  A header that is all zero, tag
 * included, is no header, as SQLite sees it: that is what a journal cut
 * short looks like, and cutting or deleting a journal cannot be told
 * from the journal alone.
 *
 * The 64 bytes of a header update go in one write, inside one disk
 * sector, as SQLite's own 12 bytes do: a crash leaves the header before
 * it or after it, and either one's tag matches.
 *
 * A handle that wrote is SQLite's own live journal (a rollback in the
 * same session, or its look for a leftover header past the end before a
 * sync): its reads pass through.
 */
#include "vault_journal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define RECORD (4 + VAULT_PAGE_SIZE + 4)

static const uint8_t journal_magic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};

static const char why_header[] =
    "the rollback journal (the file's -journal) failed authentication: an unfinished change "
    "cannot be undone; the database was left as it is. Restore from backup";
static const char why_shape[] =
    "the rollback journal was written in a way the vault does not expect; nothing was written";

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* SQLite's record checksum (pager_cksum): the seed plus every 200th byte
 * of the page image, counted down from 200 bytes before its end. */
static uint32_t
record_sum(uint32_t seed, const uint8_t page[VAULT_PAGE_SIZE])
{
	for (int i = (int)VAULT_PAGE_SIZE - 200; i > 0; i -= 200)
		seed += page[i];
	return seed;
}

static int
jhdr_open(struct vault_journal *j, sqlite3_int64 off, const uint8_t *h)
{
	int r = vault_jhdr_open(j->keys, (uint64_t)off, h);

	if (r == -2 && j->refresh && j->refresh(j->ctx) == 0)
		r = vault_jhdr_open(j->keys, (uint64_t)off, h);
	return r;
}

enum { HDR_NONE = 1 };

/* The header at off into h: SQLITE_OK if its tag matches, HDR_NONE if
 * there is none (all zero, or the file ends before it without SQLite's
 * magic in what is there), an error (with why) if it fails. */
static int
header_at(struct vault_journal *j, sqlite3_int64 off, uint8_t h[VAULT_JHDR_BYTES])
{
	int rc = j->real->pMethods->xRead(j->real, h, VAULT_JHDR_BYTES, off);

	if (rc == SQLITE_IOERR_SHORT_READ) {
		/* Cut short: SQLite sees no header unless its magic is there,
		 * and the vault never wrote one that short. */
		if (memcmp(h, journal_magic, sizeof journal_magic) != 0)
			return HDR_NONE;
		j->why = why_header;
		return SQLITE_IOERR_READ;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (sodium_is_zero(h, VAULT_JHDR_BYTES))
		return HDR_NONE;
	if (jhdr_open(j, off, h) != 0) {
		j->why = why_header;
		return SQLITE_IOERR_READ;
	}
	return SQLITE_OK;
}

/* One record at off, as SQLite's playback would take it: SQLITE_DONE
 * where SQLite would stop, SQLITE_OK to go on, an error if it fails. */
static int
check_record(struct vault_journal *j, sqlite3_int64 off, uint32_t seed, uint32_t db_pages,
             uint8_t *rec, uint8_t *plain)
{
	int rc = j->real->pMethods->xRead(j->real, rec, RECORD, off);
	uint32_t pgno;
	int r;

	if (rc != SQLITE_OK)
		return rc; /* a short read too: the caller says what it means */
	pgno = be32(rec);
	r = vault_page_open(j->keys, pgno, VAULT_KIND_JOURNAL, rec + 4, plain);
	if (r == -2 && j->refresh && j->refresh(j->ctx) == 0)
		r = vault_page_open(j->keys, pgno, VAULT_KIND_JOURNAL, rec + 4, plain);
	if (r != 0) {
		j->failed_page = pgno;
		return SQLITE_IOERR_DATA;
	}
	if (pgno == 0 || pgno == j->lock_page)
		return SQLITE_DONE;
	if (pgno > db_pages)
		return SQLITE_OK; /* SQLite skips it before its checksum */
	if (record_sum(seed, plain) != be32(rec + 4 + VAULT_PAGE_SIZE)) {
		/* SQLite would stop here and keep what it had played: only a
		 * change to the journal makes a synced record disagree. */
		j->failed_page = pgno;
		return SQLITE_IOERR_DATA;
	}
	return SQLITE_OK;
}

/*
 * The whole hot journal, as SQLite's playback (pager_playback) will read
 * it: header 0 gives the sector size and the database size before; each
 * header with SQLite's magic gives its records' count and seed; the next
 * header is at the next multiple of the sector size after them.
 */
static int
check_journal(struct vault_journal *j)
{
	sqlite3_int64 size, off = 0, sector = 0;
	uint32_t db_pages = 0;
	uint8_t h[VAULT_JHDR_BYTES];
	uint8_t *rec = malloc(RECORD), *plain = sodium_malloc(VAULT_PAGE_SIZE);
	int rc = j->real->pMethods->xFileSize(j->real, &size);

	if (!rec || !plain)
		rc = SQLITE_NOMEM;
	while (rc == SQLITE_OK) {
		if (off > 0 && off + sector > size)
			break; /* SQLite reads no header there */
		if ((rc = header_at(j, off, h)) == HDR_NONE) {
			rc = SQLITE_OK;
			break;
		}
		if (rc != SQLITE_OK || memcmp(h, journal_magic, sizeof journal_magic) != 0)
			break; /* not synced yet: SQLite stops here */
		uint32_t nrec = be32(h + 8), seed = be32(h + 12);
		if (off == 0) {
			db_pages = be32(h + 16);
			sector = be32(h + 20);
			/* The vault sealed these fields as SQLite wrote them;
			 * anything else is not a journal of this file. */
			if (be32(h + 24) != VAULT_PAGE_SIZE || sector < 32 || sector > 65536 ||
			    (sector & (sector - 1)) != 0) {
				j->why = why_header;
				rc = SQLITE_IOERR_READ;
				break;
			}
		}
		sqlite3_int64 first = off + sector;
		/* A count in the header was written after its records were
		 * synced (synchronous=EXTRA), so they are all there: a journal
		 * that ends before them was cut, and SQLite would play back
		 * only those before the cut. */
		int counted = nrec != 0xffffffffu;
		if (!counted)
			nrec = size > first ? (uint32_t)((size - first) / RECORD) : 0;
		sqlite3_int64 end = first;
		for (uint32_t u = 0; u < nrec && rc == SQLITE_OK; u++) {
			rc = check_record(j, first + (sqlite3_int64)u * RECORD, seed, db_pages, rec, plain);
			end = first + (sqlite3_int64)(u + 1) * RECORD;
		}
		if (rc == SQLITE_IOERR_SHORT_READ && counted) {
			j->why = why_header;
			rc = SQLITE_IOERR_READ;
			break;
		}
		if (rc == SQLITE_IOERR_SHORT_READ)
			rc = SQLITE_DONE; /* SQLite ends the playback at a short read */
		if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
			break;
		}
		off = ((end - 1) / sector + 1) * sector;
	}
	free(rec);
	sodium_free(plain);
	return rc;
}

int
vault_journal_read(struct vault_journal *j, void *out, int amt, sqlite3_int64 off)
{
	uint8_t h[VAULT_JHDR_BYTES];
	int rc;

	if (!j->written && off == 0 && amt == 1) {
		/* SQLite's "is a rollback owed?": the first byte, zero for no.
		 * Only a first header that carries its tag may say so. */
		rc = header_at(j, 0, h);
		if (rc != SQLITE_OK && rc != HDR_NONE) {
			/* A writer that began since SQLite looked at its lock may
			 * be writing this header: SQLite looks at the lock again
			 * before it plays anything back. */
			if (!j->writer_active || !j->writer_active(j->ctx))
				return rc;
			j->why = NULL;
		}
	} else if (!j->written && !j->checked && off == 0 && amt == 8) {
		/* SQLite reads the first header's magic: it is about to play
		 * the journal back. */
		if ((rc = check_journal(j)) != SQLITE_OK)
			return rc;
		j->checked = 1;
	}
	return j->real->pMethods->xRead(j->real, out, amt, off);
}

/* Writes h (64 bytes of header at off) sealed, with the rest of SQLite's
 * header write (n bytes in all) after it. */
static int
write_sealed(struct vault_journal *j, const uint8_t *in, int n, sqlite3_int64 off)
{
	uint8_t *buf = malloc((size_t)n);
	int rc = SQLITE_IOERR_WRITE;

	if (!buf)
		return SQLITE_NOMEM;
	memcpy(buf, in, (size_t)n);
	if (vault_jhdr_seal(j->keys, (uint64_t)off, buf) == 0)
		rc = j->real->pMethods->xWrite(j->real, buf, n, off);
	free(buf);
	return rc;
}

int
vault_journal_write(struct vault_journal *j, const void *in, int amt, sqlite3_int64 off)
{
	const uint8_t *b = in;
	uint8_t h[VAULT_JHDR_BYTES];
	sqlite3_int64 size;
	int rc;

	j->written = 1;
	if (off % 8 == 0 && amt >= (int)VAULT_JHDR_BYTES && amt <= (int)VAULT_PAGE_SIZE) {
		/* A new header: its padding is the vault's. */
		if (!sodium_is_zero(b + VAULT_JHDR_FIELDS, VAULT_JHDR_BYTES - VAULT_JHDR_FIELDS)) {
			j->why = why_shape;
			return SQLITE_IOERR_WRITE;
		}
		if (off == 0) {
			if ((rc = j->real->pMethods->xFileSize(j->real, &size)) != SQLITE_OK)
				return rc;
			if (size > 0 && (rc = j->real->pMethods->xTruncate(j->real, 0)) != SQLITE_OK)
				return rc;
		}
		return write_sealed(j, b, amt, off);
	}
	if (off % 8 == 0 && (amt == 12 || amt == (int)VAULT_JHDR_FIELDS)) {
		/* An update of a header the vault wrote: checked, patched and
		 * sealed again in one write of the 64 bytes. */
		rc = j->real->pMethods->xRead(j->real, h, VAULT_JHDR_BYTES, off);
		if (rc == SQLITE_IOERR_SHORT_READ || (rc == SQLITE_OK && jhdr_open(j, off, h) != 0)) {
			j->why = why_shape;
			return SQLITE_IOERR_WRITE;
		}
		if (rc != SQLITE_OK)
			return rc;
		memcpy(h, b, (size_t)amt);
		return write_sealed(j, h, VAULT_JHDR_BYTES, off);
	}
	return j->real->pMethods->xWrite(j->real, in, amt, off);
}
