/* SPDX-License-Identifier: ISC */
/*
 * unit_decrypt_whole.c - reading an export back checks all of it before
 * a byte of plaintext goes anywhere.
 *
 * An export of four chunks (three whole, the last short and tagged final)
 * is damaged in each chunk in turn, and in the final tag.  seal_read must
 * refuse each and hand its caller no byte; the real program's
 * `export --decrypt` must refuse each and make no file in the output
 * folder at any point: it runs under tests/nocreate_shim.c, which kills
 * it the moment it makes one (even a temporary file removed a moment
 * later).  The undamaged file, under the same shim, is killed (the shim
 * sees files being made) and without it decrypts to the same bytes.
 */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "seal.h"
#include "tap.h"
#include "util.h"

#define PASS "a long export passphrase"
/* Header of a passphrase export: fixed 20, salt and limits 32, key check
 * 16, MAC 32, stream header 24 (passage(5)). */
#define HEAD 124
#define CHUNK_AT(i) (HEAD + (long)(i) * (SEAL_CHUNK + 17))
#define LEN (3 * SEAL_CHUNK + 5)

static char shim[PATH_MAX], prog[PATH_MAX];

/* `passage export --decrypt in --out out`, with the shim watching dir
 * when shimmed: the exit status, or 128 + the signal. */
static int
decrypt(const char *in, const char *out, const char *dir, int shimmed)
{
	char watch[PATH_MAX + 16];

	snprintf(watch, sizeof watch, "NOCREATE_DIR=%s", dir);
	return tu_run_preloaded(shimmed ? shim : NULL, (char *[]){watch, NULL}, PASS "\n",
	                        (char *[]){prog, "export", "--decrypt", (char *)in, "--out",
	                        (char *)out, "--passphrase-fd", "0", NULL});
}

int
main(void)
{
	const char *names[] = {"the first chunk", "the second chunk", "the third chunk",
	                       "the last chunk", "the final tag"};
	struct seal_key k;
	char top[PATH_MAX], outdir[PATH_MAX + 8], exp[PATH_MAX + 16], bad[PATH_MAX + 16];
	char csv[PATH_MAX + 16], where[PATH_MAX], err[300];
	unsigned char *plain = malloc(LEN);
	FILE *f;

	if (sodium_init() < 0 || !plain)
		return 2;
	snprintf(where, sizeof where, "%s/tests/nocreate.so", tu_build());
	if (!realpath(where, shim))
		tap_bail("the no-create shim is not built: make tests");
	snprintf(where, sizeof where, "%s/passage", tu_build());
	if (!realpath(where, prog) || !realpath(tu_tmpdir(), top))
		tap_bail("the program is not built: make tests");
	snprintf(outdir, sizeof outdir, "%s/out", top);
	snprintf(exp, sizeof exp, "%s/four.exp", top);
	snprintf(bad, sizeof bad, "%s/bad.exp", top);
	snprintf(csv, sizeof csv, "%s/out.csv", outdir);
	if (mkdir(outdir, 0700) != 0)
		tap_bail("mkdir %s", outdir);

	memset(&k, 0, sizeof k);
	k.mode = SEAL_PASSPHRASE;
	k.passphrase = PASS;
	k.opslimit = crypto_pwhash_OPSLIMIT_MIN;
	k.memlimit = crypto_pwhash_MEMLIMIT_MIN;
	randombytes_buf(plain, LEN);
	if (!(f = fopen(exp, "wb")) || seal_write(f, &k, plain, LEN, err, sizeof err) != 0 ||
	    fclose(f) != 0)
		tap_bail("seal: %s", err);
	is_int(tu_file_size(exp), CHUNK_AT(3) + 5 + 17, "an export of four chunks");

	for (int i = 0; i < 5; i++) {
		/* The middle of a chunk's ciphertext; the final tag is the
		 * file's last byte. */
		long off = i < 4 ? CHUNK_AT(i) + 3 : tu_file_size(exp) - 1;
		char *back = NULL;
		size_t blen = 0;
		FILE *m;
		int rc;

		if (tu_copy_file(exp, bad) != 0 || tu_flip_bit(bad, off, 2) != 0)
			tap_bail("cannot damage %s", bad);
		if (!(f = fopen(bad, "rb")) || !(m = open_memstream(&back, &blen)))
			tap_bail("open %s", bad);
		err[0] = 0;
		rc = seal_read(f, &k, m, err, sizeof err);
		fclose(f);
		fclose(m);
		ok(rc != 0 && strstr(err, "changed or damaged"), "damage in %s is refused: %s",
		   names[i], err);
		ok(blen == 0, "  and seal_read handed on no plaintext (%zu bytes)", blen);
		free(back);
		rc = decrypt(bad, csv, outdir, 1);
		ok(rc == 1, "  export --decrypt refuses it (status %d%s)", rc,
		   rc == 128 + SIGKILL ? ": it made a file in the output folder" : "");
		ok(tu_count_files(outdir) == 0, "  and the output folder stayed empty");
	}

	ok(decrypt(exp, csv, outdir, 1) == 128 + SIGKILL && tu_count_files(outdir) == 0,
	   "the shim stops the undamaged export at its first file");
	ok(decrypt(exp, csv, outdir, 0) == 0 && tu_file_size(csv) == LEN,
	   "without the shim it decrypts");
	{
		unsigned char *back = malloc(LEN);

		ok(back && tu_read_at(csv, 0, back, LEN) == 0 && memcmp(back, plain, LEN) == 0,
		   "  to the same bytes");
		free(back);
	}
	free(plain);
	return tap_done();
}
