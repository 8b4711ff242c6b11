/* SPDX-License-Identifier: ISC */
/*
 * unit_glass.c - the supervisors' review of break-the-glass, on a real
 * vault file: accesses made through glass_break and what was done
 * with them through the model, the list with what each user did while
 * their access was open (and nothing outside it, or by anyone else), the
 * period and "not reviewed" filters, and the review with its refusals.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "glass.h"
#include "note.h"
#include "period.h"

static int64_t joe, ann;
static int64_t g1, g2, g3, g4; /* the accesses, oldest first */

/* A review's refusal changes no access either (fx_state does not look at
 * break_glass). */
static long long
reviews(void)
{
	return count("SELECT count(*) + total(length(review_comment)) FROM break_glass WHERE "
	             "reviewed_at IS NOT NULL OR reviewed_by IS NOT NULL");
}

#define REFUSED_REVIEW(s, call, says, ...)                                         \
	do {                                                                       \
		long long r_ = reviews();                                          \
		REFUSED(s, call, says, __VA_ARGS__);                               \
		is_int(reviews(), r_, "  and no access changes");                 \
	} while (0)

static int64_t
person(struct session *s, const char *code, const char *legal, const char *preferred)
{
	struct person p = {0};

	p.participant_code = code;
	p.legal_name = legal;
	p.preferred_name = preferred;
	if (person_create(s, &p) != 0)
		tap_bail("create %s: %s", code, s->err);
	return p.id;
}

static int64_t
last_glass(void)
{
	return count("SELECT max(id) FROM break_glass");
}

/* What each access was used for, made through the model at set times. */
static void
make_accesses(void)
{
	struct session s;
	struct person p;
	struct note *notes;
	int n;

	/* Cora covers for Cal: one access, a look at the record, the notes
	 * twice and a note of her own a second before it closes. */
	as(&s, "cora", T0 + HOUR);
	REFUSED(s, glass(&s, joe, "x"), "a sentence of at least 10 characters and two words",
	        "\"x\" is not a reason");
	REFUSED(s, glass(&s, joe, "  recordcheck  "), "two words", "one word is not a reason");
	REFUSED(s, glass(&s, joe, " go on now "), "at least 10 characters",
	        "nine characters in three words are not one either");
	ok(glass(&s, joe, "Covering for Cal: Joe called the front desk") == 0,
	   "another caseworker breaks the glass: %s", s.err);
	g1 = last_glass();
	ok(person_get(&s, joe, &p) == 0, "  and views the record");
	person_free(&p);
	as(&s, "cora", T0 + 2 * HOUR);
	for (int i = 0; i < 2; i++) {
		ok(note_list(&s, joe, &notes, &n) == 0, "  and the notes");
		note_list_free(notes, n);
	}
	as(&s, "cora", T0 + 4 * HOUR - 1);
	ok(note_create(&s, joe, "Called back; left a message.", NULL) == 0,
	   "  and writes a note a second before it closes: %s", s.err);
	as(&s, "cora", T0 + 4 * HOUR);
	ok(person_get(&s, joe, &p) != 0, "  at three hours it is closed");

	/* Cal's own look at his own person is not Cora's. */
	as(&s, "cal", T0 + 2 * HOUR);
	ok(person_get(&s, joe, &p) == 0, "Cal views his own person meanwhile");
	person_free(&p);

	/* The next day Cora again: one view, which the first access must not
	 * count. */
	as(&s, "cora", T0 + DAY);
	ok(glass(&s, joe, "Joe asked to change his appointment") == 0, "a second access");
	g2 = last_glass();
	ok(person_get(&s, joe, &p) == 0, "  one view");
	person_free(&p);

	as(&s, "adam", T0 + DAY + HOUR);
	ok(glass(&s, ann, "Records request from the court clerk") == 0,
	   "an admin breaks the glass and does nothing with it");
	g3 = last_glass();

	as(&s, "sam", T0 + 2 * DAY);
	ok(glass(&s, ann, "Checking a caseload before reassigning") == 0,
	   "a supervisor opens one of their own");
	g4 = last_glass();
}

