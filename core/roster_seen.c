/* SPDX-License-Identifier: ISC */
/*
 * roster_seen.c - the roster's facts about one person (see roster_seen.h),
 * read in one query from the crosswalk (roster_person, roster_booking)
 * and roster_stay with the import that recorded each release and each
 * booking given a date only.
 */
#include "roster_seen.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "sql.h"

/* Columns: kind, stay, profile, value, import time, importer, the
 * import's zone. */
static const char seen_sql[] =
	"SELECT 0, 0, profile, jail_id, 0, 0, NULL FROM roster_person WHERE person_id = ?1 "
	"UNION ALL SELECT 1, b.stay_id, b.profile, b.booking, 0, 0, NULL FROM roster_booking b "
	"JOIN stay t ON t.id = b.stay_id WHERE t.person_id = ?1 "
	"UNION ALL SELECT 2, r.stay_id, i.profile, r.release_precision, i.at, i.user_id, "
	"i.time_zone "
	"FROM roster_stay r JOIN stay t ON t.id = r.stay_id "
	"JOIN roster_import i ON i.id = r.release_import WHERE t.person_id = ?1 "
	"UNION ALL SELECT 3, r.stay_id, i.profile, 'date', i.at, i.user_id, i.time_zone "
	"FROM roster_stay r JOIN stay t ON t.id = r.stay_id "
	"JOIN roster_import i ON i.id = r.booked_import WHERE t.person_id = ?1 "
	"ORDER BY 1, 2 DESC, 3, 4";

static int
fill_seen(struct session *s, sqlite3_stmt *st, void *row)
{
	struct roster_seen *out = row;

	(void)s;
	out->kind = (enum roster_seen_kind)sqlite3_column_int(st, 0);
	out->stay_id = sqlite3_column_int64(st, 1);
	sql_col_copy(st, 2, out->profile, sizeof out->profile);
	sql_col_copy(st, 3, out->value, sizeof out->value);
	out->import_at = sqlite3_column_int64(st, 4);
	out->import_by = sqlite3_column_int64(st, 5);
	sql_col_copy(st, 6, out->zone, sizeof out->zone);
	return 0;
}

static void
free_seen(void *rows, int n)
{
	(void)n;
	free(rows);
}

int
roster_seen_list(struct session *s, int64_t person_id, struct roster_seen **rows, int *n)
{
	const struct record_view v = {
	    .person_id = person_id, .param = person_id, .entity = "person", .entity_id = person_id,
	    .detail = "jail ids", .sql = seen_sql, .size = sizeof **rows, .fill = fill_seen,
	    .free_rows = free_seen};
	void *got;
	int rc = record_view_list(s, &v, &got, n);

	*rows = got;
	return rc;
}

const char *
roster_seen_mark(const char *precision)
{
	if (!precision)
		return "";
	if (strcmp(precision, "date") == 0)
		return ", date only";
	return strcmp(precision, "inferred") == 0 ? ", last seen" : "";
}

void
roster_seen_when(const struct roster_seen *rel, const char *site_zone, int64_t t, char *out,
                 size_t n)
{
	int day = rel && strcmp(rel->value, "date") == 0;

	/* The start of the day in the jail's zone: west of it, the site's
	 * clock still reads the day before. */
	zone_format(day && rel->zone[0] ? rel->zone : site_zone, t, out, n);
	if (day && n > 10)
		out[10] = 0;
}

const struct roster_seen *
roster_seen_find(const struct roster_seen *rows, int n, enum roster_seen_kind kind,
                 int64_t stay_id)
{
	for (int i = 0; i < n; i++)
		if (rows[i].kind == kind && rows[i].stay_id == stay_id)
			return &rows[i];
	return NULL;
}
