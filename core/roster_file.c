/* SPDX-License-Identifier: ISC */
/*
 * roster_file.c - a jail's roster export read into bookings.
 *
 * No two jails export the same file (issue 14 lists what public rosters
 * look like), so nothing here knows a jail: the profile says where each
 * thing is, and this file only applies it, strictly.  The file is read
 * whole before anything is decided: its bytes are checked as text (Latin-1
 * turned into UTF-8 first, when the profile says so), parsed by libcsv in
 * strict mode one physical line at a time so that every row knows the line
 * it starts on, then the header is matched against the profile, then each
 * row becomes a record, and rows that share a booking number become one
 * booking (one row per charge is common).
 *
 * A mistake stops everything and names the line and the column, because
 * an import that guessed would start the wrong person's clocks; with
 * ROSTER_SKIP_BAD_ROWS the rows with a mistake are left out and listed
 * instead.  The values of a row are case data: an error quotes a date or
 * a status so the admin can fix the profile, never a name or an id.  What
 * was read is wiped before it is freed.
 */
#include "roster_file.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "roster_csv.h"
#include "roster_time.h"

/* Spaces trimmed in place; "" for an empty marker. */
static const char *
value(const struct roster_profile *p, char *v)
{
	size_t n = strlen(v);

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		v[--n] = 0;
	while (*v == ' ' || *v == '\t')
		v++;
	for (int i = 0; i < p->n_empty; i++) {
		const char *m = p->empty[i];

		while (*m == ' ')
			m++;
		if (strcmp(v, m) == 0)
			return "";
	}
	return v;
}

struct ctx {
	const struct roster_profile *p;
	int idx[ROSTER_COL_N]; /* the column of each, -1 not mapped */
	regex_t re[2];
	int has_re[2];
	struct roster_err *e;
	const char *vals[ROSTER_COL_N];
	int line;
};

#define COLNAME(c, k) ((c)->p->column[k])

/* A number a spreadsheet rewrote: 2.1049825E8, or 17007382.0. */
static int
mangled(const char *s)
{
	const char *d = s;

	while (*d >= '0' && *d <= '9')
		d++;
	if (d == s)
		return 0;
	if (*d == '.') {
		const char *f = ++d;

		while (*d >= '0' && *d <= '9')
			d++;
		if (!*d && d > f && strspn(f, "0") == (size_t)(d - f))
			return 1;
	}
	if (*d != 'e' && *d != 'E')
		return 0;
	d++;
	if (*d == '+' || *d == '-')
		d++;
	if (!(*d >= '0' && *d <= '9'))
		return 0;
	return strspn(d, "0123456789") == strlen(d);
}

static int
id(struct ctx *c, int which, enum roster_col col, char out[ROSTER_ID_MAX])
{
	const char *v = c->vals[col];
	regmatch_t m[2];
	size_t n;

	out[0] = 0;
	if (!*v)
		return 0;
	if (c->has_re[which]) {
		if (regexec(&c->re[which], v, 2, m, 0) != 0 || m[1].rm_so < 0)
			return roster_fail(c->e, c->line, COLNAME(c, col),
			            "the profile's pattern.%s finds no id here", roster_col_key(col));
		v += m[1].rm_so;
		n = (size_t)(m[1].rm_eo - m[1].rm_so);
	} else {
		n = strlen(v);
	}
	if (n >= ROSTER_ID_MAX)
		return roster_fail(c->e, c->line, COLNAME(c, col), "the id is longer than %d characters",
		            ROSTER_ID_MAX - 1);
	memcpy(out, v, n);
	out[n] = 0;
	if (mangled(out))
		return roster_fail(c->e, c->line, COLNAME(c, col),
		            "the id was turned into a number by a spreadsheet (like 2.1049825E8); "
		            "export the file again with this column as text");
	return 0;
}

