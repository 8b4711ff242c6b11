/* SPDX-License-Identifier: ISC */
/*
 * unit_witness.c - what the chain alone cannot see, and what a witnessed
 * head can.
 *
 * Every key slot yields the audit key, so anyone who holds a passphrase
 * and runs their own code against the library can drop the triggers,
 * change a row and compute every MAC after it again: the chain verifies.
 * Cutting rows off the end leaves a valid chain too.  These tests do
 * both, as such an insider would (a caseworker's own passphrase, the
 * audit key from the keyring, the MAC as audit.c documents it), and check
 * that the chain alone still says intact, and that a head witnessed
 * earlier (taken from the lines the program sent out) catches each.
 *
 * The lines are caught through witness_set_sink, so nothing here depends
 * on the machine's syslog; the real sink is the one every test build
 * uses everywhere else.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "keyring.h"
#include "login.h"
#include "session.h"
#include "tap.h"
#include "user.h"
#include "util.h"
#include "witness.h"

#define NOW 1790000000 /* 2026-09-21, a fixed clock */
#define CW "casey"
#define CW_PASS "caseworker passphrase"

static db *
create_with_admin(const char *path)
{
	struct db_options o = {.on_create = user_bootstrap, .on_create_ctx = (void *)TU_ADMIN};

	return tu_create_opts(path, &o);
}

static int
begin(struct session *s, db *d, const char *name)
{
	memset(s, 0, sizeof *s);
	s->fixed_now = NOW;
	return login_as(s, d, name);
}

/* The lines the program sent to its witness, newest last. */
static char sent[64][320];
static int nsent;

static void
catch_line(const char *line)
{
	if (nsent < 64)
		snprintf(sent[nsent++], sizeof sent[0], "%s", line);
}

/* The head in the newest line sent, as a supervisor would copy it from
 * the system log. */
static struct audit_mark
last_witnessed(void)
{
	struct audit_mark m;
	char head[100];

	if (nsent == 0 || sscanf(sent[nsent - 1], "audit chain head %99s", head) != 1 ||
	    audit_mark_parse(head, &m) != 0)
		tap_bail("no head witnessed (%d lines)", nsent);
	return m;
}

/* A file with a caseworker and a few dozen rows; *m is the head the
 * witness was sent at the tenth login. */
static void
fill(const char *path, struct audit_mark *m)
{
	struct session s;
	db *d = create_with_admin(path);

	if (begin(&s, d, TU_ADMIN) != 0 ||
	    user_add(&s, CW, "Casey Doe", ROLE_CASEWORKER, CW_PASS, DB_KDF_INTERACTIVE) != 0)
		tap_bail("set up %s: %s", path, s.err);
	for (int i = 0; i < 10; i++)
		begin(&s, d, TU_ADMIN);
	*m = last_witnessed();
	for (int i = 0; i < 10; i++)
		begin(&s, d, TU_ADMIN);
	db_close(d);
}

static void
put_i64(crypto_generichash_state *g, int64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)((uint64_t)v >> (8 * i));
	crypto_generichash_update(g, b, 8);
}

static void
put_text(crypto_generichash_state *g, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	uint32_t n = t ? (uint32_t)sqlite3_column_bytes(st, col) : 0xffffffffu;
	uint8_t b[4];

	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(n >> (8 * i));
	crypto_generichash_update(g, b, 4);
	if (t && n)
		crypto_generichash_update(g, t, n);
}

/* The insider's own code: every MAC from row `from` on, computed again
 * under the audit key their passphrase unlocks. */
