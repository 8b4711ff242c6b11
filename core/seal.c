/* SPDX-License-Identifier: ISC */
/*
 * seal.c - the export file format (see seal.h and passage(5)).
 *
 * Why a header MAC as well as the stream's own tags: the header says how
 * long the plaintext is, and only once that length is vouched for can a
 * short or long file be told apart from a damaged one, and named so.  The
 * first chunk takes the header as additional data too, so even a reader
 * that skipped the MAC could not be fed a changed header.
 *
 * Why a key check: without it a wrong passphrase and a changed byte look
 * the same (a chunk that does not authenticate), and a person who mistyped
 * would be told the file was damaged.
 *
 * Key material lives in stack buffers wiped with sodium_memzero on every
 * way out; plaintext buffers are wiped before they are freed.
 */
#include "seal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

#define MAGIC "PSGEXPRT"
#define KDF_CONTEXT "PSGEXPRT"
#define FIXED 20
#define PASS_PART (crypto_pwhash_SALTBYTES + 16)
#define RCPT_PART (SEAL_PUBLICKEYBYTES + crypto_box_SEALBYTES + 32)
#define CHECK_BYTES 16
#define MAC_BYTES 32
#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define HEADER_MAX (FIXED + RCPT_PART + CHECK_BYTES + MAC_BYTES + SS_HEADER)
/* Far beyond any export (64 TiB), small enough that sizes cannot wrap. */
#define LENGTH_MAX ((uint64_t)1 << 46)
/* What a reader accepts from a file: a changed limit must not make it
 * spend hours or gigabytes before refusing. */
#define OPS_MAX 16
#define MEM_MAX ((size_t)crypto_pwhash_MEMLIMIT_SENSITIVE)

static const char damaged[] =
    "this export was changed or damaged after it was written: nothing was read from it";
static const char cut_short[] = "this export is cut short: it ends before its last part";
static const char trailing[] = "this export has bytes after its last part: it was changed "
                               "after it was written";

