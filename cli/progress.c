/* SPDX-License-Identifier: ISC */
/*
 * progress.c - pages done of pages on stderr, on a terminal only (see
 * progress.h).  One line per walk, redrawn in place when its whole
 * percent moves: a few hundred writes for a file of any size.
 */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

static const char *
label(enum db_walk walk)
{
	switch (walk) {
	case DB_WALK_VERIFY:
		return "Authenticating pages";
	case DB_WALK_MOVE:
		return "Moving pages to the new key";
	case DB_WALK_CHECK:
		return "Checking that no page is left under the old key";
	}
	return "Pages";
}

void
progress_draw(void *ctx, enum db_walk walk, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;
	int percent = (int)(total ? done * 100 / total : 100);

	if ((int)walk == p->walk && percent == p->percent)
		return;
	if ((int)walk != p->walk && p->walk >= 0 && p->percent < 100)
		fputc('\n', stderr); /* the last walk stopped short */
	p->walk = (int)walk;
	p->percent = percent;
	fprintf(stderr, "\r%s: %llu of %llu (%d%%)", label(walk), (unsigned long long)done,
	        (unsigned long long)total, percent);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

int
progress_attach(struct progress *p, db *d)
{
	p->walk = -1;
	p->percent = -1;
	if (!isatty(STDERR_FILENO))
		return 0;
	if (d)
		db_set_progress(d, progress_draw, p);
	return 1;
}