static void
remac(db *d, int64_t from)
{
	uint8_t key[32], prev[32] = {0}, mac[32];
	sqlite3_stmt *st, *up;

	keyring_audit_key(db_keyring(d), key);
	tu_exec(d, "BEGIN IMMEDIATE");
	if (sqlite3_prepare_v2(db_sql(d), "SELECT seq, at, user_id, entity_id, person_id, action, "
	                       "entity, detail, mac FROM audit ORDER BY seq", -1, &st, NULL) != 0 ||
	    sqlite3_prepare_v2(db_sql(d), "UPDATE audit SET mac = ?1 WHERE seq = ?2", -1, &up,
	                       NULL) != 0)
		tap_bail("prepare: %s", sqlite3_errmsg(db_sql(d)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		crypto_generichash_state g;

		if (seq < from) {
			memcpy(prev, sqlite3_column_blob(st, 8), 32);
			continue;
		}
		crypto_generichash_init(&g, key, 32, 32);
		crypto_generichash_update(&g, prev, 32);
		for (int c = 0; c < 5; c++)
			put_i64(&g, sqlite3_column_int64(st, c));
		for (int c = 5; c < 8; c++)
			put_text(&g, st, c);
		crypto_generichash_final(&g, mac, 32);
		sqlite3_bind_blob(up, 1, mac, 32, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 2, seq);
		if (sqlite3_step(up) != SQLITE_DONE)
			tap_bail("update: %s", sqlite3_errmsg(db_sql(d)));
		sqlite3_reset(up);
		memcpy(prev, mac, 32);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	tu_exec(d, "COMMIT");
	sodium_memzero(key, sizeof key);
}

static db *
open_as_caseworker(const char *path)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, CW, CW_PASS, NULL, &d, err, sizeof err) != 0)
		tap_bail("open %s as %s: %s", path, CW, err);
	return d;
}

static struct audit_mark
mark_of(const struct audit_head *h)
{
	char text[40];
	struct audit_mark m;

	audit_head_text(h, text);
	if (audit_mark_parse(text, &m) != 0)
		tap_bail("the head as printed (%s) does not read back", text);
	return m;
}

static int
many_rows(struct session *s, void *fail)
{
	for (int i = 0; i < 7; i++)
		if (audit_log(s, "setting", "setting", 0, 0, "test") != 0)
			return -1;
	return fail ? session_fail(s, "given up") : 0;
}

static void
test_line(void)
{
	uint8_t mac[32];
	char line[320];

	for (int i = 0; i < 32; i++)
		mac[i] = (uint8_t)(0xa0 + i);
	witness_line(line, sizeof line, "/srv/passage/re\033entry.db", 120, mac, 1);
	is_str(line, "audit chain head 120:a0a1a2a3a4a5a6a7 file=/srv/passage/re?entry.db "
	       "at=login", "the witness line: the head, the file, why");
	witness_line(line, sizeof line, "/srv/x\ny.db", 7, mac, 0);
	has_str(line, "file=/srv/x?y.db at=rows", "  a control character in the path goes as ?");
}

static void
test_sent(const char *dir)
{
	const char *p = tu_path(dir, "sent.db");
	struct audit_head h;
	struct session s;
	char want[40];
	int before;
	db *d = create_with_admin(p);

	nsent = 0;
	begin(&s, d, TU_ADMIN);
	audit_head(d, &h);
	audit_head_text(&h, want);
	ok(nsent == 1, "a login sends one line (%d)", nsent);
	has_str(sent[0], want, "  with the head after the login row");
	has_str(sent[0], "at=login", "  saying why");
	has_str(sent[0], p, "  and naming the file");

	tu_exec(d, "UPDATE setting SET value = '5' WHERE key = 'audit.witness_rows'");
	tu_exec(d, "INSERT OR IGNORE INTO setting (key, value) VALUES ('audit.witness_rows', '5')");
	begin(&s, d, TU_ADMIN); /* reads the setting afresh */
	before = nsent;
	ok(session_write(&s, many_rows, NULL) == 0, "seven rows in one transaction");
	audit_head(d, &h);
	ok(nsent == before + 1, "  send one line (%d)", nsent - before);
	snprintf(want, sizeof want, "head %lld:", (long long)(h.seq - h.seq % 5));
	has_str(sent[nsent - 1], want, "  with the head at the last multiple of 5 rows");
	has_str(sent[nsent - 1], "at=rows", "  saying why");
	before = nsent;
	ok(session_write(&s, many_rows, "fail") != 0 && nsent == before,
	   "seven rows rolled back send nothing: no head is witnessed that the file never held");
	before = nsent;
	ok(session_write(&s, many_rows, NULL) == 0 && nsent == before + 1,
	   "  and the next seven, committed, send their line");
	db_close(d);
}

