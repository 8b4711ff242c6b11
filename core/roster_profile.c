/* SPDX-License-Identifier: ISC */
/*
 * roster_profile.c - reading a roster profile (passage-roster(5)).
 *
 * A profile is a small text file an admin writes once per jail: "key =
 * value" lines, # comments, and a value in double quotes kept exactly (so
 * that a single space can be named as an "empty" marker).  Keys that take
 * a list (formats, statuses, empty markers) are simply repeated, one value
 * a line, because a status such as "Released to Another Agency" may hold
 * any character a separator would need.  Everything is checked here, once:
 * a format with a field we do not know, a pattern that does not compile or
 * has no group, a zone the system does not know.  A mistake is refused
 * with its line, so the import never runs on a half-understood profile.
 */
#include "roster_profile.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"

static const char *const col_keys[ROSTER_COL_N] = {
    [ROSTER_COL_PERSON_ID] = "person_id",
    [ROSTER_COL_BOOKING] = "booking",
    [ROSTER_COL_NAME] = "name",
    [ROSTER_COL_LAST] = "last",
    [ROSTER_COL_FIRST] = "first",
    [ROSTER_COL_MIDDLE] = "middle",
    [ROSTER_COL_BIRTH] = "birth",
    [ROSTER_COL_BOOKED] = "booked",
    [ROSTER_COL_BOOKED_TIME] = "booked_time",
    [ROSTER_COL_RELEASE] = "release",
    [ROSTER_COL_RELEASE_TIME] = "release_time",
    [ROSTER_COL_EXPECTED] = "expected",
    [ROSTER_COL_STATUS] = "status",
};

static const char *const status_keys[ROSTER_STATUS_N] = {
    [ROSTER_IN_CUSTODY] = "status.custody",
    [ROSTER_RELEASED] = "status.release",
    [ROSTER_TRANSFERRED] = "status.transfer",
};

const char *
roster_col_key(enum roster_col c)
{
	return c < ROSTER_COL_N ? col_keys[c] : "?";
}

/* A date or time format: literal characters and %Y %m %d %H %I %M %S %p
 * %Z %%.  0 if it is one, with *has_time set when it holds a clock time. */
static int
format_ok(const char *f, int *has_time)
{
	*has_time = 0;
	for (; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		if (!*f || !strchr("YmdHIMSpZ%", *f))
			return -1;
		if (*f == 'H' || *f == 'I')
			*has_time = 1;
	}
	return 0;
}

/*
 * How big the C library's compiled form of an extended regular expression
 * may grow, roughly: glibc copies a repeated part once for "+" and once
 * per count for "{n,m}", and every "?" and "*" adds empty paths whose
 * closure it works out for every node, so "(a+)+", "((a?)?)?" or
 * "a{99}{99}" multiply.  A short pattern can otherwise take gigabytes and
 * minutes to compile.  The count is of atoms after every copy, each
 * repetition counted as at least two, saturating above PATTERN_COST_MAX; an
 * id pattern needs a few dozen.  Two repetition marks in a row ("a++",
 * "a?*") are undefined in POSIX and refused outright (PATTERN_STACKED).
 */
#define PATTERN_COST_MAX 500
#define PATTERN_STACKED (PATTERN_COST_MAX + 2)
#define PATTERN_DEPTH_MAX 16

static long
cost_add(long a, long b)
{
	return a + b > PATTERN_COST_MAX ? PATTERN_COST_MAX + 1 : a + b;
}

static long
cost_mul(long a, long n)
{
	return n > 0 && a > (PATTERN_COST_MAX + 1) / n ? PATTERN_COST_MAX + 1 : a * n;
}

/* Skip a bracket expression starting at s[0] == '['; the character after it. */
static const char *
skip_bracket(const char *s)
{
	s++;
	if (*s == '^')
		s++;
	if (*s == ']')
		s++;
	while (*s && *s != ']') {
		if (s[0] == '[' && s[1] && strchr(":.=", s[1])) {
			const char *end = strchr(s + 2, s[1]);

			while (end && end[1] != ']')
				end = strchr(end + 1, s[1]);
			s = end ? end + 2 : s + strlen(s);
		} else
			s++;
	}
	return *s ? s + 1 : s;
}

