/* SPDX-License-Identifier: ISC */
/*
 * unit_education.c - overdose education before release, on a real vault
 * file: topics as named flags stored as the schema's bit set, declining
 * as a complete answer, who may record it, and the lists.
 */
#include <stdlib.h>
#include <string.h>

#include "education.h"
#include "fixture.h"

static int64_t joe, ann, stay, old_stay;

static struct education
session_of(unsigned topics)
{
	struct education e = {0};

	e.person_id = joe;
	e.stay_id = stay;
	e.setting = "individual";
	e.topics = topics;
	return e;
}

static void
test_record(void)
{
	struct session s;
	struct education e = session_of(EDU_TOLERANCE | EDU_NEVER_ALONE | EDU_NALOXONE);

	as(&s, "cal", T0);
	e.teach_back = YN_YES;
	ok(education_record(&s, &e) == 0, "a caseworker records education: %s", s.err);
	ok(e.id > 0 && e.version == 1 && e.at == T0 && e.by_user == cal,
	   "  with an id, version 1, now, by the caseworker");
	ok(e.updated_by == cal && e.updated_at == T0, "  saved last by the caseworker, now");
	is_int(count("SELECT count(*) FROM education WHERE id = 1 AND updated_at = 1714554000 AND "
	             "updated_by = (SELECT id FROM user WHERE name = 'cal')"), 1,
	       "  and the row says so");
	is_int(count("SELECT topics FROM education WHERE id = 1"), 7,
	       "  tolerance, never alone and naloxone are bits 1, 2 and 4");
	is_int(count("SELECT teach_back FROM education WHERE id = 1"), 1, "  teach-back passed");
	is_int(audits("create", "education"), 1, "  audited");
	is_str(last_detail(), "given: stay, setting, topics, teach-back", "  by field names");

	e = session_of(EDU_FENTANYL | EDU_MIXING | EDU_GOOD_SAMARITAN);
	e.setting = "group";
	e.teach_back = YN_NO;
	e.at = T0 - DAY;
	ok(education_record(&s, &e) == 0, "a group session on the other three topics");
	is_int(count("SELECT updated_at FROM education WHERE id = 2"), T0,
	       "  given yesterday, saved now");
	is_int(count("SELECT topics FROM education WHERE id = 2"), 8 + 16 + 32,
	       "  fentanyl, mixing and Good Samaritan are bits 8, 16 and 32");
	is_int(count("SELECT teach_back FROM education WHERE id = 2"), 0, "  teach-back not passed");
	e = session_of(EDU_ALL);
	e.setting = "video";
	ok(education_record(&s, &e) == 0, "a video covering all six topics");
	is_int(count("SELECT topics FROM education WHERE id = 3"), 63, "  is 63");
	ok(count("SELECT teach_back IS NULL FROM education WHERE id = 3") == 1,
	   "  teach-back not tried is NULL");

	is_str(education_topic_name(EDU_TOLERANCE), "tolerance loss", "topic names for screens");
	is_str(education_topic_name(EDU_GOOD_SAMARITAN), "Good Samaritan law", "  all of them");
	ok(education_topic_name(3) == NULL && education_topic_name(64) == NULL,
	   "  and none for a set or an unknown bit");

	e = (struct education){.person_id = joe, .stay_id = stay, .declined = 1,
	                       .decline_reason = "Heard it all before.\nMaybe next week."};
	ok(education_record(&s, &e) == 0, "declined with a reason in their words");
	is_str(last_detail(), "declined: stay, reason for declining", "  audited as declined");
	e = (struct education){.person_id = joe, .declined = 1};
	ok(education_record(&s, &e) == 0, "declined without a reason");
	is_str(last_detail(), "declined", "  audited as declined");
	e = (struct education){.person_id = joe, .declined = 1, .setting = "group"};
	ok(education_record(&s, &e) == 0, "declined in a group session");
	is_int(count("SELECT count(*) FROM education WHERE declined = 1 AND topics = 0"), 3,
	       "  three declined sessions, no topics");
}