static int
name_part(struct ctx *c, enum roster_col col, const char *v, size_t n, char out[ROSTER_NAME_MAX])
{
	while (n && v[n - 1] == ' ')
		n--;
	while (n && *v == ' ') {
		v++;
		n--;
	}
	if (n >= ROSTER_NAME_MAX)
		return roster_fail(c->e, c->line, COLNAME(c, col), "the name is longer than %d bytes",
		            ROSTER_NAME_MAX - 1);
	memcpy(out, v, n);
	out[n] = 0;
	return 0;
}

static int
names(struct ctx *c, struct roster_rec *r)
{
	const char *v = c->vals[ROSTER_COL_NAME], *comma, *rest, *sp;

	if (c->idx[ROSTER_COL_NAME] < 0) {
		if (name_part(c, ROSTER_COL_LAST, c->vals[ROSTER_COL_LAST],
		              strlen(c->vals[ROSTER_COL_LAST]), r->last) != 0 ||
		    name_part(c, ROSTER_COL_FIRST, c->vals[ROSTER_COL_FIRST],
		              strlen(c->vals[ROSTER_COL_FIRST]), r->first) != 0)
			return -1;
		return name_part(c, ROSTER_COL_MIDDLE, c->vals[ROSTER_COL_MIDDLE],
		                 strlen(c->vals[ROSTER_COL_MIDDLE]), r->middle);
	}
	/* LAST, FIRST MIDDLE; a single name is a last name. */
	if (!(comma = strchr(v, ',')))
		return name_part(c, ROSTER_COL_NAME, v, strlen(v), r->last);
	rest = comma + 1;
	while (*rest == ' ')
		rest++;
	sp = strchr(rest, ' ');
	if (name_part(c, ROSTER_COL_NAME, v, (size_t)(comma - v), r->last) != 0 ||
	    name_part(c, ROSTER_COL_NAME, rest, sp ? (size_t)(sp - rest) : strlen(rest), r->first) != 0)
		return -1;
	return name_part(c, ROSTER_COL_NAME, sp ? sp : "", sp ? strlen(sp) : 0, r->middle);
}

/* A date (and time) from column col, with the separate time column tcol
 * (or ROSTER_COL_N for none). */
static int
when(struct ctx *c, enum roster_col col, enum roster_col tcol, struct roster_when *w)
{
	const struct roster_profile *p = c->p;
	const char *v = c->vals[col], *tv = tcol < ROSTER_COL_N ? c->vals[tcol] : "";
	struct roster_tm tm, t2;
	int i, date_only;

	w->at = 0;
	w->precision = ROSTER_NONE;
	if (!*v) {
		if (*tv)
			return roster_fail(c->e, c->line, COLNAME(c, tcol), "a time with no date");
		return 0;
	}
	for (i = 0; i < p->n_date_format; i++)
		if (roster_tm_match(p->date_format[i], v, &tm) == 0 && tm.has_date)
			break;
	if (i == p->n_date_format)
		return roster_fail(c->e, c->line, COLNAME(c, col), "'%.40s' matches none of the date formats",
		            v);
	if (*tv && tm.has_time)
		return roster_fail(c->e, c->line, COLNAME(c, tcol), "a time, but the date has its own");
	if (*tv) {
		for (i = 0; i < p->n_time_format; i++)
			if (roster_tm_match(p->time_format[i], tv, &t2) == 0 && !t2.has_date)
				break;
		if (i == p->n_time_format)
			return roster_fail(c->e, c->line, COLNAME(c, tcol),
			            "'%.40s' matches none of the time formats", tv);
		tm.hour = t2.hour;
		tm.min = t2.min;
		tm.sec = t2.sec;
		tm.has_time = 1;
		if (t2.has_offset) {
			tm.has_offset = 1;
			tm.offset_min = t2.offset_min;
		}
	}
	date_only = !tm.has_time ||
	            (p->midnight_unknown && tm.hour == 0 && tm.min == 0 && tm.sec == 0);
	w->at = roster_tm_instant(&tm, p->time_zone, date_only);
	w->precision = date_only ? ROSTER_DATE_ONLY : ROSTER_TIME;
	return 0;
}

