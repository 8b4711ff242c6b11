/* SPDX-License-Identifier: ISC */
/*
 * audit.c - the hash-chained audit log.
 *
 * mac(n) = BLAKE2b-256, keyed by the audit key, over
 *   mac(n-1) (32 zero bytes for the first row) | seq | at | user_id |
 *   entity_id | person_id   (each 8 bytes, little-endian, 0 for NULL) |
 *   action | entity | detail (each a 4-byte little-endian length, then
 *   the bytes; a NULL is length 0xffffffff).
 * The audit key comes from the audit root key in the header, which
 * survives key rotations, so the chain verifies across them.
 */
#include "audit.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "sql.h"
#include "sql_keep.h"
#include "witness.h"

static void
put_i64(crypto_generichash_state *h, int64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)((uint64_t)v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

static void
put_text(crypto_generichash_state *h, const unsigned char *t, int n)
{
	uint8_t b[4];
	uint32_t len = t ? (uint32_t)n : 0xffffffffu;

	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(len >> (8 * i));
	crypto_generichash_update(h, b, 4);
	if (t && n > 0)
		crypto_generichash_update(h, t, (size_t)n);
}

struct row {
	int64_t seq, at, user_id, entity_id, person_id;
	const unsigned char *action, *entity, *detail;
	int action_n, entity_n, detail_n;
};

static void
row_mac(const uint8_t key[32], const uint8_t prev[32], const struct row *r, uint8_t out[32])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, key, 32, 32);
	crypto_generichash_update(&h, prev, 32);
	put_i64(&h, r->seq);
	put_i64(&h, r->at);
	put_i64(&h, r->user_id);
	put_i64(&h, r->entity_id);
	put_i64(&h, r->person_id);
	put_text(&h, r->action, r->action_n);
	put_text(&h, r->entity, r->entity_n);
	put_text(&h, r->detail, r->detail_n);
	crypto_generichash_final(&h, out, 32);
	sodium_memzero(&h, sizeof h);
}

static const char head_sql[] = "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1";

/* The head from st (head_sql), stepped once; the caller ends st. */
static int
read_head(db *d, sqlite3_stmt *st, struct audit_head *h)
{
	int rc = sqlite3_step(st);

	memset(h, 0, sizeof *h);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 32) {
		h->seq = sqlite3_column_int64(st, 0);
		memcpy(h->mac, sqlite3_column_blob(st, 1), 32);
	}
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(d, rc);
}

int
audit_head(db *d, struct audit_head *h)
{
	sqlite3_stmt *st;
	int rc;

	memset(h, 0, sizeof *h);
	rc = sqlite3_prepare_v2(db_sql(d), head_sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(d, rc);
	rc = read_head(d, st, h);
	sqlite3_finalize(st);
	return rc;
}

void
audit_head_text(const struct audit_head *h, char out[40])
{
	char hex[17];

	sodium_bin2hex(hex, sizeof hex, h->mac, 8);
	snprintf(out, 40, "%lld:%s", (long long)h->seq, hex);
}

/* Whether a row of this action means something was saved (session.h's
 * saved): reading and logging in or out change no record. */
static int
changes_records(const char *action)
{
	static const char *const reads[] = {"view", "login", "login_failed", "login_failed_more",
	                                    "logout", "view_refused"};

	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++)
		if (strcmp(action, reads[i]) == 0)
			return 0;
	return 1;
}

/* Notes the head after this row for the witness (witness.h) when it is a
 * login or its number a multiple of audit.witness_rows; session_write
 * sends it once the row is committed. */
static void
witness_due(struct session *s, int64_t seq, const uint8_t mac[32], int login)
{
	/* Read at login (login_begin), after its transaction: a setting
	 * that cannot be read here would take the write down with it. */
	int64_t every = s->witness_every > 0 ? s->witness_every : WITNESS_EVERY;

	if (!login && seq % every != 0)
		return;
	s->witness.seq = seq;
	memcpy(s->witness.mac, mac, 32);
	s->witness.login = login;
}

int
audit_log(struct session *s, const char *action, const char *entity, int64_t entity_id,
          int64_t person_id, const char *detail)
{
	struct audit_head head;
	struct row r = {0};
	uint8_t key[32], mac[32];
	sqlite3_stmt *st;
	int rc;

	/* The caller holds the write lock, so the head cannot move. */
	assert(db_in_write(s->db));
	/* A whole-record view reads through the list calls of each part of
	 * the record; its one row is written by record_view_person. */
	assert(!s->viewing || strcmp(action, "view") != 0 || person_id != s->viewing);
	if (changes_records(action))
		s->changing = 1;
	if (sql_prep_kept(s, head_sql, &st) != 0)
		return -1;
	rc = read_head(s->db, st, &head);
	sql_done(s, st);
	if (rc != 0)
		return -1;
	r.seq = head.seq + 1;
	r.at = session_now(s);
	r.user_id = s->user_id;
	r.entity_id = entity_id;
	r.person_id = person_id;
	r.action = (const unsigned char *)action;
	r.action_n = (int)strlen(action);
	r.entity = (const unsigned char *)entity;
	r.entity_n = entity ? (int)strlen(entity) : 0;
	r.detail = (const unsigned char *)detail;
	r.detail_n = detail ? (int)strlen(detail) : 0;
	keyring_audit_key(db_keyring(s->db), key);
	row_mac(key, head.mac, &r, mac);
	sodium_memzero(key, sizeof key);
	witness_due(s, r.seq, mac, strcmp(action, "login") == 0);

	if (sql_prep_kept(s, "INSERT INTO audit (seq, at, user_id, action, entity, entity_id, "
	                  "person_id, detail, mac) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", &st) != 0)
		return -1;
	/* Text exactly as given (a NULL stays NULL, "" stays ""): the MAC
	 * above was computed over it, and verify reads it back. */
	rc = sql_bind_int(st, 1, r.seq, SQLITE_OK);
	rc = sql_bind_int(st, 2, r.at, rc);
	rc = sql_bind_id(st, 3, r.user_id, rc);
	rc = sql_bind_str(st, 4, action, rc);
	rc = sql_bind_str(st, 5, entity, rc);
	rc = sql_bind_id(st, 6, entity_id, rc);
	rc = sql_bind_id(st, 7, person_id, rc);
	rc = sql_bind_str(st, 8, detail, rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(st, 9, mac, 32, SQLITE_STATIC);
	return sql_finish(s, st, rc);
}

static const unsigned char *
col_text(sqlite3_stmt *st, int i, int *n)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	*n = t ? sqlite3_column_bytes(st, i) : 0;
	return t;
}

