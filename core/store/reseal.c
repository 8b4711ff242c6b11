/* SPDX-License-Identifier: ISC */
/*
 * reseal.c - one step of a key rotation, crash-safe, without VACUUM.
 *
 * A rotation used to move every page to the new key with one VACUUM: on
 * a 2 GB file that held the writers' lock for most of a minute, and every
 * save behind it failed.  Instead, a rotation now seals a batch of pages
 * again at a time, each step a short transaction of its own (db_keys.c).
 *
 * SQLite has no way to rewrite a page whose content does not change, so a
 * step writes the pages itself, through the vault's own file (which seals
 * with the current write key), while the caller holds SQLite's EXCLUSIVE
 * lock: no reader can see a page half written.  A page rewritten in place
 * could still be torn by a power cut, so first the step writes what SQLite
 * would write for the same change: a rollback journal holding the batch's
 * page images (sealed by the vault as journal images), synced, then its
 * record count, synced.  Then the pages in place, synced; then the journal
 * is deleted, with a sync of the folder.  Killed or cut at any moment, the
 * next connection to open the file finds either no journal, or one
 * without SQLite's magic (nothing was written in place yet; SQLite passes
 * it by, and the next change empties it), or a hot journal that
 * SQLite itself plays back: every page of the batch is then whole again,
 * with the same plaintext as before, under whichever key that connection
 * writes with.  The step never changes what a page says, only its seal.
 *
 * A step ends when its time is spent, whatever it was given: a slow disk
 * or a loaded machine would otherwise hold the writers' turn as long as
 * the stall lasts.  So the clock is read at every page: the journal takes
 * the pages it can in the first half of the time left, and the writes in
 * place stop at the end, one page at least each, so that every step moves
 * something.  When the journal's syncs took the rest, the writes in place
 * still get as long as the journal's records took, half the time at most:
 * they are the same pages, and stopping after one would pay for the syncs
 * of a whole step to move a page, without end on a disk slow to sync.
 * Pages journalled but not written in place are still whole under their
 * old seal, and the journal's image of them is the same plaintext: played
 * back or not, nothing changes but their seal, and the next step finds
 * them again.  Only the syncs cannot be cut short.
 *
 * The journal's format is SQLite's own (pager.c): a header of one sector
 * (magic, record count, checksum seed, the database's size in pages,
 * sector size, page size), then records of page number, page image and a
 * checksum that samples every 200th byte of the plaintext image.  Its
 * header gets the vault's tag as SQLite's does (vault_journal.c): written
 * whole first, then magic and count in one 12-byte write.
 */
#include "reseal.h"

#include <sodium.h>
#include <string.h>

#include "vault.h"

#define SECTOR 4096u
#define RECORD (4u + VAULT_PAGE_SIZE + 4u)

static const uint8_t magic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* SQLite's pager_cksum. */
static uint32_t
cksum(uint32_t init, const uint8_t *page)
{
	for (int i = (int)VAULT_PAGE_SIZE - 200; i > 0; i -= 200)
		init += page[i];
	return init;
}

static sqlite3_int64
page_off(uint32_t pgno)
{
	return (sqlite3_int64)(pgno - 1) * VAULT_PAGE_SIZE;
}

/* The pages' images into the journal jf, then their record count: each
 * part synced before the next, as SQLite does with synchronous FULL or
 * EXTRA, so a count never reaches the disk before its records.  Stops
 * taking pages at until (one at least); *n is how many it took, *took
 * how long their records took to write, the syncs aside. */
static int
write_journal(sqlite3_file *mf, sqlite3_file *jf, const struct reseal *r, uint64_t until,
              uint32_t *n, uint64_t *took, uint8_t *page)
{
	uint64_t t0 = vault_now_ns();
	uint8_t hdr[SECTOR], b4[4];
	uint32_t init, i;
	sqlite3_int64 off = SECTOR;
	int rc;

	randombytes_buf(&init, sizeof init);
	/* No magic and no records until they are on the disk, as SQLite
	 * writes it: a journal cut off before then is passed by. */
	memset(hdr, 0, sizeof hdr);
	put32(hdr + 12, init);
	put32(hdr + 16, r->db_pages);
	put32(hdr + 20, SECTOR);
	put32(hdr + 24, VAULT_PAGE_SIZE);
	if ((rc = jf->pMethods->xTruncate(jf, 0)) != SQLITE_OK ||
	    (rc = jf->pMethods->xWrite(jf, hdr, SECTOR, 0)) != SQLITE_OK)
		return rc;
	for (i = 0; i < r->n; i++, off += RECORD) {
		if (i > 0 && vault_now_ns() >= until)
			break;
		if ((rc = mf->pMethods->xRead(mf, page, VAULT_PAGE_SIZE, page_off(r->list[i]))) !=
		    SQLITE_OK)
			return rc;
		put32(b4, r->list[i]);
		if ((rc = jf->pMethods->xWrite(jf, b4, 4, off)) != SQLITE_OK ||
		    (rc = jf->pMethods->xWrite(jf, page, VAULT_PAGE_SIZE, off + 4)) != SQLITE_OK)
			return rc;
		put32(b4, cksum(init, page));
		if ((rc = jf->pMethods->xWrite(jf, b4, 4, off + 4 + VAULT_PAGE_SIZE)) != SQLITE_OK)
			return rc;
	}
	*n = i;
	*took = vault_now_ns() - t0;
	if ((rc = jf->pMethods->xSync(jf, SQLITE_SYNC_FULL)) != SQLITE_OK)
		return rc;
	/* Magic and count in one write of 12 bytes at the header, as SQLite
	 * writes them: the vault seals the header again in the same write. */
	memcpy(hdr, magic, sizeof magic);
	put32(hdr + 8, i);
	if ((rc = jf->pMethods->xWrite(jf, hdr, 12, 0)) != SQLITE_OK)
		return rc;
	return jf->pMethods->xSync(jf, SQLITE_SYNC_FULL);
}

