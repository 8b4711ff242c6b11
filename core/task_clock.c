/* SPDX-License-Identifier: ISC */
/*
 * task_clock.c - the clocks' times (see task_clock.h): the site's clock
 * settings, read when the clocks start, and what a release starts.
 *
 * A setting that does not parse falls back to the default rather than
 * refusing: recording a release must never fail because of a typo in a
 * site setting, since the clocks are the point of recording it.
 */
#include "task_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setting.h"
#include "sql_keep.h"

#define CLOCK_MAX TASK_FOLLOWUPS_MAX

/* "7,14,30,90": whole days 1..3650, strictly ascending.  0 if it parses. */
static int
parse_days(const char *text, int *days, int *n)
{
	const char *p = text;

	*n = 0;
	while (*p) {
		long v = 0;
		int digits = 0;
		while (*p == ' ')
			p++;
		for (; *p >= '0' && *p <= '9' && digits < 5; p++, digits++)
			v = v * 10 + (*p - '0');
		while (*p == ' ')
			p++;
		if (!digits || v < 1 || v > 3650 || *n == CLOCK_MAX || (*n && v <= days[*n - 1]))
			return -1;
		days[(*n)++] = (int)v;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return *n ? 0 : -1;
}

/* The settings the clocks are made from, with what a missing one reads as. */
enum { CLOCK_HOURS, CLOCK_WINDOW, CLOCK_DAYS, CLOCK_ZONE, CLOCK_KEYS };
static const char *const clock_keys[CLOCK_KEYS] = {"clock.contact_hours", "clock.window_days",
                                                   "clock.followup_days", "site.time_zone"};
static const char *const clock_unset[CLOCK_KEYS] = {"", "", "7,14,30,90", "UTC"};

/* c from the settings' texts, each that does not parse replaced by its
 * default; -1 when the zone is unknown (UTC then), as zone_site says. */
static int
clock_parse(char text[CLOCK_KEYS][200], struct task_clock_cfg *c)
{
	static const int defaults[] = {7, 14, 30, 90};

	c->hours = (int)setting_int_of(text[CLOCK_HOURS], 48);
	if (c->hours < 1 || c->hours > 720)
		c->hours = 48;
	c->window = (int)setting_int_of(text[CLOCK_WINDOW], 3);
	if (c->window < 0 || c->window > 30)
		c->window = 3;
	if (parse_days(text[CLOCK_DAYS], c->days, &c->ndays) != 0) {
		c->ndays = 4;
		memcpy(c->days, defaults, sizeof defaults);
	}
	snprintf(c->zone, sizeof c->zone, "%s", text[CLOCK_ZONE]);
	return zone_site_check(c->zone);
}

int
task_clock_settings(db *d, struct task_clock_cfg *c)
{
	char text[CLOCK_KEYS][200];

	for (int i = 0; i < CLOCK_KEYS; i++)
		setting_text(d, clock_keys[i], clock_unset[i], text[i], sizeof text[i]);
	return clock_parse(text, c);
}

/* The settings as an import first read them, and what that read said. */
struct task_clock_memo {
	int read, rc;
	struct task_clock_cfg c;
};

int
task_clock_remember(struct session *s)
{
	if (!s->clocks && !(s->clocks = calloc(1, sizeof *s->clocks)))
		return session_fail(s, "out of memory");
	return 0;
}

void
task_clock_forget(struct session *s)
{
	free(s->clocks);
	s->clocks = NULL;
}

static int settings_read(struct session *s, struct task_clock_cfg *c);

int
task_clock_settings_kept(struct session *s, struct task_clock_cfg *c)
{
	struct task_clock_memo *m = s->clocks;

	if (!m)
		return settings_read(s, c);
	if (!m->read) {
		m->rc = settings_read(s, &m->c);
		m->read = 1;
	}
	*c = m->c;
	return m->rc;
}

/* One statement kept prepared: preparing four look-ups for each of an
 * import's releases cost more than reading them. */
static int
settings_read(struct session *s, struct task_clock_cfg *c)
{
	char text[CLOCK_KEYS][200];
	sqlite3_stmt *st;

	for (int i = 0; i < CLOCK_KEYS; i++)
		snprintf(text[i], sizeof text[i], "%s", clock_unset[i]);
	if (sql_prep_kept(s, "SELECT key, value FROM setting WHERE key IN ('clock.contact_hours', "
	                  "'clock.window_days', 'clock.followup_days', 'site.time_zone')",
	                  &st) == 0) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *key = (const char *)sqlite3_column_text(st, 0);
			const char *value = (const char *)sqlite3_column_text(st, 1);

			for (int i = 0; key && value && i < CLOCK_KEYS; i++)
				if (strcmp(key, clock_keys[i]) == 0)
					snprintf(text[i], sizeof text[i], "%s", value);
		}
		sql_done(s, st);
	}
	return clock_parse(text, c);
}

/* Offsets for zone_add_days: day N, its window start and its window end. */
void
task_followup_times(const char *zone, int64_t released_at, const int *days, const int *window,
                    int n, int64_t *out)
{
	int offs[3 * CLOCK_MAX] = {0};

	for (int i = 0; i < n; i++) {
		offs[3 * i] = days[i];
		offs[3 * i + 1] = days[i] - window[i];
		offs[3 * i + 2] = days[i] + window[i];
	}
	zone_add_days(zone, released_at, offs, 3 * n, out);
	/* A window never opens before the release it follows. */
	for (int i = 0; i < n; i++)
		if (out[3 * i + 1] < released_at)
			out[3 * i + 1] = released_at;
}

int
task_clock_times(const struct task_clock_cfg *c, int64_t released_at, struct task_clock *out)
{
	int window[CLOCK_MAX] = {0};
	int64_t at[3 * CLOCK_MAX];

	/* The first contact counts real hours: the risk does not wait for the
	 * clocks on the wall to change. */
	snprintf(out[0].kind, sizeof out[0].kind, "contact_48h");
	out[0].checkpoint = 0;
	out[0].due = released_at + (int64_t)c->hours * 3600;
	out[0].start = released_at;
	out[0].end = out[0].due;
	for (int i = 0; i < c->ndays; i++)
		window[i] = c->window;
	task_followup_times(c->zone, released_at, c->days, window, c->ndays, at);
	for (int i = 0; i < c->ndays; i++) {
		snprintf(out[i + 1].kind, sizeof out[i + 1].kind, "followup");
		out[i + 1].checkpoint = c->days[i];
		out[i + 1].due = at[3 * i];
		out[i + 1].start = at[3 * i + 1];
		out[i + 1].end = at[3 * i + 2];
	}
	return c->ndays + 1;
}

int
task_answered(const struct task_clock *open, int n, int64_t at)
{
	int held = -1;

	for (int i = 0; i < n; i++) {
		if (open[i].start > at)
			continue;
		if (open[i].end < at)
			return i; /* overdue: the most urgent, done late */
		if (held < 0)
			held = i;
	}
	return held;
}
