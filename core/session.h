/* SPDX-License-Identifier: ISC */
/*
 * session.h - who is acting, with which role, and what time it is.
 *
 * Every model call takes a session: the rules about who may do what, the
 * audit chain and the clocks all need the acting user and "now".  Tests pin
 * the clock with fixed_now.  Errors are sentences a caseworker understands,
 * left in err; functions return 0 or -1.
 */
#ifndef PASSAGE_SESSION_H
#define PASSAGE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* ROLE_IMPORT: the account an unattended roster import runs as; it may
 * import the jail's roster and do nothing else (see access.h). */
enum role {
	ROLE_HEALTH = 0, ROLE_CASEWORKER, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_IMPORT, ROLE_COUNT
};

struct session {
	db *db;
	int64_t user_id;
	enum role role;
	char user[65];
	int64_t fixed_now; /* nonzero: the clock is pinned here (tests, demo) */
	/* Inside record_view_person: the person whose whole record is being
	 * read, its access checked once and its one audit row to come. */
	int64_t viewing;
	/* Transactions committed in this session that changed something (an
	 * audit row other than a view, a login or a logout): a screen showing
	 * a record reads it again only when this has moved since it read. */
	uint64_t saved;
	int changing; /* the transaction under way wrote such a row */
	/* Inside session_write or session_rehearse: a model call made there
	 * joins the transaction under way (a roster import is one). */
	int writing;
	/* Inside roster_import: the import account may write the bookings
	 * and releases the roster brings, and nothing else, ever. */
	int importing;
	/* Inside a write that gives up whole when any call in it fails (a
	 * roster import): a call joining it needs no savepoint of its own. */
	int whole;
	/* Statements kept prepared while a long job runs (sql_keep.h). */
	struct sql_keep *keep;
	/* People whose search rows wait for the end of a long write
	 * (search_index.h). */
	struct search_later *later;
	/* Words an import found common (candidate.h). */
	struct candidate_common *common;
	/* The clock settings, read once by an import (task_clock.h). */
	struct task_clock_memo *clocks;
	/* The chain head to send out of the file once the transaction under
	 * way commits (witness.h); seq 0: none due. */
	struct session_witness {
		int64_t seq;
		uint8_t mac[32];
		int login;
	} witness;
	int64_t witness_every; /* audit.witness_rows, read at login; 0: 100 */
	char err[DB_ERR_MAX];
};

const char *role_name(enum role r);
int role_parse(const char *s, enum role *out);

/* A session for the database's own bootstrap (no user yet). */
void session_system(struct session *s, db *d);

int64_t session_now(const struct session *s);
int session_fail(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The database's own error, as a sentence, into s->err; returns -1. */
int session_dbfail(struct session *s);

/* The acting user's display name into out (their user name if none). */
void session_display_name(struct session *s, char *out, size_t n);
/* Any user's display name ("" for id 0 or no such user): names on
 * records ("caseworker: ...", "by ..."), which any role may see. */
void session_user_name(struct session *s, int64_t user_id, char *out, size_t n);

/* Run fn inside one write transaction: all of it or none of it.  Inside
 * a whole-record view (record_view_person) a call joins the view's
 * transaction; inside another write (an import) it joins that one under
 * a savepoint, so a call that fails leaves nothing of itself behind. */
int session_write(struct session *s, int (*fn)(struct session *, void *), void *arg);
/* The same, then rolled back whatever fn did: what a change would do,
 * changing nothing (a dry run).  fn's result is returned. */
int session_rehearse(struct session *s, int (*fn)(struct session *, void *), void *arg);

#endif
