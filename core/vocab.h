/* SPDX-License-Identifier: ISC */
/*
 * vocab.h - every enumerated value the schema stores, once, with the
 * words a person reads for it.
 *
 * The database keeps short stable codes ("im_0_4mg_ml", "no_show"); people
 * never see them.  Forms offer a kind's values in the order here (the
 * usual answer first) and show their labels; screens and exports look the
 * labels up here.  The schema's CHECK lists and this table agree exactly,
 * both ways: tests/unit_vocab.c reads the CHECKs from a file made by the
 * real migrations, so a value added to one and not the other fails it.
 *
 * Education topics are a bit set (education.topics): each topic has a bit,
 * a code and a label.
 */
#ifndef PASSAGE_VOCAB_H
#define PASSAGE_VOCAB_H

#include <stddef.h>

enum vocab_kind {
	VOCAB_NONE,
	VOCAB_ROLE,
	VOCAB_CONTACT_WAY,
	VOCAB_CASE_STATUS,
	VOCAB_CLOSURE,
	VOCAB_CASE_EVENT,
	VOCAB_EXPECTED_SOURCE,
	VOCAB_CHANGE_SOURCE,
	VOCAB_RELEASE_TYPE,
	VOCAB_OUD_SCREEN,
	VOCAB_OUD_RESULT,
	VOCAB_MOUD,
	VOCAB_EDU_SETTING,
	VOCAB_TOPIC,
	VOCAB_NAL_OUTCOME,
	VOCAB_FORMULATION,
	VOCAB_HANDOVER,
	VOCAB_KIT,
	VOCAB_NAL_EVENT,
	VOCAB_USED_ON,
	VOCAB_REFERRAL_TYPE,
	VOCAB_REFERRAL_STATUS,
	VOCAB_REFERRAL_OUTCOME,
	VOCAB_CHANNEL,
	VOCAB_CONTACT_OUTCOME,
	VOCAB_TASK_KIND,
	VOCAB_TASK_STATUS,
	VOCAB_RELEASE_PRECISION,
	VOCAB_REVIEW_RESOLUTION,
	VOCAB_STOCK_MOVE,
	VOCAB_RECONCILE_WHY,
	VOCAB_KINDS
};

#define VOCAB_MAX 16 /* values in a kind, the NULL after the last included */

/* A kind: its codes in the order forms offer them (the usual answer
 * first; VOCAB_TOPIC's in bit order, the first is bit 1), NULL after the
 * last, and a label for each. */
struct vocab {
	const char *columns; /* "table.column" that store it, separated by spaces */
	const char *const codes[VOCAB_MAX];
	const char *const labels[VOCAB_MAX];
};

extern const struct vocab vocab_table[VOCAB_KINDS];

/* The kind's codes as a constant: a form's choice field offers them. */
#define VOCAB_CODES(k) (vocab_table[(k)].codes)

/* The kind whose codes array is codes (VOCAB_CODES), else the first kind
 * that holds every one of codes (a NULL-terminated list), else
 * VOCAB_NONE. */
enum vocab_kind vocab_kind_of(const char *const *codes);

/* The label for code, or code itself if it is not one of the kind's (a
 * value from a newer schema), or "" for NULL. */
const char *vocab_label(enum vocab_kind k, const char *code);
/* The label in lang ("es") where the release plan has one (naloxone's
 * formulations and handovers), else the English one. */
const char *vocab_label_in(enum vocab_kind k, const char *code, const char *lang);

/* The kind's codes, NULL-terminated (as VOCAB_CODES). */
const char *const *vocab_codes(enum vocab_kind k);

/* The kind's labels, in the same order as vocab_codes. */
const char *const *vocab_labels(enum vocab_kind k);

/* 1 if code is one of the kind's, else 0. */
int vocab_has(enum vocab_kind k, const char *code);

/* The columns that store the kind (VOCAB_TOPIC: the bit set's). */
const char *vocab_columns(enum vocab_kind k);

/* The topics set in bits as words, "tolerance loss; using naloxone", into
 * out (cut to fit n bytes): "no topics" when none. */
const char *vocab_topics(unsigned bits, char *out, size_t n);

#endif
