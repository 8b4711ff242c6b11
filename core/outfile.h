/* SPDX-License-Identifier: ISC */
/*
 * outfile.h - writing a file people will hand on (a report, an export)
 * so that it is whole or not there at all.
 *
 * The bytes go to a temporary name in the same directory (mode 0600),
 * are flushed to the disk, and only then take the name asked for, by
 * rename(2): a full disk, a killed process or a mistake half way leaves
 * the old file (if any) as it was and no half-written one beside it.
 */
#ifndef PASSAGE_OUTFILE_H
#define PASSAGE_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#define OUTFILE_PATH_MAX 4096

struct outfile {
	FILE *f; /* write here between open and commit */
	char path[OUTFILE_PATH_MAX];
	char tmp[OUTFILE_PATH_MAX];
};

/* Creates the temporary file beside path.  0, or -1 with a sentence
 * naming the path in err ("cannot write /x/y.csv: the folder does not
 * exist"). */
int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen);
/* Flushes, syncs and renames into place.  0, or -1 with a sentence; on
 * failure the temporary file is removed and nothing takes the name. */
int outfile_commit(struct outfile *o, char *err, size_t errlen);
/* The same, but takes the name only if no file has it (link(2)): a file
 * that appeared there meanwhile stays, and the answer is an error. */
int outfile_commit_new(struct outfile *o, char *err, size_t errlen);
/* The sentence for errno e while writing path ("cannot write /x/y: the
 * disk is full; nothing was written"), for callers that write on their
 * own. */
void outfile_error(const char *path, int e, char *err, size_t errlen);
/* After a writer of the caller's own failed with errno e: when the stream
 * itself failed (ferror), puts outfile_error's sentence for e (EIO if 0)
 * in err and returns 1; otherwise leaves err as it is and returns 0. */
int outfile_failed(struct outfile *o, int e, char *err, size_t errlen);
/* Removes the temporary file (after an error of the caller's own); safe
 * to call after commit or twice. */
void outfile_abort(struct outfile *o);

#endif
