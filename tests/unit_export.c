/* SPDX-License-Identifier: ISC */
/*
 * unit_export.c - sealed CSV exports, on a real vault file: who may
 * export, the consent every person in an export needs, the notice, the
 * disclosures and the audit row, the rows themselves (expected values
 * worked out by hand from the records made here), and a sealed file that
 * opens only whole, unchanged and with the right passphrase or key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "consent.h"
#include "contact.h"
#include "education.h"
#include "export.h"
#include "fixture.h"
#include "naloxone.h"
#include "seal.h"

#define PASS "a long export passphrase"
#define NOTICE_START                                                                   \
	"\"This record which has been disclosed to you is protected by Federal "         \
	"confidentiality rules (42 CFR part 2). These rules prohibit you from using or " \
	"disclosing this record"
#define NOTICE_END                                                                     \
	"A general authorization for the release of medical or other information is NOT " \
	"sufficient to meet the required elements of written consent to further use or "  \
	"redisclose the record (see 42 CFR 2.31).\"\r\n"
#define NOW (T0 + 10 * DAY) /* 2024-05-11 09:00 */

static const char *dir;
static int64_t joe, ann;

/* The fastest Argon2id: these tests open hundreds of files. */
static struct seal_key
pass_key(const char *pass)
{
	struct seal_key k;

	memset(&k, 0, sizeof k);
	k.mode = SEAL_PASSPHRASE;
	k.passphrase = pass;
	k.opslimit = crypto_pwhash_OPSLIMIT_MIN;
	k.memlimit = crypto_pwhash_MEMLIMIT_MIN;
	return k;
}

static char *
slurp(const char *path)
{
	long n = tu_file_size(path);
	char *buf;

	if (n < 0 || !(buf = calloc(1, (size_t)n + 1)) || tu_read_at(path, 0, buf, (size_t)n) != 0)
		tap_bail("read %s", path);
	return buf;
}

/* A path in the test folder that lasts (tu_path's buffers rotate),
 * freed at exit. */
static char *kept[256];
static int nkept;

static void
free_kept(void)
{
	while (nkept > 0)
		free(kept[--nkept]);
}

