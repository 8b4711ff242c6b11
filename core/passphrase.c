/* SPDX-License-Identifier: ISC */
/*
 * passphrase.c - passphrase changes, audited (see passphrase.h).
 *
 * A passphrase lives in the header's key slot, written beside SQLite's
 * transactions, not in them: the change and its audit row cannot commit
 * as one.  A holder's change is recorded once it is in effect (a row for
 * each change made); the recovery code's use is recorded before anything
 * changes, since the code has been used whatever follows.
 */
#include "passphrase.h"

#include <string.h>

#include "audit.h"
#include "sql.h"

struct who {
	const char *name;
	int64_t id;
	enum role role;
	int active;
	int refused;
};

static int
find_user(struct session *s, struct who *w)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, "SELECT id, role, active FROM user WHERE name = ?1 COLLATE NOCASE",
	             &st) != 0)
		return -1;
	sqlite3_bind_text(st, 1, w->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		w->id = sqlite3_column_int64(st, 0);
		role_parse((const char *)sqlite3_column_text(st, 1), &w->role);
		w->active = sqlite3_column_int(st, 2);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, rc);
}

static int
log_changed(struct session *s, void *arg)
{
	struct who *w = arg;

	if (find_user(s, w) != 0)
		return -1;
	if (!w->id)
		return session_fail(s, "there is no user '%s' in this database", w->name);
	/* The holder acts, logged in or not (a temporary passphrase is
	 * changed before any login). */
	s->user_id = w->id;
	return audit_log(s, "passwd", "user", w->id, 0, "passphrase changed by its holder");
}

int
passphrase_change(struct session *s, const char *user, const char *pass)
{
	struct who w = {user, 0, ROLE_HEALTH, 0, 0};
	int64_t acting = s->user_id;
	int rc;

	if (db_set_passphrase(s->db, user, pass, DB_KDF_AUTO, 0) != 0)
		return session_fail(s, "the passphrase was not changed: %s", db_errmsg(s->db));
	rc = session_write(s, log_changed, &w);
	s->user_id = acting;
	if (rc != 0)
		return session_fail(s, "the passphrase was changed, but the audit log could not "
		                    "record it (%s)", db_errmsg(s->db));
	return 0;
}

static int
log_recover(struct session *s, void *arg)
{
	struct who *w = arg;

	if (find_user(s, w) != 0)
		return -1;
	if (!w->id)
		return session_fail(s, "there is no user '%s' in this database; check the spelling",
		                    w->name);
	/* Someone holds the code and tried it on another account: that is
	 * worth a row of its own. */
	if (w->role != ROLE_ADMIN || !w->active) {
		w->refused = 1;
		return audit_log(s, "recover_refused", "user", w->id, 0,
		                 "recovery code used for someone who is not an active admin; "
		                 "nothing was changed");
	}
	return audit_log(s, "recover", "user", w->id, 0,
	                 "recovery code used for a new passphrase for this admin");
}

int
passphrase_recover_check(struct session *s, const char *user)
{
	struct who w = {user, 0, ROLE_HEALTH, 0, 0};

	if (session_write(s, log_recover, &w) != 0)
		return -1;
	if (w.refused)
		return session_fail(s, "the recovery code sets an admin's passphrase only, and '%s' "
		                    "is not an active admin: nothing was changed", user);
	return 0;
}
