/* SPDX-License-Identifier: ISC */
/*
 * scr_person.c - one person's record.
 *
 * A header that answers "is this person ready to leave, and what is
 * owed to them" at a glance (custody, release countdown or time since,
 * the readiness marks), then every section of the record, newest first
 * where that is what people look for.  The record is read once when the
 * screen opens (that read is what the audit log calls a view) and again
 * after a form saves, and drawn as lines that scroll.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_event.h"
#include "consent.h"
#include "contact.h"
#include "education.h"
#include "facility.h"
#include "forms.h"
#include "naloxone.h"
#include "note.h"
#include "person.h"
#include "provider.h"
#include "referral.h"
#include "roster_seen.h"
#include "scr.h"
#include "screening.h"
#include "stay.h"
#include "stays.h"
#include "task.h"
#include "vocab.h"

#define LINES_MAX 600
#define LINE_BYTES 400

struct pline {
	char text[LINE_BYTES];
	attr_t attr;
};

struct person_st {
	int64_t id;
	int64_t version, caseworker; /* as last read, for a reassignment */
	int closed;                   /* as last read, for X */
	char who[200];                /* "NAME (CODE)", for the pick list's question */
	int picking;
	int64_t chosen;
	char to_name[121];
	struct pline *lines;
	int n, top, header; /* header: lines that stay on top */
	struct facility_row fac[32];
	int nfac;
	uint64_t saved; /* a->s.saved when last read */
};

