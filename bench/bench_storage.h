/* SPDX-License-Identifier: ISC */
/*
 * bench_storage.h - the storage bench's workload and rounds
 * (bench_storage.c), for bench.c and bench_table.c.
 */
#ifndef PASSAGE_BENCH_STORAGE_H
#define PASSAGE_BENCH_STORAGE_H

#include "bench_engine.h"

#include <limits.h>
#include <stdint.h>

#define NAME_LEN 72 /* with a 15-byte code and an integer: ~100-byte rows */
#define CODE_LEN 15
#define MAX_ROUNDS 64

enum step { S_CREATE, S_INSERT, S_READ, S_UPDATE, S_READ_CACHED, S_SCAN, S_COMMITS, NSTEPS };

struct row {
	char name[NAME_LEN + 1];
	char code[CODE_LEN + 1];
	sqlite3_int64 n;
};

/* Made once, before any timing, and the same for every engine and round:
 * the timed loops only bind and step. */
struct data {
	long rows, reads, updates, commits;
	struct row *row;        /* rows + commits: the bulk load, then the small commits */
	sqlite3_int64 *read_id; /* reads */
	sqlite3_int64 *upd_id;  /* updates */
};

struct results {
	int rounds;
	double *t; /* [NSTEPS][NENG][rounds], seconds */
	double open[NENG];
	double unlock_auto;
	uint8_t cal_ops, file_ops;
	uint32_t cal_kib, file_kib;
	double cal_s;
};

int make_data(struct data *w, long rows);
void free_data(struct data *w);
int path_in(const char *dir, const char *name, char out[PATH_MAX]);
void drop_files(const char *dir, int round);
int remove_dir(const char *dir);
int make_dir(char out[PATH_MAX]);
const char *fs_name(const char *dir);
double *sample(struct results *res, int s, int e, int r);
int one_round(const char *dir, int r, const struct data *w, struct results *res);
double median(double *v, int n);
int unlocks(const char *dir, int last, struct results *res);

#endif
