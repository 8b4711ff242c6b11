/* SPDX-License-Identifier: ISC */
/*
 * report_naloxone.c - the naloxone distribution report (see
 * report_naloxone.h for what each figure is).
 *
 * Three reads of one snapshot: the period's handovers grouped by what the
 * report splits them by, the period's reports of use and loss, and the
 * stock as it is.  A quarter at a million people is some 400,000 kits:
 * read one by one, with the stay each counts under, they took most of a
 * minute.  So a period of whole hours (every period of whole days in a
 * zone whose offset is whole hours) reads the sums schema/0020 keeps: by
 * day of UTC for its whole days, by hour for the hours left at each end,
 * some ten thousand rows for a quarter.  Any other period reads the
 * records, as directly as the sums are made from them.  Both give the
 * same answer; tests/unit_naloxone_summary.c holds them to it.
 */
#include "report_naloxone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "sql.h"
#include "stock.h"
#include "vocab.h"

/* The facility a record counts under: its stay's, or the person's latest
 * stay booked at or before it (person and time name its columns, with
 * their table: a bare name would be the stay's own). */
#define FACILITY_OF(stay, person, time)                                                     \
	"coalesce((SELECT st.facility_id FROM stay st WHERE st.id = " stay "), (SELECT "      \
	"st.facility_id FROM stay st WHERE st.person_id = " person " AND st.booked_at <= "    \
	time " ORDER BY st.booked_at DESC, st.id DESC LIMIT 1), 0)"

static const char handover_sql[] =
	"WITH h AS (SELECT n.person_id AS person_id, n.formulation AS formulation, "
	"n.handover AS handover, coalesce(n.kit, '') AS kit, n.quantity AS quantity, "
	FACILITY_OF("n.stay_id", "n.person_id", "n.at") " AS fac FROM naloxone n "
	"WHERE n.at >= ?1 AND n.at < ?2 AND n.outcome IN ('given', 'placed_in_property')) "
	"SELECT formulation, handover, kit, fac, sum(quantity), count(*), -1 FROM h "
	"WHERE ?3 = 0 OR fac = ?3 GROUP BY 1, 2, 3, 4 "
	"UNION ALL SELECT NULL, NULL, NULL, NULL, 0, 0, count(DISTINCT person_id) FROM h "
	"WHERE ?3 = 0 OR fac = ?3";

static const char event_sql[] =
	"SELECT kind, coalesce(used_on, ''), count(*), coalesce(sum(doses), 0), "
	"coalesce(sum(survived = 1), 0), coalesce(sum(called_911 = 1), 0) FROM naloxone_event ne "
	"WHERE ne.at >= ?1 AND ne.at < ?2 AND kind IN ('used', 'lost', 'confiscated') AND "
	"(?3 = 0 OR " FACILITY_OF("NULL", "ne.person_id", "ne.at") " = ?3) GROUP BY 1, 2";

/* The same two from the sums schema/0020 keeps: by day of UTC for the
 * period's whole days (?4 to ?5), by hour for what is left at each end. */
#define SUM_PARTS(cols, table)                                                              \
	"SELECT " cols " FROM " table "_hour WHERE hour_at >= ?1 AND hour_at < ?4 AND "       \
	"(?3 = 0 OR facility_id = ?3) UNION ALL SELECT " cols " FROM " table "_day WHERE "    \
	"day_at >= ?4 AND day_at < ?5 AND (?3 = 0 OR facility_id = ?3) UNION ALL SELECT "    \
	cols " FROM " table "_hour WHERE hour_at >= ?5 AND hour_at < ?2 AND "                 \
	"(?3 = 0 OR facility_id = ?3)"

static const char handover_sum_sql[] =
	"SELECT formulation, handover, kit, facility_id, sum(kits), sum(handovers), -1 FROM ("
	SUM_PARTS("formulation, handover, kit, facility_id, kits, handovers", "handover")
	") GROUP BY 1, 2, 3, 4";

static const char event_sum_sql[] =
	"SELECT kind, used_on, sum(reports), sum(doses), sum(survived), sum(called_911) FROM ("
	SUM_PARTS("kind, used_on, reports, doses, survived, called_911", "use") ") GROUP BY 1, 2";

