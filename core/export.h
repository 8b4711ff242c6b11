/* SPDX-License-Identifier: ISC */
/*
 * export.h - CSV exports of case records for a funder or a partner,
 * sealed for the recipient (seal.h), under 42 CFR Part 2.
 *
 * What can be exported (records):
 *   releases  one row per release in a period: the funder's shape, the
 *             same denominator as the program's report (see passage(1)
 *             for the columns)
 *   people    one row per record of each person in scope: their stays,
 *             education, naloxone, referrals and contacts
 * The scope is the people released in a period (from, to), or one person
 * (a participant code), or that person's releases in the period.  With a
 * period, "people" holds each person's records from the booking of a
 * stay that ended in the period to the period's end; for one person
 * without a period, all of their records.  Only the participant code
 * identifies a person: names, birth dates, contact details, goals, notes,
 * screening answers and every free-text reason stay behind (minimum
 * necessary).
 *
 * Part 2: Passage is the record system of a program that gives
 * substance-use-disorder services (overdose education, naloxone, MOUD
 * referral), so every case record that identifies a person - a
 * participant code is enough, since the program can link it to them - is
 * a Part 2 record.  Both kinds are therefore covered: each export starts
 * with the prohibition on redisclosure (42 CFR 2.32), and is made only if
 * every person in it has a consent in force that names the recipient
 * (consent.h's rule: signed, not revoked, not expired, not ended by its
 * event; the recipient compared without regard to case or spaces at the
 * ends).  If anyone lacks one the whole export is refused, naming how
 * many: nobody is left out silently, so a funder's denominator is never
 * quietly smaller than the program's.  (Passage does not offer a
 * de-identified export: the program's report, passage report metrics,
 * carries the aggregate figures.)  Whoever exports checks that each
 * consent's scope covers what is sent, as for its expiry event.
 *
 * Each export records one disclosure per person under the consent that
 * allows it (the accounting of disclosures) and one audit row naming
 * what kind of records, how many people and rows, and the recipient,
 * never what the records say, in one transaction that commits before
 * the sealed file is written and takes its name: a crash between leaves
 * an accounted disclosure and no file (the export is run again), never a
 * file without its accounting.  A file that cannot be written after the
 * commit is named in a second audit row.
 *
 * Who: supervisors.  An export hands records outside the program, and
 * the program answers for it; a caseworker asks their supervisor.
 * Admins see no case records at all.
 */
#ifndef PASSAGE_EXPORT_H
#define PASSAGE_EXPORT_H

#include <stddef.h>

#include "seal.h"
#include "session.h"

struct export_request {
	const char *records;   /* "releases" or "people" */
	const char *from, *to; /* a period of local days, YYYY-MM-DD, both or neither */
	const char *person;    /* a participant code; NULL: everyone in the period */
	const char *recipient; /* who receives it, as their consents name them */
	const char *out;       /* the file to write */
	const struct seal_key *key;
};

struct export_result {
	int people; /* people in the export */
	long rows;  /* rows of records, after the notice and the column names */
	char head[40]; /* the audit chain head its header carries, SEQ:MAC */
};

/* Records the disclosures and the audit row, then writes the export,
 * whole or not at all.  0, or -1 with a sentence in s->err: nothing
 * written anywhere, or (the sentence says so) the disclosures recorded
 * and no file. */
int export_write(struct session *s, const struct export_request *r, struct export_result *res);

/* 0 if the acting user may export; otherwise -1 with the reason in
 * s->err (for asking before a passphrase is asked). */
int export_allowed(struct session *s);

/* Opens the export in_path with k and writes its CSV to out_path, whole
 * or not at all: a file that was changed, cut short or sealed for someone
 * else leaves nothing behind.  No database is involved: the recipient
 * runs this.  0, or -1 with a sentence in err. */
int export_decrypt(const char *in_path, const struct seal_key *k, const char *out_path,
                   char *err, size_t errlen);

#endif
