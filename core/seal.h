/* SPDX-License-Identifier: ISC */
/*
 * seal.h - the export file format: bytes sealed for a passphrase or for a
 * partner's public key, refused whole if any byte of them changed.
 *
 * An export leaves the program's encrypted database and travels by
 * e-mail, USB stick or file share, so it carries its own protection.  A
 * file is (all integers little-endian; passage(5) has the same table):
 *
 *   offset size  field
 *   0      8     magic "PSGEXPRT"
 *   8      1     format version, 1
 *   9      1     mode: 1 passphrase, 2 recipient key
 *   10     2     zero
 *   12     8     length of the plaintext in bytes
 *   20     ...   passphrase mode (32 bytes): Argon2id13 salt (16),
 *                opslimit (8), memlimit (8)
 *                recipient mode (112 bytes): the recipient's X25519
 *                public key (32), the master key sealed to it with
 *                crypto_box_seal (80)
 *   +0     16    key check: a subkey of the master key (id 3)
 *   +16    32    header MAC: keyed BLAKE2b-256 (subkey 2) of every byte
 *                before it
 *   +48    24    crypto_secretstream_xchacha20poly1305 header
 *   +72    ...   chunks of 65536 plaintext bytes (+17 each), the last one
 *                shorter (possibly empty) and the only one tagged
 *                TAG_FINAL; the first chunk takes the whole file header
 *                (everything before it) as additional data
 *
 * The master key is 32 bytes: from Argon2id (at least the "moderate"
 * limits when Passage writes) or random and sealed to the recipient.  The
 * stream key, MAC key and key check are crypto_kdf subkeys 1, 2 and 3 of
 * it, context "PSGEXPRT".
 *
 * Reading checks, in order: magic, version, mode, the key (the key check:
 * "wrong passphrase"), the header MAC ("changed or damaged"), then the
 * file's size against the length the header now vouches for ("cut short",
 * "bytes after its last part"), then every chunk and the final tag, and
 * that nothing follows it.  Only then is a byte of plaintext handed on:
 * it is decrypted into memory (the writer held the same CSV in memory),
 * not to a file as the chunks authenticate, so a damaged last chunk
 * leaves no plaintext anywhere, even for a moment or after a crash.  One
 * pass, not one to check and one to decrypt: a file changed between two
 * passes would be read unchecked the second time.
 */
#ifndef PASSAGE_SEAL_H
#define PASSAGE_SEAL_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SEAL_VERSION 1
#define SEAL_CHUNK 65536
#define SEAL_PUBLICKEYBYTES crypto_box_PUBLICKEYBYTES
#define SEAL_SECRETKEYBYTES crypto_box_SECRETKEYBYTES

enum seal_mode { SEAL_PASSPHRASE = 1, SEAL_RECIPIENT = 2 };

/* What makes or opens a sealed file.  Passphrase mode: passphrase, and
 * for writing the Argon2id limits (0, 0: moderate; the unit tests pass
 * the minimum so a loop over hundreds of files stays fast).  Recipient
 * mode: pk to write; pk and sk to read. */
struct seal_key {
	enum seal_mode mode;
	const char *passphrase;
	unsigned long long opslimit;
	size_t memlimit;
	uint8_t pk[SEAL_PUBLICKEYBYTES];
	uint8_t sk[SEAL_SECRETKEYBYTES];
};

/* Seals len bytes of plain to out.  0, or -1 with a sentence in err. */
int seal_write(FILE *out, const struct seal_key *k, const void *plain, size_t len, char *err,
               size_t errlen);

/* seal_write in two steps, so the slow part (Argon2id, about a second at
 * the moderate limits) can run before the caller takes a lock: prepare
 * makes the master key and the mode's part of the header, write_prepared
 * seals.  Wipe the sealer after. */
struct seal_sealer {
	int mode;
	uint8_t part[SEAL_PUBLICKEYBYTES + crypto_box_SEALBYTES + 32];
	size_t partlen;
	uint8_t master[32];
};

int seal_prepare(struct seal_sealer *z, const struct seal_key *k, char *err, size_t errlen);
int seal_write_prepared(FILE *out, const struct seal_sealer *z, const void *plain, size_t len,
                        char *err, size_t errlen);
void seal_sealer_wipe(struct seal_sealer *z);

/* Opens the sealed file in, checking all of it, and gives its plaintext
 * in *plain (*len bytes, to free with seal_plain_free, which wipes it).
 * 0, or -1 with a sentence in err and nothing in *plain. */
int seal_open(FILE *in, const struct seal_key *k, uint8_t **plain, size_t *len, char *err,
              size_t errlen);
void seal_plain_free(uint8_t *plain, size_t len);

/* seal_open, then the plaintext written to out.  0, or -1 with a
 * sentence in err; nothing is written to out unless every byte of in
 * was checked first. */
int seal_read(FILE *in, const struct seal_key *k, FILE *out, char *err, size_t errlen);

/* The mode of the sealed file in (which must be at its start; it is left
 * there): SEAL_PASSPHRASE or SEAL_RECIPIENT, or -1 with a sentence. */
int seal_peek_mode(FILE *in, char *err, size_t errlen);

/* Wipes the key material in k (not the passphrase, which is the
 * caller's). */
void seal_key_wipe(struct seal_key *k);

/* ---------------------------------------------------------------- key files
 *
 * A partner who receives exports makes a key pair once: NAME.pub goes to
 * the program, NAME.key stays with the partner, encrypted under a
 * passphrase of theirs.  Both are short text files:
 *
 *   passage export public key 1        passage export secret key 1
 *   for: Harbor Methadone Clinic       for: Harbor Methadone Clinic
 *   key: BASE64 (32 bytes)             key: BASE64 (104 bytes: salt 16,
 *                                           opslimit 8, memlimit 8, nonce
 *                                           24, crypto_secretbox of the
 *                                           secret key 32 + 16)
 *
 * "for" names who the key belongs to, as consents name the recipient.
 */

#define SEAL_NAME_MAX 200

/* Makes a key pair for `name` and writes base.pub and base.key (mode
 * 0600), each whole or not at all; refuses to replace either.  The
 * secret key is encrypted under passphrase with Argon2id (limits as in
 * struct seal_key; 0, 0: moderate). */
int seal_keygen(const char *base, const char *name, const char *passphrase,
                unsigned long long opslimit, size_t memlimit, char *err, size_t errlen);

/* Reads a public key file: the key and its "for" name (name: at least
 * SEAL_NAME_MAX + 1 bytes). */
int seal_read_public(const char *path, uint8_t pk[SEAL_PUBLICKEYBYTES], char *name,
                     char *err, size_t errlen);

/* Reads and decrypts a secret key file into k (mode SEAL_RECIPIENT, pk
 * and sk).  Refuses a file that others than its owner may read. */
int seal_read_secret(const char *path, const char *passphrase, struct seal_key *k, char *err,
                     size_t errlen);

#endif