static int
birth(struct ctx *c, struct roster_rec *r)
{
	const struct roster_profile *p = c->p;
	const char *v = c->vals[ROSTER_COL_BIRTH];
	struct roster_tm tm;

	if (!*v)
		return 0;
	for (int i = 0; i < p->n_birth_format; i++) {
		if (roster_tm_match(p->birth_format[i], v, &tm) != 0 || tm.has_time || !tm.year)
			continue;
		if (!strstr(p->birth_format[i], "%m")) {
			r->birth_year = tm.year;
			return 0;
		}
		if (tm.has_date) {
			r->birth_year = tm.year;
			r->birth_month = tm.month;
			r->birth_day = tm.day;
			return 0;
		}
	}
	return roster_fail(c->e, c->line, COLNAME(c, ROSTER_COL_BIRTH),
	            "'%.40s' matches none of the birth formats", v);
}

static int
status(struct ctx *c, struct roster_rec *r)
{
	const char *v = c->vals[ROSTER_COL_STATUS];

	r->status = r->release.precision != ROSTER_NONE ? ROSTER_RELEASED : ROSTER_IN_CUSTODY;
	if (!*v)
		return 0;
	for (int s = 0; s < ROSTER_STATUS_N; s++)
		for (int i = 0; i < c->p->n_status[s]; i++)
			if (strcasecmp(v, c->p->status[s][i]) == 0) {
				r->status = (enum roster_status)s;
				if (s == ROSTER_IN_CUSTODY && r->release.precision != ROSTER_NONE)
					return roster_fail(c->e, c->line, COLNAME(c, ROSTER_COL_STATUS),
					            "in custody, but the row has a release time");
				return 0;
			}
	return roster_fail(c->e, c->line, COLNAME(c, ROSTER_COL_STATUS),
	            "'%.40s' is not a status the profile names", v);
}

/* The latest instant a time may stand for: a date only may be any time
 * that day. */
static int64_t
latest(const struct roster_when *w)
{
	return w->at + (w->precision == ROSTER_DATE_ONLY ? 86400 - 1 : 0);
}

/* One row into r; -1 with c->e set. */
static int
row_rec(struct ctx *c, const struct roster_row *row, int ncols, struct roster_rec *r)
{
	memset(r, 0, sizeof *r);
	c->line = r->line = r->last_line = row->line;
	r->rows = 1;
	if (row->n > ncols)
		return roster_fail(c->e, row->line, NULL, "%d fields, but the header has %d", row->n, ncols);
	if (row->n < ncols)
		return roster_fail(c->e, row->line, NULL, "only %d fields, but the header has %d", row->n,
		            ncols);
	for (int k = 0; k < ROSTER_COL_N; k++)
		c->vals[k] = c->idx[k] < 0 ? "" : value(c->p, row->f[c->idx[k]]);
	if (id(c, 0, ROSTER_COL_PERSON_ID, r->person_id) != 0 ||
	    id(c, 1, ROSTER_COL_BOOKING, r->booking) != 0 || names(c, r) != 0 || birth(c, r) != 0 ||
	    when(c, ROSTER_COL_BOOKED, ROSTER_COL_BOOKED_TIME, &r->booked) != 0 ||
	    when(c, ROSTER_COL_RELEASE, ROSTER_COL_RELEASE_TIME, &r->release) != 0 ||
	    when(c, ROSTER_COL_EXPECTED, ROSTER_COL_N, &r->expected) != 0 || status(c, r) != 0)
		return -1;
	if (!r->last[0] && !r->first[0])
		return roster_fail(c->e, row->line, COLNAME(c, c->idx[ROSTER_COL_NAME] >= 0 ? ROSTER_COL_NAME
		                                                                   : ROSTER_COL_LAST),
		            "no name");
	if (r->booked.precision == ROSTER_NONE)
		return roster_fail(c->e, row->line, COLNAME(c, ROSTER_COL_BOOKED), "no booking date");
	if (r->release.precision != ROSTER_NONE && latest(&r->release) < r->booked.at)
		return roster_fail(c->e, row->line, COLNAME(c, ROSTER_COL_RELEASE),
		            "the release is before the booking");
	if (c->p->group_by_booking && !r->booking[0])
		return roster_fail(c->e, row->line, COLNAME(c, ROSTER_COL_BOOKING), "no booking number");
	return 0;
}

