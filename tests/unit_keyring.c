/* SPDX-License-Identifier: ISC */
/*
 * unit_keyring.c - the container header and key slots.
 *
 * A known-answer vector pins the header layout; then real files: a torn
 * copy falls back to the other, a changed header is "header tampered",
 * passphrase change rewrites no page, recovery works once per code, and
 * removing a user moves every page to a new key while the audit key and
 * every record stay.
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keyring.h"
#include "tap.h"
#include "util.h"
#include "vault.h"

#define PAGE_OFF(n) ((long)VAULT_HEADER_SIZE + (long)VAULT_PAGE_SIZE * ((n) - 1))

static void
hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void
test_known_answer(void)
{
	keyring kr = {0};
	struct kr_header back;
	uint8_t *copy = calloc(1, VAULT_HEADER_SIZE), h[32];
	char hx[65];

	kr.secret = sodium_malloc(128);
	for (int i = 0; i < 128; i++)
		kr.secret[i] = (uint8_t)(i * 3);
	kr.h.version = 1;
	for (int i = 0; i < 16; i++)
		kr.h.dbid[i] = (uint8_t)(0x40 + i);
	kr.h.generation = 0x0102030405060708ull;
	kr.h.epoch = 5;
	kr.h.prev_epoch = 4;
	memset(kr.h.prev_wrapped, 0x55, KR_WRAPPED_BYTES);
	memset(kr.h.audit_wrapped, 0x66, KR_WRAPPED_BYTES);
	for (int s = 0; s < 3; s++) {
		struct kr_slot *sl = &kr.h.slot[s * 7];
		sl->kind = s == 2 ? KR_SLOT_RECOVERY : KR_SLOT_USER;
		sl->flags = (uint8_t)s;
		sl->opslimit = 2;
		sl->mem_kib = 65536;
		memset(sl->label, 0x10 + s, KR_LABEL_BYTES);
		memset(sl->salt, 0x20 + s, KR_SALT_BYTES);
		memset(sl->pk, 0x30 + s, 32);
		memset(sl->wrapped, 0x40 + s, KR_WRAPPED_BYTES);
		memset(sl->sealed, 0x50 + s, KR_SEALED_BYTES);
	}
	keyring_serialize(&kr, &kr.h, copy);
	memcpy(copy + KR_COPY_SIZE, copy, KR_COPY_SIZE);
	crypto_generichash(h, 32, copy, KR_COPY_SIZE, NULL, 0);
	hex(h, 32, hx);
	is_str(hx, "26ccea29c55e85d7dba1b4a8cc4fb1b90b53067b4b191047710826f9214f741f", "serialized header matches the known answer");
	ok(memcmp(copy, "PSGVAULT", 8) == 0, "magic at 0");
	ok(copy[KR_FIXED_SIZE + 7 * KR_SLOT_SIZE] == KR_SLOT_USER, "slot 7 at 256 + 7 x 200");
	ok(keyring_parse(copy, &back) == KR_OK, "it parses back");
	ok(back.generation == kr.h.generation && back.epoch == 5 && back.prev_epoch == 4 &&
	   memcmp(&back.slot[14], &kr.h.slot[14], sizeof back.slot[14]) == 0,
	   "  to the same fields");
	back.which = kr.h.which;
	/* The unkeyed checksum alone catches a torn copy. */
	copy[300] ^= 1;
	ok(keyring_parse(copy, &back) == KR_OK && back.which == 1, "a torn copy A: B is read");
	copy[KR_COPY_SIZE + 300] ^= 1;
	is_int(keyring_parse(copy, &back), KR_EDAMAGED, "both torn: header damaged");
	memset(copy, 0, VAULT_HEADER_SIZE);
	is_int(keyring_parse(copy, &back), KR_ENOTPASSAGE, "no magic: not a Passage database");
	sodium_free(kr.secret);
	free(copy);
}

static int
try_open(const char *p, const char *user, const char *pass, char *err)
{
	db *d;

	if (db_open(p, user, pass, NULL, &d, err, DB_ERR_MAX) != 0)
		return -1;
	db_close(d);
	return 0;
}

/* Does header copy which, on its own, unlock with user and pass? */
static int
copy_opens(const char *p, int which, const char *user, const char *pass)
{
	uint8_t buf[VAULT_HEADER_SIZE];
	keyring *kr;
	int rc;

	tu_read_at(p, which * KR_COPY_SIZE, buf, KR_COPY_SIZE);
	memcpy(buf + KR_COPY_SIZE, buf, KR_COPY_SIZE);
	rc = keyring_unlock(buf, user, pass, &kr);
	keyring_free(kr);
	return rc == KR_OK;
}