static void
add(struct person_st *p, attr_t attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
add(struct person_st *p, attr_t attr, const char *fmt, ...)
{
	va_list ap;

	if (p->n >= LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(p->lines[p->n].text, LINE_BYTES, fmt, ap);
	va_end(ap);
	p->lines[p->n++].attr = attr;
}

static const char *
fac_name(const struct person_st *p, int64_t id)
{
	for (int i = 0; i < p->nfac; i++)
		if (p->fac[i].id == id)
			return p->fac[i].name;
	return "a facility";
}

struct ready {
	const char *edu, *nal, *appt;
};

/* A closed case says why, when and by whom; a reopened one, the same of
 * its latest reopening.  Cases closed before the history was kept say
 * only why. */
static void
case_line(struct app *a, struct person_st *p, const struct person *x)
{
	struct case_event *e = NULL;
	char t[40], who[128];
	int n = 0;

	if (case_event_list(&a->s, p->id, 1, &e, &n) != 0 || n == 0) {
		if (strcmp(x->status, "closed") == 0)
			add(p, A_BOLD, "CLOSED: %s", case_event_reason_label(x->closure_reason));
		free(e);
		return;
	}
	tui_time(a, e->at, t, sizeof t);
	session_user_name(&a->s, e->recorded_by, who, sizeof who);
	if (strcmp(e->kind, "closed") == 0)
		add(p, A_BOLD, "CLOSED %s by %s: %s%s%s", t, who, case_event_reason_label(e->reason),
		    e->note[0] ? ". " : "", e->note);
	else
		add(p, 0, "Reopened %s by %s: %s", t, who, e->note);
	explicit_bzero(e, sizeof *e);
	free(e);
}

static void
header(struct app *a, struct person_st *p, const struct person *x, const struct stay *cur,
       const struct roster_seen *rel, const char *jail_zone, const struct ready *r)
{
	char cw[128], t[40], span[24];
	const char *name = x->preferred_name && *x->preferred_name ? x->preferred_name :
	                   x->legal_name && *x->legal_name ? x->legal_name : x->participant_code;
	int64_t now = tui_now(a);

	session_user_name(&a->s, x->caseworker_id, cw, sizeof cw);
	add(p, A_BOLD, "%s%s%s%s%s%s", name,
	    x->legal_name && *x->legal_name && strcmp(name, x->legal_name) ? "  (legal name: " : "",
	    x->legal_name && *x->legal_name && strcmp(name, x->legal_name) ? x->legal_name : "",
	    x->legal_name && *x->legal_name && strcmp(name, x->legal_name) ? ")" : "",
	    x->pronouns && *x->pronouns ? "  " : "", x->pronouns ? x->pronouns : "");
	add(p, 0, "Code %s   Caseworker: %s   Case %s", x->participant_code,
	    cw[0] ? cw : "nobody yet", x->status);
	case_line(a, p, x);
	if (!cur) {
		add(p, 0, "No stay recorded.");
	} else if (!cur->released_at) {
		if (cur->expected_release_at) {
			int64_t due = cur->expected_release_at, end = due;
			/* A date with no time is due all that day: "today",
			 * and passed only once the day is over. */
			int day = stay_expected_when(a->zone[0] ? a->zone : "UTC", jail_zone, due, t,
			                             sizeof t, &end);
			tui_span(now < due ? due - now : now - end, span, sizeof span);
			/* The countdown first: a long facility name is what
			 * gets cut at 80 columns. */
			if (day && now >= due && now < end)
				add(p, 0, "Release expected %s (today), in custody at %s", t,
				    fac_name(p, cur->facility_id));
			else
				add(p, 0, "Release expected %s (%s %s%s), in custody at %s", t,
				    now < due ? "in" : "PASSED", span, now < due ? "" : " ago",
				    fac_name(p, cur->facility_id));
		} else {
			add(p, 0, "Release date not known, in custody at %s",
			    fac_name(p, cur->facility_id));
		}
	} else {
		roster_seen_when(rel, a->zone[0] ? a->zone : "UTC", cur->released_at, t, sizeof t);
		tui_span(now - cur->released_at, span, sizeof span);
		add(p, 0, "Released %s%s (%s ago) from %s", t,
		    roster_seen_mark(rel ? rel->value : NULL), span,
		    fac_name(p, cur->facility_id));
	}
	add(p, A_REVERSE, "Ready: educated %s | naloxone %s | appointment %s", r->edu, r->nal,
	    r->appt);
	p->header = p->n;
}

static void
section(struct person_st *p, const char *title, int count)
{
	add(p, 0, "%s", "");
	add(p, A_BOLD | A_UNDERLINE, "%s (%d)", title, count);
}

/* "prior overdose, injects": the risk factors answered yes. */
static void
risks_text(const struct screening *r, char *out, size_t n)
{
	const struct {
		enum yn v;
		const char *name;
	} f[] = {{r->prior_overdose, "prior overdose"}, {r->injects, "injects"},
	         {r->benzos_alcohol, "benzos or alcohol"}, {r->stimulants, "stimulants"},
	         {r->recent_abstinence, "recent abstinence"}, {r->unstable_housing, "unstable housing"}};
	size_t used = 0;

	out[0] = 0;
	for (size_t i = 0; i < sizeof f / sizeof f[0] && used < n; i++)
		if (f[i].v == YN_YES)
			used += (size_t)snprintf(out + used, n - used, "%s%s", used ? ", " : "", f[i].name);
}

static void
screenings(struct app *a, struct person_st *p)
{
	struct screening *r = NULL;
	int n = 0;
	char t[40], res[64], med[200], risks[160];

	if (screening_list(&a->s, p->id, &r, &n) != 0)
		tui_message(a, 1, "Part of the record could not be read: %s", a->s.err);
	section(p, "Screening", n);
	for (int i = n - 1; i >= 0; i--) {
		tui_time(a, r[i].at, t, sizeof t);
		if (strcmp(r[i].oud_screen, "declined") == 0) {
			add(p, 0, "%s  declined the screening", t);
			continue;
		}
		snprintf(res, sizeof res, "%s%s%s", r[i].oud_result && *r[i].oud_result ? " (" : "",
		         r[i].oud_result ? r[i].oud_result : "",
		         r[i].oud_result && *r[i].oud_result ? ")" : "");
		if (r[i].moud_at_entry && *r[i].moud_at_entry)
			snprintf(med, sizeof med, "MOUD at entry: %s%s%s", r[i].moud_at_entry,
			         r[i].moud_dose && *r[i].moud_dose ? " " : "",
			         r[i].moud_dose ? r[i].moud_dose : "");
		else
			med[0] = 0;
		risks_text(&r[i], risks, sizeof risks);
		add(p, 0, "%s  OUD screen %s%s", t,
		    strcmp(r[i].oud_screen, "done") == 0 ? "done" : "not done", res);
		if (med[0])
			add(p, 0, "                  %s", med);
		if (risks[0])
			add(p, 0, "                  risks: %s", risks);
	}
	screening_list_free(r, n);
}

static void
consents(struct app *a, struct person_st *p)
{
	struct consent *c = NULL;
	struct disclosure *d = NULL;
	int nc = 0, nd = 0;
	char t[40], until[300], state[64];
	int64_t now = tui_now(a);

	if (consent_list(&a->s, p->id, &c, &nc) != 0 ||
	    disclosure_list(&a->s, p->id, 0, &d, &nd) != 0)
		tui_message(a, 1, "Part of the record could not be read: %s", a->s.err);
	section(p, "Consents and disclosures", nc + nd);
	for (int i = nc - 1; i >= 0; i--) {
		tui_time(a, c[i].signed_at, t, sizeof t);
		snprintf(until, sizeof until, "%s%s%s%s",
		         c[i].expires_on && *c[i].expires_on ? "through " : "",
		         c[i].expires_on ? c[i].expires_on : "",
		         c[i].expires_on && *c[i].expires_on && c[i].expiry_event && *c[i].expiry_event ?
		             " or " : "",
		         c[i].expiry_event && *c[i].expiry_event ? c[i].expiry_event : "");
		if (c[i].revoked_at)
			snprintf(state, sizeof state, "REVOKED");
		else if (consent_in_force(&a->s, c[i].id, now) == 1)
			snprintf(state, sizeof state, "in force");
		else
			snprintf(state, sizeof state, "ENDED");
		add(p, 0, "Consent %lld  %s  signed %s, lasts %s", (long long)c[i].id, state, t, until);
		add(p, 0, "    to %s: %s", c[i].recipient, c[i].scope);
		if (c[i].revoked_at) {
			/* A revoked consent is never saved again: its last
			 * save is the revocation. */
			char who[128];

			tui_time(a, c[i].revoked_at, t, sizeof t);
			session_user_name(&a->s, c[i].updated_by, who, sizeof who);
			add(p, 0, "    revoked in writing, received %s, recorded by %s", t, who);
		}
	}
	for (int i = nd - 1; i >= 0; i--) {
		tui_time(a, d[i].disclosed_at, t, sizeof t);
		add(p, 0, "%s  disclosed to %s under consent %lld", t, d[i].recipient,
		    (long long)d[i].consent_id);
		add(p, 0, "    for: %s", d[i].purpose);
	}
	consent_list_free(c, nc);
	disclosure_list_free(d, nd);
}

/* Later reports on naloxone kits: reversals, losses, refills. */
static void
kit_reports(struct app *a, struct person_st *p)
{
	struct naloxone_event *e = NULL;
	int n = 0;
	char t[40], doses[24];

	if (naloxone_event_list(&a->s, p->id, &e, &n) != 0)
		tui_message(a, 1, "Part of the record could not be read: %s", a->s.err);
	for (int i = n - 1; i >= 0; i--) {
		tui_time(a, e[i].at, t, sizeof t);
		if (strcmp(e[i].kind, "used") != 0) {
			add(p, 0, "%s  kit reported %s", t, vocab_label(VOCAB_NAL_EVENT, e[i].kind));
			continue;
		}
		snprintf(doses, sizeof doses, e[i].doses ? " (%d dose%s)" : "", e[i].doses,
		         e[i].doses == 1 ? "" : "s");
		add(p, 0, "%s  used on %s%s; survived %s, 911 called %s", t,
		    e[i].used_on && *e[i].used_on ? (strcmp(e[i].used_on, "self") ? "someone else" :
		                                                                     "themselves") :
		                                    "someone",
		    doses, e[i].survived == YN_YES ? "yes" : e[i].survived == YN_NO ? "no" : "not known",
		    e[i].called_911 == YN_YES ? "yes" : e[i].called_911 == YN_NO ? "no" : "not known");
	}
	naloxone_event_list_free(e, n);
}

/* The provider's name for a referral line ("" when none is named). */
static const char *
provider_name(const struct provider *pv, int n, int64_t id)
{
	for (int i = 0; id && i < n; i++)
		if (pv[i].id == id)
			return pv[i].name;
	return "";
}

static int
load(struct app *a, struct person_st *p)
{
	struct person x;
	struct stay *stays = NULL;
	struct education *ed = NULL;
	struct naloxone *nx = NULL;
	struct referral *rf = NULL;
	struct contact_row *ct = NULL;
	struct note *nt = NULL;
	struct provider *pv = NULL;
	struct stay_change *ch = NULL;
	struct roster_seen *rs = NULL;
	struct task_row *tk = calloc(100, sizeof *tk);
	int ns = 0, ne = 0, nn = 0, nr = 0, nc = 0, nnt = 0, ntk = 0, npv = 0, nch = 0, nrs = 0;
	char t[40], b1[96], who[128];
	struct ready r = {"NO", "NO", "NO"};
	const struct stay *cur;

	memset(&x, 0, sizeof x);
	if (!tk || person_get(&a->s, p->id, &x) != 0) {
		if (!tk)
			session_fail(&a->s, "out of memory");
		free(tk);
		return -1;
	}
	p->version = x.version;
	p->caseworker = x.caseworker_id;
	p->closed = x.status && strcmp(x.status, "closed") == 0;
	snprintf(p->who, sizeof p->who, "%s (%s)",
	         x.preferred_name && *x.preferred_name ? x.preferred_name :
	         x.legal_name && *x.legal_name ? x.legal_name : x.participant_code,
	         x.participant_code);
	if (stay_list(&a->s, p->id, &stays, &ns) != 0 ||
	    education_list_for_person(&a->s, p->id, &ed, &ne) != 0 ||
	    naloxone_list(&a->s, p->id, &nx, &nn) != 0 || referral_list(&a->s, p->id, &rf, &nr) != 0 ||
	    contact_list(&a->s, p->id, &ct, &nc) != 0 || note_list(&a->s, p->id, &nt, &nnt) != 0 ||
	    task_list_for_person(&a->s, p->id, tk, 100, &ntk) != 0 ||
	    stay_expected_history(&a->s, p->id, &ch, &nch) != 0 ||
	    roster_seen_list(&a->s, p->id, &rs, &nrs) != 0)
		tui_message(a, 1, "Part of the record could not be read: %s", a->s.err);
	cur = ns ? &stays[0] : NULL;
	for (int i = 0; cur && i < ne; i++)
		if (ed[i].stay_id == cur->id)
			r.edu = ed[i].declined ? "declined" : "yes";
	for (int i = 0; cur && i < nn; i++)
		if (nx[i].stay_id == cur->id)
			r.nal = strcmp(nx[i].outcome, "placed_in_property") == 0 ? "in property" :
			        vocab_label(VOCAB_NAL_OUTCOME, nx[i].outcome);
	for (int i = 0; cur && i < nr; i++)
		if (rf[i].stay_id == cur->id && rf[i].appointment_at)
			r.appt = "booked";
	header(a, p, &x, cur,
	       cur ? roster_seen_find(rs, nrs, ROSTER_SEEN_RELEASE, cur->id) : NULL,
	       stay_expected_zone(ch, nch, cur), &r);

	section(p, "Tasks and follow-ups", ntk);
	for (int i = 0; i < ntk; i++) {
		int open = !strcmp(tk[i].status, "open"), late = open && tk[i].due_at < tui_now(a);
		char closed[40] = "";

		forms_task_what(&tk[i], b1, sizeof b1);
		/* When it was closed, and whether after its window: done late. */
		if (!open && tk[i].closed_at)
			tui_time(a, tk[i].closed_at, closed, sizeof closed);
		tui_time(a, tk[i].due_at, t, sizeof t);
		add(p, late ? A_BOLD : 0, "%s %-18s due %s  %s%s %s", late ? "[!]" : "   ", b1, t,
		    late ? "OVERDUE" : vocab_label(VOCAB_TASK_STATUS, tk[i].status),
		    !strcmp(tk[i].status, "done") && tk[i].closed_at > tk[i].window_end ? " late" : "",
		    closed);
	}
	section(p, "Contacts", nc);
	for (int i = 0; i < nc; i++) {
		tui_time(a, ct[i].at, t, sizeof t);
		add(p, 0, "%s  %s, %s  %s", t, vocab_label(VOCAB_CHANNEL, ct[i].channel),
		    vocab_label(VOCAB_CONTACT_OUTCOME, ct[i].outcome), ct[i].note);
		/* Typed in later than it happened (a contact made on paper). */
		if (ct[i].recorded_at && (ct[i].recorded_at - ct[i].at > 3600 ||
		                          ct[i].at - ct[i].recorded_at > 3600)) {
			tui_time(a, ct[i].recorded_at, t, sizeof t);
			add(p, 0, "    entered %s", t);
		}
	}
	section(p, "Stays and releases", ns);
	for (int i = 0; i < nrs && rs[i].kind == ROSTER_SEEN_PERSON; i++)
		add(p, 0, "Jail person id %s (profile %s)", rs[i].value, rs[i].profile);
	for (int i = 0; i < ns; i++) {
		/* A date-only booking is the start of the jail's day: by the
		 * site's clock, west of the jail, the evening before. */
		roster_seen_when(roster_seen_find(rs, nrs, ROSTER_SEEN_BOOKED, stays[i].id),
		                 a->zone[0] ? a->zone : "UTC", stays[i].booked_at, t, sizeof t);
		if (stays[i].released_at) {
			char t2[40];
			roster_seen_when(roster_seen_find(rs, nrs, ROSTER_SEEN_RELEASE, stays[i].id),
			                 a->zone[0] ? a->zone : "UTC", stays[i].released_at, t2,
			                 sizeof t2);
			/* Two lines: with a facility's name and two times, how the
			 * person left would not fit in 80 columns. */
			add(p, 0, "%s  booked %s", fac_name(p, stays[i].facility_id), t);
			add(p, 0, "    released %s (%s, %s)", t2,
			    vocab_label(VOCAB_RELEASE_TYPE, stays[i].release_type),
			    stays[i].planned ? "planned" : "unplanned");
		} else {
			add(p, 0, "%s  booked %s, in custody", fac_name(p, stays[i].facility_id), t);
		}
		for (int k = 0; k < nch; k++) {
			char l[3][STAYS_LINE];
			for (int j = 0, m = ch[k].stay_id == stays[i].id ?
			                    stays_change_lines(a, &ch[k], l) : 0; j < m; j++)
				add(p, 0, "%s", l[j]);
		}
		{
			char l[STAYS_ROSTER_LINES][STAYS_LINE];
			for (int j = 0, m = stays_roster_lines(a, rs, nrs, &stays[i], l); j < m; j++)
				add(p, 0, "%s", l[j]);
		}
	}
	screenings(a, p);
	section(p, "Overdose education", ne);
	for (int i = 0; i < ne; i++) {
		tui_time(a, ed[i].at, t, sizeof t);
		add(p, 0, "%s  %s%s", t,
		    ed[i].declined ? "declined" : vocab_label(VOCAB_EDU_SETTING, ed[i].setting),
		    ed[i].declined ? "" : ed[i].teach_back == YN_YES ? ", teach-back passed" : "");
	}
	section(p, "Naloxone", nn);
	for (int i = 0; i < nn; i++) {
		int implied;
		tui_time(a, nx[i].at, t, sizeof t);
		/* The handover only where the outcome does not say it. */
		implied = !nx[i].handover ||
		          !strcmp(nx[i].handover, strcmp(nx[i].outcome, "given") ? "property_bag"
		                                                                 : "in_hand");
		if (nx[i].formulation)
			snprintf(b1, sizeof b1, ", %d x %s%s%s%s%s", nx[i].quantity,
			         vocab_label(VOCAB_FORMULATION, nx[i].formulation), implied ? "" : ", ",
			         implied ? "" : vocab_label(VOCAB_HANDOVER, nx[i].handover),
			         nx[i].kit ? ", " : "", vocab_label(VOCAB_KIT, nx[i].kit));
		add(p, 0, "%s  %s%s", t, vocab_label(VOCAB_NAL_OUTCOME, nx[i].outcome),
		    nx[i].formulation ? b1 : "");
	}
	kit_reports(a, p);
	section(p, "Referrals", nr);
	if (nr && provider_list(&a->s, 1, &pv, &npv) != 0)
		npv = 0;

	for (int i = 0; i < nr; i++) {
		const char *to = provider_name(pv, npv, rf[i].provider_id);

		if (rf[i].appointment_at)
			tui_time(a, rf[i].appointment_at, t, sizeof t);
		add(p, 0, "%s, %s, %s%s%s", vocab_label(VOCAB_REFERRAL_TYPE, rf[i].type),
		    vocab_label(VOCAB_REFERRAL_STATUS, rf[i].status),
		    rf[i].appointment_at ? "appointment " : "no appointment",
		    rf[i].appointment_at ? t : "",
		    rf[i].warm_handoff == YN_YES ? ", warm handoff" : "");
		if (*to)
			add(p, 0, "    with %s", to);
		if (rf[i].corrected_from) {
			tui_time(a, rf[i].corrected_at, t, sizeof t);
			session_user_name(&a->s, rf[i].corrected_by, who, sizeof who);
			add(p, 0, "    corrected %s by %s; it was %s", t, who,
			    vocab_label(VOCAB_REFERRAL_STATUS, rf[i].corrected_from));
		}
	}
	section(p, "Notes", nnt);
	for (int i = nnt - 1; i >= 0; i--) {
		tui_time(a, nt[i].updated_at, t, sizeof t);
		session_user_name(&a->s, nt[i].updated_by, who, sizeof who);
		/* The first line; the notes screen (T) reads it whole. */
		add(p, 0, "%s  %s: %.*s%s", t, who, (int)strcspn(nt[i].body, "\n"), nt[i].body,
		    strchr(nt[i].body, '\n') ? " ..." : "");
	}
	consents(a, p);
	add(p, 0, "%s", "");
	add(p, A_BOLD | A_UNDERLINE, "%s", "Their own goals");
	add(p, 0, "%s", x.goals && *x.goals ? x.goals : "(none written yet)");

	person_free(&x);
	free(stays);
	education_list_free(ed, ne);
	naloxone_list_free(nx, nn);
	referral_list_free(rf, nr);
	provider_list_free(pv, npv);
	free(ct);
	note_list_free(nt, nnt);
	free(ch);
	free(rs);
	free(tk);
	return 0;
}

struct reading {
	struct app *a;
	struct person_st *p;
};

static int
read_all(struct session *s, void *arg)
{
	struct reading *r = arg;

	(void)s;
	return load(r->a, r->p);
}

/* The record read whole, as one view (one audit row): when the screen
 * opens, and again only after something was saved. */
static void
reload(struct app *a, struct person_st *p)
{
	struct reading r = {a, p};

	p->n = p->top = 0;
	if (person_view(&a->s, p->id, read_all, &r) != 0) {
		p->n = p->top = 0;
		add(p, A_BOLD, "This record could not be read: %s", a->s.err);
	}
	p->saved = a->s.saved;
}

static int
prs_open(struct app *a, void *st, const void *arg)
{
	struct person_st *p = st;

	p->id = *(const int64_t *)arg;
	if (!(p->lines = calloc(LINES_MAX, sizeof *p->lines)))
		return tui_message(a, 1, "out of memory"), -1;
	/* Retired facilities too: an old stay keeps its facility's name. */
	if (facility_list_all(&a->s, p->fac, 32, &p->nfac) != 0)
		p->nfac = 0;
	reload(a, p);
	return 0;
}

static void
prs_close(struct app *a, void *st)
{
	struct person_st *p = st;

	(void)a;
	if (p->lines)
		explicit_bzero(p->lines, LINES_MAX * sizeof *p->lines);
	free(p->lines);
}

/* Back from the pick list with a choice: the (re)assignment happens now,
 * at the version read, so a change made meanwhile is refused, not lost. */
static void
prs_resume(struct app *a, void *st)
{
	struct person_st *p = st;

	if (p->picking) {
		p->picking = 0;
		if (p->chosen && person_reassign(&a->s, p->id, p->version, p->chosen) != 0)
			tui_message(a, 1, "%s", a->s.err);
		else if (p->chosen)
			tui_message(a, 0, "%s is now on the caseload of %s.", p->who, p->to_name);
	}
	if (a->s.saved != p->saved)
		reload(a, p);
}

static void
prs_draw(struct app *a, void *st, WINDOW *w)
{
	struct person_st *p = st;
	int h = getmaxy(w), body = h - p->header;

	for (int i = 0; i < p->header && i < h; i++)
		tui_put_attr(a, w, i, 0, a->cols, p->lines[i].text, p->lines[i].attr);
	if (p->top > p->n - p->header - body)
		p->top = p->n - p->header - body;
	if (p->top < 0)
		p->top = 0;
	for (int y = 0; y < body && p->header + p->top + y < p->n; y++) {
		const struct pline *l = &p->lines[p->header + p->top + y];
		tui_put_attr(a, w, p->header + y, 0, a->cols, l->text, l->attr);
	}
}

static void
prs_key(struct app *a, void *st, enum action act, int k)
{
	struct person_st *p = st;
	int page = a->rows - 8;

	(void)k;
	switch (act) {
	case ACT_P_DOWN: p->top++; break;
	case ACT_P_UP: if (p->top > 0) p->top--; break;
	case ACT_P_PGDN: p->top += page; break;
	case ACT_P_PGUP: p->top = p->top > page ? p->top - page : 0; break;
	case ACT_P_BACK: tui_pop(a); break;
	case ACT_P_HELP: tui_push(a, &scr_help, &scr_person.ctx); break;
	case ACT_P_RELEASE: scr_form_release(a, p->id); break;
	case ACT_P_CONTACT: scr_form_contact(a, p->id); break;
	case ACT_P_EDUCATION: scr_form_education(a, p->id); break;
	case ACT_P_NALOXONE: scr_form_naloxone(a, p->id); break;
	case ACT_P_NOTE: scr_form_note(a, p->id); break;
	case ACT_P_SCREENING: scr_form_screening(a, p->id); break;
	case ACT_P_BOOK: scr_form_booking(a, p->id); break;
	case ACT_P_NALEVENT: scr_form_naloxone_event(a, p->id); break;
	case ACT_P_REFERRAL: scr_form_referral(a, p->id); break;
	case ACT_P_OUTCOME: scr_form_referral_outcome(a, p->id); break;
	case ACT_P_DECLINE: scr_form_decline(a, p->id); break;
	case ACT_P_CONSENT: scr_form_consent(a, p->id); break;
	case ACT_P_DISCLOSE: scr_form_disclosure(a, p->id); break;
	case ACT_P_REVOKE: scr_form_revoke(a, p->id); break;
	case ACT_P_EDIT: scr_form_person_edit(a, p->id); break;
	case ACT_P_EXPECTED: scr_form_expected(a, p->id); break;
	case ACT_P_ACCOUNTING: tui_push(a, &scr_accounting, &p->id); break;
	case ACT_P_NOTES: tui_push(a, &scr_note, &p->id); break;
	case ACT_P_PLAN: scr_form_plan(a, p->id); break;
	case ACT_P_ASSIGN: {
		char q[240];

		snprintf(q, sizeof q, "Give %s to:", p->who);
		p->picking = scr_pick_caseworker(a, q, p->caseworker, &p->chosen, p->to_name,
		                                 sizeof p->to_name) == 0;
		break;
	}
	case ACT_P_CLOSE: scr_form_case(a, p->id, p->version, p->closed); break;
	case ACT_P_AUDITLOG: {
		char num[24];
		snprintf(num, sizeof num, "#%lld", (long long)p->id);
		tui_push(a, &scr_log, num);
		break;
	}
	default: break;
	}
}

const struct screen scr_person = {
    .title = "person",
    .ctx = CTX_PERSON,
    .size = sizeof(struct person_st),
    .open = prs_open,
    .close = prs_close,
    .draw = prs_draw,
    .key = prs_key,
    .resume = prs_resume,
};
