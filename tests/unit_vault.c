/* SPDX-License-Identifier: ISC */
/*
 * unit_vault.c - the page codec and what it does with damaged files.
 *
 * Known-answer vectors pin the stored format: a page sealed from fixed
 * inputs must hash to the same value forever, and must open with nothing
 * but libsodium and the layout of passage(5).  Then real files are damaged
 * on purpose: a flipped bit, swapped pages, a page from another database,
 * a damaged journal image.  Each must give "page N failed authentication",
 * never a wrong row.  Then each field of a hot journal's header and of its
 * records is flipped: the rollback is whole or refused before the file is
 * written, never played in part.  A journal a crash cut off before its
 * records were synced is passed by, and a journal left behind like that
 * is emptied by the next change.  Then the whole header is put back from
 * before a change, and one header copy is damaged.
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keyring.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define PAGE_OFF(n) ((long)VAULT_HEADER_SIZE + (long)VAULT_PAGE_SIZE * ((n) - 1))
#define ROWS 2000

/* The rollback journal, which the journal tests here are about (Passage
 * keeps a write-ahead log): every open that reads a file they left. */
static struct db_options journal_opts = {.rollback = 1};

static void
hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* ---------------------------------------------------------------- vectors */

static void
test_known_answer(void)
{
	uint8_t dbid[16], key[32], nonce[24], in[4096], out[4096], back[4096], h[32];
	char hx[65];
	vault_keys *k;

	for (int i = 0; i < 16; i++)
		dbid[i] = (uint8_t)(0x10 + i);
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	nonce[0] = 1; /* epoch 1 */
	for (int i = 1; i < 24; i++)
		nonce[i] = (uint8_t)(0xa0 + i);
	for (int i = 0; i < 4096; i++)
		in[i] = i < (int)VAULT_BODY ? (uint8_t)(i * 7 % 251) : 0;

	k = vault_keys_new(dbid);
	vault_keys_add(k, 1, key);
	vault_keys_set_write_epoch(k, 1);
	ok(vault_page_seal(k, 7, VAULT_KIND_DB, in, out, nonce) == 0, "seal a page");
	crypto_generichash(h, 32, out, 4096, NULL, 0);
	hex(h, 32, hx);
	is_str(hx, "8dec800abb89b23d9f7bd522d084588a7805d651f2efc1258d46cf84435a4222", "sealed page matches the known answer");
	ok(memcmp(out + 4056, nonce, 24) == 0, "nonce stored at 4056..4079");

	/* Open it with libsodium alone, building the associated data from
	 * the documented layout rather than from vault.c. */
	uint8_t ad[28];
	memcpy(ad, "PSGV1DB\0", 8);
	memcpy(ad + 8, dbid, 16);
	ad[24] = 7, ad[25] = 0, ad[26] = 0, ad[27] = 0;
	memset(back, 0xee, sizeof back);
	ok(crypto_aead_xchacha20poly1305_ietf_decrypt_detached(back, NULL, out, 4056, out + 4080,
	                                                        ad, 28, out + 4056, key) == 0,
	   "the documented layout opens it independently");
	ok(memcmp(back, in, 4056) == 0, "  to the same plaintext");

	memset(back, 0xee, sizeof back);
	ok(vault_page_open(k, 7, VAULT_KIND_DB, out, back) == 0, "vault opens its own page");
	ok(memcmp(back, in, 4096) == 0, "  and hands SQLite the reserve as zeros");
	ok(vault_page_open(k, 8, VAULT_KIND_DB, out, back) != 0, "page 7 fails as page 8");
	ok(vault_page_open(k, 7, VAULT_KIND_JOURNAL, out, back) != 0,
	   "a database page fails as a journal image");

	ok(vault_page_seal(k, 7, VAULT_KIND_JOURNAL, in, out, nonce) == 0, "seal a journal image");
	crypto_generichash(h, 32, out, 4096, NULL, 0);
	hex(h, 32, hx);
	is_str(hx, "2e33751f5aecb737b060bb59510561c0e4925cc8a11bfd033003bf9b7a4b19f3", "journal image matches the known answer");

	uint8_t other[16];
	memcpy(other, dbid, 16);
	other[0] ^= 1;
	vault_keys *k2 = vault_keys_new(other);
	vault_keys_add(k2, 1, key);
	vault_keys_set_write_epoch(k2, 1);
	ok(vault_page_open(k2, 7, VAULT_KIND_JOURNAL, out, back) != 0,
	   "another database id cannot open it");
	vault_keys_free(k2);

	/* Fresh nonces: two seals of the same page differ. */
	uint8_t a[4096], b[4096];
	vault_page_seal(k, 3, VAULT_KIND_DB, in, a, NULL);
	vault_page_seal(k, 3, VAULT_KIND_DB, in, b, NULL);
	ok(memcmp(a + 4057, b + 4057, 23) != 0 && a[4056] == 1 && b[4056] == 1,
	   "random nonces, epoch in byte 0");
	vault_keys_free(k);
}