static int
copy_opens_code(const char *p, int which, const char *code)
{
	uint8_t buf[VAULT_HEADER_SIZE];
	keyring *kr;
	int rc;

	tu_read_at(p, which * KR_COPY_SIZE, buf, KR_COPY_SIZE);
	memcpy(buf + KR_COPY_SIZE, buf, KR_COPY_SIZE);
	rc = keyring_unlock_recovery(buf, code, &kr);
	keyring_free(kr);
	return rc == KR_OK;
}

/* Fix a copy's unkeyed checksum after changing it, as an attacker can. */
static void
reseal_copy(const char *p, int which)
{
	uint8_t c[KR_COPY_SIZE];

	tu_read_at(p, which * KR_COPY_SIZE, c, sizeof c);
	crypto_generichash(c + KR_SUM_OFF, 32, c, KR_SUM_OFF, NULL, 0);
	tu_write_at(p, which * KR_COPY_SIZE, c, sizeof c);
}

static void
test_header_copies(const char *dir)
{
	const char *p = tu_path(dir, "copies.db");
	char err[DB_ERR_MAX];
	uint8_t pages_before[8192], pages_after[8192];
	db *d = tu_create(p);

	tu_exec(d, "CREATE TABLE t(a); INSERT INTO t VALUES ('kept');");
	db_close(d);
	tu_read_at(p, PAGE_OFF(1), pages_before, sizeof pages_before);
	d = tu_open(p);
	ok(db_set_passphrase(d, TU_ADMIN, "a brand new passphrase", DB_KDF_INTERACTIVE, 0) == 0,
	   "change the passphrase");
	db_close(d);
	tu_read_at(p, PAGE_OFF(1), pages_after, sizeof pages_after);
	ok(memcmp(pages_before, pages_after, sizeof pages_before) == 0,
	   "  no page was rewritten");
	ok(try_open(p, TU_ADMIN, TU_PASS, err) != 0, "  the old one no longer opens");
	ok(try_open(p, TU_ADMIN, "a brand new passphrase", err) == 0, "  the new one does");

	/* Both copies were rewritten: neither may still open with the old
	 * passphrase, or a copy of the file would keep the old way in. */
	ok(copy_opens(p, 0, TU_ADMIN, TU_PASS) == 0 && copy_opens(p, 1, TU_ADMIN, TU_PASS) == 0,
	   "  neither header copy still opens with the old passphrase");
	ok(copy_opens(p, 0, TU_ADMIN, "a brand new passphrase") &&
	   copy_opens(p, 1, TU_ADMIN, "a brand new passphrase"), "  both open with the new one");

	/* Tear the newest copy (B, written last): readers use A. */
	tu_flip_bit(p, KR_COPY_SIZE + 500, 2);
	ok(try_open(p, TU_ADMIN, "a brand new passphrase", err) == 0,
	   "torn newest copy: the other copy is used");
	tu_flip_bit(p, KR_COPY_SIZE + 500, 2);

	/* Change the recovery slot's public key in both copies and fix their
	 * checksums: only the keyed MAC can tell. */
	for (int c = 0; c < 2; c++) {
		uint8_t b;
		long off = c * KR_COPY_SIZE + KR_FIXED_SIZE + 1 * KR_SLOT_SIZE + 40;
		tu_read_at(p, off, &b, 1);
		b ^= 0x80;
		tu_write_at(p, off, &b, 1);
		reseal_copy(p, c);
	}
	err[0] = 0;
	ok(try_open(p, TU_ADMIN, "a brand new passphrase", err) != 0, "a changed header is refused");
	has_str(err, "header tampered", "  as tampered");

	/* A newer format version. */
	uint8_t b = 9;
	tu_write_at(p, KR_COPY_SIZE + 8, &b, 1);
	reseal_copy(p, 1);
	tu_write_at(p, 8, &b, 1);
	reseal_copy(p, 0);
	ok(try_open(p, TU_ADMIN, TU_PASS, err) != 0, "a newer format is refused");
	has_str(err, "newer Passage", "  and says so");
}

