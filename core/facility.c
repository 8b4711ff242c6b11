/* SPDX-License-Identifier: ISC */
/*
 * facility.c - the facilities a program works with.
 */
#include "facility.h"

#include "record.h"

int
facility_list(struct session *s, struct facility_row *rows, int max, int *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (record_prep(s, "SELECT id, name FROM facility WHERE active = 1 ORDER BY name", &st) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		rows[*n].id = sqlite3_column_int64(st, 0);
		record_col_copy(st, 1, rows[*n].name, sizeof rows[*n].name);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, rc);
	return 0;
}