static const char *
at_dir(const char *name)
{
	char *p = strdup(tu_path(dir, name));

	if (!p || nkept == (int)(sizeof kept / sizeof *kept))
		tap_bail("out of memory for paths");
	if (nkept == 0)
		atexit(free_kept);
	return kept[nkept++] = p;
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void
consent_for(int64_t person, const char *recipient)
{
	struct session s;
	struct consent c = {0};

	as(&s, "cal", T0 + 9 * DAY);
	c.person_id = person;
	c.scope = "releases, education, naloxone, referrals and contacts";
	c.recipient = recipient;
	c.purpose = "Reentry program evaluation";
	c.signed_at = T0 + 8 * DAY;
	c.expires_on = "2025-12-31";
	if (consent_record(&s, &c) != 0)
		tap_bail("consent: %s", s.err);
}

static void
world(void)
{
	struct session s;
	struct education e = {0};
	struct naloxone n = {0};
	int64_t stay;

	fx_setup("export.db");
	dir = tu_tmpdir();
	as(&s, "cal", T0);
	joe = mk_person(&s, "A-100");
	ann = mk_person(&s, "B-200");
	stay = mk_stay(&s, joe, T0, 0);
	e.person_id = joe;
	e.stay_id = stay;
	e.at = T0 + HOUR;
	e.setting = "individual";
	e.topics = EDU_ALL;
	e.teach_back = YN_YES;
	as(&s, "cal", T0 + 2 * HOUR);
	if (education_record(&s, &e) != 0)
		tap_bail("education: %s", s.err);
	n.person_id = joe;
	n.stay_id = stay;
	n.at = T0 + DAY;
	n.outcome = "given";
	n.formulation = "nasal_4mg";
	n.quantity = 2;
	n.handover = "in_hand";
	n.kit = "first";
	as(&s, "cal", T0 + DAY);
	if (naloxone_record(&s, &n) != 0)
		tap_bail("naloxone: %s", s.err);
	as(&s, "cal", T0 + 2 * DAY);
	if (stay_record_release(&s, stay, T0 + 2 * DAY, "court", 0) != 0)
		tap_bail("release: %s", s.err);
	as(&s, "cal", T0 + 3 * DAY);
	if (contact_record(&s, joe, T0 + 3 * DAY, "phone", "reached", NULL, NULL) != 0)
		tap_bail("contact: %s", s.err);
	as(&s, "cal", T0 + 5 * DAY);
	mk_stay(&s, ann, T0, T0 + 5 * DAY);
	consent_for(joe, "Harbor Clinic");
}

static struct export_request
releases(const char *out, const struct seal_key *k)
{
	struct export_request r = {0};

	r.records = "releases";
	r.from = "2024-05-01";
	r.to = "2024-05-31";
	r.recipient = "Harbor Clinic";
	r.out = out;
	r.key = k;
	return r;
}

static void
test_refusals(void)
{
	struct seal_key k = pass_key(PASS);
	struct export_request r = releases(at_dir("refused.exp"), &k);
	struct session s;
	int files = tu_count_files(dir);

	as(&s, "cal", NOW);
	REFUSED(s, export_write(&s, &r, NULL), "only a supervisor may export",
	        "a caseworker may not export");
	as(&s, "adam", NOW);
	REFUSED(s, export_write(&s, &r, NULL), "admins see no case records",
	        "an admin may not export");
	as(&s, "sam", NOW);
	REFUSED(s, export_write(&s, &r, NULL),
	        "1 of the 2 people in this export has no consent in force that names Harbor Clinic "
	        "as recipient (B-200): nothing was exported",
	        "a person without a consent naming the recipient: the whole export is refused");
	r.records = "everything";
	REFUSED(s, export_write(&s, &r, NULL), "'everything' is not a kind of export",
	        "an unknown kind of records");
	r.records = "releases";
	r.to = "2024-04-30";
	REFUSED(s, export_write(&s, &r, NULL), "the period ends (2024-04-30) before it starts",
	        "a period that ends before it starts");
	r.to = NULL;
	r.from = NULL;
	REFUSED(s, export_write(&s, &r, NULL), "give --from and --to",
	        "a releases export without a period");
	r = releases(at_dir("refused.exp"), &k);
	r.person = "Z-999";
	REFUSED(s, export_write(&s, &r, NULL), "no one has the participant code 'Z-999'",
	        "an unknown participant code");
	r = releases(at_dir("no/such/folder.exp"), &k);
	r.person = "A-100";
	REFUSED(s, export_write(&s, &r, NULL), "the folder does not exist",
	        "an output path that cannot be written");
	r = releases(at_dir("refused.exp"), &k);
	r.from = "2024-06-01";
	r.to = "2024-06-30";
	REFUSED(s, export_write(&s, &r, NULL), "no one was released in that period",
	        "a period with no releases");
	r.person = "A-100";
	REFUSED(s, export_write(&s, &r, NULL), "this person was not released in that period",
	        "  one person not released in it");
	ok(!exists(at_dir("refused.exp")), "no export file after any refusal");
	is_int(tu_count_files(dir), files, "and no temporary file either");
}

/* The releases export for May, once ann has a consent too. */
static void
test_releases(void)
{
	struct seal_key k = pass_key(PASS), wrong = pass_key("not the passphrase");
	const char *exp = at_dir("may.exp"), *csv = at_dir("may.csv");
	struct export_request r = releases(exp, &k);
	struct export_result res;
	struct session s;
	struct audit_head h;
	long long disclosures = count("SELECT count(*) FROM disclosure");
	int files;
	char err[300], *text, head[40], want[400];

	consent_for(ann, "  harbor CLINIC ");
	files = tu_count_files(dir);
	as(&s, "sam", NOW);
	if (audit_head(d, &h) != 0)
		tap_bail("audit_head");
	audit_head_text(&h, head);
	ok(export_write(&s, &r, &res) == 0, "a supervisor exports May's releases: %s", s.err);
	is_str(res.head, head, "  the chain head it carries is the log's as it began");
	is_int(res.people, 2, "  two people");
	is_int(res.rows, 2, "  two rows");
	is_int(tu_count_files(dir), files + 1, "  one new file, no temporary one beside it");
	is_int(tu_count_in_file(exp, "A-100", 5) + tu_count_in_file(exp, "County", 6), 0,
	       "  nothing of the records readable in the file");
	is_int(count("SELECT count(*) FROM disclosure") - disclosures, 2,
	       "  one disclosure recorded per person");
	is_int(count("SELECT count(*) FROM disclosure WHERE person_id = " "(SELECT id FROM person "
	             "WHERE participant_code = 'B-200') AND recipient = 'Harbor Clinic' AND "
	             "purpose = 'Reentry program evaluation' AND by_user = (SELECT id FROM user "
	             "WHERE name = 'sam')"), 1,
	       "  under the person's consent, for its purpose, by the supervisor");
	is_int(audits("export", "export"), 1, "  one export audit row");
	is_str(last_detail(), "records: releases; 2024-05-01 to 2024-05-31; everyone released; "
	       "people: 2; rows: 2; recipient: Harbor Clinic; sealed with a passphrase",
	       "  naming what and for whom, never the content");
	is_int(audits("create", "disclosure"), 2, "  and each disclosure is audited");

	ok(export_decrypt(exp, &wrong, csv, err, sizeof err) != 0, "a wrong passphrase is refused");
	has_str(err, "wrong passphrase", "  and says so");
	ok(!exists(csv), "  leaving no file");

	ok(export_decrypt(exp, &k, csv, err, sizeof err) == 0, "the passphrase opens it: %s", err);
	text = slurp(csv);
	ok(strncmp(text, NOTICE_START, strlen(NOTICE_START)) == 0,
	   "  it starts with the 42 CFR 2.32 notice");
	has_str(text, NOTICE_END, "  the whole notice, to its last sentence");
	snprintf(want, sizeof want, "\"Disclosed to Harbor Clinic under each person's written "
	         "consent; records: releases, 2024-05-01 to 2024-05-31; made 2024-05-11 09:00 "
	         "(times in UTC)\"\r\nAudit chain head: %s\r\n\r\n", head);
	has_str(text, want, "  then who it is for and what, the chain head, then an empty line");
	has_str(text, "\r\nparticipant_code,facility,booked_at,released_at,release_type,planned,"
	        "educated_before_release,naloxone_at_release,naloxone_handover,"
	        "appointment_booked_before_release,moud_referral_status,first_reached_at,"
	        "hours_to_first_reached,contact_48h,followups_done,followups_declined,"
	        "followups_missed,followups_open\r\n", "  the column names");
	/* Released May 3, educated and given naloxone before, reached a day
	 * later (the 48-hour contact done); the four follow-ups, from May 10
	 * on, are all still in their windows on May 11. */
	has_str(text, "\r\nA-100,County Jail,2024-05-01 09:00,2024-05-03 09:00,court,no,yes,given,"
	        "in_hand,no,none,2024-05-04 09:00,24,done,0,0,0,4\r\n",
	        "  the first person's release, worked out by hand");
	/* Released May 6 with nothing recorded: the 48-hour contact was due
	 * May 8 and is missed; the follow-ups from May 13 on are open. */
	has_str(text, "\r\nB-200,County Jail,2024-05-01 09:00,2024-05-06 09:00,court,no,no,none,,"
	        "no,none,,,missed,0,0,0,4\r\n", "  the second person's");
	free(text);
}

/* One person, all of their records, sealed to a partner's key. */
static void
test_key_pair(void)
{
	const char *base = at_dir("harbor"), *other = at_dir("other");
	const char *exp = at_dir("joe.exp"), *csv = at_dir("joe.csv");
	struct seal_key k, mine, theirs;
	struct export_request r;
	struct export_result res;
	struct session s;
	char name[SEAL_NAME_MAX + 1], err[300] = "", *text;

	ok(seal_keygen(base, "Harbor Clinic", PASS, crypto_pwhash_OPSLIMIT_MIN,
	               crypto_pwhash_MEMLIMIT_MIN, err, sizeof err) == 0, "a key pair: %s", err);
	ok(exists(at_dir("harbor.pub")) && exists(at_dir("harbor.key")),
	   "  NAME.pub and NAME.key");
	{
		struct stat sb;
		ok(stat(at_dir("harbor.key"), &sb) == 0 && (sb.st_mode & 0777) == 0600,
		   "  the secret key private to its owner");
	}
	ok(seal_keygen(base, "Harbor Clinic", PASS, crypto_pwhash_OPSLIMIT_MIN,
	               crypto_pwhash_MEMLIMIT_MIN, err, sizeof err) != 0, "a key pair is never "
	   "replaced");
	has_str(err, "already exists", "  and says so");
	ok(seal_read_public(at_dir("harbor.pub"), k.pk, name, err, sizeof err) == 0,
	   "the public key reads back: %s", err);
	is_str(name, "Harbor Clinic", "  with the name it was made for");
	k.mode = SEAL_RECIPIENT;
	r = releases(exp, &k);
	r.records = "people";
	r.from = r.to = NULL;
	r.person = "a-100";
	as(&s, "sam", NOW);
	ok(export_write(&s, &r, &res) == 0, "one person's records, sealed to the key: %s", s.err);
	is_int(res.rows, 4, "  four records");
	is_int(count("SELECT person_id FROM audit ORDER BY seq DESC LIMIT 1"), joe,
	       "  the audit row names the person");

	ok(seal_read_secret(at_dir("harbor.key"), "wrong", &mine, err, sizeof err) != 0,
	   "the secret key does not open with a wrong passphrase");
	has_str(err, "wrong passphrase", "  and says so");
	chmod(at_dir("harbor.key"), 0644);
	ok(seal_read_secret(at_dir("harbor.key"), PASS, &mine, err, sizeof err) != 0,
	   "a secret key file others can read is refused");
	has_str(err, "can be read by others (mode 644)", "  and says why");
	chmod(at_dir("harbor.key"), 0600);
	ok(seal_read_secret(at_dir("harbor.key"), PASS, &mine, err, sizeof err) == 0,
	   "the secret key opens: %s", err);
	ok(export_decrypt(exp, &mine, csv, err, sizeof err) == 0, "and opens the export: %s", err);
	text = slurp(csv);
	ok(strncmp(text, NOTICE_START, strlen(NOTICE_START)) == 0, "  the notice first");
	has_str(text, "\r\n\r\nparticipant_code,record,at,kind,outcome,until,detail\r\n"
	        "A-100,stay,2024-05-01 09:00,County Jail,court,2024-05-03 09:00,unplanned\r\n"
	        "A-100,education,2024-05-01 10:00,individual,educated,,tolerance loss; never "
	        "using alone; using naloxone; fentanyl and test strips; mixing with "
	        "benzodiazepines or alcohol; Good Samaritan law; teach-back passed\r\n"
	        "A-100,naloxone,2024-05-02 09:00,nasal_4mg,given,,in hand; quantity 2; first kit\r\n"
	        "A-100,contact,2024-05-04 09:00,phone,reached,,\r\n",
	        "  the person's records in time order, worked out by hand");
	free(text);

	ok(seal_keygen(other, "Someone Else", PASS, crypto_pwhash_OPSLIMIT_MIN,
	               crypto_pwhash_MEMLIMIT_MIN, err, sizeof err) == 0, "another key pair");
	ok(seal_read_secret(at_dir("other.key"), PASS, &theirs, err, sizeof err) == 0,
	   "  opened");
	unlink(csv);
	ok(export_decrypt(exp, &theirs, csv, err, sizeof err) != 0, "the wrong key is refused");
	has_str(err, "sealed to a different key", "  and says so");
	ok(!exists(csv), "  leaving no file");
	k = pass_key(PASS);
	ok(export_decrypt(exp, &k, csv, err, sizeof err) != 0, "a passphrase for a keyed export");
	has_str(err, "opens with a key file", "  is refused with a pointer to --key");
	seal_key_wipe(&mine);
	seal_key_wipe(&theirs);
}

static void
put_file(const char *path, const void *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		tap_bail("write %s", path);
}

/* Every way of changing a sealed file is refused, and leaves nothing.
 * (Written without fsync: thousands of small files.) */
static void
damage(const char *what, const char *exp, const struct seal_key *k)
{
	const char *bad = at_dir("bad.exp"), *csv = at_dir("bad.csv");
	long size = tu_file_size(exp), refused = 0, left = 0;
	unsigned char *bytes = (unsigned char *)slurp(exp);
	char err[300];
	int files = tu_count_files(dir);

	for (long off = 0; off < size; off++) {
		bytes[off] ^= (unsigned char)(1u << (off % 8));
		put_file(bad, bytes, (size_t)size);
		bytes[off] ^= (unsigned char)(1u << (off % 8));
		refused += export_decrypt(bad, k, csv, err, sizeof err) != 0;
		left += exists(csv);
		unlink(csv);
	}
	is_int(refused, size, what);
	is_int(left, 0, "  no plaintext left by any of them");
	unlink(bad);
	is_int(tu_count_files(dir), files, "  nor a temporary file");
	put_file(bad, bytes, (size_t)size);
	ok(export_decrypt(bad, k, csv, err, sizeof err) == 0, "  (the same bytes unchanged open)");
	unlink(bad);
	unlink(csv);
	free(bytes);
}

static void
cut(const char *exp, const struct seal_key *k)
{
	const char *bad = at_dir("bad.exp"), *csv = at_dir("bad.csv");
	long size = tu_file_size(exp);
	const long at[] = {0, 7, 19, 100, 150, 203, 204, 300, size - 18, size - 17, size - 1};
	char err[300], msg[100];

	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		tu_copy_file(exp, bad);
		if (truncate(bad, at[i]) != 0)
			tap_bail("truncate");
		snprintf(msg, sizeof msg, "cut to %ld of %ld bytes: refused", at[i], size);
		ok(export_decrypt(bad, k, csv, err, sizeof err) != 0 && !exists(csv), "%s", msg);
		if (at[i] >= 8)
			has_str(err, "cut short: it ends before its last part", "  as cut short");
	}
	tu_copy_file(exp, bad);
	{
		FILE *f = fopen(bad, "ab");
		fputc('\n', f);
		fclose(f);
	}
	ok(export_decrypt(bad, k, csv, err, sizeof err) != 0 && !exists(csv),
	   "a byte added at the end is refused");
	has_str(err, "bytes after its last part", "  and said so");
	unlink(bad);
}

