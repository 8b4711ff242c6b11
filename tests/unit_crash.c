/* SPDX-License-Identifier: ISC */
/*
 * unit_crash.c - kill -9 at random moments; every acknowledged
 * transaction must survive whole, none other may be there in part, and
 * the structure must stay whole.
 *
 * A child saves in a loop through the model, each save one transaction
 * across tables, as a caseworker's would be: a new person (and its audit
 * row), a stay booked and its release recorded (which starts the
 * follow-up clocks: task rows, audit rows), then a contact that reached
 * the person (which closes the 48-hour task, moves the person's last
 * activity, and is audited), with a note of random length so that saves
 * span pages.  Only after the commit returns does it write the save's
 * number to a pipe: that is its acknowledgement.  The parent kills it
 * with SIGKILL at a random moment, reopens the database (rolling back any
 * hot journal through the vault) and counts, for every save it finds,
 * the parts it has.  A save with all its parts is whole; an acknowledged
 * save not whole is lost; a save with some of its parts, or an audit row
 * about a person who is not there, is torn.
 *
 * CRASH_RUNS sets the number of kills (default 20; `make crash N=500`).
 * The writer keeps a write-ahead log, as Passage does: the kill then
 * leaves a -wal file whose frames the vault must hand back to SQLite's
 * recovery with zeroed reserved bytes.  CRASH_ROLLBACK=1 keeps a rollback
 * journal instead (db_options.rollback), whose hot journal the vault must
 * play back.
 * The counts go to stderr as well, so that prove shows them.
 *
 * Two other builds of this file test the test:
 *   build/tests/crash_leaky  linked against a vault that, once the schema
 *                            is built, skips the reserve zeroing (and lets
 *                            such pages back); tests/crash_sees_leak.sh
 *                            checks that the loop runs and FAILS;
 *   build/tests/crash_torn   built with CRASH_TEST_TORN: the child commits
 *                            each save in two steps; tests/crash_sees_torn.sh
 *                            checks that it FAILS and names the torn saves.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "contact.h"
#include "fixture.h"
#include "vault.h"

static struct db_options opts; /* .rollback from CRASH_ROLLBACK */

#define CODE_PREFIX "CR"
/* A save's parts: the person, the stay released, the contact, the task it
 * closed, and the audit rows creating the person and the contact and
 * closing the task. */
#define WHOLE_PARTS 7
#define NOW (T0 + 30 * DAY)

struct save {
	int seq;
	int64_t person, stay;
	char note[2001];
};

static int
save_person(struct session *s, void *arg)
{
	struct save *v = arg;
	char code[32];
	struct person p = {0};
	struct stay_booking b = {0};

	snprintf(code, sizeof code, CODE_PREFIX "%07d", v->seq);
	p.participant_code = code;
	if (person_create(s, &p) != 0)
		return -1;
	v->person = p.id;
	b.person_id = p.id;
	b.facility_id = 1;
	b.booked_at = NOW - 10 * DAY;
	return stay_book(s, &b, &v->stay);
}

static int
save_contact(struct session *s, void *arg)
{
	struct save *v = arg;

	if (stay_record_release(s, v->stay, NOW - HOUR, "court", 0) != 0)
		return -1;
	return contact_record(s, v->person, NOW, "phone", "reached", v->note, NULL);
}

#ifdef CRASH_TEST_TORN
/* The bug this build stands for: one save committed in two steps. */
static int
save(struct session *s, struct save *v)
{
	if (session_write(s, save_person, v) != 0)
		return -1;
	return session_write(s, save_contact, v);
}
#else
static int
save_whole(struct session *s, void *arg)
{
	return save_person(s, arg) != 0 ? -1 : save_contact(s, arg);
}

static int
save(struct session *s, struct save *v)
{
	return session_write(s, save_whole, v);
}
#endif

static void
child(const char *path, int ack, int start)
{
	char err[DB_ERR_MAX];
	struct session s;
	struct save v;

	if (db_open(path, TU_ADMIN, TU_PASS, &opts, &d, err, sizeof err) != 0)
		_exit(3);
	as(&s, "cal", NOW);
	int ready = -1; /* unlocked: the kill clock starts now */
	if (write(ack, &ready, sizeof ready) != (ssize_t)sizeof ready)
		_exit(5);
	srand((unsigned)getpid());
	for (v.seq = start;; v.seq++) {
		int len = 50 + rand() % 1950;
		memset(v.note, 'n', (size_t)len);
		v.note[len] = 0;
		if (save(&s, &v) != 0) {
			fprintf(stderr, "save %d: %s\n", v.seq, s.err);
			_exit(4);
		}
		if (write(ack, &v.seq, sizeof v.seq) != (ssize_t)sizeof v.seq)
			_exit(5);
	}
}

/* The same for every frame of the write-ahead log that opens, if there
 * is one (a frame torn by the kill does not open, and SQLite ignores it). */