static void
test_weak_kdf_refused(const char *dir)
{
	const char *p = tu_path(dir, "weak.db");
	char err[DB_ERR_MAX];
	uint8_t ops = 1;

	db_close(tu_create(p));
	for (int c = 0; c < 2; c++) {
		tu_write_at(p, c * KR_COPY_SIZE + KR_FIXED_SIZE + 2, &ops, 1);
		reseal_copy(p, c);
	}
	ok(try_open(p, TU_ADMIN, TU_PASS, err) != 0, "Argon2id below INTERACTIVE is refused");
	has_str(err, "the file's header was altered", "  as an alteration");
}

/* A slot's Argon2id limits raised past any Passage writes, with the
 * checksum made again, in both copies: told as an alteration, at once,
 * not as a wrong passphrase after a long wait or as a lack of memory. */
static void
test_strong_kdf_refused(const char *dir)
{
	const char *p = tu_path(dir, "strong.db");
	char err[DB_ERR_MAX];
	uint8_t ops = 5, mem[4] = {0xff, 0xff, 0xff, 0xff}, keep[4];

	db_close(tu_create(p));
	tu_read_at(p, KR_FIXED_SIZE + 4, keep, 4);
	for (int c = 0; c < 2; c++) {
		tu_write_at(p, c * KR_COPY_SIZE + KR_FIXED_SIZE + 2, &ops, 1);
		reseal_copy(p, c);
	}
	ok(try_open(p, TU_ADMIN, TU_PASS, err) != 0, "one pass more than SENSITIVE is refused");
	is_str(err, "the file's header was altered (a key slot holds values Passage never writes): "
	       "restore from backup", "  as an alteration");
	ops = 2;
	for (int c = 0; c < 2; c++) {
		tu_write_at(p, c * KR_COPY_SIZE + KR_FIXED_SIZE + 2, &ops, 1);
		tu_write_at(p, c * KR_COPY_SIZE + KR_FIXED_SIZE + 4, mem, 4);
		reseal_copy(p, c);
	}
	ok(try_open(p, TU_ADMIN, TU_PASS, err) != 0, "4 TiB of memory is refused");
	has_str(err, "the file's header was altered", "  as an alteration, not a lack of memory");
	ok(!db_wrong_passphrase(err), "  and counts toward no lockout");
	/* Only one copy altered: the other opens the file. */
	tu_write_at(p, KR_FIXED_SIZE + 4, keep, 4);
	reseal_copy(p, 0);
	ok(try_open(p, TU_ADMIN, TU_PASS, err) == 0, "one copy altered: the other one opens it");
}

