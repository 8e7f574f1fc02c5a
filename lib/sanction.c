/*
 * sanction.c - the employment link's state machine (see sanction.h).
 *
 * One pass over a person's events in order, keeping the few counters the
 * rules need (unjustified refusals since the last suspension, the
 * suspension in force, the unemployment-insurance state, the aids of each
 * year, the referrals seen), then the decisions that only time makes (the
 * lift, the silent window), then a sort.  Nothing here reads the clock or
 * the store.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sanction.h"
#include "value.h"
#include "xalloc.h"

static const char *const sev_names[] = {
	"registration", "referral", "interview", "placement", "refusal",
	"left_job", "training_abandoned", "no_reply", "complied",
	"informal_work"
};

const char *
sev_name(enum sev_type t)
{
	return sev_names[t];
}

int
sev_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof sev_names / sizeof sev_names[0]; i++)
		if (s && strcmp(s, sev_names[i]) == 0)
			return (int)i;
	return -1;
}

int
soffer_parse(const char *s)
{
	if (!s || !*s)
		return SOFFER_NONE;
	if (strcmp(s, "job") == 0)
		return SOFFER_JOB;
	if (strcmp(s, "course") == 0)
		return SOFFER_COURSE;
	if (strcmp(s, "programme") == 0)
		return SOFFER_PROGRAMME;
	return -1;
}

static const struct {
	const char *name, *programme;
} sdec_names[] = {
	[SD_SUSPENSION] = { "suspension", "regular" },
	[SD_LIFT] = { "lift", "regular" },
	[SD_UI_STOP] = { "stop", "unemployment" },
	[SD_UI_SUSPENSION] = { "suspension", "unemployment" },
	[SD_UI_RESUME] = { "resume", "unemployment" },
	[SD_JOB_SEEKING_AID] = { "incentive", "job-seeking-aid" },
	[SD_START_UP] = { "incentive", "start-up-payment" },
	[SD_EMPLOYER_PREMIUM] = { "incentive", "employer-premium" },
	[SD_CCT_CONTINUED] = { "incentive", "cct" },
	[SD_WINDOW] = { "window", "" },
	[SD_FLAG] = { "flag", "" },
};

const char *
sdec_name(enum sdec_kind k)
{
	return sdec_names[k].name;
}

const char *
sdec_programme(enum sdec_kind k)
{
	return sdec_names[k].programme;
}

const char *const sanction_params[] = {
	"sanction_refusals", "sanction_suspension_months",
	"sanction_scope_person", "job_seeking_aid", "job_seeking_aid_days",
	"job_seeking_aid_per_year", "startup_divisor", "startup_pay_days",
	"employer_premium_months", "cct_continue_months", "monitor_days",
	"min_wage_gross", "work_age_min", "work_age_max",
	"work_disability_pct", NULL
};

int
sanction_check_params(const struct params *ps, int32_t day)
{
	char d[11];
	int missing = 0;
	size_t i;

	date_format(day, d);
	for (i = 0; sanction_params[i]; i++) {
		if (params_at(ps, sanction_params[i], day))
			continue;
		error("%s: no parameter %s in force on %s", ps->path,
		    sanction_params[i], d);
		missing++;
	}
	return missing;
}

int32_t
sanction_span_end(int32_t from, int months)
{
	int32_t end = date_add_months(from, months);
	int y, m, d0, d1;

	date_to_ymd(from, &y, &m, &d0);
	date_to_ymd(end, &y, &m, &d1);
	/* The anniversary does not exist (31 April, 29 February): the first
	 * day of the next month stands in for it. */
	if (d1 < d0)
		end++;
	return end - 1;
}

/* The events in processing order, by index. */

static int32_t
reported(const struct sevent *e)
{
	return e->reported == SDAY_NONE || e->reported < e->day ? e->day :
	    e->reported;
}

/* The events being sorted, or whose decisions are: for the comparators. */
static const struct sevent *sort_ev;