static void
test_bad_input(void)
{
	struct session s;
	struct education e;
	char long401[402];

	memset(long401, 'r', 401);
	long401[401] = 0;
	as(&s, "cal", T0);
#define TRY(field, value, says, what)                                                    \
	do {                                                                              \
		e = session_of(EDU_NALOXONE);                                             \
		e.field = value;                                                          \
		REFUSED(s, education_record(&s, &e), says, what);                         \
	} while (0)
	TRY(setting, "webinar", "setting: 'webinar' is not one of the choices", "an unknown setting");
	TRY(setting, NULL, "setting: this is required", "a session with no setting");
	TRY(topics, 0, "topics: name at least one topic covered", "a session with no topics");
	TRY(topics, 64, "topics: not one of the six topics", "a topic that does not exist");
	TRY(teach_back, (enum yn)3, "teach-back: answer yes, no or not asked", "a teach-back of 3");
	TRY(declined, 2, "declined: say whether the person declined", "declined = 2");
	TRY(decline_reason, "no", "reason for declining: only when the person declined",
	    "a reason for a session that was not declined");
	TRY(at, T0 + 2 * HOUR, "education time: it is in the future", "a session in the future");
	TRY(at, 99999999999LL, "education time: not a possible time", "the year 5138");
	TRY(stay_id, old_stay, "stay: not one of this person's stays", "another person's stay");
#undef TRY
#define DECLINED(field, value, says, what)                                               \
	do {                                                                              \
		e = (struct education){.person_id = joe, .declined = 1};                  \
		e.field = value;                                                          \
		REFUSED(s, education_record(&s, &e), says, what);                         \
	} while (0)
	DECLINED(topics, EDU_TOLERANCE, "topics: a session the person declined covers none",
	         "topics on a declined session");
	DECLINED(teach_back, YN_YES, "teach-back: not for a session the person declined",
	         "teach-back on a declined session");
	DECLINED(decline_reason, long401, "reason for declining: too long (at most 400",
	         "a reason of 401 characters");
	DECLINED(decline_reason, "No\xff", "reason for declining: contains bytes that are not text",
	         "a reason that is not valid UTF-8");
	DECLINED(decline_reason, "No\x1b]0;x\x07", "reason for declining: contains a control "
	         "character", "an escape sequence in a reason");
#undef DECLINED
}

static void
test_released(void)
{
	struct session s;
	struct education e = session_of(EDU_TOLERANCE);

	as(&s, "cal", T0);
	e.person_id = ann;
	e.stay_id = old_stay;
	REFUSED(s, education_record(&s, &e), "education time: after the release from this stay "
	        "(2024-04-11 09:00)", "education for a release after that release");
	e.at = T0 - 21 * DAY;
	ok(education_record(&s, &e) == 0, "  recorded late, at a time before it, it is kept");
}

static void
test_roles(void)
{
	struct session s;
	struct education e = session_of(EDU_TOLERANCE);

	as(&s, "adam", T0);
	REFUSED(s, education_record(&s, &e), "admins do not see case records",
	        "an admin cannot record education");
	as(&s, "cora", T0);
	REFUSED(s, education_record(&s, &e), "needs break-the-glass",
	        "another caseworker's person needs break-the-glass");
	ok(glass(&s, joe, "Joe asked me for the session") == 0 && education_record(&s, &e) == 0,
	   "  with break-the-glass it is recorded");
	as(&s, "hana", T0);
	ok(education_record(&s, &e) == 0, "health staff educate someone in custody");
	e.person_id = ann;
	e.stay_id = 0;
	REFUSED(s, education_record(&s, &e), "needs break-the-glass",
	        "health staff cannot record for someone released weeks ago");
	as(&s, "sam", T0);
	ok(education_record(&s, &e) == 0, "a supervisor records for anyone");
}

static void
test_lists(void)
{
	struct session s;
	struct education *rows;
	int n;

	as(&s, "cal", T0 + HOUR);
	ok(education_list_for_person(&s, joe, &rows, &n) == 0, "list a person's education");
	is_int(n, 8, "  every session");
	if (n < 8)
		tap_bail("too few sessions");
	is_int(rows[0].at, T0 - DAY, "  oldest first");
	is_str(rows[0].setting, "group", "  setting");
	is_int(rows[0].topics, EDU_FENTANYL | EDU_MIXING | EDU_GOOD_SAMARITAN, "  topics");
	is_int(rows[0].teach_back, YN_NO, "  teach-back");
	ok(rows[0].updated_at == T0 && rows[0].updated_by == cal,
	   "  when it was saved, and by whom");
	is_int(rows[3].declined, 1, "  declined");
	is_str(rows[3].decline_reason, "Heard it all before.\nMaybe next week.",
	       "  the reason, lines intact");
	ok(rows[4].declined && rows[4].decline_reason == NULL && rows[4].setting == NULL,
	   "  no reason and no setting are NULL");
	education_list_free(rows, n);
	ok(education_list_for_stay(&s, stay, &rows, &n) == 0, "list a stay's education");
	is_int(n, 6, "  only the sessions tied to it");
	education_list_free(rows, n);
	ok(education_list_for_stay(&s, 424242, &rows, &n) != 0, "a stay that is not there");
	is_str(s.err, "no such stay", "  says so");
	is_int(audits("view", "education"), 2, "lists are audited as views");
	as(&s, "cora", T0 + 5 * HOUR);
	ok(education_list_for_person(&s, joe, &rows, &n) != 0 && rows == NULL,
	   "another caseworker cannot list them");
	ok(education_list_for_stay(&s, stay, &rows, &n) != 0 && rows == NULL,
	   "  nor through the stay");
	has_str(s.err, "needs break-the-glass", "  without break-the-glass");
}

int
main(void)
{
	struct session s;

	fx_setup("education.db");
	as(&s, "cal", T0);
	joe = mk_person(&s, "ED-1");
	ann = mk_person(&s, "ED-2");
	stay = mk_stay(&s, joe, T0 - 3 * DAY, 0);
	old_stay = mk_stay(&s, ann, T0 - 30 * DAY, T0 - 20 * DAY);
	test_record();
	test_bad_input();
	test_released();
	test_roles();
	test_lists();
	db_close(d);
	return tap_done();
}