static void
header(const char *exp, const struct seal_key *k)
{
	const char *bad = at_dir("bad.exp"), *csv = at_dir("bad.csv");
	unsigned char b;
	char err[300];

	tu_copy_file(exp, bad);
	b = 2;
	tu_write_at(bad, 8, &b, 1);
	ok(export_decrypt(bad, k, csv, err, sizeof err) != 0, "an unknown format version");
	has_str(err, "in format 2, which this version of Passage cannot read", "  is named");
	tu_copy_file(exp, bad);
	tu_flip_bit(bad, 12, 0);
	ok(export_decrypt(bad, k, csv, err, sizeof err) != 0, "a changed length in the header");
	has_str(err, "changed or damaged after it was written", "  is damage");
	tu_copy_file(exp, bad);
	tu_write_at(bad, 0, "PSGEXPRX", 8);
	ok(export_decrypt(bad, k, csv, err, sizeof err) != 0, "another kind of file");
	has_str(err, "not a Passage export", "  is named so");
	ok(!exists(csv), "none of them leaves a file");
	unlink(bad);
}

static void
test_damage(void)
{
	struct seal_key k = pass_key(PASS), mine;
	char err[300];

	if (seal_read_secret(at_dir("harbor.key"), PASS, &mine, err, sizeof err) != 0)
		tap_bail("key: %s", err);
	damage("every bit flipped, one byte at a time, in a passphrase export is refused",
	       at_dir("may.exp"), &k);
	damage("and in an export sealed to a key", at_dir("joe.exp"), &mine);
	cut(at_dir("joe.exp"), &mine);
	header(at_dir("may.exp"), &k);
	seal_key_wipe(&mine);
}