/* People reached, from the sums: the period's handovers less those whose
 * person's previous handover (in the same facility, for one facility)
 * falls in the period too. */
static const char gaps_sql[] =
	"SELECT coalesce(sum(gaps), 0) FROM reach_hour WHERE hour_at >= ?1 AND hour_at < ?2 AND "
	"facility_id = ?3 AND prev_hour_at >= ?1";

#define HOUR 3600
#define DAY 86400

/* t rounded down to a multiple of unit. */
static int64_t
floor_to(int64_t t, int64_t unit)
{
	return t - (t % unit + unit) % unit;
}

/* Whether the period starts and ends on whole hours of UTC, where the
 * sums answer it. */
static int
whole_hours(const struct period *p)
{
	return floor_to(p->start, HOUR) == p->start && floor_to(p->end, HOUR) == p->end;
}

/* Binds the period and facility, and where the statement reads the sums
 * by day, the whole days of UTC within the period (none: both at its
 * end). */
static int
bind_period(sqlite3_stmt *st, const struct nal_report *r)
{
	const struct period *p = &r->period;
	int64_t from = floor_to(p->start + DAY - 1, DAY), to = floor_to(p->end, DAY);
	int rc = sql_bind_int(st, 1, p->start, SQLITE_OK);

	rc = sql_bind_int(st, 2, p->end, rc);
	rc = sql_bind_int(st, 3, r->facility_id, rc);
	if (sqlite3_bind_parameter_count(st) < 5)
		return rc;
	if (from >= to)
		from = to = p->end;
	rc = sql_bind_int(st, 4, from, rc);
	return sql_bind_int(st, 5, to, rc);
}

static const struct {
	const char *name, *heading;
} sections[NAL_SECTIONS] = {
    [NAL_GIVEN] = {"kits_given", "Kits given"},
    [NAL_KIT] = {"first_or_refill", "First kits and refills"},
    [NAL_FORMULATION] = {"by_formulation", "Kits by formulation"},
    [NAL_HANDOVER] = {"by_handover", "Kits by handover"},
    [NAL_FACILITY] = {"by_facility", "Kits by facility"},
    [NAL_USES] = {"uses_reported", "Uses reported"},
    [NAL_LOST] = {"lost_or_taken", "Kits lost or taken away"},
    [NAL_STOCK] = {"stock", "Stock now"},
};

const char *
nal_section_name(enum nal_section k)
{
	return k < NAL_SECTIONS ? sections[k].name : "";
}

const char *
nal_section_heading(enum nal_section k)
{
	return k < NAL_SECTIONS ? sections[k].heading : "";
}

const struct nal_line *
nal_report_line(const struct nal_report *r, enum nal_section k, const char *code)
{
	for (int i = 0; i < r->nlines; i++)
		if (r->lines[i].section == k && strcmp(r->lines[i].code, code) == 0)
			return &r->lines[i];
	return NULL;
}

/* The line of section k with code, added (count 0, label) if new; NULL
 * when memory runs out. */
static struct nal_line *
line(struct nal_report *r, enum nal_section k, const char *code, const char *label)
{
	struct nal_line *l = (struct nal_line *)nal_report_line(r, k, code), *grown;

	if (l)
		return l;
	grown = realloc(r->lines, (size_t)(r->nlines + 1) * sizeof *r->lines);
	if (!grown)
		return NULL;
	r->lines = grown;
	l = &r->lines[r->nlines++];
	memset(l, 0, sizeof *l);
	l->section = k;
	snprintf(l->code, sizeof l->code, "%s", code);
	snprintf(l->label, sizeof l->label, "%s", label);
	return l;
}

static int
add(struct nal_report *r, enum nal_section k, const char *code, const char *label, int64_t n)
{
	struct nal_line *l = line(r, k, code, label);

	if (!l)
		return -1;
	l->count += n;
	return 0;
}

