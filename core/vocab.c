/* SPDX-License-Identifier: ISC */
/*
 * vocab.c - the stored codes and their labels (see vocab.h).
 *
 * Labels are plain and person-first: what a caseworker would say aloud.
 * "Declined" is an answer like any other.  A label may be reworded; a
 * code never changes, since exports and old files carry it.
 */
#include "vocab.h"

#include <stdio.h>
#include <string.h>

const struct vocab vocab_table[VOCAB_KINDS] = {
    [VOCAB_ROLE] = {"user.role",
                    {"caseworker", "health", "supervisor", "admin", "import"},
                    {"caseworker", "health staff", "supervisor", "administrator",
                     "roster import"}},
    [VOCAB_CONTACT_WAY] = {"person.contact_way",
                           {"phone", "text", "email", "in_person", "through_someone", "other"},
                           {"phone call", "text message", "email", "in person",
                            "through someone they trust", "other"}},
    [VOCAB_CASE_STATUS] = {"person.status", {"open", "closed"}, {"open", "closed"}},
    [VOCAB_CLOSURE] = {"person.closure_reason case_event.reason",
                       {"goal_met", "declined_contact", "moved", "reincarcerated", "deceased",
                        "other"},
                       {"goal met", "declined further contact", "moved", "back in custody",
                        "deceased", "other"}},
    [VOCAB_CASE_EVENT] = {"case_event.kind", {"closed", "reopened"}, {"closed", "reopened"}},
    [VOCAB_EXPECTED_SOURCE] = {"stay.expected_source",
                               {"sentence", "court_date", "bail", "transfer", "other"},
                               {"sentence calculation", "court date", "bail", "transfer", "other"}},
    [VOCAB_CHANGE_SOURCE] = {"stay_expected_change.source",
                             {"sentence", "court_date", "bail", "transfer", "other", "roster"},
                             {"sentence calculation", "court date", "bail", "transfer", "other",
                              "the jail's roster"}},
    [VOCAB_RELEASE_TYPE] = {"stay.release_type",
                            {"scheduled", "court", "bail_bond", "transfer", "hospital",
                             "other"},
                            {"scheduled", "from court", "on bail or bond", "transfer",
                             "to hospital", "other"}},
    [VOCAB_OUD_SCREEN] = {"screening.oud_screen",
                          {"done", "declined", "not_done"},
                          {"done", "declined", "not done yet"}},
    [VOCAB_OUD_RESULT] = {"screening.oud_result",
                          {"positive", "negative"},
                          {"positive", "negative"}},
    [VOCAB_MOUD] = {"screening.moud_at_entry",
                    {"none", "methadone", "buprenorphine", "naltrexone"},
                    {"none", "methadone", "buprenorphine", "naltrexone"}},
    [VOCAB_EDU_SETTING] = {"education.setting",
                           {"individual", "group", "video"},
                           {"one to one", "group", "video"}},
    [VOCAB_TOPIC] = {"education.topics",
                     {"tolerance", "never_alone", "naloxone", "fentanyl", "mixing",
                      "good_samaritan"},
                     {"tolerance loss", "never using alone", "using naloxone",
                      "fentanyl and test strips", "mixing with benzodiazepines or alcohol",
                      "Good Samaritan law"}},
    [VOCAB_NAL_OUTCOME] = {"naloxone.outcome",
                           {"given", "placed_in_property", "offered", "declined"},
                           {"given", "placed in property", "offered", "declined"}},
    [VOCAB_FORMULATION] = {"naloxone.formulation stock_lot.formulation",
                           {"nasal_4mg", "nasal_8mg", "nasal_3mg", "im_0_4mg_ml",
                            "nalmefene"},
                           {"4 mg nasal spray", "8 mg nasal spray", "3 mg nasal spray",
                            "IM naloxone 0.4 mg/mL", "nalmefene nasal spray"}},
    [VOCAB_HANDOVER] = {"naloxone.handover",
                        {"in_hand", "property_bag", "mailed", "vending", "community_pickup"},
                        {"in hand", "property bag", "mailed", "vending machine",
                         "community pickup"}},
    [VOCAB_KIT] = {"naloxone.kit", {"first", "refill"}, {"first kit", "refill"}},
    [VOCAB_NAL_EVENT] = {"naloxone_event.kind",
                         {"used", "lost", "confiscated", "refilled"},
                         {"used", "lost", "taken away", "refilled"}},
    [VOCAB_USED_ON] = {"naloxone_event.used_on",
                       {"self", "other"},
                       {"on themselves", "on someone else"}},
    [VOCAB_REFERRAL_TYPE] = {"referral.type",
                             {"moud_methadone", "moud_buprenorphine", "moud_naltrexone",
                              "syringe_services", "housing", "primary_care", "mental_health",
                              "peer_recovery", "hcv_hiv_testing", "medicaid", "id_documents",
                              "food", "other"},
                             {"MOUD: methadone", "MOUD: buprenorphine", "MOUD: naltrexone",
                              "syringe services", "housing", "primary care", "mental health",
                              "peer recovery support", "HCV/HIV testing",
                              "Medicaid enrollment", "ID and documents", "food", "other"}},
    [VOCAB_REFERRAL_STATUS] = {"referral.status",
                               {"referred", "scheduled", "attended", "no_show", "declined",
                                "cancelled", "lost"},
                               {"referred", "scheduled", "attended",
                                "missed appointment", "declined", "cancelled",
                                "lost touch"}},
    /* What a referral came to: the statuses an outcome or its correction
     * can set, worded as referral.status words them. */
    [VOCAB_REFERRAL_OUTCOME] = {"referral_outcome_change.old_status "
                                "referral_outcome_change.new_status",
                                {"attended", "no_show", "declined", "cancelled", "lost"},
                                {"attended", "missed appointment", "declined", "cancelled",
                                 "lost touch"}},
    [VOCAB_CHANNEL] = {"contact.channel",
                       {"phone", "text", "in_person", "video", "email", "letter", "other"},
                       {"phone call", "text message", "in person", "video", "email", "letter",
                        "other"}},
    [VOCAB_CONTACT_OUTCOME] = {"contact.outcome",
                               {"reached", "message", "no_answer", "wrong_number", "declined"},
                               {"reached them", "left a message", "no answer",
                                "wrong number", "declined"}},
    [VOCAB_TASK_KIND] = {"task.kind",
                         {"contact_48h", "followup", "other"},
                         {"48-hour contact", "follow-up", "other task"}},
    [VOCAB_TASK_STATUS] = {"task.status",
                           {"open", "done", "declined", "cancelled"},
                           {"open", "done", "declined", "cancelled"}},
    [VOCAB_RELEASE_PRECISION] = {"roster_stay.release_precision",
                                 {"time", "date", "inferred"},
                                 {"time given", "date only (start of day)",
                                  "missing from the roster (time last seen)"}},
    [VOCAB_REVIEW_RESOLUTION] = {"roster_review.resolution",
                                 {"linked", "added", "dismissed"},
                                 {"linked to a person", "added as a new person",
                                  "not one of our people"}},
    [VOCAB_STOCK_MOVE] = {"stock_move.kind",
                          {"received", "given", "corrected", "reconciled"},
                          {"received", "given or placed in property", "count corrected",
                           "reconciled"}},
    [VOCAB_RECONCILE_WHY] = {"stock_reconcile.why",
                             {"unknown_lot", "no_lot", "short"},
                             {"a lot the stock does not know", "no lot named",
                              "more kits than the lot holds"}},
};

