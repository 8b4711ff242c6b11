/* SPDX-License-Identifier: ISC */
/*
 * keys.c - the KEYS section of passage(1), from tui/keymap.def.
 *
 * Usage: keys MANPAGE        print the page with its KEYS section made new
 *
 * The section sits between two comment lines in the page; everything else
 * is copied as it is.  `make man` writes the result back; the lint fails
 * when the page in the tree differs from it, so the manual cannot fall
 * behind the keys the program answers.
 */
#include <stdio.h>
#include <string.h>

#include "keymap.h"

#define BEGIN ".\\\" KEYS: generated from tui/keymap.def by tools/keys.c (make man)"
#define END ".\\\" KEYS: end"

static const char *const ctx_titles[CTX_COUNT] = {
    "Anywhere", "Queues (home)", "Find a person", "A person's record", "Forms",
    "Typing in a field", "Logging in, unlocking and other boxes", "Help", "Questions", "Follow-up audit (supervisors)", "Program report (supervisors)",
    "Break-the-glass review (supervisors)", "Audit log", "Accounting of disclosures",
    "Provider directory", "Admin page (admins)", "A person's notes",
    "Roster: needs a look (health staff and supervisors)", "Lists to choose from", "", };

static void
key_words(const char *keys)
{
	const char *p = keys;
	int first = 1;

	while (*p) {
		size_t len = strcspn(p, ",");
		printf("%s", first ? "" : " , ");
		/* A lone punctuation mark would be taken as mdoc's own. */
		printf(len == 1 && strchr(".,;:?!()[]|", p[0]) ? "Cm \\&" : "Cm ");
		for (size_t i = 0; i < len; i++) {
			if (p[i] == '\\')
				printf("\\e");
			else
				putchar(p[i]);
		}
		first = 0;
		p += len;
		if (*p == ',')
			p++;
	}
}

static void
roles(unsigned r)
{
	static const char *const names[] = {"health", "caseworker", "supervisor", "admin"};
	int first = 1;

	if ((r & R_ALL) == R_ALL)
		return;
	printf("Offered to ");
	for (int i = 0; i < 4; i++)
		if (r & (1u << i)) {
			printf("%s%s", first ? "" : ", ", names[i]);
			first = 0;
		}
	printf(".\n");
}

static void
section(void)
{
	puts(BEGIN);
	puts(".Sh KEYS");
	puts("Every action has a letter or a control key; arrows, function keys and");
	puts("a mouse are never needed.");
	puts("A screen offers a role only what that role may do.");
	for (int c = 0; c < CTX_COUNT; c++) {
		int any = 0;
		for (int i = 0; i < keymap_count; i++)
			if (keymap[i].ctx == (enum kctx)c)
				any = 1;
		if (!any)
			continue;
		printf(".Ss %s\n.Bl -tag -width Ds\n", ctx_titles[c]);
		for (int i = 0; i < keymap_count; i++) {
			if (keymap[i].ctx != (enum kctx)c)
				continue;
			printf(".It ");
			key_words(keymap[i].keys);
			printf("\n%s\n", keymap[i].help);
			roles(keymap[i].roles);
		}
		puts(".El");
	}
	puts(END);
}

int
main(int argc, char **argv)
{
	char line[4096];
	int inside = 0, done = 0;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: keys MANPAGE\n");
		return 2;
	}
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, BEGIN, strlen(BEGIN)) == 0) {
			inside = 1;
			section();
			done = 1;
			continue;
		}
		if (inside) {
			if (strncmp(line, END, strlen(END)) == 0)
				inside = 0;
			continue;
		}
		fputs(line, stdout);
	}
	fclose(f);
	if (!done) {
		fprintf(stderr, "keys: %s has no line \"%s\"\n", argv[1], BEGIN);
		return 1;
	}
	return 0;
}