static void
test_list(void)
{
	struct session s;
	struct period p;
	struct glass_row *rows;
	long long before;
	int n;

	as(&s, "sam", T0 + 3 * DAY);
	ok(period_parse(&s, "2024-05-01", "2024-05-03", &p) == 0, "the period: three days");
	before = audits("view", "break_glass");
	ok(glass_list(&s, &p, 0, &rows, &n) == 0, "a supervisor lists the accesses: %s", s.err);
	is_int(n, 4, "  all four");
	if (n != 4)
		tap_bail("the rest depends on four rows");
	ok(rows[0].id == g4 && rows[1].id == g3 && rows[2].id == g2 && rows[3].id == g1,
	   "  the newest first");
	is_str(rows[3].user, "Cora Caseworker", "  who opened it, by display name");
	is_str(rows[3].code, "GL-1", "  whose record: the code");
	is_str(rows[3].name, "Joe", "  and the preferred name");
	is_str(rows[1].name, "Ann Other", "  or the legal name when there is no other");
	is_str(rows[3].reason, "Covering for Cal: Joe called the front desk", "  the reason");
	ok(rows[3].started_at == T0 + HOUR && rows[3].expires_at == T0 + 4 * HOUR,
	   "  when it started and when it ran out");
	ok(rows[3].reviewed_at == 0 && rows[3].reviewer == NULL && rows[3].comment == NULL,
	   "  not reviewed yet");
	is_str(rows[3].viewed, "viewed record; viewed notes (2); recorded note",
	       "  what was done while it was open, in order, nobody else's");
	is_str(rows[2].viewed, "viewed record", "  the second access counts only its own view");
	is_str(rows[1].viewed, "nothing", "  an access used for nothing says so");
	glass_list_free(rows, n);
	is_int(audits("view", "break_glass"), before + 1, "  the list is audited once");
	is_str(last_detail(), "review list: 2024-05-01 to 2024-05-03", "  naming the period only");
	is_int(count("SELECT count(*) FROM audit WHERE action = 'view' AND entity = 'break_glass' "
	             "AND person_id IS NULL"), 1, "  and no person");

	ok(period_parse(&s, "2024-05-02", "2024-05-02", &p) == 0 &&
	   glass_list(&s, &p, 0, &rows, &n) == 0, "one day");
	ok(n == 2 && rows[0].id == g3 && rows[1].id == g2, "  only the accesses started that day");
	glass_list_free(rows, n);
	ok(period_parse(&s, "2024-04-01", "2024-04-30", &p) == 0 &&
	   glass_list(&s, &p, 0, &rows, &n) == 0 && n == 0 && rows == NULL,
	   "a month before: none");

	as(&s, "cal", T0 + 3 * DAY);
	ok(period_parse(&s, "2024-05-01", "2024-05-03", &p) == 0, "the period again");
	rows = (struct glass_row *)&p;
	REFUSED(s, glass_list(&s, &p, 0, &rows, &n), "only supervisors review",
	        "a caseworker cannot list the accesses");
	ok(rows == NULL && n == 0, "  and gets no rows");
	as(&s, "adam", T0 + 3 * DAY);
	REFUSED(s, glass_list(&s, &p, 0, &rows, &n), "only supervisors review", "nor an admin");
}