int
audit_mark_parse(const char *text, struct audit_mark *m)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	const char *hex = colon ? colon + 1 : NULL;
	size_t digits = hex ? strlen(hex) : 0, got = 0;
	char *end;

	memset(m, 0, sizeof *m);
	if (!colon || colon == text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	m->seq = strtoll(text, &end, 10);
	if (end != colon || errno || m->seq < 1 || digits < 16 || digits > 64 || digits % 2 ||
	    strspn(hex, "0123456789abcdefABCDEF") != digits ||
	    sodium_hex2bin(m->mac, sizeof m->mac, hex, digits, NULL, &got, NULL) != 0)
		return -1;
	m->n = got;
	return 0;
}

/* Checks row r (its MAC just computed) against every mark on it: 0, or -1
 * with the sentence in err. */
static int
check_marks(const struct audit_mark *marks, int n, int64_t seq, const uint8_t mac[32],
            char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		char noted[80];

		if (marks[i].seq != seq || sodium_memcmp(marks[i].mac, mac, marks[i].n) == 0)
			continue;
		sodium_bin2hex(noted, sizeof noted, marks[i].mac, marks[i].n);
		snprintf(err, errlen, "audit row %lld is not the row witnessed earlier as head "
		         "%lld:%s: the log was rewritten at or before that row", (long long)seq,
		         (long long)seq, noted);
		return -1;
	}
	return 0;
}

/* After the walk: a mark past the last row means rows were cut off. */
static int64_t
mark_past(const struct audit_mark *marks, int n, int64_t last, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		if (marks[i].seq <= last)
			continue;
		snprintf(err, errlen, "audit row %lld, witnessed earlier as a chain head, is missing: "
		         "the log now ends at row %lld, so rows were cut off its end",
		         (long long)marks[i].seq, (long long)last);
		return marks[i].seq;
	}
	return 0;
}

int
audit_verify(db *d, int64_t *rows, int64_t *bad, char *err, size_t errlen)
{
	return audit_verify_marks(d, NULL, 0, rows, bad, err, errlen);
}

int
audit_verify_marks(db *d, const struct audit_mark *marks, int n, int64_t *rows, int64_t *bad,
                   char *err, size_t errlen)
{
	uint8_t key[32], prev[32] = {0}, mac[32];
	sqlite3_stmt *st;
	int64_t expect = 1;
	int rc;

	assert(n == 0 || marks != NULL);
	*rows = 0;
	*bad = 0;
	if (db_begin_read(d) != 0) {
		snprintf(err, errlen, "%s", db_errmsg(d));
		return -1;
	}
	rc = sqlite3_prepare_v2(db_sql(d),
	                        "SELECT seq, at, user_id, entity_id, person_id, action, entity, "
	                        "detail, mac FROM audit ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(d, rc);
		db_rollback(d);
		snprintf(err, errlen, "%s", db_errmsg(d));
		return -1;
	}
	keyring_audit_key(db_keyring(d), key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct row r;
		r.seq = sqlite3_column_int64(st, 0);
		r.at = sqlite3_column_int64(st, 1);
		r.user_id = sqlite3_column_int64(st, 2);
		r.entity_id = sqlite3_column_int64(st, 3);
		r.person_id = sqlite3_column_int64(st, 4);
		r.action = col_text(st, 5, &r.action_n);
		r.entity = col_text(st, 6, &r.entity_n);
		r.detail = col_text(st, 7, &r.detail_n);
		row_mac(key, prev, &r, mac);
		if (r.seq != expect || sqlite3_column_bytes(st, 8) != 32 ||
		    sodium_memcmp(mac, sqlite3_column_blob(st, 8), 32) != 0) {
			*bad = r.seq != expect ? expect : r.seq;
			snprintf(err, errlen, r.seq != expect
			         ? "audit row %lld is missing: the log was cut or altered"
			         : "audit row %lld does not match its chain: the log was altered",
			         (long long)*bad);
			break;
		}
		if (check_marks(marks, n, r.seq, mac, err, errlen) != 0) {
			*bad = r.seq;
			break;
		}
		memcpy(prev, mac, 32);
		expect++;
		(*rows)++;
	}
	sqlite3_finalize(st);
	sodium_memzero(key, sizeof key);
	db_rollback(d);
	if (*bad)
		return -1;
	if (rc != SQLITE_DONE) {
		db_fail(d, rc);
		snprintf(err, errlen, "%s", db_errmsg(d));
		return -1;
	}
	if ((*bad = mark_past(marks, n, *rows, err, errlen)) != 0)
		return -1;
	return 0;
}
