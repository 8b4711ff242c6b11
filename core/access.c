/* SPDX-License-Identifier: ISC */
/*
 * access.c - who may see and change whose record (see access.h).
 */
#include "access.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "sql.h"

int
access_role_can_see_cases(enum role r)
{
	return r != ROLE_ADMIN && r != ROLE_IMPORT;
}

int
access_refuse_import(struct session *s)
{
	return s->role == ROLE_IMPORT && !s->importing ? session_fail(s, "%s", ACCESS_IMPORT_ONLY)
	                                                : 0;
}

int
access_person_exists(struct session *s, int64_t person_id)
{
	int64_t n;

	if (sql_query_i64(s, "SELECT count(*) FROM person WHERE id = ?1", person_id, 0, &n,
	                  NULL) != 0)
		return session_dbfail(s);
	return n ? 0 : session_fail(s, "no such person");
}

/* Three parameters: one more than sql_query_i64 takes. */
static int
glass_open(struct session *s, int64_t person_id, int *open)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT count(*) FROM break_glass WHERE user_id = ?1 AND "
	             "person_id = ?2 AND expires_at > ?3", &st) != 0)
		return -1;
	rc = sql_bind_int(st, 1, s->user_id, SQLITE_OK);
	rc = sql_bind_int(st, 2, person_id, rc);
	rc = sql_bind_int(st, 3, session_now(s), rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	*open = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

int
access_person(struct session *s, int64_t person_id, enum access_kind kind, int *why_glass)
{
	int64_t n;
	int open;

	if (why_glass)
		*why_glass = 0;
	if (access_refuse_import(s) != 0)
		return -1;
	if (access_person_exists(s, person_id) != 0)
		return -1;
	switch (s->role) {
	case ROLE_SUPERVISOR:
		return 0;
	case ROLE_IMPORT: /* only inside an import: access_refuse_import */
		return 0;
	case ROLE_CASEWORKER:
		if (sql_query_i64(s, "SELECT count(*) FROM person WHERE id = ?1 AND "
		                  "caseworker_id = ?2", person_id, s->user_id, &n, NULL) != 0)
			return session_dbfail(s);
		if (n)
			return 0;
		break;
	case ROLE_HEALTH:
		if (sql_query_i64(s, "SELECT count(*) FROM stay WHERE person_id = ?1 AND "
		                  "(released_at IS NULL OR released_at > ?2)", person_id,
		                  session_now(s) - (int64_t)ACCESS_HEALTH_DAYS * 86400, &n,
		                  NULL) != 0)
			return session_dbfail(s);
		if (n)
			return 0;
		break;
	case ROLE_ADMIN:
	default:
		break;
	}
	/* A person this user added lately and nobody has taken on yet: theirs
	 * to go on with.  Once the person has a caseworker, the case is that
	 * caseworker's, and the usual rules apply again. */
	if (s->role != ROLE_ADMIN) {
		int mine;
		if (sql_query_i64(s, "SELECT created_at FROM person WHERE id = ?1 AND "
		                  "created_by = ?2 AND caseworker_id IS NULL", person_id,
		                  s->user_id, &n, &mine) != 0)
			return session_dbfail(s);
		if (mine && n > session_now(s) - (int64_t)ACCESS_CREATOR_DAYS * 86400)
			return 0;
	}
	if (glass_open(s, person_id, &open) != 0)
		return session_dbfail(s);
	if (open)
		return 0;
	if (why_glass)
		*why_glass = 1;
	return session_fail(s, "needs break-the-glass: this person is not on your caseload%s",
	                    kind == ACCESS_WRITE ? " (nothing was changed)" : "");
}