/* The chunking: empty, exactly one chunk, more than two. */
static void
test_sizes(void)
{
	const size_t sizes[] = {0, SEAL_CHUNK, 2 * SEAL_CHUNK + 5};
	struct seal_key k = pass_key(PASS);

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		size_t n = sizes[i];
		unsigned char *plain = malloc(n + 1), *back = NULL;
		size_t blen = 0;
		char err[300];
		FILE *f = fopen(at_dir("chunks"), "w+b"), *m = open_memstream((char **)&back,
		                                                                 &blen);

		randombytes_buf(plain, n);
		ok(seal_write(f, &k, plain, n, err, sizeof err) == 0 && fflush(f) == 0 &&
		   fseek(f, 0, SEEK_SET) == 0 && seal_read(f, &k, m, err, sizeof err) == 0,
		   "%zu bytes seal and open: %s", n, err);
		fclose(m);
		ok(blen == n && memcmp(plain, back, n) == 0, "  the same bytes back");
		is_int(ftell(f), 20 + 32 + 16 + 32 + 24 + n + (n / SEAL_CHUNK + 1) * 17,
		       "  the size passage(5) gives");
		fclose(f);
		free(plain);
		free(back);
	}
}

static void
test_revoked(void)
{
	struct seal_key k = pass_key(PASS);
	struct export_request r = releases(at_dir("late.exp"), &k);
	struct session s;
	int64_t id = count("SELECT max(id) FROM consent WHERE person_id = (SELECT id FROM person "
	                   "WHERE participant_code = 'B-200')");

	as(&s, "cal", NOW);
	if (consent_revoke(&s, id, 1, 0, NULL) != 0)
		tap_bail("revoke: %s", s.err);
	as(&s, "sam", NOW + HOUR);
	REFUSED(s, export_write(&s, &r, NULL), "1 of the 2 people",
	        "once a person revokes their consent, the export is refused");
	r.person = "B-200";
	REFUSED(s, export_write(&s, &r, NULL), "this person has no consent in force that names "
	        "Harbor Clinic as recipient", "  one person: said of that person");
	ok(!exists(at_dir("late.exp")), "  and no file is written");
}

int
main(void)
{
	if (sodium_init() < 0)
		tap_bail("sodium");
	world();
	test_refusals();
	test_releases();
	test_key_pair();
	test_damage();
	test_sizes();
	test_revoked();
	return tap_done();
}