static void
test_recovery(const char *dir)
{
	const char *p = tu_path(dir, "recover.db");
	char err[DB_ERR_MAX], code[KR_RECOVERY_CODE_LEN], code2[KR_RECOVERY_CODE_LEN];
	db *d;

	if (db_create(p, TU_ADMIN, TU_PASS, DB_KDF_INTERACTIVE, code, NULL, &d, err, sizeof err))
		tap_bail("%s", err);
	tu_exec(d, "CREATE TABLE t(a); INSERT INTO t VALUES ('kept');");
	db_close(d);
	ok(strlen(code) > 50, "a recovery code was made: %zu characters", strlen(code));

	char typo[KR_RECOVERY_CODE_LEN];
	snprintf(typo, sizeof typo, "%s", code);
	typo[3] = typo[3] == 'A' ? 'B' : 'A';
	ok(db_open_recovery(p, typo, NULL, &d, err, sizeof err) != 0, "a mistyped code is refused");
	has_str(err, "mistyped", "  as a typing mistake");

	/* Lower case and spaces instead of dashes are accepted. */
	char loose[KR_RECOVERY_CODE_LEN];
	for (size_t i = 0; i <= strlen(code); i++)
		loose[i] = code[i] == '-' ? ' ' : (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	ok(db_open_recovery(p, loose, NULL, &d, err, sizeof err) == 0, "the code opens the database");
	{
		unsigned passes = 1, mib = 1;
		db_kdf_cost(d, &passes, &mib);
		ok(passes == 0 && mib == 0, "  and has no passphrase cost of its own (no slot opened it)");
	}
	ok(db_set_passphrase(d, TU_ADMIN, "after the recovery", DB_KDF_INTERACTIVE, 0) == 0,
	   "  and sets a new admin passphrase");
	ok(db_new_recovery(d, code2) == 0 && strcmp(code, code2) != 0, "  and a new code");
	is_int(tu_int(d, "SELECT count(*) FROM t"), 1, "  records intact");
	db_close(d);
	ok(try_open(p, TU_ADMIN, "after the recovery", err) == 0, "the admin opens with it");
	ok(db_open_recovery(p, code, NULL, &d, err, sizeof err) != 0, "the old code no longer works");
	ok(!copy_opens_code(p, 0, code) && !copy_opens_code(p, 1, code),
	   "  in either header copy");
	ok(db_open_recovery(p, code2, NULL, &d, err, sizeof err) == 0, "the new one does");
	db_close(d);
}

static int
page_epochs_all_current(db *d)
{
	struct vault_verify v = {0};

	if (db_begin_read(d) != 0)
		return 0;
	sqlite3_file_control(db_sql(d), "main", VAULT_FCNTL_VERIFY, &v);
	db_rollback(d);
	return v.failed == 0 && v.in_write_epoch == v.pages && v.pages > 0;
}

static void
test_users_and_rotation(const char *dir)
{
	const char *p = tu_path(dir, "users.db");
	char err[DB_ERR_MAX];
	uint8_t audit1[32], audit2[32];
	db *d = tu_create(p);

	tu_exec(d, "CREATE TABLE t(a);"
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<500)"
	           "INSERT INTO t SELECT hex(randomblob(100)) FROM n;");
	ok(db_add_user(d, "Maria Lopez", "temporary pass 1", DB_KDF_INTERACTIVE, 1) == 0, "add a user");
	ok(db_add_user(d, "maria lopez ", "x", DB_KDF_INTERACTIVE, 1) != 0,
	   "  the same name again (case and spaces aside) is refused");
	ok(db_add_user(d, "Sam", "temporary pass 2", DB_KDF_INTERACTIVE, 1) == 0, "add another");
	keyring_audit_key(db_keyring(d), audit1);
	uint32_t epoch = db_keyring(d)->h.epoch;
	db_close(d);

	if (db_open(p, "MARIA LOPEZ", "temporary pass 1", NULL, &d, err, sizeof err) == 0) {
		ok(keyring_must_change(db_keyring(d)), "a new user must change the temporary passphrase");
		is_int(tu_int(d, "SELECT count(*) FROM t"), 500, "  and reads the records");
		db_close(d);
	} else {
		ok(0, "the new user logs in: %s", err);
	}

	/* A second process holds the database open as Sam across the
	 * rotation: it must pick up the new key and keep working. */
	int go[2], done[2];
	if (pipe(go) || pipe(done))
		tap_bail("pipe");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		db *s;
		char c;
		int rc = 1;
		if (db_open(p, "Sam", "temporary pass 2", NULL, &s, err, sizeof err) == 0) {
			(void)tu_int(s, "SELECT count(*) FROM t");
			if (write(done[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
				_exit(2);
			rc = tu_int(s, "SELECT count(*) FROM t") == 500 &&
			     db_exec(s, "INSERT INTO t VALUES ('from sam')") == 0 ? 0 : 1;
			db_close(s);
		}
		_exit(rc);
	}
	char c;
	if (read(done[0], &c, 1) != 1)
		tap_bail("child");

	d = tu_open(p);
	ok(db_remove_user(d, "admin") != 0, "one cannot remove oneself");
	ok(db_remove_user(d, "Maria Lopez") == 0, "remove a user: %s", db_errmsg(d));
	ok(db_keyring(d)->h.epoch == epoch + 1 && db_keyring(d)->h.prev_epoch == 0,
	   "  a new key epoch, and the old key dropped");
	ok(page_epochs_all_current(d), "  every page is under the new key");
	keyring_audit_key(db_keyring(d), audit2);
	ok(memcmp(audit1, audit2, 32) == 0, "  the audit key did not change");
	db_close(d);

	if (write(go[1], "g", 1) != 1)
		tap_bail("child");
	int status;
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "a session open across the rotation keeps reading and writing");

	ok(try_open(p, "Maria Lopez", "temporary pass 1", err) != 0, "the removed user cannot log in");
	d = tu_open(p);
	is_int(tu_int(d, "SELECT count(*) FROM t"), 501, "every record is still there");
	ok(page_epochs_all_current(d), "the other session wrote under the new key");
	db_close(d);
}

/* A rotation interrupted after the header changed and before any page
 * moved: the next open finishes it. */
static void
test_interrupted_rotation(const char *dir)
{
	const char *p = tu_path(dir, "interrupt.db");
	uint8_t *buf = malloc(VAULT_HEADER_SIZE), *copy = malloc(KR_COPY_SIZE);
	keyring *kr;
	db *d = tu_create(p);

	tu_exec(d, "CREATE TABLE t(a);"
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<300)"
	           "INSERT INTO t SELECT hex(randomblob(100)) FROM n;");
	db_close(d);
	keyring_read_file(p, buf);
	if (keyring_unlock(buf, TU_ADMIN, TU_PASS, &kr) != KR_OK)
		tap_bail("unlock");
	keyring_rotate(kr);
	kr->h.generation++;
	keyring_serialize(kr, &kr->h, copy);
	tu_write_at(p, (1 - kr->h.which) * KR_COPY_SIZE, copy, KR_COPY_SIZE);
	uint32_t epoch = kr->h.epoch;
	keyring_free(kr);

	d = tu_open(p);
	ok(db_keyring(d)->h.epoch == epoch && db_keyring(d)->h.prev_epoch == 0, "the next open finished the rotation");
	ok(page_epochs_all_current(d), "  every page is under the new key");
	is_int(tu_int(d, "SELECT count(*) FROM t"), 300, "  every record is there");
	db_close(d);
	free(buf);
	free(copy);
}

