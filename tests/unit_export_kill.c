/* SPDX-License-Identifier: ISC */
/*
 * unit_export_kill.c - an export killed at every sync: never a file
 * without its accounting of disclosures (42 CFR Part 2).
 *
 * The real program exports one consenting person's records, sealed to a
 * partner's key, from a vault file into the same folder, with the model
 * of tests/powercut_shim.c preloaded: it kills the process just before
 * its n-th sync in that folder (the database, its journal, the export
 * and the folder itself), for n = 1, 2, ... until an export runs through.
 * After each kill the file is opened (which rolls back what was not
 * committed), and if anything in the folder holds a sealed export, the
 * disclosure and the export's audit row must be there.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "consent.h"
#include "fixture.h"
#include "seal.h"
#include "user.h"

#define SUE_PASS "a supervisor's passphrase"
#define CLINIC "County Clinic"
/* Far more syncs than one export makes. */
#define MAX_SYNC 200

static char shim[PATH_MAX], prog[PATH_MAX];

static void
world(const char *tpl, const char *keys)
{
	struct session s;
	struct consent c = {0};
	int64_t joe;
	char err[256];

	fx_setup(tpl);
	as(&s, "adam", T0);
	if (user_add(&s, "sue", "Sue Supervisor", ROLE_SUPERVISOR, SUE_PASS,
	             DB_KDF_INTERACTIVE) != 0)
		tap_bail("user: %s", s.err);
	if (db_set_passphrase(d, "sue", SUE_PASS, DB_KDF_INTERACTIVE, 0) != 0)
		tap_bail("cannot set sue's passphrase");
	as(&s, "cal", T0 + 3 * DAY);
	joe = mk_person(&s, "A-100");
	mk_stay(&s, joe, T0, T0 + 2 * DAY);
	c.person_id = joe;
	c.scope = "releases, education, naloxone, referrals and contacts";
	c.recipient = CLINIC;
	c.purpose = "Reentry program evaluation";
	c.signed_at = T0 + DAY;
	c.expires_on = "2099-12-31";
	if (consent_record(&s, &c) != 0)
		tap_bail("consent: %s", s.err);
	db_close(d);
	if (seal_keygen(keys, CLINIC, "a key passphrase", crypto_pwhash_OPSLIMIT_MIN,
	                crypto_pwhash_MEMLIMIT_MIN, err, sizeof err) != 0)
		tap_bail("keygen: %s", err);
}

/* Runs the export under the model, killed before the at-th sync in dir:
 * 1 when it was killed, 0 when it ran through, -1 when it failed. */
static int
export_under_model(const char *dir, const char *shadow, const char *path, const char *pub,
                   int at)
{
	char out[PATH_MAX], watch[PATH_MAX], keep[PATH_MAX], n[32];
	int rc;

	snprintf(out, sizeof out, "%s/out.exp", dir);
	snprintf(watch, sizeof watch, "POWERCUT_DIR=%s", dir);
	snprintf(keep, sizeof keep, "POWERCUT_SHADOW=%s", shadow);
	snprintf(n, sizeof n, "POWERCUT_AT=%d", at);
	rc = tu_run_preloaded(shim, (char *[]){watch, keep, n, NULL}, SUE_PASS "\n",
	                      (char *[]){prog, "export", (char *)path, "--records", "people",
	                      "--person", "A-100", "--recipient", (char *)pub, "--out", out,
	                      "--user", "sue", "--passphrase-fd", "0", NULL});
	return rc == 128 + SIGKILL ? 1 : rc == 0 ? 0 : -1;
}

/* How many files in dir are an export, whole or on its way (a sealed
 * file starts with the magic, under its name or a temporary one). */
static int
sealed_files(const char *dir)
{
	struct dirent *e;
	DIR *dp = opendir(dir);
	int n = 0;

	if (!dp)
		tap_bail("opendir %s", dir);
	while ((e = readdir(dp))) {
		char magic[8];

		if (strncmp(e->d_name, "out.exp", 7) == 0 &&
		    tu_read_at(tu_path(dir, e->d_name), 0, magic, sizeof magic) == 0 &&
		    memcmp(magic, "PSGEXPRT", 8) == 0)
			n++;
	}
	closedir(dp);
	return n;
}

int
main(void)
{
	char top[256], tpl[512], keys[512], pub[520], where[PATH_MAX];
	int orphans = 0, accounted_no_file = 0, cuts = 0, done = 0;

	if (sodium_init() < 0 || db_init() != 0)
		return 2;
	snprintf(where, sizeof where, "%s/tests/powercut.so", tu_build());
	if (!realpath(where, shim))
		tap_bail("the power-cut shim is not built: make tests");
	snprintf(where, sizeof where, "%s/passage", tu_build());
	if (!realpath(where, prog) || !realpath(tu_tmpdir(), where) || strlen(where) >= sizeof top)
		tap_bail("the program is not built: make tests");
	snprintf(top, sizeof top, "%s", where);
	snprintf(tpl, sizeof tpl, "%s/template.db", top);
	snprintf(keys, sizeof keys, "%s/clinic", top);
	snprintf(pub, sizeof pub, "%s.pub", keys);
	world("template.db", keys);

	for (int at = 1; at <= MAX_SYNC && !done; at++) {
		char dir[480], shadow[480], path[512];
		long long disclosed, audited;
		int files, rc;

		snprintf(dir, sizeof dir, "%s/run%d", top, at);
		snprintf(shadow, sizeof shadow, "%s/synced%d", top, at);
		snprintf(path, sizeof path, "%s/site.db", dir);
		if (mkdir(dir, 0700) != 0 || mkdir(shadow, 0700) != 0 ||
		    tu_copy_file(tpl, path) != 0)
			tap_bail("cannot set up run %d", at);
		chmod(path, 0600);
		rc = export_under_model(dir, shadow, path, pub, at);
		if (rc < 0)
			tap_bail("the export failed by itself before sync %d", at);
		done = rc == 0;
		cuts += rc == 1;
		/* Opening it plays back the journal a kill left. */
		d = tu_open(path);
		disclosed = count("SELECT count(*) FROM disclosure");
		audited = count("SELECT count(*) FROM audit WHERE action = 'export'");
		db_close(d);
		files = sealed_files(dir);
		if (files && (disclosed != 1 || audited != 1)) {
			orphans++;
			tap_diag("killed before sync %d: an export on disk, %lld disclosures, "
			         "%lld audit rows", at, disclosed, audited);
		}
		accounted_no_file += !files && disclosed == 1;
		if (done)
			ok(files == 1 && disclosed == 1 && audited == 1,
			   "the export runs through after %d kills: its file, its disclosure, its "
			   "audit row", cuts);
	}
	ok(done, "an export ran through within %d syncs", MAX_SYNC);
	ok(cuts >= 5, "it was killed at each of its %d syncs before that", cuts);
	ok(orphans == 0, "no kill left an export on disk without its accounting (%d did)",
	   orphans);
	ok(accounted_no_file > 0, "some kills left the disclosure accounted and no file (%d)",
	   accounted_no_file);
	return tap_done();
}