/* ---------------------------------------------------------------- files */

static void
fill(db *d)
{
	tu_exec(d, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2000)"
	           "INSERT INTO t SELECT i, printf('row-%06d-%s', i, "
	           "  substr('abcdefghijklmnopqrstuvwxyz0123456789', 1 + i % 20)) FROM n;");
}

static int
expected(int id, char *out, size_t n)
{
	return snprintf(out, n, "row-%06d-%s", id,
	                "abcdefghijklmnopqrstuvwxyz0123456789" + id % 20);
}

struct scan {
	int good, failed, wrong;
	char msg[DB_ERR_MAX];
};

/* Read every row by id: each must be right or fail, never be wrong. */
static struct scan
scan_rows(const char *path)
{
	char err[DB_ERR_MAX];
	struct scan s = {0};
	db *d;

	if (db_open(path, TU_ADMIN, TU_PASS, &journal_opts, &d, err, sizeof err) != 0) {
		s.failed = ROWS;
		snprintf(s.msg, sizeof s.msg, "%s", err);
		return s;
	}
	for (int id = 1; id <= ROWS; id++) {
		sqlite3_stmt *st;
		char want[80];
		int rc = sqlite3_prepare_v2(db_sql(d), "SELECT v FROM t WHERE id=?", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int(st, 1, id);
			rc = sqlite3_step(st);
		}
		if (rc == SQLITE_ROW) {
			expected(id, want, sizeof want);
			if (strcmp((const char *)sqlite3_column_text(st, 0), want) == 0)
				s.good++;
			else
				s.wrong++;
		} else {
			s.failed++;
			if (!s.msg[0]) {
				db_fail(d, rc);
				snprintf(s.msg, sizeof s.msg, "%s", db_errmsg(d));
			}
		}
		sqlite3_finalize(st);
	}
	db_close(d);
	return s;
}

static const char *
fresh(const char *dir, const char *name)
{
	const char *p = tu_path(dir, name);
	db *d = tu_create(p);

	fill(d);
	db_close(d);
	return p;
}

static long long
pages_of(const char *path)
{
	return (tu_file_size(path) - VAULT_HEADER_SIZE) / VAULT_PAGE_SIZE;
}

static void
test_flips(const char *dir)
{
	static const struct {
		const char *what;
		int off;
	} where[] = {{"page body", 2000}, {"nonce", 4060}, {"tag", 4090}};

	for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
		char name[32], want[64];
		snprintf(name, sizeof name, "flip%zu.db", i);
		const char *p = fresh(dir, name);
		long long n = pages_of(p) - 1; /* a leaf of t near the end */
		tu_flip_bit(p, PAGE_OFF(n) + where[i].off, 3);
		struct scan s = scan_rows(p);
		snprintf(want, sizeof want, "page %lld failed authentication", n);
		ok(s.failed > 0 && s.wrong == 0, "flipped bit in the %s: rows fail, none wrong "
		   "(%d good, %d failed)", where[i].what, s.good, s.failed);
		has_str(s.msg, want, "  the message names the page");
		has_str(s.msg, "damaged or altered", "  and says what it means");
	}
}

static void
swap_pages(const char *p, long long a, long long b)
{
	uint8_t pa[4096], pb[4096];

	tu_read_at(p, PAGE_OFF(a), pa, sizeof pa);
	tu_read_at(p, PAGE_OFF(b), pb, sizeof pb);
	tu_write_at(p, PAGE_OFF(a), pb, sizeof pb);
	tu_write_at(p, PAGE_OFF(b), pa, sizeof pa);
}