/* Every line the report always has, at 0, in reading order. */
static int
skeleton(struct nal_report *r)
{
	static const char *const given[][2] = {
	    {"kits", "kits given"}, {"handovers", "handovers"}, {"people", "people reached"}};
	static const char *const uses[][2] = {
	    {"reports", "uses reported"}, {"self", "on themselves"}, {"other", "on someone else"},
	    {"doses", "doses given"}, {"survived", "survived"}, {"called_911", "911 called"}};
	static const char *const stock[][2] = {
	    {"on_hand", "kits on hand"}, {"expiring", "expiring within 60 days"},
	    {"to_reconcile", "handovers to reconcile"}};
	const char *const *c;
	int rc = 0;

	for (size_t i = 0; i < 3; i++)
		rc |= add(r, NAL_GIVEN, given[i][0], given[i][1], 0);
	rc |= add(r, NAL_KIT, "first", vocab_label(VOCAB_KIT, "first"), 0);
	rc |= add(r, NAL_KIT, "refill", vocab_label(VOCAB_KIT, "refill"), 0);
	rc |= add(r, NAL_KIT, "not_said", "not said", 0);
	for (c = VOCAB_CODES(VOCAB_FORMULATION); *c; c++)
		rc |= add(r, NAL_FORMULATION, *c, vocab_label(VOCAB_FORMULATION, *c), 0);
	for (c = VOCAB_CODES(VOCAB_HANDOVER); *c; c++)
		rc |= add(r, NAL_HANDOVER, *c, vocab_label(VOCAB_HANDOVER, *c), 0);
	for (size_t i = 0; i < 6; i++)
		rc |= add(r, NAL_USES, uses[i][0], uses[i][1], 0);
	rc |= add(r, NAL_LOST, "lost", vocab_label(VOCAB_NAL_EVENT, "lost"), 0);
	rc |= add(r, NAL_LOST, "confiscated", vocab_label(VOCAB_NAL_EVENT, "confiscated"), 0);
	for (size_t i = 0; i < 3; i++)
		rc |= add(r, NAL_STOCK, stock[i][0], stock[i][1], 0);
	return rc;
}