static const struct vocab *
kind(enum vocab_kind k)
{
	return k > VOCAB_NONE && k < VOCAB_KINDS ? &vocab_table[k] : &vocab_table[VOCAB_NONE];
}

/* A form may offer some of a kind's codes only (a referral's status
 * before its appointment): the first kind that holds them all is theirs. */
enum vocab_kind
vocab_kind_of(const char *const *codes)
{
	int k, i;

	for (k = VOCAB_NONE + 1; codes && k < VOCAB_KINDS; k++)
		if (vocab_table[k].codes == codes)
			return k;
	for (k = VOCAB_NONE + 1; codes && codes[0] && k < VOCAB_KINDS; k++) {
		for (i = 0; codes[i] && vocab_has(k, codes[i]); i++)
			;
		if (!codes[i])
			return k;
	}
	return VOCAB_NONE;
}

const char *
vocab_label(enum vocab_kind k, const char *code)
{
	const struct vocab *d = kind(k);

	if (!code)
		return "";
	for (int i = 0; d->codes[i]; i++)
		if (strcmp(d->codes[i], code) == 0)
			return d->labels[i];
	return code;
}

/* Labels in other languages, for the release plan only: the rest of the
 * program speaks English.  In the order of the kind's codes. */
static const struct {
	const char *lang;
	enum vocab_kind kind;
	const char *labels[VOCAB_MAX];
} translated[] = {
    {"es", VOCAB_FORMULATION,
     {"espray nasal de 4 mg", "espray nasal de 8 mg", "espray nasal de 3 mg",
      "naloxona inyectable 0,4 mg/mL", "espray nasal de nalmefeno"}},
    {"es", VOCAB_HANDOVER,
     {"en la mano", "en su bolsa de pertenencias", "por correo", "máquina expendedora",
      "recogida en la comunidad"}},
};

const char *
vocab_label_in(enum vocab_kind k, const char *code, const char *lang)
{
	const struct vocab *d = kind(k);

	for (size_t t = 0; code && lang && t < sizeof translated / sizeof translated[0]; t++) {
		if (translated[t].kind != k || strcmp(translated[t].lang, lang) != 0)
			continue;
		for (int i = 0; d->codes[i]; i++)
			if (strcmp(d->codes[i], code) == 0 && translated[t].labels[i])
				return translated[t].labels[i];
	}
	return vocab_label(k, code);
}

const char *const *
vocab_codes(enum vocab_kind k)
{
	return kind(k)->codes;
}

const char *const *
vocab_labels(enum vocab_kind k)
{
	return kind(k)->labels;
}

int
vocab_has(enum vocab_kind k, const char *code)
{
	const struct vocab *d = kind(k);

	for (int i = 0; code && d->codes[i]; i++)
		if (strcmp(d->codes[i], code) == 0)
			return 1;
	return 0;
}

const char *
vocab_columns(enum vocab_kind k)
{
	return kind(k)->columns ? kind(k)->columns : "";
}

const char *
vocab_topics(unsigned bits, char *out, size_t n)
{
	const struct vocab *d = &vocab_table[VOCAB_TOPIC];
	size_t len = 0;

	if (n)
		out[0] = 0;
	for (int i = 0; d->codes[i] && len < n; i++) {
		if (!(bits & (1u << i)))
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? "; " : "", d->labels[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (n && !out[0])
		snprintf(out, n, "no topics");
	return out;
}