static int
wal_clean(void)
{
	sqlite3_file *w = NULL;
	sqlite3_int64 size = 0;
	uint8_t page[VAULT_PAGE_SIZE];
	int bad = 0;

	if (opts.rollback)
		return 1;
	if (db_begin_read(d) != 0)
		return 0;
	sqlite3_file_control(db_sql(d), "main", SQLITE_FCNTL_JOURNAL_POINTER, &w);
	if (w && w->pMethods && w->pMethods->xFileSize(w, &size) == SQLITE_OK)
		for (sqlite3_int64 off = 32 + 24; off + VAULT_PAGE_SIZE <= size; off += 24 + VAULT_PAGE_SIZE)
			if (w->pMethods->xRead(w, page, VAULT_PAGE_SIZE, off) == SQLITE_OK)
				for (unsigned i = VAULT_BODY; i < VAULT_PAGE_SIZE; i++)
					if (page[i]) {
						bad++;
						break;
					}
	db_rollback(d);
	return bad == 0;
}

/* SQLite's view of every page must have its 40 reserved bytes zero: read
 * each page through the same file handle SQLite uses. */
static int
reserve_clean(void)
{
	sqlite3_file *f = NULL;
	uint8_t page[VAULT_PAGE_SIZE];
	long long pages = tu_int(d, "PRAGMA page_count");
	int bad = 0;

	if (db_begin_read(d) != 0)
		return 0;
	sqlite3_file_control(db_sql(d), "main", SQLITE_FCNTL_FILE_POINTER, &f);
	for (long long n = 1; f && n <= pages; n++) {
		int rc = f->pMethods->xRead(f, page, VAULT_PAGE_SIZE, (n - 1) * VAULT_PAGE_SIZE);
		if (rc == SQLITE_IOERR_SHORT_READ && !opts.rollback)
			continue; /* a page still only in the write-ahead log */
		if (rc != SQLITE_OK) {
			bad++;
			continue;
		}
		for (unsigned i = VAULT_BODY; i < VAULT_PAGE_SIZE; i++)
			if (page[i]) {
				bad++;
				break;
			}
	}
	db_rollback(d);
	return f && bad == 0 && wal_clean();
}

/* Defined only in the leaky build's vault (vault_codec.h). */
extern void vault_test_leak(int on) __attribute__((weak));

#define MAX_SEQ 100000

/* Which saves were ever acknowledged, by number. */
static unsigned char acked_ever[MAX_SEQ + 1];
static int n_acked_ever;

struct run {
	int acked, max_ack, last_seq;
	int lost;   /* acknowledged saves, ever, not there whole */
	int torn;   /* saves there in part, and audit rows about nobody */
	int beyond; /* whole saves past the last acknowledgement */
	int integrity_ok, verify_ok, reserve_ok, audit_ok, opened;
	char err[DB_ERR_MAX];
};