static int
facility_line(struct session *s, struct nal_report *r, int64_t id, int64_t kits)
{
	char code[24], name[REPORT_NAME_MAX] = "facility not known";
	sqlite3_stmt *st;

	snprintf(code, sizeof code, "%lld", (long long)id);
	if (!nal_report_line(r, NAL_FACILITY, code) && id) {
		if (sql_prep(s, "SELECT name FROM facility WHERE id = ?1", &st) != 0)
			return -1;
		if (sqlite3_bind_int64(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			sql_col_copy(st, 0, name, sizeof name);
		sqlite3_finalize(st);
	}
	return add(r, NAL_FACILITY, code, name, kits);
}

/* People reached, from the sums: the handovers read less the gaps. */
static int
people_from_sums(struct session *s, struct nal_report *r)
{
	sqlite3_stmt *st;
	int rc;

	if (sql_prep(s, gaps_sql, &st) != 0)
		return -1;
	if (bind_period(st, r) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return session_dbfail(s);
	}
	rc = add(r, NAL_GIVEN, "people", "",
	         nal_report_line(r, NAL_GIVEN, "handovers")->count - sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	return rc != 0 ? session_fail(s, "not enough memory for the report") : 0;
}

static int
read_handovers(struct session *s, struct nal_report *r)
{
	sqlite3_stmt *st;
	int rc = 0, step;

	if (sql_prep(s, whole_hours(&r->period) ? handover_sum_sql : handover_sql, &st) != 0)
		return -1;
	if (bind_period(st, r) != SQLITE_OK) {
		sqlite3_finalize(st);
		return session_dbfail(s);
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		const char *h = (const char *)sqlite3_column_text(st, 1);
		const char *k = (const char *)sqlite3_column_text(st, 2);
		int64_t kits = sqlite3_column_int64(st, 4), n = sqlite3_column_int64(st, 5);

		if (sqlite3_column_int64(st, 6) >= 0) {
			rc = add(r, NAL_GIVEN, "people", "", sqlite3_column_int64(st, 6));
			continue;
		}
		rc = add(r, NAL_GIVEN, "kits", "", kits) | add(r, NAL_GIVEN, "handovers", "", n) |
		     add(r, NAL_KIT, k && *k ? k : "not_said", "", kits) |
		     add(r, NAL_FORMULATION, f ? f : "", vocab_label(VOCAB_FORMULATION, f), kits) |
		     add(r, NAL_HANDOVER, h ? h : "", vocab_label(VOCAB_HANDOVER, h), kits) |
		     facility_line(s, r, sqlite3_column_int64(st, 3), kits);
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return session_fail(s, "not enough memory for the report");
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return session_dbfail(s);
	return whole_hours(&r->period) ? people_from_sums(s, r) : 0;
}

static int
read_events(struct session *s, struct nal_report *r)
{
	sqlite3_stmt *st;
	int rc = 0, step;

	if (sql_prep(s, whole_hours(&r->period) ? event_sum_sql : event_sql, &st) != 0)
		return -1;
	if (bind_period(st, r) != SQLITE_OK) {
		sqlite3_finalize(st);
		return session_dbfail(s);
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *on = (const char *)sqlite3_column_text(st, 1);
		int64_t n = sqlite3_column_int64(st, 2);

		if (strcmp(kind, "used") != 0) {
			rc = add(r, NAL_LOST, kind, "", n);
			continue;
		}
		rc = add(r, NAL_USES, "reports", "", n) |
		     (*on ? add(r, NAL_USES, on, "", n) : 0) |
		     add(r, NAL_USES, "doses", "", sqlite3_column_int64(st, 3)) |
		     add(r, NAL_USES, "survived", "", sqlite3_column_int64(st, 4)) |
		     add(r, NAL_USES, "called_911", "", sqlite3_column_int64(st, 5));
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return session_fail(s, "not enough memory for the report");
	return step == SQLITE_DONE ? 0 : session_dbfail(s);
}

static int
read_stock(struct session *s, struct nal_report *r)
{
	struct stock_totals t;

	if (stock_totals(s, r->facility_id, &t) != 0)
		return -1;
	return add(r, NAL_STOCK, "on_hand", "", t.on_hand) |
	       add(r, NAL_STOCK, "expiring", "", t.expiring) |
	       add(r, NAL_STOCK, "to_reconcile", "", t.to_reconcile);
}

/* Lines in section order; within a section, as they were added (an
 * insertion sort: a few dozen lines, and it keeps their order). */
static void
sort_lines(struct nal_report *r)
{
	for (int i = 1; i < r->nlines; i++) {
		struct nal_line l = r->lines[i];
		int j = i;

		for (; j > 0 && r->lines[j - 1].section > l.section; j--)
			r->lines[j] = r->lines[j - 1];
		r->lines[j] = l;
	}
}

static int
log_report(struct session *s, void *arg)
{
	const struct nal_report *r = arg;
	char detail[80];

	snprintf(detail, sizeof detail, "naloxone %s to %s facility %lld", r->period.from,
	         r->period.to, (long long)r->facility_id);
	return audit_log(s, "report", "report", 0, 0, detail);
}

int
report_naloxone(struct session *s, const struct period *p, int64_t facility_id,
                struct nal_report *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (access_refuse_import(s) != 0)
		return -1;
	if (s->role != ROLE_SUPERVISOR)
		return session_fail(s, "only supervisors make program reports");
	out->period = *p;
	out->facility_id = facility_id;
	out->made_at = session_now(s);
	session_display_name(s, out->made_by, sizeof out->made_by);
	if (skeleton(out) != 0) {
		nal_report_free(out);
		return session_fail(s, "not enough memory for the report");
	}
	if (db_begin_read(s->db) != 0) {
		nal_report_free(out);
		return session_dbfail(s);
	}
	rc = read_handovers(s, out);
	if (rc == 0)
		rc = read_events(s, out);
	if (rc == 0)
		rc = read_stock(s, out);
	if (rc == 0 && audit_head(s->db, &out->head) != 0)
		rc = session_dbfail(s);
	if (rc == 0 && facility_id) {
		char code[24];
		snprintf(code, sizeof code, "%lld", (long long)facility_id);
		rc = facility_line(s, out, facility_id, 0);
		if (rc == 0)
			snprintf(out->facility, sizeof out->facility, "%s",
			         nal_report_line(out, NAL_FACILITY, code)->label);
	}
	db_rollback(s->db); /* read only: nothing to keep */
	sort_lines(out);
	audit_head_text(&out->head, out->head_text);
	if (rc == 0)
		rc = session_write(s, log_report, out);
	if (rc != 0)
		nal_report_free(out);
	return rc;
}

void
nal_report_free(struct nal_report *r)
{
	free(r->lines);
	r->lines = NULL;
	r->nlines = 0;
}