/* The first n pages of the list again, in place, under the write key,
 * until until (one at least): r->done is how many. */
static int
write_in_place(sqlite3_file *mf, struct reseal *r, uint32_t n, uint64_t until, uint8_t *page)
{
	int rc;

	for (r->done = 0; r->done < n; r->done++) {
		uint32_t pgno = r->list[r->done];

		if (r->done > 0 && vault_now_ns() >= until)
			break;
		if (r->tick && r->done % 64 == 0)
			r->tick(r->ctx, r->done);
		if ((rc = mf->pMethods->xRead(mf, page, VAULT_PAGE_SIZE, page_off(pgno))) !=
		        SQLITE_OK ||
		    (rc = mf->pMethods->xWrite(mf, page, VAULT_PAGE_SIZE, page_off(pgno))) !=
		        SQLITE_OK)
			return rc;
	}
	return mf->pMethods->xSync(mf, SQLITE_SYNC_FULL);
}

int
reseal_pages(sqlite3 *sql, struct reseal *r)
{
	sqlite3_file *mf = NULL, *jf = NULL;
	sqlite3_vfs *vfs = NULL;
	const char *jname;
	uint8_t *page;
	uint64_t now = vault_now_ns(), half = UINT64_MAX, end = UINT64_MAX, took = 0, share = 0;
	uint32_t n = 0;
	int rc, out = 0, opened = 0;

	r->done = 0;
	if (r->n == 0)
		return SQLITE_OK;
	/* The journal's half of the time left: writing in place costs as
	 * much again, a page read and sealed and written. */
	if (r->until) {
		share = r->until > now ? (r->until - now) / 2 : 0;
		half = now + share;
	}
	if (sqlite3_txn_state(sql, "main") != SQLITE_TXN_WRITE ||
	    sqlite3_file_control(sql, "main", SQLITE_FCNTL_FILE_POINTER, &mf) != SQLITE_OK ||
	    sqlite3_file_control(sql, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK ||
	    !mf || !mf->pMethods || !vfs)
		return SQLITE_MISUSE;
	jname = sqlite3_filename_journal(sqlite3_db_filename(sql, "main"));
	page = sodium_malloc(VAULT_PAGE_SIZE);
	jf = sqlite3_malloc(vfs->szOsFile);
	if (!page || !jf || !jname) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	memset(jf, 0, (size_t)vfs->szOsFile);
	/* Through the vault, which seals the images as journal images, and
	 * with the flags SQLite gives its journal: the folder is synced at
	 * the first sync, so the journal's name survives a power cut too. */
	rc = vfs->xOpen(vfs, jname, jf,
	                SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE, &out);
	if (rc != SQLITE_OK)
		goto done;
	opened = 1;
	rc = write_journal(mf, jf, r, half, &n, &took, page);
	if (rc == SQLITE_OK && r->until) {
		now = vault_now_ns();
		end = now + (took < share ? took : share);
		if (end < r->until)
			end = r->until;
	}
	if (rc == SQLITE_OK)
		rc = write_in_place(mf, r, n, end, page);
	if (rc != SQLITE_OK) {
		r->done = 0; /* the journal stays: SQLite's rollback plays it back */
		goto done;
	}
	jf->pMethods->xClose(jf);
	opened = 0;
	rc = vfs->xDelete(vfs, jname, 1);
	if (rc != SQLITE_OK)
		r->done = 0;
done:
	if (opened)
		jf->pMethods->xClose(jf);
	sqlite3_free(jf);
	sodium_free(page);
	return rc;
}
