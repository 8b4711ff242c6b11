/* SPDX-License-Identifier: ISC */
/*
 * unit_candidate_rare.c - who may already be here when one word of a name
 * is rare and another common, in a real vault file: the rarest word is
 * read alone and the others checked on the legal name, and the people
 * found are those every word together finds, in the same order; a word
 * more than a few share is read as before, and an import remembers it.
 */
#include <stdlib.h>
#include <string.h>

#include "candidate.h"
#include "roster_fixture.h"
#include "search_index.h"

#define MANY 70 /* more than candidate.c reads a word alone for */

/* Gives person id the preferred name, and its search row again. */
static void
prefer(struct session *s, int64_t id, const char *name)
{
	char sql[120];

	snprintf(sql, sizeof sql, "UPDATE person SET preferred_name = '%s' WHERE id = %lld", name,
	         (long long)id);
	tu_exec(d, sql);
	if (db_begin_write(d) != 0 || search_index_person(s, id) != 0 || db_commit(d) != 0)
		tap_bail("search row: %s", s->err);
}

/* The ids found for name born y-m-d, "id:fit ...", or "none". */
static const char *
find(struct session *s, const char *name, int y, int m, int dd)
{
	static char out[400];
	struct candidate_birth b = {y, m, dd};
	struct candidate c[4];
	int n = 0, same = 0;

	if (candidate_find(s, name, &b, c, 4, &n, &same) != 0)
		return "error";
	if (!n)
		return "none";
	snprintf(out, sizeof out, "%lld:%d", (long long)c[0].person_id, (int)c[0].fit);
	for (int i = 1; i < n; i++) {
		size_t at = strlen(out);
		snprintf(out + at, sizeof out - at, " %lld:%d", (long long)c[i].person_id,
		         (int)c[i].fit);
	}
	return out;
}

int
main(void)
{
	struct roster_summary *m = calloc(1, sizeof *m);
	struct roster_result r;
	struct session s;
	char code[16], legal[40], want[80];
	int64_t other, ann, ann_year, lee_ab = 0, lee_ac = 0;

	if (db_init() != 0)
		tap_bail("db_init");
	fx_setup("rare.db");
	as(&s, "sam", T0);
	for (int i = 0; i < MANY; i++) {
		snprintf(code, sizeof code, "A-%d", i);
		snprintf(legal, sizeof legal, "Ann Q%c%c", 'a' + i / 26, 'a' + i % 26);
		person(&s, code, legal, "1970-01-01");
		snprintf(code, sizeof code, "L-%d", i);
		snprintf(legal, sizeof legal, "A%c%c Lee", 'a' + i / 26, 'a' + i % 26);
		if (i == 1)
			lee_ab = person(&s, code, legal, "1971-02-02");
		else if (i == 2)
			lee_ac = person(&s, code, legal, "1972-03-03");
		else
			person(&s, code, legal, "1960-01-01");
	}
	other = person(&s, "Z-1", "Zed Other", "1980-01-01");
	prefer(&s, other, "Ann");
	ann = person(&s, "Z-2", "Ann Zed", "1980-01-01");
	ann_year = person(&s, "Z-3", "Zed Ann Marie", NULL);

	snprintf(want, sizeof want, "%lld:2 %lld:1", (long long)ann, (long long)ann_year);
	is_str(find(&s, "ZED, ANN", 1980, 1, 1), want,
	       "a rare word and a common one: those with both in the legal name, in order");
	ok(other < ann, "  (the one with the common word as a preferred name only is older)");
	is_str(find(&s, "Ann", 1980, 1, 1), want, "the common word alone: the same people");
	snprintf(want, sizeof want, "%lld:1", (long long)ann_year);
	is_str(find(&s, "Marie Zed Ann", 1980, 0, 0), want, "three words, one rare");
	is_str(find(&s, "Zed Nobody", 1980, 1, 1), "none", "a word nobody has: nobody");

	parse(hourly, HDR "LB1,\"Lee, Aab\",1971-02-02,2024-04-30 10:00,\n"
	              "LB2,\"Lee, Aac\",1972-03-03,2024-04-30 10:30,\n"
	              "LB3,\"Zed, Ann\",1980-01-01,2024-04-30 11:00,\n"
	              "LB4,\"Lee, Ann\",1980-01-01,2024-04-30 11:30,\n", &r);
	ok(roster_import(&s, &prof, pname, &r, 0, m) == 0, "an import of four rows");
	is_int(m->links, 2, "  two linked by name through a last name many share");
	is_int(m->waiting, 2, "  Ann Zed waits (Zed Ann Marie, with no birth date, may be her), "
	       "and Ann Lee (no one has both names)");
	ok(about(lee_ab, "SELECT count(*) FROM stay WHERE person_id = ?1") == 1 &&
	   about(lee_ac, "SELECT count(*) FROM stay WHERE person_id = ?1") == 1 &&
	   about(ann, "SELECT count(*) FROM stay WHERE person_id = ?1") == 0 &&
	   about(other, "SELECT count(*) FROM stay WHERE person_id = ?1") == 0,
	   "  each booked to the person it names");
	ok(s.common == NULL, "  and the words it remembered are forgotten after it");
	roster_result_free(&r);
	free(m);
	db_close(d);
	return tap_done();
}