static int
cmp_strz(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
cmp_order(const void *pa, const void *pb)
{
	const struct sevent *a = &sort_ev[*(const size_t *)pa];
	const struct sevent *b = &sort_ev[*(const size_t *)pb];
	int32_t ra = reported(a), rb = reported(b);

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return cmp_strz(a->record_id, b->record_id);
}

/* The machine's state while it walks the events. */
struct walk {
	const struct sevent *ev;
	size_t *ix, n;
	const struct sctx *ctx;
	const struct params *ps;
	int32_t as_of;
	struct sdecisions *out;
	int failed;
};

/* A parameter's whole value on day; 0 after a message when missing. */
static int64_t
param(struct walk *w, const char *name, int32_t day)
{
	const struct param *p = params_at(w->ps, name, day);
	char d[11];

	if (p)
		return p->type == PARAM_INT ? p->i : (int64_t)p->r;
	date_format(day, d);
	error("%s: no parameter %s in force on %s", w->ps->path, name, d);
	w->failed = 1;
	return 0;
}

static struct sdecision *
add(struct walk *w, enum sdec_kind kind, const char *rule, int32_t from,
    int32_t until)
{
	struct sdecisions *o = w->out;
	struct sdecision *d;

	xgrow((void **)&o->d, &o->cap, o->n + 1, sizeof *o->d);
	d = &o->d[o->n++];
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->rule = rule;
	d->from = from;
	d->until = until;
	return d;
}

static void
cause(struct sdecision *d, size_t ev)
{
	if (d->nev < SDEC_MAXEV)
		d->ev[d->nev++] = ev;
}

static int
same_ref(const struct sevent *a, const struct sevent *b)
{
	return a->referral_id && b->referral_id && *a->referral_id &&
	    strcmp(a->referral_id, b->referral_id) == 0;
}

/* Push: refusals of regular-assistance beneficiaries. */
static void
push_regular(struct walk *w)
{
	size_t counted[SDEC_MAXEV], k, i, need;
	int32_t from = SDAY_NONE, until = SDAY_NONE, r;
	int scope;

	if (!w->ctx->regular)
		return;
	need = (size_t)param(w, "sanction_refusals", w->as_of);
	if (need < 1 || need > SDEC_MAXEV)
		need = need < 1 ? 1 : SDEC_MAXEV;
	scope = param(w, "sanction_scope_person", w->as_of) != 0;
	k = 0;
	for (i = 0; i < w->n; i++) {
		const struct sevent *e = &w->ev[w->ix[i]];
		struct sdecision *d;
		size_t j;

		if (e->type != SEV_REFUSAL || e->justified != 0)
			continue;
		r = reported(e);
		if (from != SDAY_NONE && r >= from && r <= until)
			continue;	/* suspended already: not counted */
		counted[k++] = w->ix[i];
		if (k < need)
			continue;
		from = r;
		until = sanction_span_end(r, (int)param(w,
		    "sanction_suspension_months", r));
		d = add(w, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", r, until);
		d->scope_person = scope;
		for (j = 0; j < k; j++)
			cause(d, counted[j]);
		if (until + 1 <= w->as_of) {
			struct sdecision *l = add(w, SD_LIFT, "SUSPENSION_OVER",
			    until + 1, SDAY_NONE);

			l->scope_person = scope;
			for (j = 0; j < k; j++)
				cause(l, counted[j]);
		}
		k = 0;
	}
}

/* Push: unemployment insurance. */
static void
push_ui(struct walk *w)
{
	struct sdecision *susp = NULL;
	int32_t stop = SDAY_NONE, r;
	size_t i, stop_ev = 0;
	const char *stop_rule = NULL;

	if (!w->ctx->ui)
		return;
	for (i = 0; i < w->n; i++) {
		const struct sevent *e = &w->ev[w->ix[i]];
		const char *rule = NULL;
		int stops = 0;

		r = reported(e);
		if (stop != SDAY_NONE)
			break;
		if (w->ctx->pension != SDAY_NONE && w->ctx->pension <= e->day)
			break;	/* the pension came first */
		switch (e->type) {
		case SEV_REFUSAL:
			if (e->justified != 0)
				break;
			if (e->offer == SOFFER_JOB)
				stops = 1, rule = "UI_JOB_REFUSED";
			else if (e->offer != SOFFER_NONE)
				rule = "UI_COURSE_REFUSED";
			break;
		case SEV_INFORMAL_WORK:
			stops = 1, rule = "UI_INFORMAL_WORK";
			break;
		case SEV_TRAINING_ABANDONED:
			rule = "UI_TRAINING_ABANDONED";
			break;
		case SEV_NO_REPLY:
			rule = "UI_NO_REPLY";
			break;
		case SEV_COMPLIED:
			if (susp && e->day > susp->from) {
				struct sdecision *d;
				size_t first = susp->ev[0];

				susp->until = e->day - 1;
				d = add(w, SD_UI_RESUME, "UI_COMPLIED", e->day,
				    SDAY_NONE);
				cause(d, first);
				cause(d, w->ix[i]);
				susp = NULL;
			}
			break;
		default:
			break;
		}
		if (!rule)
			continue;
		if (stops) {
			stop = r, stop_rule = rule, stop_ev = w->ix[i];
			break;
		}
		if (susp)
			continue;	/* suspended already */
		susp = add(w, SD_UI_SUSPENSION, rule, r, SDAY_NONE);
		cause(susp, w->ix[i]);
	}
	if (w->ctx->pension != SDAY_NONE && w->ctx->pension <= w->as_of &&
	    (stop == SDAY_NONE || w->ctx->pension < stop)) {
		stop = w->ctx->pension;
		stop_rule = "UI_PENSION";
		stop_ev = (size_t)-1;
	}
	if (stop == SDAY_NONE)
		return;
	/* A stop ends a suspension still in force (its pointer may have moved
	 * with the array: find it again). */
	for (i = 0; i < w->out->n; i++) {
		struct sdecision *d = &w->out->d[i];

		if (d->kind == SD_UI_SUSPENSION && d->until == SDAY_NONE &&
		    d->from < stop)
			d->until = stop - 1;
	}
	{
		struct sdecision *d = add(w, SD_UI_STOP, stop_rule, stop,
		    SDAY_NONE);

		if (stop_ev != (size_t)-1)
			cause(d, stop_ev);
	}
}

/* Pull: aids, the start-up payment, premiums and continued transfers. */
static void
pull(struct walk *w)
{
	int year = 0, aids = 0, placed = 0, y, m, dd;
	size_t i, j;

	if (!w->ctx->regular)
		return;
	for (i = 0; i < w->n; i++) {
		const struct sevent *e = &w->ev[w->ix[i]];
		struct sdecision *d;

		if (e->type == SEV_INTERVIEW) {
			const struct sevent *ref = NULL;
			size_t ref_ix = 0;
			int paid = 0;

			for (j = 0; j < i; j++) {
				const struct sevent *p = &w->ev[w->ix[j]];

				if (p->type == SEV_REFERRAL && same_ref(p, e))
					ref = p, ref_ix = w->ix[j];
				if (p->type == SEV_INTERVIEW && same_ref(p, e))
					paid = 1;	/* once per referral */
			}
			if (!ref || paid || e->day - ref->day >
			    param(w, "job_seeking_aid_days", e->day))
				continue;
			date_to_ymd(e->day, &y, &m, &dd);
			if (y != year)
				year = y, aids = 0;
			if (aids >= param(w, "job_seeking_aid_per_year", e->day))
				continue;
			aids++;
			d = add(w, SD_JOB_SEEKING_AID, "INTERVIEW_ATTENDED",
			    e->day, e->day);
			d->amount = param(w, "job_seeking_aid", e->day);
			cause(d, ref_ix);
			cause(d, w->ix[i]);
		} else if (e->type == SEV_PLACEMENT) {
			int64_t div;

			if (!placed++) {
				d = add(w, SD_START_UP, "FIRST_PLACEMENT", e->day,
				    e->day + (int32_t)param(w, "startup_pay_days",
				    e->day) - 1);
				div = param(w, "startup_divisor", e->day);
				d->amount = money_divround(param(w,
				    "min_wage_gross", e->day), div > 0 ? div : 1);
				cause(d, w->ix[i]);
			}
			d = add(w, SD_EMPLOYER_PREMIUM, "PLACEMENT", e->day,
			    sanction_span_end(e->day, (int)param(w,
			    "employer_premium_months", e->day)));
			d->employer_id = e->employer_id;
			cause(d, w->ix[i]);
			d = add(w, SD_CCT_CONTINUED, "PLACEMENT", e->day,
			    sanction_span_end(e->day, (int)param(w,
			    "cct_continue_months", e->day)));
			cause(d, w->ix[i]);
		}
	}
}

/* Monitoring: the windows and their flags. */
static void
monitor(struct walk *w)
{
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		const struct sevent *e = &w->ev[w->ix[i]];
		int32_t days, last;
		struct sdecision *d;
		int other = 0;

		if (e->type == SEV_REFUSAL) {
			for (j = 0; j < i; j++) {
				const struct sevent *p = &w->ev[w->ix[j]];

				if ((p->type == SEV_INTERVIEW ||
				    p->type == SEV_PLACEMENT) && same_ref(p, e))
					break;
			}
			if (j < i) {
				d = add(w, SD_FLAG, "REFUSAL_AFTER_ACCEPTANCE",
				    e->day, SDAY_NONE);
				cause(d, w->ix[j]);
				cause(d, w->ix[i]);
			}
			continue;
		}
		if (e->type != SEV_REFERRAL && e->type != SEV_PLACEMENT)
			continue;
		days = (int32_t)param(w, "monitor_days", e->day);
		last = e->day + days - 1;
		d = add(w, SD_WINDOW, e->type == SEV_REFERRAL ?
		    "REFERRAL_WINDOW" : "PLACEMENT_WINDOW", e->day, last);
		cause(d, w->ix[i]);
		/* Any other event from the window's first day to its last:
		 * one of the same day may come before this one in order. */
		for (j = 0; j < w->n; j++) {
			const struct sevent *p = &w->ev[w->ix[j]];

			if (j == i || p->day < e->day)
				continue;
			if (p->day > last)
				break;
			other = 1;
			if (e->type == SEV_PLACEMENT &&
			    p->type == SEV_LEFT_JOB) {
				d = add(w, SD_FLAG, "PLACEMENT_ENDED_EARLY",
				    p->day, SDAY_NONE);
				cause(d, w->ix[i]);
				cause(d, w->ix[j]);
				break;
			}
		}
		if (e->type == SEV_REFERRAL && !other && last + 1 <= w->as_of) {
			d = add(w, SD_FLAG, "NO_EVENT_IN_WINDOW", last + 1,
			    SDAY_NONE);
			cause(d, w->ix[i]);
		}
	}
}

static int
cmp_decision(const void *pa, const void *pb)
{
	const struct sdecision *a = pa, *b = pb;
	int c;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (a->nev && b->nev && (c = cmp_strz(sort_ev[a->ev[0]].record_id,
	    sort_ev[b->ev[0]].record_id)) != 0)
		return c;
	return (a->nev > b->nev) - (a->nev < b->nev);
}

int
sanction_decide(const struct sevent *ev, size_t n, const struct sctx *ctx,
		const struct params *ps, int32_t as_of, struct sdecisions *out)
{
	struct walk w;
	size_t i, k;

	memset(&w, 0, sizeof w);
	out->n = 0;
	w.ev = ev;
	w.ctx = ctx;
	w.ps = ps;
	w.as_of = as_of;
	w.out = out;
	w.ix = xcalloc(n ? n : 1, sizeof *w.ix);
	for (i = 0; i < n; i++)
		if (reported(&ev[i]) <= as_of)
			w.ix[w.n++] = i;
	sort_ev = ev;
	if (w.n > 1)
		qsort(w.ix, w.n, sizeof *w.ix, cmp_order);

	push_regular(&w);
	push_ui(&w);
	pull(&w);
	monitor(&w);
	free(w.ix);

	/* What the days have not reached yet is not decided. */
	for (i = k = 0; i < out->n; i++)
		if (out->d[i].from <= as_of)
			out->d[k++] = out->d[i];
	out->n = k;
	if (out->n > 1)
		qsort(out->d, out->n, sizeof *out->d, cmp_decision);
	return w.failed ? -1 : 0;
}

void
sdecisions_release(struct sdecisions *out)
{
	free(out->d);
	memset(out, 0, sizeof *out);
}