/* Begin a rotation and stop before any page moves, as a crash would. */
static void
begin_rotation_only(const char *p)
{
	uint8_t *buf = malloc(VAULT_HEADER_SIZE), *copy = malloc(KR_COPY_SIZE);
	keyring *kr;

	keyring_read_file(p, buf);
	if (keyring_unlock(buf, TU_ADMIN, TU_PASS, &kr) != KR_OK)
		tap_bail("unlock");
	keyring_rotate(kr);
	for (int i = 0; i < 2; i++) {
		kr->h.generation++;
		kr->h.which = 1 - kr->h.which;
		keyring_serialize(kr, &kr->h, copy);
		tu_write_at(p, kr->h.which * KR_COPY_SIZE, copy, KR_COPY_SIZE);
	}
	keyring_free(kr);
	free(buf);
	free(copy);
}

/* A session that sleeps through one finished rotation and one begun: it
 * must load both live keys, not drop the one the pages are under. */
static void
test_session_across_two_rotations(const char *dir)
{
	const char *p = tu_path(dir, "two.db");
	int go[2], ready[2], status;
	char c;
	db *d = tu_create(p);

	tu_exec(d, "CREATE TABLE t(a);"
	           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<200)"
	           "INSERT INTO t SELECT hex(randomblob(100)) FROM n;");
	db_add_user(d, "sam", "temporary pass 2", DB_KDF_INTERACTIVE, 0);
	db_add_user(d, "kim", "temporary pass 3", DB_KDF_INTERACTIVE, 0);
	db_close(d);
	if (pipe(go) || pipe(ready))
		tap_bail("pipe");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char err[DB_ERR_MAX];
		db *s;
		int rc = 1;
		if (db_open(p, "sam", "temporary pass 2", NULL, &s, err, sizeof err) == 0) {
			(void)tu_int(s, "SELECT count(*) FROM t");
			if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
				_exit(2);
			rc = tu_int(s, "SELECT count(*) FROM t") == 200 ? 0 : 1;
			db_close(s);
		}
		_exit(rc);
	}
	if (read(ready[0], &c, 1) != 1)
		tap_bail("child");
	d = tu_open(p);
	db_remove_user(d, "kim");
	db_close(d);
	begin_rotation_only(p);
	if (write(go[1], "g", 1) != 1)
		tap_bail("child");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "a session asleep through two rotations reads every record");
}

static void
test_calibration(void)
{
	uint8_t ops;
	uint32_t mem;
	double t;

	keyring_calibrate(&ops, &mem, &t);
	ok(ops >= 2 && mem >= 65536, "calibration never goes below INTERACTIVE (%u passes, %u MiB, "
	   "%.2f s)", ops, mem / 1024, t);
}

int
main(void)
{
	const char *dir;

	if (sodium_init() < 0 || db_init() != 0)
		tap_bail("libsodium");
	dir = tu_tmpdir();
	test_known_answer();
	test_header_copies(dir);
	test_weak_kdf_refused(dir);
	test_strong_kdf_refused(dir);
	test_recovery(dir);
	test_users_and_rotation(dir);
	test_interrupted_rotation(dir);
	test_session_across_two_rotations(dir);
	test_calibration();
	return tap_done();
}
