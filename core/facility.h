/* SPDX-License-Identifier: ISC */
/*
 * facility.h - the facilities a program works with (the queue filter).
 */
#ifndef PASSAGE_FACILITY_H
#define PASSAGE_FACILITY_H

#include <stdint.h>

#include "session.h"

struct facility_row {
	int64_t id;
	char name[4 * 120 + 1];
};

/* Active facilities by name, at most max.  Names only: any role. */
int facility_list(struct session *s, struct facility_row *rows, int max, int *n);

#endif