struct keys {
	uint8_t master[32];
	uint8_t stream[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	uint8_t mac[32];
	uint8_t check[CHECK_BYTES];
};

static int
fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
limits(unsigned long long *ops, size_t *mem, unsigned long long want_ops, size_t want_mem)
{
	*ops = want_ops ? want_ops : crypto_pwhash_OPSLIMIT_MODERATE;
	*mem = want_mem ? want_mem : crypto_pwhash_MEMLIMIT_MODERATE;
}

static int
limits_sane(uint64_t ops, uint64_t mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= OPS_MAX &&
	       mem >= crypto_pwhash_MEMLIMIT_MIN && mem <= MEM_MAX;
}

static int
from_passphrase(uint8_t out[32], const char *pass, const uint8_t *salt, uint64_t ops,
                uint64_t mem, char *err, size_t errlen)
{
	if (!pass)
		return fail(err, errlen, "a passphrase is needed");
	if (crypto_pwhash(out, 32, pass, strlen(pass), salt, ops, (size_t)mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return fail(err, errlen, "there is not enough memory to work out the key from the "
		            "passphrase");
	return 0;
}

static void
derive(struct keys *k)
{
	crypto_kdf_derive_from_key(k->stream, sizeof k->stream, 1, KDF_CONTEXT, k->master);
	crypto_kdf_derive_from_key(k->mac, sizeof k->mac, 2, KDF_CONTEXT, k->master);
	crypto_kdf_derive_from_key(k->check, sizeof k->check, 3, KDF_CONTEXT, k->master);
}

void
seal_key_wipe(struct seal_key *k)
{
	sodium_memzero(k->sk, sizeof k->sk);
	sodium_memzero(k->pk, sizeof k->pk);
}

/* ---------------------------------------------------------------- write */

static int
write_chunks(FILE *out, crypto_secretstream_xchacha20poly1305_state *st, const uint8_t *hdr,
             size_t hlen, const uint8_t *plain, uint64_t len, char *err, size_t errlen)
{
	static const uint8_t none[1];
	uint8_t *c = malloc(SEAL_CHUNK + ABYTES);
	uint64_t off = 0;
	int first = 1, rc = 0;

	if (!c)
		return fail(err, errlen, "out of memory");
	for (;;) {
		uint64_t left = len - off;
		int final = left < SEAL_CHUNK;
		size_t take = final ? (size_t)left : SEAL_CHUNK;
		unsigned long long clen;

		crypto_secretstream_xchacha20poly1305_push(
		    st, c, &clen, take ? plain + off : none, take, first ? hdr : NULL,
		    first ? hlen : 0,
		    final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		if (fwrite(c, 1, (size_t)clen, out) != clen) {
			rc = fail(err, errlen, "the export could not be written");
			break;
		}
		first = 0;
		off += take;
		if (final)
			break;
	}
	free(c);
	return rc;
}

int
seal_prepare(struct seal_sealer *z, const struct seal_key *k, char *err, size_t errlen)
{
	memset(z, 0, sizeof *z);
	z->mode = k->mode;
	if (k->mode == SEAL_PASSPHRASE) {
		unsigned long long ops;
		size_t mem;

		limits(&ops, &mem, k->opslimit, k->memlimit);
		randombytes_buf(z->part, crypto_pwhash_SALTBYTES);
		put64(z->part + 16, ops);
		put64(z->part + 24, mem);
		z->partlen = PASS_PART;
		if (from_passphrase(z->master, k->passphrase, z->part, ops, mem, err, errlen) != 0)
			goto fail;
		return 0;
	}
	if (k->mode == SEAL_RECIPIENT) {
		randombytes_buf(z->master, sizeof z->master);
		memcpy(z->part, k->pk, SEAL_PUBLICKEYBYTES);
		z->partlen = RCPT_PART;
		if (crypto_box_seal(z->part + SEAL_PUBLICKEYBYTES, z->master, sizeof z->master,
		                    k->pk) != 0) {
			fail(err, errlen, "the recipient's public key is not a usable key");
			goto fail;
		}
		return 0;
	}
	fail(err, errlen, "seal: no such mode");
fail:
	seal_sealer_wipe(z);
	return -1;
}

void
seal_sealer_wipe(struct seal_sealer *z)
{
	sodium_memzero(z, sizeof *z);
}

int
seal_write_prepared(FILE *out, const struct seal_sealer *z, const void *plain, size_t len,
                    char *err, size_t errlen)
{
	crypto_secretstream_xchacha20poly1305_state st;
	uint8_t hdr[HEADER_MAX];
	struct keys ks;
	size_t n = FIXED;
	int rc = -1;

	if (z->mode != SEAL_PASSPHRASE && z->mode != SEAL_RECIPIENT)
		return fail(err, errlen, "seal: not prepared");
	memset(hdr, 0, sizeof hdr);
	memcpy(hdr, MAGIC, 8);
	hdr[8] = SEAL_VERSION;
	hdr[9] = (uint8_t)z->mode;
	put64(hdr + 12, len);
	memcpy(hdr + n, z->part, z->partlen);
	n += z->partlen;
	memcpy(ks.master, z->master, sizeof ks.master);
	derive(&ks);
	memcpy(hdr + n, ks.check, CHECK_BYTES);
	n += CHECK_BYTES;
	crypto_generichash(hdr + n, MAC_BYTES, hdr, n, ks.mac, sizeof ks.mac);
	n += MAC_BYTES;
	crypto_secretstream_xchacha20poly1305_init_push(&st, hdr + n, ks.stream);
	n += SS_HEADER;
	if (fwrite(hdr, 1, n, out) != n)
		fail(err, errlen, "the export could not be written");
	else
		rc = write_chunks(out, &st, hdr, n, plain, len, err, errlen);
	sodium_memzero(&ks, sizeof ks);
	sodium_memzero(&st, sizeof st);
	return rc;
}

int
seal_write(FILE *out, const struct seal_key *k, const void *plain, size_t len, char *err,
           size_t errlen)
{
	struct seal_sealer z;
	int rc;

	if (seal_prepare(&z, k, err, errlen) != 0)
		return -1;
	rc = seal_write_prepared(out, &z, plain, len, err, errlen);
	seal_sealer_wipe(&z);
	return rc;
}

/* ---------------------------------------------------------------- read */

/* Reads exactly n bytes: 0, or -1 at the end of the file (or an error). */
static int
read_exact(FILE *in, void *buf, size_t n)
{
	return fread(buf, 1, n, in) == n ? 0 : -1;
}

static int
read_fixed(FILE *in, uint8_t *hdr, char *err, size_t errlen)
{
	size_t got = fread(hdr, 1, FIXED, in);

	if (got < 8 || memcmp(hdr, MAGIC, 8) != 0)
		return fail(err, errlen, "this is not a Passage export");
	if (got < FIXED)
		return fail(err, errlen, cut_short);
	if (hdr[8] != SEAL_VERSION) {
		snprintf(err, errlen, "this export is in format %u, which this version of Passage "
		         "cannot read (it reads format %d)", hdr[8], SEAL_VERSION);
		return -1;
	}
	if ((hdr[9] != SEAL_PASSPHRASE && hdr[9] != SEAL_RECIPIENT) || hdr[10] || hdr[11])
		return fail(err, errlen, damaged);
	return 0;
}

int
seal_peek_mode(FILE *in, char *err, size_t errlen)
{
	uint8_t hdr[FIXED];
	long at = ftell(in);
	int rc = read_fixed(in, hdr, err, errlen);

	if (at < 0 || fseek(in, at, SEEK_SET) != 0)
		return fail(err, errlen, "the export could not be read again from its start");
	return rc == 0 ? hdr[9] : -1;
}

/* The master key from the mode's part of the header. */
static int
open_master(const struct seal_key *k, const uint8_t *part, int mode, uint8_t master[32],
            char *err, size_t errlen)
{
	if (mode != (int)k->mode)
		return fail(err, errlen, mode == SEAL_PASSPHRASE
		                             ? "this export opens with a passphrase, not a key file"
		                             : "this export opens with a key file (--key), not a "
		                               "passphrase");
	if (mode == SEAL_PASSPHRASE) {
		uint64_t ops = get64(part + 16), mem = get64(part + 24);

		if (!limits_sane(ops, mem))
			return fail(err, errlen, damaged);
		return from_passphrase(master, k->passphrase, part, ops, mem, err, errlen);
	}
	if (sodium_memcmp(part, k->pk, SEAL_PUBLICKEYBYTES) != 0)
		return fail(err, errlen, "this export was sealed to a different key, not to this one");
	if (crypto_box_seal_open(master, part + SEAL_PUBLICKEYBYTES,
	                         crypto_box_SEALBYTES + 32, k->pk, k->sk) != 0)
		return fail(err, errlen, damaged);
	return 0;
}

/* The size the file should have, checked against what it has when it is
 * a regular file (a pipe is checked by the chunks alone). */
static int
check_size(FILE *in, size_t hlen, uint64_t len, char *err, size_t errlen)
{
	uint64_t want = hlen + len + (len / SEAL_CHUNK + 1) * ABYTES;
	struct stat sb;

	if (fstat(fileno(in), &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	if ((uint64_t)sb.st_size < want)
		return fail(err, errlen, cut_short);
	if ((uint64_t)sb.st_size > want)
		return fail(err, errlen, trailing);
	return 0;
}

/* Authenticates and decrypts every chunk into plain (len bytes), then
 * checks that the file ends there.  On -1 the caller wipes plain. */
static int
read_chunks(FILE *in, crypto_secretstream_xchacha20poly1305_state *st, const uint8_t *hdr,
            size_t hlen, uint64_t len, uint8_t *plain, char *err, size_t errlen)
{
	uint8_t *c = malloc(SEAL_CHUNK + ABYTES);
	uint64_t last = len / SEAL_CHUNK;
	int rc = -1;

	if (!c)
		return fail(err, errlen, "out of memory");
	for (uint64_t i = 0; i <= last; i++) {
		size_t want = i == last ? (size_t)(len % SEAL_CHUNK) : SEAL_CHUNK;
		unsigned long long mlen;
		unsigned char tag;

		if (read_exact(in, c, want + ABYTES) != 0) {
			fail(err, errlen, cut_short);
			goto out;
		}
		if (crypto_secretstream_xchacha20poly1305_pull(st, plain + i * SEAL_CHUNK, &mlen,
		                                               &tag, c, want + ABYTES,
		                                               i == 0 ? hdr : NULL,
		                                               i == 0 ? hlen : 0) != 0 ||
		    mlen != want ||
		    (i == last) != (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)) {
			fail(err, errlen, damaged);
			goto out;
		}
	}
	if (fgetc(in) != EOF) {
		fail(err, errlen, trailing);
		goto out;
	}
	rc = 0;
out:
	free(c);
	return rc;
}

void
seal_plain_free(uint8_t *plain, size_t len)
{
	if (plain)
		sodium_memzero(plain, len ? len : 1);
	free(plain);
}

int
seal_open(FILE *in, const struct seal_key *k, uint8_t **plain, size_t *plainlen, char *err,
          size_t errlen)
{
	crypto_secretstream_xchacha20poly1305_state st;
	uint8_t hdr[HEADER_MAX], mac[MAC_BYTES], *p = NULL;
	struct keys ks;
	size_t n, part;
	uint64_t len = 0;
	int rc = -1;

	*plain = NULL;
	*plainlen = 0;
	if (read_fixed(in, hdr, err, errlen) != 0)
		return -1;
	part = hdr[9] == SEAL_PASSPHRASE ? PASS_PART : RCPT_PART;
	n = FIXED + part + CHECK_BYTES + MAC_BYTES + SS_HEADER;
	if (read_exact(in, hdr + FIXED, n - FIXED) != 0)
		return fail(err, errlen, cut_short);
	if (open_master(k, hdr + FIXED, hdr[9], ks.master, err, errlen) != 0)
		goto out;
	derive(&ks);
	if (sodium_memcmp(hdr + FIXED + part, ks.check, CHECK_BYTES) != 0) {
		fail(err, errlen, hdr[9] == SEAL_PASSPHRASE
		                      ? "wrong passphrase: it does not open this export"
		                      : damaged);
		goto out;
	}
	crypto_generichash(mac, sizeof mac, hdr, FIXED + part + CHECK_BYTES, ks.mac,
	                   sizeof ks.mac);
	if (sodium_memcmp(mac, hdr + FIXED + part + CHECK_BYTES, MAC_BYTES) != 0) {
		fail(err, errlen, damaged);
		goto out;
	}
	len = get64(hdr + 12);
	if (len > LENGTH_MAX || len > SIZE_MAX - 1) {
		fail(err, errlen, damaged);
		goto out;
	}
	if (check_size(in, n, len, err, errlen) != 0)
		goto out;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, hdr + n - SS_HEADER,
	                                                    ks.stream) != 0) {
		fail(err, errlen, damaged);
		goto out;
	}
	if (!(p = malloc(len ? (size_t)len : 1))) {
		fail(err, errlen, "there is not enough memory to read this export");
		goto out;
	}
	rc = read_chunks(in, &st, hdr, n, len, p, err, errlen);
out:
	sodium_memzero(&ks, sizeof ks);
	sodium_memzero(&st, sizeof st);
	if (rc != 0) {
		seal_plain_free(p, (size_t)len);
		return -1;
	}
	*plain = p;
	*plainlen = (size_t)len;
	return 0;
}

int
seal_read(FILE *in, const struct seal_key *k, FILE *out, char *err, size_t errlen)
{
	uint8_t *plain;
	size_t len;
	int rc;

	if (seal_open(in, k, &plain, &len, err, errlen) != 0)
		return -1;
	rc = len && fwrite(plain, 1, len, out) != len
	         ? fail(err, errlen, "the plaintext could not be written")
	         : 0;
	seal_plain_free(plain, len);
	return rc;
}

/* ---------------------------------------------------------------- key files */

#define PUB_HEAD "passage export public key 1"
#define KEY_HEAD "passage export secret key 1"
#define SECRET_BLOB (crypto_pwhash_SALTBYTES + 16 + crypto_secretbox_NONCEBYTES + \
                     crypto_secretbox_MACBYTES + SEAL_SECRETKEYBYTES)
#define KEYFILE_MAX 2048

/* A recipient's name: 1 to SEAL_NAME_MAX bytes on one line, no control
 * characters, so it reads back the same from the file. */
static int
name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > SEAL_NAME_MAX || name[0] == ' ' || name[n - 1] == ' ')
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int
write_keyfile(const char *path, const char *head, const char *name, const uint8_t *blob,
              size_t n, char *err, size_t errlen)
{
	char b64[sodium_base64_ENCODED_LEN(SECRET_BLOB, sodium_base64_VARIANT_ORIGINAL)];
	struct outfile o;
	int rc;

	sodium_bin2base64(b64, sizeof b64, blob, n, sodium_base64_VARIANT_ORIGINAL);
	if (outfile_open(&o, path, err, errlen) != 0)
		return -1;
	fprintf(o.f, "%s\nfor: %s\nkey: %s\n", head, name, b64);
	rc = outfile_commit(&o, err, errlen);
	sodium_memzero(b64, sizeof b64);
	return rc;
}

static int
exists(const char *path, char *err, size_t errlen)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return 0;
	snprintf(err, errlen, "%s already exists: a key is never replaced (the exports made "
	         "for it could no longer be read); choose another name", path);
	return 1;
}

int
seal_keygen(const char *base, const char *name, const char *passphrase,
            unsigned long long opslimit, size_t memlimit, char *err, size_t errlen)
{
	uint8_t pk[SEAL_PUBLICKEYBYTES], sk[SEAL_SECRETKEYBYTES], key[32], blob[SECRET_BLOB];
	char pub[OUTFILE_PATH_MAX], sec[OUTFILE_PATH_MAX];
	unsigned long long ops;
	size_t mem;
	uint8_t *p = blob;
	int rc = -1;

	if (!name_ok(name)) {
		snprintf(err, errlen, "the recipient's name (--for) is 1 to %d characters on one "
		         "line, as their consents name them", SEAL_NAME_MAX);
		return -1;
	}
	if (!base || !*base || snprintf(pub, sizeof pub, "%s.pub", base) >= (int)sizeof pub ||
	    snprintf(sec, sizeof sec, "%s.key", base) >= (int)sizeof sec)
		return fail(err, errlen, "which name for the key files (--out NAME)?");
	if (exists(pub, err, errlen) || exists(sec, err, errlen))
		return -1;
	limits(&ops, &mem, opslimit, memlimit);
	crypto_box_keypair(pk, sk);
	randombytes_buf(p, crypto_pwhash_SALTBYTES);
	put64(p + 16, ops);
	put64(p + 24, mem);
	randombytes_buf(p + 32, crypto_secretbox_NONCEBYTES);
	if (from_passphrase(key, passphrase, p, ops, mem, err, errlen) != 0)
		goto out;
	crypto_secretbox_easy(p + 32 + crypto_secretbox_NONCEBYTES, sk, sizeof sk, p + 32, key);
	if (write_keyfile(sec, KEY_HEAD, name, blob, sizeof blob, err, errlen) != 0)
		goto out;
	if (write_keyfile(pub, PUB_HEAD, name, pk, sizeof pk, err, errlen) != 0) {
		unlink(sec);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(key, sizeof key);
	sodium_memzero(blob, sizeof blob);
	return rc;
}

/* Reads a key file of the kind head names: its "for" name and n bytes of
 * key.  secret: refuse a file others may read. */
static int
read_keyfile(const char *path, const char *head, int secret, char *name, uint8_t *blob,
             size_t n, char *err, size_t errlen)
{
	char buf[KEYFILE_MAX + 1], *line2, *line3, *end;
	const char *kind = secret ? "secret key" : "public key";
	struct stat sb;
	size_t got, bin;
	FILE *f = fopen(path, "re");
	int rc = -1;

	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		         errno == ENOENT ? "there is no such file" : strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s is not a Passage %s file", path, kind);
		goto out;
	}
	if (secret && (sb.st_mode & 077)) {
		snprintf(err, errlen, "%s can be read by others (mode %03o): a secret key must be "
		         "private to its owner; make it so with chmod 600 %s", path,
		         (unsigned)(sb.st_mode & 0777), path);
		goto out;
	}
	got = fread(buf, 1, KEYFILE_MAX, f);
	buf[got] = 0;
	snprintf(err, errlen, "%s is not a Passage %s file", path, kind);
	if (strncmp(buf, head, strlen(head)) != 0 || buf[strlen(head)] != '\n')
		goto out;
	line2 = buf + strlen(head) + 1;
	if (strncmp(line2, "for: ", 5) != 0 || !(line3 = strchr(line2, '\n')))
		goto out;
	*line3++ = 0;
	if (!name_ok(line2 + 5) || strncmp(line3, "key: ", 5) != 0 || !(end = strchr(line3, '\n')))
		goto out;
	*end = 0;
	if (sodium_base642bin(blob, n, line3 + 5, strlen(line3 + 5), NULL, &bin, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 || bin != n)
		goto out;
	snprintf(name, SEAL_NAME_MAX + 1, "%s", line2 + 5);
	err[0] = 0;
	rc = 0;
out:
	sodium_memzero(buf, sizeof buf);
	fclose(f);
	return rc;
}

int
seal_read_public(const char *path, uint8_t pk[SEAL_PUBLICKEYBYTES], char *name, char *err,
                 size_t errlen)
{
	return read_keyfile(path, PUB_HEAD, 0, name, pk, SEAL_PUBLICKEYBYTES, err, errlen);
}

int
seal_read_secret(const char *path, const char *passphrase, struct seal_key *k, char *err,
                 size_t errlen)
{
	uint8_t blob[SECRET_BLOB], key[32];
	char name[SEAL_NAME_MAX + 1];
	int rc = -1;

	memset(k, 0, sizeof *k);
	k->mode = SEAL_RECIPIENT;
	if (read_keyfile(path, KEY_HEAD, 1, name, blob, sizeof blob, err, errlen) != 0)
		return -1;
	if (!limits_sane(get64(blob + 16), get64(blob + 24))) {
		snprintf(err, errlen, "%s is not a Passage secret key file", path);
		goto out;
	}
	if (from_passphrase(key, passphrase, blob, get64(blob + 16), get64(blob + 24), err,
	                    errlen) != 0)
		goto out;
	if (crypto_secretbox_open_easy(k->sk, blob + 32 + crypto_secretbox_NONCEBYTES,
	                               crypto_secretbox_MACBYTES + SEAL_SECRETKEYBYTES, blob + 32,
	                               key) != 0) {
		snprintf(err, errlen, "wrong passphrase for the key in %s", path);
		goto out;
	}
	crypto_scalarmult_base(k->pk, k->sk);
	rc = 0;
out:
	if (rc != 0)
		seal_key_wipe(k);
	sodium_memzero(blob, sizeof blob);
	sodium_memzero(key, sizeof key);
	return rc;
}