static void
test_relocation(const char *dir)
{
	const char *p = fresh(dir, "swap.db");
	long long n = pages_of(p);
	struct scan s;
	uint8_t page[4096];

	swap_pages(p, n - 1, n - 2);
	s = scan_rows(p);
	ok(s.failed > 0 && s.wrong == 0, "two pages swapped: rows fail, none wrong");
	has_str(s.msg, "failed authentication", "  as an authentication failure");

	/* Same page number, same keys' shape, another database. */
	const char *q = fresh(dir, "donor.db");
	p = fresh(dir, "transplant.db");
	tu_read_at(q, PAGE_OFF(n - 1), page, sizeof page);
	tu_write_at(p, PAGE_OFF(n - 1), page, sizeof page);
	s = scan_rows(p);
	ok(s.failed > 0 && s.wrong == 0, "page copied from another database: rows fail, none wrong");
	has_str(s.msg, "failed authentication", "  as an authentication failure");

	/* An old copy of the same page put back: the documented limit of any
	 * page-level scheme (passage(5)); it authenticates.  Shown so the
	 * limit is a known fact, not a surprise. */
	p = fresh(dir, "replay.db");
	tu_read_at(p, PAGE_OFF(1), page, sizeof page);
	db *d = tu_open(p);
	tu_exec(d, "UPDATE t SET v = v WHERE id = 1");
	db_close(d);
	tu_write_at(p, PAGE_OFF(1), page, sizeof page);
	s = scan_rows(p);
	ok(s.failed == 0 && s.wrong == 0, "an older copy of a page authenticates (documented limit)");
}