static void
test_parse(void)
{
	struct audit_mark m;
	static const char *const bad[] = {"", "12", ":3fa94c0e1b7d2a55", "0:3fa94c0e1b7d2a55",
	                                  "-1:3fa94c0e1b7d2a55", "12:3fa94c0e1b7d2a5",
	                                  "12:3fa94c0e1b7d2a5x", "x12:3fa94c0e1b7d2a55",
	                                  "12 :3fa94c0e1b7d2a55", "12:3fa94c0e1b7d2a550"};
	int refused = 0;

	ok(audit_mark_parse("120:3fa94c0e1b7d2a55", &m) == 0 && m.seq == 120 && m.n == 8 &&
	   m.mac[0] == 0x3f && m.mac[7] == 0x55, "a head as printed reads back");
	ok(audit_mark_parse("7:3FA94C0E1B7D2A553FA94C0E1B7D2A553FA94C0E1B7D2A553FA94C0E1B7D2A55",
	                    &m) == 0 && m.n == 32, "  and a whole MAC, in capitals");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused += audit_mark_parse(bad[i], &m) != 0;
	ok(refused == (int)(sizeof bad / sizeof *bad), "%d of %zu malformed heads refused", refused,
	   sizeof bad / sizeof *bad);
}

static void
test_rewrite(const char *dir)
{
	const char *p = tu_path(dir, "rewrite.db");
	struct audit_head now;
	struct audit_mark m;
	char err[DB_ERR_MAX];
	int64_t rows, bad;
	int rc;
	db *d;

	fill(p, &m);
	d = open_as_caseworker(p);
	ok(audit_verify_marks(d, &m, 1, &rows, &bad, err, sizeof err) == 0,
	   "an honest log passes through the head noted earlier");
	/* Rewrite row 4 (a login) and everything after it. */
	tu_exec(d, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
	tu_exec(d, "UPDATE audit SET detail = 'nothing to see' WHERE seq = 4");
	remac(d, 4);
	ok(audit_verify(d, &rows, &bad, err, sizeof err) == 0,
	   "a caseworker's rewrite passes the chain alone (the limit): %lld rows", (long long)rows);
	audit_head(d, &now);
	ok(now.seq > m.seq, "  and the log still runs past the witnessed head");
	rc = audit_verify_marks(d, &m, 1, &rows, &bad, err, sizeof err);
	ok(rc != 0 && bad == m.seq, "the witnessed head catches it at row %lld", (long long)bad);
	has_str(err, "rewritten", "  saying the log was rewritten");
	db_close(d);
}

static void
test_cut(const char *dir)
{
	const char *p = tu_path(dir, "cut.db");
	struct audit_head noted;
	struct audit_mark m[2];
	char err[DB_ERR_MAX];
	int64_t rows, bad;
	int rc;
	db *d;

	fill(p, &m[0]);
	d = open_as_caseworker(p);
	audit_head(d, &noted);
	m[1] = mark_of(&noted);
	ok(audit_verify_marks(d, m, 2, &rows, &bad, err, sizeof err) == 0,
	   "an honest log passes through two heads noted earlier");
	tu_exec(d, "DROP TRIGGER audit_no_delete;");
	tu_exec(d, "DELETE FROM audit WHERE seq > 5");
	ok(audit_verify(d, &rows, &bad, err, sizeof err) == 0 && rows == 5,
	   "a log cut to 5 rows passes the chain alone (the limit)");
	rc = audit_verify_marks(d, m, 2, &rows, &bad, err, sizeof err);
	ok(rc != 0 && bad == m[0].seq, "the witnessed head catches the cut: row %lld",
	   (long long)bad);
	has_str(err, "missing", "  naming the row missing");
	has_str(err, "cut off", "  and the log cut");
	db_close(d);
}

int
main(void)
{
	const char *dir = tu_tmpdir();

	if (sodium_init() < 0)
		tap_bail("sodium_init");
	witness_set_sink(catch_line);
	test_parse();
	test_line();
	test_sent(dir);
	test_rewrite(dir);
	test_cut(dir);
	return tap_done();
}