static long
pattern_cost(const char *s)
{
	long sum[PATTERN_DEPTH_MAX + 1] = {0}, last[PATTERN_DEPTH_MAX + 1] = {0};
	int d = 0, repeated = 0;

	while (*s) {
		long n = 1;

		if (repeated && strchr("+*?{", *s))
			return PATTERN_STACKED;
		repeated = 0;

		switch (*s) {
		case '(':
			if (d == PATTERN_DEPTH_MAX)
				return PATTERN_COST_MAX + 1;
			d++;
			sum[d] = last[d] = 0;
			s++;
			continue;
		case ')':
			if (d == 0) /* a literal ) in ERE */
				break;
			n = sum[d] > 0 ? sum[d] : 1;
			d--;
			sum[d] = cost_add(sum[d], n);
			last[d] = n;
			s++;
			continue;
		case '|':
			last[d] = 0;
			s++;
			continue;
		case '+':
		case '*':
		case '?':
		case '{': {
			long times = 2;

			if (*s == '{') {
				char *end;
				long lo = strtol(s + 1, &end, 10), hi;

				/* Any count past the limit costs too much alone. */
				if (lo > PATTERN_COST_MAX)
					lo = PATTERN_COST_MAX + 1;
				hi = lo;
				if (*end == ',')
					hi = end[1] == '}' ? lo + 1 : strtol(end + 1, NULL, 10);
				times = hi > lo ? hi : lo;
				if (times < 2)
					times = 2;
				s = strchr(s, '}') ? strchr(s, '}') : s + strlen(s) - 1;
			}
			/* The repeated atom is counted again, times - 1 more. */
			sum[d] = cost_add(sum[d], cost_mul(last[d], times - 1) + 1);
			last[d] = cost_add(cost_mul(last[d], times), 1);
			repeated = 1;
			s++;
			continue;
		}
		case '[':
			sum[d] = cost_add(sum[d], 1);
			last[d] = 1;
			s = skip_bracket(s);
			continue;
		case '\\':
			if (s[1])
				s++;
			break;
		default:
			break;
		}
		sum[d] = cost_add(sum[d], 1);
		last[d] = 1;
		s++;
	}
	while (d > 0) {
		sum[d - 1] = cost_add(sum[d - 1], sum[d]);
		d--;
	}
	return sum[0];
}

/* Add val to a list of n (at most max). */
static int
add(char (*list)[ROSTER_TEXT_MAX], int *n, int max, const char *val)
{
	if (*n >= max)
		return -1;
	snprintf(list[*n], ROSTER_TEXT_MAX, "%s", val);
	(*n)++;
	return 0;
}