/* Every save's parts, from what the reopened file holds. */
static void
count_saves(struct run *r)
{
	sqlite3_stmt *st;
	int whole_acked = 0;

	if (sqlite3_prepare_v2(db_sql(d),
	                       "SELECT CAST(substr(p.participant_code, 3) AS INTEGER), 1 + "
	                       "(SELECT count(*) FROM stay WHERE person_id = p.id AND "
	                       " released_at IS NOT NULL) + "
	                       "(SELECT count(*) FROM contact WHERE person_id = p.id) + "
	                       "(SELECT count(*) FROM task WHERE person_id = p.id AND "
	                       " status = 'done' AND contact_id IS NOT NULL) + "
	                       "(SELECT count(*) FROM audit WHERE person_id = p.id AND "
	                       " ((action = 'create' AND entity IN ('person', 'contact')) OR "
	                       "  (action = 'update' AND entity = 'task'))) "
	                       "FROM person p WHERE p.participant_code LIKE '" CODE_PREFIX "%'",
	                       -1, &st, NULL) != SQLITE_OK)
		tap_bail("counting saves: %s", sqlite3_errmsg(db_sql(d)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		int seq = sqlite3_column_int(st, 0), parts = sqlite3_column_int(st, 1);

		if (seq > r->last_seq)
			r->last_seq = seq;
		if (parts != WHOLE_PARTS)
			r->torn++;
		else if (seq >= 0 && seq <= MAX_SEQ && acked_ever[seq])
			whole_acked++;
		else if (seq > r->max_ack)
			r->beyond++;
	}
	sqlite3_finalize(st);
	r->lost = n_acked_ever - whole_acked;
	r->torn += (int)tu_int(d, "SELECT count(*) FROM audit WHERE person_id IS NOT NULL AND "
	                          "person_id NOT IN (SELECT id FROM person)");
}

static int
acknowledged(struct run *r, int id)
{
	if (id < 1 || id > MAX_SEQ)
		tap_bail("save number %d out of range", id);
	acked_ever[id] = 1;
	n_acked_ever++;
	r->acked++;
	r->max_ack = id;
	return 1;
}

static struct run
one_run(const char *path, int start, long delay_us)
{
	struct run r = {0};
	int fds[2], id;
	pid_t pid;

	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		tap_bail("fork");
	if (pid == 0) {
		close(fds[0]);
		child(path, fds[1], start);
	}
	close(fds[1]);
	r.max_ack = start - 1;
	/* The kill clock starts at the first acknowledgement, so that every
	 * run has one whatever the machine's speed; every save is alike, so
	 * the kills still land in every part of one. */
	if (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id && id == -1 &&
	    read(fds[0], &id, sizeof id) == (ssize_t)sizeof id && acknowledged(&r, id))
		usleep((useconds_t)delay_us);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	while (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id)
		acknowledged(&r, id);
	close(fds[0]);

	if (db_open(path, TU_ADMIN, TU_PASS, &opts, &d, r.err, sizeof r.err) != 0)
		return r;
	r.opened = 1;
	count_saves(&r);
	struct db_verify v = {0};
	r.verify_ok = db_verify(d, &v) == 0;
	if (!r.verify_ok)
		snprintf(r.err, sizeof r.err, "%s", db_errmsg(d));
	r.integrity_ok = v.integrity_ok;
	r.reserve_ok = reserve_clean();
	int64_t rows = 0, bad = 0;
	char aerr[256];
	r.audit_ok = audit_verify(d, &rows, &bad, aerr, sizeof aerr) == 0 && bad == 0;
	db_close(d);
	d = NULL;
	return r;
}

int
main(void)
{
	const char *path, *env = getenv("CRASH_RUNS");
	int runs = env ? atoi(env) : 20, next = 1, total_acked = 0, with_progress = 0;
	int all_whole = 1, all_clean = 1, all_opened = 1, audit_whole = 1, beyond = 0;
	int lost = 0, torn = 0, done = 0;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	if (runs < 1)
		runs = 20;
	opts.rollback = getenv("CRASH_ROLLBACK") && atoi(getenv("CRASH_ROLLBACK")) == 1;
	fx_setup("crash.db");
	path = tu_path(tu_tmpdir(), "crash.db");
	db_close(d);
	d = NULL;
	if (vault_test_leak) {
		/* The schema is built: from here the vault leaks. */
		vault_test_leak(1);
		tap_diag("this vault hands SQLite the nonce and tag from now on");
	}
	srand((unsigned)time(NULL) ^ (unsigned)getpid());

	for (int i = 0; i < runs; i++) {
		/* From the first save's acknowledgement to well into the loop (a
		 * save takes tens of milliseconds: several fsyncs). */
		long delay = rand() % 300000;
		struct run r = one_run(path, next, delay);
		if (!r.opened) {
			all_opened = 0;
			tap_diag("run %d: reopen failed: %s", i + 1, r.err);
			break;
		}
		done++;
		total_acked += r.acked;
		with_progress += r.acked > 0;
		if (r.lost > lost) {
			tap_diag("run %d: %d acknowledged saves are not there whole (last ack %d)",
			         i + 1, r.lost - lost, r.max_ack);
			lost = r.lost;
		}
		if (r.torn > torn) {
			tap_diag("run %d: %d saves are there in part", i + 1, r.torn - torn);
			torn = r.torn;
		}
		if (!r.integrity_ok || !r.verify_ok) {
			all_whole = 0;
			tap_diag("run %d: %s", i + 1, r.err[0] ? r.err : "integrity_check failed");
		}
		if (!r.audit_ok) {
			audit_whole = 0;
			tap_diag("run %d: the audit chain does not verify", i + 1);
		}
		if (!r.reserve_ok) {
			all_clean = 0;
			tap_diag("run %d: SQLite saw nonce or tag in the reserved bytes", i + 1);
		}
		/* The save in flight at the kill may have landed unacknowledged:
		 * never more than that one. */
		if (r.beyond > 1)
			beyond++;
		next = (r.last_seq > r.max_ack ? r.last_seq : r.max_ack) + 1;
	}
	tap_diag("%d kills, %d saves acknowledged, %d lost, %d torn (%s)", done, total_acked, lost,
	         torn, opts.rollback ? "rollback journal" : "write-ahead log");
	fprintf(stderr, "# crash: %d runs, %d acknowledged commits, %d lost, %d torn (%s)\n", done,
	        total_acked, lost, torn, opts.rollback ? "rollback journal" : "write-ahead log");
	ok(all_opened, "the database reopened after every kill");
	ok(lost == 0, "every acknowledged save survived every kill whole (%d lost)", lost);
	ok(torn == 0, "no save is there in part after any kill (%d torn)", torn);
	ok(beyond == 0, "at most the one save in flight landed unacknowledged");
	ok(all_whole, "integrity_check and page authentication pass after every kill");
	ok(audit_whole, "the audit chain verifies after every kill");
	ok(all_clean, "SQLite never sees nonce or tag: reserved bytes read as zeros");
	ok(with_progress == done, "the child saved in every run (%d of %d)", with_progress, done);
	return tap_done();
}
