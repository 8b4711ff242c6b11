/* SPDX-License-Identifier: ISC */
/*
 * unit_expected.c - changing a stay's expected release: the history it
 * keeps (when, from what, to what, where the date comes from, who and
 * why), newest first, and the refusals that save nothing: a date before
 * the booking, a stay already released, a version read before someone
 * else's save, a reason too long.
 */
#include <stdlib.h>

#include "fixture.h"

/* The stay's row and its history as one string: a refusal leaves it. */
static const char *
stay_state(int64_t stay, char *out, size_t n)
{
	char sql[400];
	sqlite3_stmt *st;

	out[0] = 0;
	snprintf(sql, sizeof sql,
	         "SELECT coalesce(expected_release_at, 0) || ':' || coalesce(expected_source, '') "
	         "|| ':' || version || '/' || (SELECT count(*) FROM stay_expected_change WHERE "
	         "stay_id = %lld) || '/' || (SELECT count(*) FROM audit) FROM stay WHERE id = %lld",
	         (long long)stay, (long long)stay);
	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

#define UNCHANGED(stay, call, says, ...)                                                 \
	do {                                                                             \
		char b_[200], a_[200];                                                   \
		stay_state(stay, b_, sizeof b_);                                         \
		ok((call) != 0, __VA_ARGS__);                                            \
		has_str(s.err, says, "  with a clear message");                          \
		if (!ok(strcmp(b_, stay_state(stay, a_, sizeof a_)) == 0,                \
		        "  and nothing is saved"))                                       \
			tap_diag("  before %s, after %s", b_, a_);                       \
	} while (0)

static void
test_history(void)
{
	struct session s, h;
	struct stay st;
	struct stay_change *c = NULL;
	int64_t p, stay;
	int n = 0;

	as(&s, "cal", T0);
	p = mk_person(&s, "EX-1");
	stay = mk_stay(&s, p, T0 - 2 * DAY, 0);
	stay_get(&s, stay, &st);

	s.fixed_now = T0 + HOUR;
	ok(stay_change_expected(&s, stay, st.version, T0 + 10 * DAY, "court_date",
	                        "the hearing is on the 11th") == 0,
	   "an expected release is set, with a reason");
	stay_get(&s, stay, &st);
	as(&h, "hana", T0 + 2 * HOUR);
	ok(stay_change_expected(&h, stay, st.version, T0 + 4 * DAY, "bail", "") == 0,
	   "health staff move it, with no reason");
	stay_get(&s, stay, &st);
	s.fixed_now = T0 + 3 * HOUR;
	ok(stay_change_expected(&s, stay, st.version, 0, "other", "the bail fell through") == 0,
	   "and it becomes not known");
	stay_get(&s, stay, &st);
	is_int(st.expected_release_at, 0, "  the stay says not known");
	is_str(st.expected_source, "other", "  from another source");

	ok(stay_expected_history(&s, p, &c, &n) == 0, "the history is read");
	is_int(n, 3, "  three changes");
	if (n != 3)
		tap_bail("no history to check");
	ok(c[0].changed_at == T0 + 3 * HOUR && c[1].changed_at == T0 + 2 * HOUR &&
	   c[2].changed_at == T0 + HOUR, "  newest first");
	ok(c[0].old_at == T0 + 4 * DAY && c[0].new_at == 0, "  from the date to not known");
	is_str(c[0].why, "the bail fell through", "  with the reason");
	is_int(c[0].changed_by, cal, "  and who");
	ok(c[1].old_at == T0 + 10 * DAY && c[1].new_at == T0 + 4 * DAY, "  from the court date to bail");
	is_str(c[1].source, "bail", "  with its source");
	is_str(c[1].why, "", "  and no reason");
	is_int(c[1].changed_by, hana, "  by health staff");
	ok(c[2].old_at == 0 && c[2].new_at == T0 + 10 * DAY, "  the first date, from not known");
	is_str(c[2].why, "the hearing is on the 11th", "  with its reason");
	is_int(c[2].stay_id, stay, "  each row names the stay");
	free(c);
	is_int(count("SELECT count(*) FROM audit WHERE action = 'update' AND entity = 'stay' AND "
	             "detail LIKE 'expected release%'"), 3, "each change is audited");
	is_int(count("SELECT count(*) FROM audit WHERE detail LIKE '%bail fell%' OR detail LIKE "
	             "'%hearing%'"), 0, "  and the audit log holds no reason");
}

static void
test_refusals(void)
{
	struct session s, other;
	struct stay st;
	int64_t p, stay, gone;
	char why[402];

	as(&s, "cal", T0);
	p = mk_person(&s, "EX-2");
	gone = mk_stay(&s, p, T0 - 20 * DAY, T0 - 10 * DAY);
	stay = mk_stay(&s, p, T0 - 2 * DAY, 0);
	stay_get(&s, stay, &st);

	UNCHANGED(stay, stay_change_expected(&s, stay, st.version, T0 - 3 * DAY, "sentence", "x"),
	          "before the booking", "an expected release before the booking is refused");
	stay_get(&s, gone, &st);
	UNCHANGED(gone, stay_change_expected(&s, gone, st.version, T0 + DAY, "sentence", NULL),
	          "already recorded", "a stay already released is refused");
	stay_get(&s, stay, &st);
	UNCHANGED(stay, stay_change_expected(&s, stay, st.version, T0 + DAY, "parole", NULL),
	          "expected release source", "a source that is not one of the list is refused");
	memset(why, 'w', sizeof why - 1);
	why[sizeof why - 1] = 0;
	UNCHANGED(stay, stay_change_expected(&s, stay, st.version, T0 + DAY, "sentence", why),
	          "reason", "a reason over 400 characters is refused");

	as(&other, "sam", T0 + HOUR);
	ok(stay_change_expected(&other, stay, st.version, T0 + 5 * DAY, "sentence", NULL) == 0,
	   "a supervisor changes it");
	s.fixed_now = T0 + 2 * HOUR;
	UNCHANGED(stay, stay_change_expected(&s, stay, st.version, T0 + 6 * DAY, "court_date", NULL),
	          "changed by Sam Supervisor", "a change from the version before is refused");
	has_str(s.err, "nothing was saved", "  and says nothing was saved");

	as(&s, "cora", T0);
	UNCHANGED(stay, stay_change_expected(&s, stay, st.version + 1, T0 + 6 * DAY, "sentence",
	                                     NULL), "", "someone else's caseworker may not change it");
}

int
main(void)
{
	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("expected.db");
	test_history();
	test_refusals();
	db_close(d);
	return tap_done();
}
