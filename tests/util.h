/* SPDX-License-Identifier: ISC */
/*
 * util.h - helpers shared by the C tests: temporary folders that clean up
 * after themselves, real vault databases, and byte-level file surgery.
 */
#ifndef PASSAGE_TEST_UTIL_H
#define PASSAGE_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "sqldb.h"

#define TU_ADMIN "admin"
#define TU_PASS "correct horse battery staple"

/* A fresh private folder, removed with everything in it at exit. */
const char *tu_tmpdir(void);
/* dir/name in a static rotating buffer (8 deep). */
const char *tu_path(const char *dir, const char *name);

/* A new vault database with TU_ADMIN / TU_PASS and the fastest allowed
 * Argon2id; bails out of the test program on failure. */
db *tu_create(const char *path);
db *tu_create_opts(const char *path, const struct db_options *o);
db *tu_open(const char *path);
db *tu_open_opts(const char *path, const struct db_options *o);

/* Run SQL, bail out on error. */
void tu_exec(db *d, const char *sql);
/* sql saved as one change, as the program saves (db_begin_write, the
 * change, db_commit; rolled back when it fails): 0, or -1. */
int tu_save(db *d, const char *sql);
/* First column of the first row as an integer, or -1 on error. */
long long tu_int(db *d, const char *sql);

/* How often needle appears in the file (0 if it does not exist). */
long tu_count_in_file(const char *path, const void *needle, size_t n);
/* Read or write n bytes at off; 0 on success. */
int tu_read_at(const char *path, long off, void *buf, size_t n);
int tu_write_at(const char *path, long off, const void *buf, size_t n);
int tu_flip_bit(const char *path, long off, int bit);
long tu_file_size(const char *path);
/* Pages on the disk whose nonce names epoch (its low byte), read raw. */
uint32_t tu_pages_in_epoch(const char *path, uint32_t epoch);
int tu_copy_file(const char *from, const char *to);
/* path with tail appended ("-wal", "-shm"), in one of four buffers used
 * in turn, so that a call's answer lasts through the next three. */
const char *tu_with(const char *path, const char *tail);
/* A copy, under name in the test's folder, of the file at src and its
 * write-ahead log (without its -shm, so that the open reads the log
 * again, as after a crash), with one bit of the log flipped at off
 * (none when off < 0). */
const char *tu_log_copy(const char *src, const char *name, long off);
/* Number of files in dir (to see that no temporary file appeared). */
int tu_count_files(const char *dir);

/* All n bytes to or from a pipe between a test and its child processes:
 * tu_pipe_write leaves the process (_exit 3) when it cannot, and
 * tu_pipe_read returns -1 when the other end closed early. */
void tu_pipe_write(int fd, const void *buf, size_t n);
int tu_pipe_read(int fd, void *buf, size_t n);
/* A saving process beside a long change (a key rotation's steps): one
 * row saved in table `saved` (v TEXT) for each byte read from ask,
 * answered on answer with 1 when saved, 0 when not; it leaves (_exit 0)
 * when the asking end closes.  It opens the file before it answers
 * first: an unlock during a rotation carries the rotation on itself. */
void tu_saver(const char *path, int ask, int answer);

/* A process of its own with path open, told to begin a read transaction
 * and hold it (tu_reader_begin, which returns once it has begun), to end
 * it (tu_reader_end: the read's end folds the log while a keyless backup
 * waits for that, db_log.c), or killed
 * with SIGKILL holding it (tu_reader_kill: no end, no close, no fold).  A
 * read held keeps the commits after it in the write-ahead log, as a long
 * report does.  Start it before this process opens path: a child cannot
 * open a file its parent has open.  Each bails out of the test on
 * failure. */
struct tu_reader {
	int pid, to, from;
};
void tu_reader_start(struct tu_reader *r, const char *path);
void tu_reader_begin(struct tu_reader *r);
void tu_reader_end(struct tu_reader *r);
void tu_reader_kill(struct tu_reader *r);

/* The build folder (PASSAGE_BUILD, default "build"), for finding helpers. */
const char *tu_build(void);

/* Runs argv with input on its standard input and its output thrown
 * away, with the shared object preload (NULL: none) preloaded and env's
 * "NAME=value" settings (NULL-terminated; may be NULL) added: its exit
 * status, or 128 + the signal that ended it. */
int tu_run_preloaded(const char *preload, char *const env[], const char *input,
                     char *const argv[]);

#endif