static int
yes_no(const char *val, int *out)
{
	if (strcmp(val, "yes") == 0)
		*out = 1;
	else if (strcmp(val, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* One setting; 0, or -1 with why set. */
static int
setting(struct roster_profile *p, const char *key, const char *val, const char **why)
{
	int t;

	if (strncmp(key, "column.", 7) == 0) {
		for (int c = 0; c < ROSTER_COL_N; c++)
			if (strcmp(key + 7, col_keys[c]) == 0) {
				if (p->column[c][0])
					return *why = "this column is named twice", -1;
				snprintf(p->column[c], ROSTER_TEXT_MAX, "%s", val);
				return 0;
			}
		return *why = "unknown column (see passage-roster(5) for the list)", -1;
	}
	for (int s = 0; s < ROSTER_STATUS_N; s++)
		if (strcmp(key, status_keys[s]) == 0) {
			if (add(p->status[s], &p->n_status[s], ROSTER_STATUS_MAX, val) != 0)
				return *why = "too many statuses of this kind (16 at most)", -1;
			return 0;
		}
	if (strcmp(key, "pattern.person_id") == 0 || strcmp(key, "pattern.booking") == 0) {
		regex_t re;
		int i = strcmp(key, "pattern.booking") == 0;

		long cost = pattern_cost(val);

		if (cost == PATTERN_STACKED)
			return *why = "the pattern has two repetition marks in a row (such as ++ or ?*), "
			              "which have no set meaning; keep one",
			       -1;
		if (cost > PATTERN_COST_MAX)
			return *why = "the pattern repeats too much to be read safely; "
			              "use fewer + ? * or {n} inside one another",
			       -1;
		if (regcomp(&re, val, REG_EXTENDED) != 0)
			return *why = "the pattern is not a regular expression", -1;
		t = re.re_nsub == 1;
		regfree(&re);
		if (!t)
			return *why = "the pattern needs exactly one group in ( ) around the id", -1;
		snprintf(p->pattern[i], ROSTER_TEXT_MAX, "%s", val);
		return 0;
	}
	if (strcmp(key, "date_format") == 0 || strcmp(key, "time_format") == 0 ||
	    strcmp(key, "birth_format") == 0) {
		char(*list)[ROSTER_TEXT_MAX] = key[0] == 'd'   ? p->date_format
		                               : key[0] == 't' ? p->time_format
		                                               : p->birth_format;
		int *n = key[0] == 'd' ? &p->n_date_format
		         : key[0] == 't' ? &p->n_time_format
		                         : &p->n_birth_format;

		if (format_ok(val, &t) != 0)
			return *why = "a format may hold only %Y %m %d %H %I %M %S %p %Z and %%", -1;
		if (key[0] == 't' && !t)
			return *why = "a time format needs %H or %I", -1;
		if (add(list, n, ROSTER_FORMATS_MAX, val) != 0)
			return *why = "too many formats of this kind (8 at most)", -1;
		return 0;
	}
	if (strcmp(key, "empty") == 0) {
		if (add(p->empty, &p->n_empty, ROSTER_EMPTY_MAX, val) != 0)
			return *why = "too many empty markers (8 at most)", -1;
		return 0;
	}
	if (strcmp(key, "time_zone") == 0) {
		if (strlen(val) >= sizeof p->time_zone || !zone_known(val))
			return *why = "not a time zone this system knows (write it as America/New_York)", -1;
		memcpy(p->time_zone, val, strlen(val) + 1);
		return 0;
	}
	if (strcmp(key, "facility") == 0) {
		size_t chars = 0;

		for (const char *c = val; *c; c++)
			chars += ((unsigned char)*c & 0xc0) != 0x80;
		if (chars > 120)
			return *why = "a facility's name is 120 characters at most", -1;
		memcpy(p->facility, val, strlen(val) + 1);
		return 0;
	}
	if (strcmp(key, "encoding") == 0) {
		if (strcasecmp(val, "utf-8") == 0)
			p->encoding = ROSTER_UTF8;
		else if (strcasecmp(val, "latin-1") == 0)
			p->encoding = ROSTER_LATIN1;
		else
			return *why = "the encoding is utf-8 or latin-1", -1;
		return 0;
	}
	if (strcmp(key, "midnight") == 0) {
		if (strcmp(val, "unknown") == 0)
			p->midnight_unknown = 1;
		else if (strcmp(val, "midnight") == 0)
			p->midnight_unknown = 0;
		else
			return *why = "midnight is 'unknown' or 'midnight'", -1;
		return 0;
	}
	if (strcmp(key, "group") == 0) {
		if (strcmp(val, "booking") == 0)
			p->group_by_booking = 1;
		else if (strcmp(val, "none") == 0)
			p->group_by_booking = 0;
		else
			return *why = "group is 'booking' or 'none'", -1;
		return 0;
	}
	if (strcmp(key, "snapshot") == 0) {
		if (yes_no(val, &p->snapshot) != 0)
			return *why = "snapshot is 'yes' or 'no'", -1;
		return 0;
	}
	return *why = "unknown setting (see passage-roster(5))", -1;
}

/* What the settings say together; NULL when they make sense. */
static const char *
whole(const struct roster_profile *p)
{
	const char(*c)[ROSTER_TEXT_MAX] = p->column;
	int statuses = p->n_status[0] + p->n_status[1] + p->n_status[2];

	if (!p->time_zone[0])
		return "time_zone is required (the zone the jail's clock times are in)";
	if (!c[ROSTER_COL_BOOKED][0])
		return "column.booked is required (when the booking began)";
	if (!c[ROSTER_COL_NAME][0] && !c[ROSTER_COL_LAST][0])
		return "column.name or column.last is required";
	if (c[ROSTER_COL_NAME][0] && (c[ROSTER_COL_LAST][0] || c[ROSTER_COL_FIRST][0] ||
	                              c[ROSTER_COL_MIDDLE][0]))
		return "column.name (LAST, FIRST MIDDLE) and separate name columns cannot both be named";
	if (p->n_date_format == 0)
		return "at least one date_format is required";
	if ((c[ROSTER_COL_BOOKED_TIME][0] || c[ROSTER_COL_RELEASE_TIME][0]) && p->n_time_format == 0)
		return "a time column needs a time_format";
	if (c[ROSTER_COL_BIRTH][0] && p->n_birth_format == 0)
		return "column.birth needs a birth_format";
	if (c[ROSTER_COL_STATUS][0] && statuses == 0)
		return "column.status needs the statuses it uses (status.release, status.transfer, "
		       "status.custody)";
	if (!c[ROSTER_COL_STATUS][0] && statuses)
		return "statuses are named but column.status is not";
	if (!c[ROSTER_COL_STATUS][0] && !c[ROSTER_COL_RELEASE][0] && !p->snapshot)
		return "without column.status or column.release, only a snapshot can show releases";
	if (p->group_by_booking && !c[ROSTER_COL_BOOKING][0])
		return "group = booking needs column.booking";
	if (p->pattern[0][0] && !c[ROSTER_COL_PERSON_ID][0])
		return "pattern.person_id needs column.person_id";
	if (p->pattern[1][0] && !c[ROSTER_COL_BOOKING][0])
		return "pattern.booking needs column.booking";
	return NULL;
}

int
roster_profile_parse(const char *text, struct roster_profile *p, char *err, size_t errlen)
{
	const char *why;
	int lineno = 0;

	memset(p, 0, sizeof *p);
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n'), *line = s, *eq, *v;
		size_t len = nl ? (size_t)(nl - s) : strlen(s), klen, vlen;
		char key[64], val[ROSTER_FACILITY_MAX];
		size_t vmax;

		s = nl ? nl + 1 : s + len;
		lineno++;
		conf_trim(&line, &len);
		if (len == 0 || line[0] == '#')
			continue;
		if (!(eq = memchr(line, '=', len))) {
			snprintf(err, errlen, "line %d: not a setting (write it as key = value)", lineno);
			return -1;
		}
		klen = (size_t)(eq - line);
		v = eq + 1;
		vlen = len - klen - 1;
		conf_trim(&line, &klen);
		conf_trim(&v, &vlen);
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		/* A facility's name is Passage's, as long as the facility table
		 * allows; everything else is the jail's, in ROSTER_TEXT_MAX. */
		vmax = klen == 8 && memcmp(line, "facility", 8) == 0 ? ROSTER_FACILITY_MAX
		                                                     : ROSTER_TEXT_MAX;
		if (klen == 0 || klen >= sizeof key || vlen >= vmax) {
			snprintf(err, errlen, "line %d: %s", lineno,
			         klen == 0              ? "the setting has no name"
			         : klen >= sizeof key   ? "the setting's name is too long"
			         : vmax == ROSTER_TEXT_MAX ? "the value is too long"
			                                : "a facility's name is 120 characters at most");
			return -1;
		}
		if (vlen == 0 || memchr(v, 0, vlen)) {
			snprintf(err, errlen, "line %d: %.*s has no value", lineno, (int)klen, line);
			return -1;
		}
		memcpy(key, line, klen);
		key[klen] = 0;
		memcpy(val, v, vlen);
		val[vlen] = 0;
		if (setting(p, key, val, &why) != 0) {
			snprintf(err, errlen, "line %d: %s: %s", lineno, key, why);
			return -1;
		}
	}
	if ((why = whole(p)) != NULL) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	return 0;
}

void
roster_profile_jail(const char *path, char *out, size_t n)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 8 && strcmp(base + len - 8, ".profile") == 0)
		len -= 8;
	snprintf(out, n, "%.*s", (int)len, base);
}

int
roster_profile_read(const char *path, struct roster_profile *p, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text, msg[256];
	size_t len;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: the profile could not be read: %s", path, strerror(errno));
		return -1;
	}
	if (!(text = malloc(ROSTER_PROFILE_MAX + 1))) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	len = fread(text, 1, ROSTER_PROFILE_MAX, f);
	if (ferror(f) || !feof(f) || memchr(text, 0, len)) {
		snprintf(err, errlen, "%s: %s", path,
		         ferror(f) ? "the profile could not be read"
		         : !feof(f) ? "too long for a profile"
		                    : "not a text file");
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	text[len] = 0;
	rc = roster_profile_parse(text, p, msg, sizeof msg);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path, msg);
	free(text);
	return rc;
}
