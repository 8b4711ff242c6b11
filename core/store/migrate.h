/* SPDX-License-Identifier: ISC */
/*
 * migrate.h - the numbered SQL files of schema/, embedded at build time.
 */
#ifndef PASSAGE_MIGRATE_H
#define PASSAGE_MIGRATE_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* Generated from schema/NNNN_name.sql by tools/embed.c. */
extern const struct migration migrations[];
extern const int migrations_count;

#endif