/* The header against the profile: every column it names must be there. */
static int
header(struct ctx *c, const struct roster_row *h)
{
	int named = 0, found = 0, missing = -1, nmissing = 0;

	for (int k = 0; k < ROSTER_COL_N; k++) {
		c->idx[k] = -1;
		if (!c->p->column[k][0])
			continue;
		named++;
		for (int i = 0; i < h->n; i++)
			if (strcasecmp(value(c->p, h->f[i]), c->p->column[k]) == 0) {
				c->idx[k] = i;
				break;
			}
		if (c->idx[k] >= 0)
			found++;
		else if (nmissing++ == 0)
			missing = k;
	}
	if (found == 0)
		return roster_fail(c->e, h->line, NULL,
		            "none of the %d columns the profile names is in the header: is it the "
		            "right profile for this file?", named);
	if (nmissing > 1)
		return roster_fail(c->e, h->line, c->p->column[missing],
		                   "the header has no such column (column.%s), nor %d more the "
		                   "profile names: is it the right profile for this file?",
		                   roster_col_key((enum roster_col)missing), nmissing - 1);
	if (missing >= 0)
		return roster_fail(c->e, h->line, c->p->column[missing],
		            "the header has no such column, which the profile names as column.%s",
		            roster_col_key((enum roster_col)missing));
	return 0;
}

static int
same_when(const struct roster_when *a, const struct roster_when *b)
{
	return a->precision == b->precision && a->at == b->at;
}

/* Row r joins the booking b, which has the same booking number. */
static int
join(struct ctx *c, struct roster_rec *b, const struct roster_rec *r)
{
	if (strcmp(b->person_id, r->person_id) != 0 || strcmp(b->last, r->last) != 0 ||
	    strcmp(b->first, r->first) != 0 || strcmp(b->middle, r->middle) != 0 ||
	    b->birth_year != r->birth_year || b->birth_month != r->birth_month ||
	    b->birth_day != r->birth_day || !same_when(&b->booked, &r->booked))
		return roster_fail(c->e, r->line, COLNAME(c, ROSTER_COL_BOOKING),
		            "the booking number is on line %d with another person or booking time",
		            b->line);
	/* One charge still held keeps the person in custody. */
	if (b->status == ROSTER_IN_CUSTODY || r->status == ROSTER_IN_CUSTODY) {
		b->status = ROSTER_IN_CUSTODY;
		b->release = (struct roster_when){0, ROSTER_NONE};
	} else if (b->status != r->status ||
	           (b->release.precision != ROSTER_NONE && r->release.precision != ROSTER_NONE &&
	            !same_when(&b->release, &r->release))) {
		return roster_fail(c->e, r->line, COLNAME(c, ROSTER_COL_RELEASE),
		            "the booking's release on line %d says otherwise", b->line);
	} else if (b->release.precision == ROSTER_NONE) {
		b->release = r->release;
	}
	if (b->expected.precision == ROSTER_NONE)
		b->expected = r->expected;
	b->rows++;
	b->last_line = r->line;
	return 0;
}

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Keep e as a skipped row, or return -1 to refuse the file. */
static int
bad_row(struct roster_result *r, int flags, struct roster_err *e)
{
	e->in_row = 1;
	if (!(flags & ROSTER_SKIP_BAD_ROWS))
		return -1;
	r->skipped[r->nskipped++] = *e;
	return 0;
}