static void
test_open_errors(const char *dir)
{
	char err[DB_ERR_MAX];
	db *d = NULL;
	const char *p = fresh(dir, "keys.db");
	uint8_t junk[4096];

	ok(db_open(p, TU_ADMIN, "wrong passphrase", NULL, &d, err, sizeof err) != 0,
	   "wrong passphrase is refused");
	is_str(err, "invalid user name or passphrase", "  with the one message");
	ok(db_open(p, "nobody", TU_PASS, NULL, &d, err, sizeof err) != 0, "unknown user is refused");
	is_str(err, "invalid user name or passphrase", "  with the same message");

	/* Every SQLite page replaced with noise: a wrong passphrase must still
	 * say only that, because SQLite is never reached before the key. */
	randombytes_buf(junk, sizeof junk);
	for (long long n = 1; n <= pages_of(p); n++)
		tu_write_at(p, PAGE_OFF(n), junk, sizeof junk);
	ok(db_open(p, TU_ADMIN, "wrong passphrase", NULL, &d, err, sizeof err) != 0 &&
	   strcmp(err, "invalid user name or passphrase") == 0,
	   "the passphrase is checked before SQLite reads a page");
	ok(db_open(p, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0, "the right one then fails");
	has_str(err, "page 1 failed authentication", "  on page 1");

	/* An ordinary SQLite file, an empty file, a short file. */
	const char *plain = tu_path(dir, "plain.db");
	sqlite3 *s;
	sqlite3_open(plain, &s);
	sqlite3_exec(s, "CREATE TABLE x(a); INSERT INTO x VALUES (1);", NULL, NULL, NULL);
	sqlite3_close(s);
	ok(db_open(plain, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0, "plain SQLite file");
	is_str(err, "not a Passage database", "  is not a Passage database");
	const char *empty = tu_path(dir, "empty.db");
	tu_write_at(empty, 0, "", 0);
	FILE *f = fopen(empty, "w");
	fclose(f);
	ok(db_open(empty, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0, "empty file");
	is_str(err, "not a Passage database", "  is not a Passage database");
	const char *trunc = tu_path(dir, "trunc.db");
	p = fresh(dir, "whole.db");
	tu_copy_file(p, trunc);
	ok(truncate(trunc, 9000) == 0, "cut a copy inside its header");
	ok(db_open(trunc, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0, "file cut in its header");
	is_str(err, "header damaged: restore from backup", "  says the header is damaged");
	tu_copy_file(p, trunc);
	ok(truncate(trunc, tu_file_size(p) - 2048) == 0, "cut a copy inside its last page");
	struct scan sc = scan_rows(trunc);
	ok(sc.failed > 0 && sc.wrong == 0, "file cut inside its last page: rows fail, none wrong");
	has_str(sc.msg, "failed authentication", "  as an authentication failure");
	/* The last page zeroed and the file cut by one byte: the zeros must
	 * not pass for a page that is simply not there. */
	uint8_t zero[4096] = {0};
	tu_copy_file(p, trunc);
	long last = tu_file_size(p) - 4096;
	tu_write_at(trunc, last, zero, sizeof zero);
	ok(truncate(trunc, tu_file_size(p) - 1) == 0, "zero the last page and cut one byte");
	sc = scan_rows(trunc);
	ok(sc.failed > 0 && sc.wrong == 0, "  rows on it fail, none read as empty");
	has_str(sc.msg, "failed authentication", "  as an authentication failure");
	ok(db_open(tu_path(dir, "missing.db"), TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) != 0,
	   "missing file");
	has_str(err, "no such file", "  says so");
}

/* ---------------------------------------------------------------- journal */

/* A child runs a change in a cache of cache pages and is killed before it
 * commits.  With a tiny cache the changed pages reach the database file
 * before the commit, and a hot journal remains; with a large one they
 * never leave the cache, and the journal's records were never synced.
 * It asks for the rollback journal (db_options.rollback), which these
 * tests are about; Passage keeps a write-ahead log. */
static void
leave_journal(const char *p, int cache, const char *change)
{
	int fds[2];
	pid_t pid;
	char c;

	if (pipe(fds) != 0)
		tap_bail("pipe");
	pid = fork();
	if (pid == 0) {
		db *d = tu_open_opts(p, &journal_opts);
		char sql[200];
		snprintf(sql, sizeof sql, "PRAGMA cache_size=%d; BEGIN IMMEDIATE; %s", cache, change);
		tu_exec(d, sql);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		tap_bail("child did not get ready");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fds[0]);
}

static void
leave_hot_journal(const char *p)
{
	leave_journal(p, 5, "UPDATE t SET v = 'changed-' || id;");
}

static void
test_journal(const char *dir)
{
	const char *p = fresh(dir, "journal.db");
	char journal[600], err[DB_ERR_MAX];
	uint8_t before[8192], after[8192];
	db *d;

	snprintf(journal, sizeof journal, "%s-journal", p);
	leave_hot_journal(p);
	ok(tu_file_size(journal) > 8192, "a hot journal was left behind");
	/* The first record's page image starts 4 bytes after the header, a
	 * sector long: byte 4200 is in it with 512- or 4096-byte sectors. */
	tu_flip_bit(journal, 4096 + 4 + 100, 0);
	tu_read_at(p, VAULT_HEADER_SIZE, before, sizeof before);
	long size_before = tu_file_size(p);

	struct scan s = scan_rows(p);
	ok(s.good == 0 && s.wrong == 0, "a damaged journal image: nothing is read");
	has_str(s.msg, "journal page", "  the message names the journal");
	has_str(s.msg, "failed authentication", "  and the failure");
	tu_read_at(p, VAULT_HEADER_SIZE, after, sizeof after);
	ok(memcmp(before, after, sizeof before) == 0 && tu_file_size(p) == size_before,
	   "the rollback was refused and the database left untouched");
	ok(tu_file_size(journal) > 0, "the journal is kept for a person to look at");

	tu_flip_bit(journal, 4096 + 4 + 100, 0); /* put it back */
	s = scan_rows(p);
	is_int(s.good, ROWS, "with the journal intact, the rollback restores every row");
	ok(tu_file_size(journal) <= 0, "and the journal is gone");
	if (db_open(p, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) == 0) {
		is_int(tu_int(d, "SELECT count(*) FROM t WHERE v LIKE 'changed-%'"), 0,
		       "no uncommitted change survived");
		db_close(d);
	}
}

/* ---------------------------------------------------------------- tampering */

enum outcome { WHOLE, REFUSED, REFUSED_PART, TORN };
static const char *const outcome_name[] = {
    "whole: the state before the change", "refused, the file untouched",
    "refused, part of the rollback written and the journal kept", "TORN"};

/* What a reader makes of p after its hot journal (or header) was tampered
 * with: every row as before the change that was cut off, and the structure
 * whole (whole); no row read and any journal kept, with the database file not
 * written (refused) or written in part (refused, part); or anything else
 * (torn: rows from the change that was cut off, or the journal gone and
 * the rows lost). */
static enum outcome
outcome_of(const char *p, struct scan *s)
{
	long size = tu_file_size(p);
	uint8_t *before = malloc((size_t)size), *after = malloc((size_t)size);
	char journal[600];
	enum outcome o = TORN;

	if (!before || !after)
		tap_bail("out of memory");
	snprintf(journal, sizeof journal, "%s-journal", p);
	int hot = tu_file_size(journal) > 0;
	tu_read_at(p, 0, before, (size_t)size);
	*s = scan_rows(p);
	if (s->good == ROWS && s->wrong == 0) {
		db *d = tu_open_opts(p, &journal_opts);
		struct db_verify v;
		if (db_verify(d, &v) == 0 && v.integrity_ok)
			o = WHOLE;
		db_close(d);
	} else if (s->good == 0 && s->wrong == 0 && (!hot || tu_file_size(journal) > 0)) {
		o = REFUSED_PART;
		if (tu_file_size(p) == size && tu_read_at(p, 0, after, (size_t)size) == 0 &&
		    memcmp(before, after, (size_t)size) == 0)
			o = REFUSED;
	}
	free(before);
	free(after);
	return o;
}

/* The rollback journal: a header padded to the sector size, then records
 * of page number (4), page image (4096) and checksum (4); a change that
 * spilled pages before its commit has a second header after the first
 * one's records, at the next multiple of the sector size.  The header's
 * fields are big-endian: each flip turns the lowest bit of the last byte. */
#define RECORD (4L + 4096 + 4)
enum base { HDR0, FIRST_REC, LAST_REC, HDR1 };

struct layout {
	long sector, nrec0, hdr1;
};

static uint32_t
be32_at(const char *path, long off)
{
	uint8_t b[4];

	if (tu_read_at(path, off, b, 4) != 0)
		tap_bail("cannot read %s", path);
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static struct layout
layout_of(const char *journal)
{
	struct layout l;

	l.sector = (long)be32_at(journal, 20);
	l.nrec0 = (long)be32_at(journal, 8);
	l.hdr1 = ((l.sector + l.nrec0 * RECORD - 1) / l.sector + 1) * l.sector;
	return l;
}

static const struct {
	const char *what;
	enum base base;
	long off;
	enum outcome want;
} journal_field[] = {
	{"header: magic", HDR0, 7, REFUSED},
	{"header: record count", HDR0, 11, REFUSED},
	{"header: checksum seed", HDR0, 15, REFUSED},
	{"header: database size before", HDR0, 19, REFUSED},
	{"header: sector size", HDR0, 23, REFUSED},
	{"header: page size", HDR0, 27, REFUSED},
	{"header: the vault's tag", HDR0, 40, REFUSED},
	{"first record: page number", FIRST_REC, 3, REFUSED},
	{"first record: page body", FIRST_REC, 4 + 100, REFUSED},
	{"first record: checksum", FIRST_REC, 4 + 4096 + 3, REFUSED},
	{"last record of the first header: page number", LAST_REC, 3, REFUSED},
	{"last record of the first header: checksum", LAST_REC, 4 + 4096 + 3, REFUSED},
	{"second header: magic", HDR1, 7, REFUSED},
	{"second header: record count", HDR1, 11, REFUSED},
	{"second header: checksum seed", HDR1, 15, REFUSED},
};

static void
test_journal_tamper(const char *dir)
{
	for (size_t i = 0; i < sizeof journal_field / sizeof journal_field[0]; i++) {
		char name[32], journal[600], label[200];
		snprintf(name, sizeof name, "jt%zu.db", i);
		const char *p = fresh(dir, name);
		snprintf(journal, sizeof journal, "%s-journal", p);
		leave_hot_journal(p);
		struct layout l = layout_of(journal);
		long off = journal_field[i].off;
		if (journal_field[i].base == FIRST_REC)
			off += l.sector;
		else if (journal_field[i].base == LAST_REC)
			off += l.sector + (l.nrec0 - 1) * RECORD;
		else if (journal_field[i].base == HDR1)
			off += l.hdr1;
		if (l.nrec0 < 1 || l.hdr1 + 64 > tu_file_size(journal))
			tap_bail("the hot journal has no second header (%ld records)", l.nrec0);
		tu_flip_bit(journal, off, 0);
		struct scan s;
		enum outcome o = outcome_of(p, &s);
		snprintf(label, sizeof label, "hot journal, %s flipped: %s (%d rows right, %d wrong, "
		         "%d failed)", journal_field[i].what, outcome_name[journal_field[i].want],
		         s.good, s.wrong, s.failed);
		if (!ok(o == journal_field[i].want, "%s", label))
			tap_diag("  it was %s: %s", outcome_name[o], s.msg);
		else if (o == REFUSED)
			has_str(s.msg, "journal", "  the refusal names the journal");
	}
}

/* A hot journal cut inside the records its header counts: SQLite would
 * play back those before the cut and stop, leaving the file part old,
 * part new.  A crash cannot do it (the count is written after the
 * records are synced), so it is refused. */
static void
test_journal_cut(const char *dir)
{
	const char *p = fresh(dir, "jcut.db");
	char journal[600];
	struct scan s;

	snprintf(journal, sizeof journal, "%s-journal", p);
	leave_hot_journal(p);
	struct layout l = layout_of(journal);
	if (l.nrec0 < 2)
		tap_bail("the hot journal has too few records (%ld)", l.nrec0);
	if (truncate(journal, l.sector + (l.nrec0 / 2) * RECORD + 100) != 0)
		tap_bail("truncate");
	enum outcome o = outcome_of(p, &s);
	if (!ok(o == REFUSED, "hot journal cut inside its counted records: %s",
	        outcome_name[REFUSED]))
		tap_diag("  it was %s: %s", outcome_name[o], s.msg);
	else
		has_str(s.msg, "journal", "  the refusal names the journal");
}

/* What a crash leaves in the journal without any tampering must never be
 * refused: a journal cut off before its records were synced is passed by,
 * and the next change empties it before writing its own, so no leftover
 * bytes read as a header of the new one.  Its first byte zeroed after the
 * sync must not pass the rollback by. */
static void
test_journal_crash_states(const char *dir)
{
	const char *p = fresh(dir, "unsynced.db");
	char journal[600];
	struct scan s;
	uint8_t zero = 0;

	snprintf(journal, sizeof journal, "%s-journal", p);
	leave_journal(p, 2000, "UPDATE t SET v = 'changed-' || id;");
	long unsynced = tu_file_size(journal);
	ok(unsynced > 4096 && be32_at(journal, 0) == 0,
	   "a change killed before its records were synced leaves a journal without magic");
	enum outcome o = outcome_of(p, &s);
	ok(o == WHOLE, "  that journal is passed by: %s", outcome_name[o]);
	ok(tu_file_size(journal) == unsynced, "  and left where it is");
	leave_journal(p, 5, "UPDATE t SET v = 'again-' || id WHERE id <= 400;");
	if (!ok(be32_at(journal, 0) == 0xd9d505f9u && tu_file_size(journal) < unsynced,
	        "a smaller change killed after a spill, over the leftover journal"))
		tap_diag("  journal of %ld bytes, the leftover %ld", tu_file_size(journal), unsynced);
	o = outcome_of(p, &s);
	ok(o == WHOLE, "  its rollback is whole: %s", outcome_name[o]);
	if (o != WHOLE)
		tap_diag("  %s", s.msg);

	p = fresh(dir, "zeroed.db");
	snprintf(journal, sizeof journal, "%s-journal", p);
	leave_hot_journal(p);
	tu_write_at(journal, 0, &zero, 1);
	o = outcome_of(p, &s);
	ok(o == REFUSED, "hot journal, first byte zeroed: %s", outcome_name[o]);
	has_str(s.msg, "journal", "  the refusal names the journal");
}

/* The whole header put back from before a change: what it opens. */
static void
test_header_rollback(const char *dir)
{
	char err[DB_ERR_MAX];
	uint8_t old[VAULT_HEADER_SIZE];
	struct scan s;
	db *d;

	/* After a passphrase change and a save: the old passphrase opens the
	 * current records (the documented limit of passage(5)). */
	const char *p = fresh(dir, "hdr-pass.db");
	tu_read_at(p, 0, old, sizeof old);
	d = tu_open(p);
	ok(db_set_passphrase(d, TU_ADMIN, "a passphrase set later", DB_KDF_INTERACTIVE, 0) == 0,
	   "passphrase changed");
	tu_exec(d, "INSERT INTO t VALUES (2001, 'saved after the change')");
	db_close(d);
	tu_write_at(p, 0, old, sizeof old);
	ok(outcome_of(p, &s) == WHOLE, "old header put back after a passphrase change: %s",
	   outcome_name[WHOLE]);
	if (db_open(p, TU_ADMIN, TU_PASS, NULL, &d, err, sizeof err) == 0) {
		is_int(tu_int(d, "SELECT count(*) FROM t WHERE id = 2001"), 1,
		       "  the old passphrase opens a record saved after it was changed "
		       "(documented limit)");
		db_close(d);
	}
	ok(db_open(p, TU_ADMIN, "a passphrase set later", NULL, &d, err, sizeof err) != 0,
	   "  and the new passphrase no longer does");

	/* After a new data key moved every page: the old header's key opens
	 * none of them. */
	p = fresh(dir, "hdr-rotate.db");
	tu_read_at(p, 0, old, sizeof old);
	d = tu_open(p);
	ok(db_rotate_key(d) == 0, "data key rotated");
	db_close(d);
	tu_write_at(p, 0, old, sizeof old);
	ok(outcome_of(p, &s) == REFUSED, "old header put back after a new data key: %s",
	   outcome_name[REFUSED]);
	has_str(s.msg, "failed authentication", "  as an authentication failure");
}

/* A damaged copy of the header: read around, named by verify, and written
 * again by the next write. */
static void
test_damaged_copy(const char *dir)
{
	for (int c = 0; c < 2; c++) {
		char name[32], which = c ? 'B' : 'A';
		struct db_verify v;
		struct kr_header *h = malloc(sizeof *h);
		uint8_t *hdr = malloc(VAULT_HEADER_SIZE);
		if (!h || !hdr)
			tap_bail("out of memory");
		snprintf(name, sizeof name, "copy%c.db", which);
		const char *p = fresh(dir, name);
		tu_flip_bit(p, c * (VAULT_HEADER_SIZE / 2) + 300, 2); /* in the key slots */
		struct scan s = scan_rows(p);
		is_int(s.good, ROWS, which == 'A' ? "header copy A damaged: every row is read"
		                                  : "header copy B damaged: every row is read");
		db *d = tu_open(p);
		int rc = db_verify(d, &v);
		ok(rc == 0 && v.damaged_copy == which, "  verify names copy %c, after reads (got '%c')",
		   which, v.damaged_copy ? v.damaged_copy : '-');
		if (db_begin_write(d) != 0)
			tap_bail("begin: %s", db_errmsg(d));
		tu_exec(d, "INSERT INTO t VALUES (2001, 'the next write')");
		ok(db_commit(d) == 0, "  the next write is saved");
		ok(db_verify(d, &v) == 0 && v.damaged_copy == 0, "  and verify is clean after it");
		db_close(d);
		ok(keyring_read_file(p, hdr) == KR_OK && keyring_parse(hdr, h) == KR_OK &&
		   !h->other_damaged, "  both copies on the disk pass their checks");
		free(h);
		free(hdr);
	}
}

int
main(void)
{
	const char *dir;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	test_known_answer();
	test_flips(dir);
	test_relocation(dir);
	test_open_errors(dir);
	test_journal(dir);
	test_journal_tamper(dir);
	test_journal_cut(dir);
	test_journal_crash_states(dir);
	test_header_rollback(dir);
	test_damaged_copy(dir);
	return tap_done();
}
