/* SPDX-License-Identifier: ISC */
/*
 * site.c - the site's name and time zone (see site.h).
 *
 * A file made by passage init used to start in UTC whatever the site's
 * clocks said, and every follow-up clock was then off by the site's
 * offset until an admin found the setting.  So init asks for the zone
 * (offering the machine's) and writes it with the first admin, in the
 * same creation: a failure leaves no file behind (db_create).
 */
#include "site.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "record.h"
#include "setting.h"
#include "user.h"
#include "zone.h"

int
site_check_name(struct session *s, const char *field, const char *name)
{
	if (check_text(s, field, name, SITE_NAME_CHARS, 1, 0) != 0)
		return -1;
	if (strlen(name) > 120)
		return session_fail(s, "%s: too long (at most 120 bytes)", field);
	if (name[strspn(name, " ")] == 0)
		return session_fail(s, "%s: this is required", field);
	return 0;
}

int
site_check_zone(struct session *s, const char *field, const char *zone)
{
	if (zone && (strcmp(zone, "UTC") == 0 || zone_known(zone)))
		return 0;
	return session_fail(s, "%s: '%.64s' is not a time zone this system knows (an IANA name "
	                    "such as America/Chicago)", field, zone ? zone : "");
}

static int
do_settings(struct session *s, void *arg)
{
	const struct site_init *si = arg;

	if (si->name && (setting_set(s->db, "site.name", si->name) != 0 ||
	                 audit_log(s, "setting", "setting", 0, 0, "site.name") != 0))
		return -1;
	/* UTC is what an unset zone reads as: nothing to write. */
	if (si->zone && strcmp(si->zone, "UTC") != 0 && (setting_set(s->db, "site.time_zone", si->zone) != 0 ||
	                 audit_log(s, "setting", "setting", 0, 0, "site.time_zone") != 0))
		return -1;
	return 0;
}

int
site_bootstrap(db *d, void *arg)
{
	const struct site_init *si = arg;
	struct session s;
	int found;

	if (user_bootstrap(d, (void *)si->admin) != 0)
		return -1;
	session_system(&s, d);
	if ((si->name && site_check_name(&s, "site.name", si->name) != 0) ||
	    (si->zone && site_check_zone(&s, "site.time_zone", si->zone) != 0) ||
	    sql_query_text_i64(&s, "SELECT id FROM user WHERE name = ?1", si->admin, &s.user_id,
	                       &found) != 0 ||
	    session_write(&s, do_settings, (void *)si) != 0) {
		return db_say(d, s.err);
	}
	return 0;
}