static void
test_review(void)
{
	struct session s;
	struct period p;
	struct glass_row *rows;
	char long1001[1002];
	int n;

	memset(long1001, 'c', 1001);
	long1001[1001] = 0;
	as(&s, "cal", T0 + 3 * DAY);
	REFUSED_REVIEW(s, glass_review(&s, g1, NULL), "only supervisors review",
	               "a caseworker cannot review");
	as(&s, "adam", T0 + 3 * DAY);
	REFUSED_REVIEW(s, glass_review(&s, g1, NULL), "only supervisors review",
	               "an admin cannot review");
	as(&s, "sam", T0 + 3 * DAY);
	REFUSED_REVIEW(s, glass_review(&s, g4, "Fine."), "this is your own break-the-glass access: "
	               "another supervisor reviews it", "a supervisor cannot review their own");
	REFUSED_REVIEW(s, glass_review(&s, g1, long1001), "comment: too long (at most 1000",
	               "a comment of 1001 characters");
	REFUSED_REVIEW(s, glass_review(&s, g1, "ok\x1b[2J"), "comment: contains a control",
	               "a comment that would clear a screen");
	REFUSED_REVIEW(s, glass_review(&s, 4242, NULL), "no such break-the-glass access",
	               "an access that is not there");

	long1001[1000] = 0;
	ok(glass_review(&s, g2, long1001) == 0, "a comment of 1000 characters: %s", s.err);
	ok(glass_review(&s, g1, "Checked with Cal:\ncovering was arranged.") == 0,
	   "a supervisor reviews an access with a comment: %s", s.err);
	is_int(count("SELECT reviewed_by FROM break_glass WHERE id = 1"), sam, "  by them");
	is_int(count("SELECT reviewed_at FROM break_glass WHERE id = 1"), T0 + 3 * DAY, "  now");
	is_int(audits("review", "break_glass"), 2, "  audited");
	is_str(last_detail(), "reviewed, with a comment", "  without the comment's words");
	is_int(count("SELECT person_id FROM audit ORDER BY seq DESC LIMIT 1"), joe,
	       "  against the person whose record was opened");
	REFUSED_REVIEW(s, glass_review(&s, g1, NULL), "already reviewed by Sam Supervisor at "
	               "2024-05-04 09:00: a review stands", "a second review of the same access");

	tu_exec(d, "INSERT INTO user (name, display_name, role, active, created_at) VALUES "
	           "('sue', 'Sue Supervisor', 'supervisor', 1, 1)");
	as(&s, "sue", T0 + 3 * DAY + HOUR);
	ok(glass_review(&s, g4, "") == 0, "another supervisor reviews it, with no comment");
	is_str(last_detail(), "reviewed", "  audited as reviewed");
	is_int(count("SELECT count(*) FROM break_glass WHERE id = 4 AND review_comment IS NULL"), 1,
	       "  an empty comment is none");

	ok(period_parse(&s, "2024-05-01", "2024-05-03", &p) == 0 &&
	   glass_list(&s, &p, 0, &rows, &n) == 0 && n == 4, "the list again");
	if (n != 4)
		tap_bail("the rest depends on four rows");
	ok(rows[0].id == g3 && rows[1].id == g4 && rows[2].id == g2 && rows[3].id == g1,
	   "  the one not reviewed first, then the newest first");
	is_str(rows[3].reviewer, "Sam Supervisor", "  who reviewed it");
	is_int(rows[3].reviewed_at, T0 + 3 * DAY, "  when");
	is_str(rows[3].comment, "Checked with Cal:\ncovering was arranged.", "  and the comment");
	ok(rows[1].reviewer && strcmp(rows[1].reviewer, "Sue Supervisor") == 0 &&
	   rows[1].comment == NULL, "  no comment is none");
	glass_list_free(rows, n);
	ok(glass_list(&s, &p, 1, &rows, &n) == 0 && n == 1 && rows[0].id == g3,
	   "not reviewed only: the one left");
	glass_list_free(rows, n);
	is_str(last_detail(), "review list: 2024-05-01 to 2024-05-03, not reviewed only",
	       "  audited as such");
}

int
main(void)
{
	struct session s;

	fx_setup("glass.db");
	as(&s, "cal", T0);
	joe = person(&s, "GL-1", "Joseph Example", "Joe");
	ann = person(&s, "GL-2", "Ann Other", NULL);
	make_accesses();
	test_list();
	test_review();
	db_close(d);
	return tap_done();
}