/* The data rows into r's records. */
static int
records(struct ctx *c, const struct roster_rows *rd, int flags, struct roster_result *r)
{
	size_t slots = 16, *table = NULL;
	int ncols = rd->rows[0].n, rc = 0;

	while (slots < rd->nrows * 2)
		slots *= 2;
	r->recs = calloc(rd->nrows, sizeof *r->recs);
	r->skipped = calloc(rd->nrows, sizeof *r->skipped);
	if (c->p->group_by_booking)
		table = calloc(slots, sizeof *table); /* index + 1; 0 empty */
	if (!r->recs || !r->skipped || (c->p->group_by_booking && !table)) {
		free(table);
		return roster_fail(c->e, 0, NULL, "out of memory");
	}
	for (size_t i = 1; i < rd->nrows && rc == 0; i++) {
		struct roster_rec *rec = &r->recs[r->nrecs];
		size_t h;

		r->rows++;
		if (row_rec(c, &rd->rows[i], ncols, rec) != 0) {
			explicit_bzero(rec, sizeof *rec);
			rc = bad_row(r, flags, c->e);
			continue;
		}
		if (!table) {
			r->nrecs++;
			continue;
		}
		for (h = hash(rec->booking) & (slots - 1); table[h]; h = (h + 1) & (slots - 1))
			if (strcmp(r->recs[table[h] - 1].booking, rec->booking) == 0)
				break;
		if (!table[h]) {
			table[h] = ++r->nrecs;
			continue;
		}
		/* Another charge of a booking already read: rec was scratch. */
		if (join(c, &r->recs[table[h] - 1], rec) != 0)
			rc = bad_row(r, flags, c->e);
		explicit_bzero(rec, sizeof *rec);
	}
	free(table);
	return rc;
}

void
roster_result_free(struct roster_result *r)
{
	if (r->recs)
		explicit_bzero(r->recs, r->nrecs * sizeof *r->recs);
	free(r->recs);
	free(r->skipped);
	memset(r, 0, sizeof *r);
}

int
roster_parse(const struct roster_profile *p, const char *data, size_t len, int flags,
             struct roster_result *r, struct roster_err *err)
{
	struct roster_rows rd = {0};
	struct ctx c = {.p = p, .e = err};
	int rc = -1;

	memset(r, 0, sizeof *r);
	memset(err, 0, sizeof *err);
	crypto_hash_sha256(r->sha256, (const unsigned char *)data, len);
	for (int i = 0; i < 2; i++) {
		if (!p->pattern[i][0])
			continue;
		if (regcomp(&c.re[i], p->pattern[i], REG_EXTENDED) != 0) {
			roster_fail(err, 0, NULL, "the profile's pattern does not compile");
			goto out;
		}
		c.has_re[i] = 1;
	}
	if (len > ROSTER_FILE_MAX) {
		roster_fail(err, 0, NULL, "the file is too big (256 MiB at most)");
		goto out;
	}
	if (roster_csv_read(p, data, len, &rd, err) != 0)
		goto out;
	if (rd.nrows == 0) {
		roster_fail(err, 0, NULL, "the file is empty: not even a header");
		goto out;
	}
	if (header(&c, &rd.rows[0]) != 0 || records(&c, &rd, flags, r) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		roster_result_free(r);
	for (int i = 0; i < 2; i++)
		if (c.has_re[i])
			regfree(&c.re[i]);
	roster_rows_free(&rd);
	return rc;
}

int
roster_read(const struct roster_profile *p, const char *path, int flags,
            struct roster_result *r, struct roster_err *err)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	memset(r, 0, sizeof *r);
	memset(err, 0, sizeof *err);
	if (!f)
		return roster_fail(err, 0, NULL, "could not be read: %s", strerror(errno));
	do {
		if (len == cap) {
			char *b = cap < ROSTER_FILE_MAX ? realloc(buf, cap = cap ? cap * 2 : 65536) : NULL;

			if (!b) {
				fclose(f);
				if (buf)
					explicit_bzero(buf, len);
				free(buf);
				return roster_fail(err, 0, NULL, "the file is too big (256 MiB at most)");
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		fclose(f);
		explicit_bzero(buf, len);
		free(buf);
		return roster_fail(err, 0, NULL, "could not be read");
	}
	fclose(f);
	rc = roster_parse(p, buf ? buf : "", len, flags, r, err);
	if (buf)
		explicit_bzero(buf, len);
	free(buf);
	return rc;
}
