/* SPDX-License-Identifier: ISC */
/*
 * bench_table.h - the storage bench's printed table (bench_table.c).
 */
#ifndef PASSAGE_BENCH_TABLE_H
#define PASSAGE_BENCH_TABLE_H

#include "bench_storage.h"

void print_header(const char *dir, const struct data *w, int rounds);
int print_cipher(const char *dir);
void print_table(const struct data *w, struct results *res);

#endif
