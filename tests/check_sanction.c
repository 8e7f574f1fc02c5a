/*
 * check_sanction.c - unit tests of the employment link (lib/sanction.c)
 * against the rules sanction.h states: the counting of refusals, the
 * suspension of regular assistance and its lift, the stops and
 * suspensions of unemployment insurance, the pull incentives, and the
 * monitoring windows and flags.  Every expected day and amount is worked
 * out by hand from the bundled etc/params.tsv (sanction_refusals 3,
 * sanction_suspension_months 12, job_seeking_aid 500.00, ...).  Run from
 * the top of the tree (make check): the bundled etc/ files are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_common.h"
#include "params.h"
#include "sanction.h"
#include "value.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The bundled parameters, loaded afresh for every test. */
static struct params *ps;

static void
setup(void)
{
	ps = params_load("etc/params.tsv");
	ck_assert_ptr_nonnull(ps);
}

static void
teardown(void)
{
	params_free(ps);
	ps = NULL;
}

/* What the store says of the person, in the combinations the tests need. */
static const struct sctx ctx_regular = { 1, 0, SDAY_NONE };
static const struct sctx ctx_ui = { 0, 1, SDAY_NONE };
static const struct sctx ctx_none = { 0, 0, SDAY_NONE };

static int32_t
day(const char *s)
{
	int32_t d;

	ck_assert_int_eq(date_parse(s, strlen(s), &d), 0);
	return d;
}

/* A day as text for comparing, "none" for an open end. */
static const char *
fmt(int32_t d, char buf[11])
{
	if (d == SDAY_NONE)
		return "none";
	date_format(d, buf);
	return buf;
}

/* Days are compared as text, so that a failure reads as two dates. */
#define ck_day(got, want) do {						\
	char b_[11];							\
									\
	ck_assert_str_eq(fmt((got), b_), (want));			\
} while (0)

/*
 * The event types by the iskur kind's names.  Kept here rather than read
 * through sev_parse() so that a fault there fails its own test only.
 */
static const struct {
	const char *name;
	enum sev_type type;
} types[] = {
	{ "registration", SEV_REGISTRATION },
	{ "referral", SEV_REFERRAL },
	{ "interview", SEV_INTERVIEW },
	{ "placement", SEV_PLACEMENT },
	{ "refusal", SEV_REFUSAL },
	{ "left_job", SEV_LEFT_JOB },
	{ "training_abandoned", SEV_TRAINING_ABANDONED },
	{ "no_reply", SEV_NO_REPLY },
	{ "complied", SEV_COMPLIED },
	{ "informal_work", SEV_INFORMAL_WORK },
};

/*
 * An event from text: record id, type, event day, reported day (NULL:
 * none), offer ("job", "course", "programme" or NULL), justified (1, 0,
 * -1), referral id and employer id (or NULL).
 */
static struct sevent
ev(const char *id, const char *type, const char *on, const char *reported,
    const char *offer, int justified, const char *referral,
    const char *employer)
{
	struct sevent e;
	size_t i;

	memset(&e, 0, sizeof e);
	e.record_id = id;
	for (i = 0; i < NELEM(types); i++)
		if (strcmp(types[i].name, type) == 0)
			break;
	ck_assert_msg(i < NELEM(types), "no event type %s", type);
	e.type = types[i].type;
	e.day = day(on);
	e.reported = reported != NULL ? day(reported) : SDAY_NONE;
	if (offer == NULL)
		e.offer = SOFFER_NONE;
	else if (strcmp(offer, "job") == 0)
		e.offer = SOFFER_JOB;
	else if (strcmp(offer, "course") == 0)
		e.offer = SOFFER_COURSE;
	else if (strcmp(offer, "programme") == 0)
		e.offer = SOFFER_PROGRAMME;
	else
		ck_abort_msg("no offer %s", offer);
	e.justified = justified;
	e.referral_id = referral;
	e.employer_id = employer;
	return e;
}

/* The commonest event: a refusal outside any referral. */
static struct sevent
refusal(const char *id, const char *on, const char *reported,
    const char *offer, int justified)
{
	return ev(id, "refusal", on, reported, offer, justified, NULL, NULL);
}

/* Any other event with neither offer nor assessment. */
static struct sevent
plain(const char *id, const char *type, const char *on, const char *referral,
    const char *employer)
{
	return ev(id, type, on, NULL, NULL, -1, referral, employer);
}

/*
 * Runs the machine, which must succeed, and checks what every answer
 * holds whatever the events: nothing decided after the as-of day, a rule
 * named, causing events among those given, and the order of from day,
 * then kind.
 */
static void
decide(const struct sevent *e, size_t n, const struct sctx *ctx,
    const char *as_of, struct sdecisions *out)
{
	int32_t a = day(as_of);
	size_t i, j;

	ck_assert_int_eq(sanction_decide(e, n, ctx, ps, a, out), 0);
	for (i = 0; i < out->n; i++) {
		const struct sdecision *d = &out->d[i];

		ck_assert_msg(d->from <= a, "decision %zu after the as-of day", i);
		ck_assert_ptr_nonnull(d->rule);
		ck_assert_uint_le(d->nev, SDEC_MAXEV);
		for (j = 0; j < d->nev; j++)
			ck_assert_uint_lt(d->ev[j], n);
		if (i > 0) {
			const struct sdecision *p = &out->d[i - 1];

			ck_assert_msg(p->from < d->from || (p->from == d->from &&
			    p->kind <= d->kind), "decision %zu out of order", i);
		}
	}
}

/* The i-th decision of kind k (and rule, unless NULL), or NULL. */
static const struct sdecision *
find(const struct sdecisions *out, enum sdec_kind k, const char *rule,
    size_t i)
{
	size_t j;

	for (j = 0; j < out->n; j++)
		if (out->d[j].kind == k && (rule == NULL ||
		    strcmp(out->d[j].rule, rule) == 0) && i-- == 0)
			return &out->d[j];
	return NULL;
}

static size_t
count(const struct sdecisions *out, enum sdec_kind k, const char *rule)
{
	size_t i = 0;

	while (find(out, k, rule, i) != NULL)
		i++;
	return i;
}

/* As find(), failing when there is none. */
static const struct sdecision *
must(const struct sdecisions *out, enum sdec_kind k, const char *rule,
    size_t i)
{
	const struct sdecision *d = find(out, k, rule, i);

	ck_assert_msg(d != NULL, "no decision %d %s #%zu", (int)k,
	    rule != NULL ? rule : "", i);
	return d;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The record ids of a decision's causing events, sorted and joined by
 * spaces: the header does not say in which order they are listed.
 */
static const char *
causes(const struct sdecision *d, const struct sevent *e, char *buf,
    size_t size)
{
	const char *id[SDEC_MAXEV];
	size_t i, len = 0;

	ck_assert_uint_le(d->nev, SDEC_MAXEV);
	for (i = 0; i < d->nev; i++)
		id[i] = e[d->ev[i]].record_id;
	qsort(id, d->nev, sizeof *id, cmp_str);
	buf[0] = '\0';
	for (i = 0; i < d->nev; i++) {
		len += snprintf(buf + len, size - len, "%s%s", i ? " " : "",
		    id[i]);
		ck_assert_uint_lt(len, size);
	}
	return buf;
}

#define ck_causes(d, e, want) do {					\
	char c_[256];							\
									\
	ck_assert_str_eq(causes((d), (e), c_, sizeof c_), (want));	\
} while (0)

/* 1 when the event with record id `id` is among d's causes. */
static int
caused_by(const struct sdecision *d, const struct sevent *e, const char *id)
{
	size_t i;

	for (i = 0; i < d->nev; i++)
		if (strcmp(e[d->ev[i]].record_id, id) == 0)
			return 1;
	return 0;
}

/*
 * The whole answer as text, one decision a line, causing events by record
 * id: comparable between calls given the events in different orders.
 */
static void
render(const struct sdecisions *out, const struct sevent *e, char *buf,
    size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < out->n; i++) {
		const struct sdecision *d = &out->d[i];
		char f[11], u[11], c[256];

		len += snprintf(buf + len, size - len,
		    "%d %s %s..%s %lld %d %s [%s]\n", (int)d->kind, d->rule,
		    fmt(d->from, f), fmt(d->until, u), (long long)d->amount,
		    d->scope_person, d->employer_id ? d->employer_id : "-",
		    causes(d, e, c, sizeof c));
		ck_assert_uint_lt(len, size);
	}
}

/* A copy of the bundled parameter file with `extra` rows appended. */
static char *
params_with(const char *extra, const char *drop)
{
	char *path = tmp_path("params.tsv");
	FILE *in = fopen("etc/params.tsv", "r");
	FILE *out = fopen(path, "w");
	char line[1024];

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	while (fgets(line, sizeof line, in) != NULL)
		if (drop == NULL || strncmp(line, drop, strlen(drop)) != 0)
			fputs(line, out);
	fputs(extra, out);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
	return path;
}

/* ------------------------------------------------------------- spans */

START_TEST(test_span_end)
{
	/*
	 * The last day is the day before the anniversary; a missing
	 * anniversary day is replaced by the 1st of the next month, which is
	 * not date_add_months()'s clamping (2026-01-30 + 1 month clamps to
	 * 2026-02-28, whose day before would be the 27th).
	 */
	static const struct {
		const char *from;
		int months;
		const char *until;
	} t[] = {
		{ "2026-01-31", 1, "2026-02-28" },
		{ "2026-01-30", 1, "2026-02-28" },
		{ "2026-03-31", 1, "2026-04-30" },
		{ "2024-01-31", 1, "2024-02-29" },
		{ "2024-01-29", 1, "2024-02-28" },
		{ "2026-12-15", 1, "2027-01-14" },
		{ "2026-01-01", 12, "2026-12-31" },
		{ "2026-11-20", 12, "2027-11-19" },
		{ "2028-02-29", 12, "2029-02-28" },
		{ "2027-03-01", 12, "2028-02-29" },
		{ "2026-04-15", 6, "2026-10-14" },
		{ "2026-08-31", 6, "2027-02-28" },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		char b[11];

		ck_assert_msg(strcmp(fmt(sanction_span_end(day(t[i].from),
		    t[i].months), b), t[i].until) == 0,
		    "%s + %d months: %s, not %s", t[i].from, t[i].months, b,
		    t[i].until);
	}
}
END_TEST

/* ---------------------------------------------- regular: suspension */

START_TEST(test_three_refusals_suspend)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	e[0] = refusal("R1", "2026-02-01", NULL, "job", 0);
	e[1] = refusal("R2", "2026-03-05", "2026-03-07", "job", 0);
	e[2] = refusal("R3", "2026-04-10", "2026-04-14", "course", 0);

	/* Two refusals outside any referral decide nothing at all. */
	decide(e, 2, &ctx_regular, "2026-06-01", &out);
	ck_assert_uint_eq(out.n, 0);

	/* The third suspends from the day it was reported, for a year. */
	decide(e, 3, &ctx_regular, "2026-06-01", &out);
	ck_assert_uint_eq(out.n, 1);
	d = &out.d[0];
	ck_assert_int_eq(d->kind, SD_SUSPENSION);
	ck_assert_str_eq(d->rule, "THIRD_UNJUSTIFIED_REFUSAL");
	ck_day(d->from, "2026-04-14");
	ck_day(d->until, "2027-04-13");
	ck_assert_int_eq(d->amount, 0);
	ck_assert_int_eq(d->scope_person, 0);	/* sanction_scope_person 0 */
	ck_assert_uint_eq(d->nev, 3);
	ck_causes(d, e, "R1 R2 R3");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_justified_refusals_not_counted)
{
	struct sdecisions out = { 0 };
	struct sevent e[5];
	const struct sdecision *d;

	e[0] = refusal("R1", "2026-02-01", NULL, "job", 0);
	e[1] = refusal("R2", "2026-02-10", NULL, "job", 1);	/* justified */
	e[2] = refusal("R3", "2026-03-01", NULL, "job", 0);
	e[3] = refusal("R4", "2026-03-10", NULL, "job", -1);	/* not assessed */
	e[4] = refusal("R5", "2026-04-01", NULL, "job", 0);

	/* Four refusals, but only two count. */
	decide(e, 4, &ctx_regular, "2026-06-01", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 0);

	decide(e, 5, &ctx_regular, "2026-06-01", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 1);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 0);
	ck_day(d->from, "2026-04-01");
	ck_day(d->until, "2027-03-31");
	ck_causes(d, e, "R1 R3 R5");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_suspension_span_year_and_leap)
{
	/* The third refusal's day, then the suspension's last day. */
	static const struct {
		const char *r[3];
		const char *until;
	} t[] = {
		{ { "2026-10-01", "2026-11-02", "2026-11-20" }, "2027-11-19" },
		/* 29 February 2029 does not exist: 1 March stands in. */
		{ { "2028-01-10", "2028-02-01", "2028-02-29" }, "2029-02-28" },
		/* The year ends on 2028's leap day. */
		{ { "2027-01-10", "2027-02-01", "2027-03-01" }, "2028-02-29" },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		struct sdecisions out = { 0 };
		struct sevent e[3];
		const struct sdecision *d;

		e[0] = refusal("R1", t[i].r[0], NULL, "job", 0);
		e[1] = refusal("R2", t[i].r[1], NULL, "job", 0);
		e[2] = refusal("R3", t[i].r[2], NULL, "job", 0);
		decide(e, 3, &ctx_regular, t[i].r[2], &out);
		d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 0);
		ck_day(d->from, t[i].r[2]);
		ck_day(d->until, t[i].until);
		sdecisions_release(&out);
	}
}
END_TEST

/* ------------------------------------------------------ late events */

START_TEST(test_reported_after_as_of_ignored)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	e[0] = refusal("R1", "2026-02-01", NULL, "job", 0);
	e[1] = refusal("R2", "2026-03-01", NULL, "job", 0);
	e[2] = refusal("R3", "2026-05-01", "2026-05-20", "job", 0);

	/* The third refusal happened, but is not known yet. */
	decide(e, 3, &ctx_regular, "2026-05-19", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 0);

	/* out is cleared by every call, not appended to. */
	decide(e, 3, &ctx_regular, "2026-05-20", &out);
	ck_assert_uint_eq(out.n, 1);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 0);
	ck_day(d->from, "2026-05-20");
	ck_day(d->until, "2027-05-19");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_reported_before_event_day)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	/* A reported day earlier than the event day counts as the event day. */
	e[0] = refusal("R1", "2026-02-01", NULL, "job", 0);
	e[1] = refusal("R2", "2026-03-01", NULL, "job", 0);
	e[2] = refusal("R3", "2026-05-01", "2026-04-25", "job", 0);

	decide(e, 3, &ctx_regular, "2026-04-30", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 0);
	decide(e, 3, &ctx_regular, "2026-05-01", &out);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 0);
	ck_day(d->from, "2026-05-01");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_late_report_rewrites_history)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	/*
	 * R1 happened first but was reported last.  Until it is known only
	 * two refusals count; once known, events are taken by event day, so
	 * the refusal that brings the count to three is R3, and the
	 * suspension runs from R3's reported day.
	 */
	e[0] = refusal("R1", "2026-02-01", "2026-06-10", "job", 0);
	e[1] = refusal("R2", "2026-03-01", NULL, "job", 0);
	e[2] = refusal("R3", "2026-04-01", NULL, "job", 0);

	decide(e, 3, &ctx_regular, "2026-06-09", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 0);
	decide(e, 3, &ctx_regular, "2026-06-10", &out);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 0);
	ck_day(d->from, "2026-04-01");
	ck_day(d->until, "2027-03-31");
	ck_causes(d, e, "R1 R2 R3");
	sdecisions_release(&out);
}
END_TEST

/*
 * A person with a bit of everything: referrals, an aid, placements,
 * flags, three refusals and a lift, insurance suspended and resumed.
 * Two referrals on one day make two windows that tie on from day and
 * kind, so that the order between them must not follow the order given.
 */
static size_t
busy_person(struct sevent *e)
{
	size_t n = 0;

	e[n++] = ev("A0", "referral", "2026-01-05", NULL, "course", -1, "K2", NULL);
	e[n++] = ev("A1", "referral", "2026-01-05", NULL, "job", -1, "K1", NULL);
	e[n++] = plain("A2", "interview", "2026-01-12", "K1", NULL);
	e[n++] = plain("A3", "placement", "2026-01-20", "K1", "E1");
	e[n++] = plain("A4", "left_job", "2026-03-01", NULL, NULL);
	e[n++] = refusal("A5", "2026-03-10", NULL, "job", 0);
	e[n++] = refusal("A6", "2026-03-20", "2026-03-25", "course", 0);
	e[n++] = ev("A7", "refusal", "2026-04-02", NULL, "job", 0, "K1", NULL);
	e[n++] = refusal("A8", "2026-04-02", NULL, "job", 1);
	e[n++] = plain("A9", "complied", "2026-04-20", NULL, NULL);
	e[n++] = plain("B0", "placement", "2026-06-01", NULL, "E2");
	e[n++] = refusal("B1", "2026-07-01", "2026-09-01", "job", 0);
	e[n++] = plain("B2", "no_reply", "2026-08-01", NULL, NULL);
	return n;
}

static const struct sctx ctx_both = { 1, 1, SDAY_NONE };

START_TEST(test_any_order_same_decisions)
{
	struct sevent e[16], p[16];
	struct sdecisions out = { 0 };
	static char want[16384], got[16384];
	size_t n = busy_person(e), i, k;

	decide(e, n, &ctx_both, "2027-06-01", &out);
	/* The set is worth shuffling: it decides something of every part. */
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 1);
	ck_assert_uint_eq(count(&out, SD_LIFT, NULL), 1);
	ck_assert_uint_ge(count(&out, SD_WINDOW, NULL), 3);
	ck_assert_uint_ge(out.n, 10);
	render(&out, e, want, sizeof want);

	/* Reversed, and every rotation. */
	for (k = 0; k <= n; k++) {
		for (i = 0; i < n; i++)
			p[i] = k == n ? e[n - 1 - i] : e[(i + k) % n];
		decide(p, n, &ctx_both, "2027-06-01", &out);
		render(&out, p, got, sizeof got);
		ck_assert_msg(strcmp(got, want) == 0,
		    "order %zu:\n%s\nnot\n%s", k, got, want);
	}
	/* The odd places, then the even ones reversed. */
	for (k = 0, i = 1; i < n; i += 2)
		p[k++] = e[i];
	for (i = (n - 1) & ~(size_t)1; k < n; i -= 2)
		p[k++] = e[i];
	decide(p, n, &ctx_both, "2027-06-01", &out);
	render(&out, p, got, sizeof got);
	ck_assert_str_eq(got, want);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_twice_same_decisions)
{
	struct sevent e[16], copy[16];
	struct sdecisions a = { 0 }, b = { 0 };
	static char ra[16384], rb[16384];
	size_t n = busy_person(e);

	memcpy(copy, e, sizeof e);
	decide(e, n, &ctx_both, "2027-06-01", &a);
	decide(e, n, &ctx_both, "2027-06-01", &b);
	/* The events are not changed, not even reordered. */
	ck_assert(memcmp(copy, e, sizeof e) == 0);
	ck_assert_uint_eq(a.n, b.n);
	render(&a, e, ra, sizeof ra);
	render(&b, e, rb, sizeof rb);
	ck_assert_str_eq(ra, rb);
	sdecisions_release(&a);
	sdecisions_release(&b);
}
END_TEST

/* ------------------------------------------------------- lift, rounds */

START_TEST(test_lift_after_suspension)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	e[0] = refusal("R1", "2026-01-10", NULL, "job", 0);
	e[1] = refusal("R2", "2026-02-10", NULL, "job", 0);
	e[2] = refusal("R3", "2026-03-10", NULL, "job", 0);

	/* On the suspension's last day it is still in force. */
	decide(e, 3, &ctx_regular, "2027-03-09", &out);
	d = must(&out, SD_SUSPENSION, NULL, 0);
	ck_day(d->until, "2027-03-09");
	ck_assert_uint_eq(count(&out, SD_LIFT, NULL), 0);

	decide(e, 3, &ctx_regular, "2027-03-10", &out);
	ck_assert_uint_eq(count(&out, SD_LIFT, NULL), 1);
	d = must(&out, SD_LIFT, "SUSPENSION_OVER", 0);
	ck_day(d->from, "2027-03-10");
	ck_assert_uint_eq(d->nev, 3);
	ck_causes(d, e, "R1 R2 R3");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_second_round)
{
	struct sdecisions out = { 0 };
	struct sevent e[9];
	const struct sdecision *d;

	/* Suspended 2026-03-10 .. 2027-03-09, lifted on 2027-03-10. */
	e[0] = refusal("R1", "2026-01-10", NULL, "job", 0);
	e[1] = refusal("R2", "2026-02-10", NULL, "job", 0);
	e[2] = refusal("R3", "2026-03-10", NULL, "job", 0);
	/* Reported while it is in force, the last on its last day. */
	e[3] = refusal("D1", "2026-05-01", NULL, "job", 0);
	e[4] = refusal("D2", "2026-12-01", NULL, "job", 0);
	e[5] = refusal("D3", "2027-03-09", NULL, "job", 0);
	/* After: the first on the lift's day. */
	e[6] = refusal("S1", "2027-03-10", NULL, "job", 0);
	e[7] = refusal("S2", "2027-04-01", NULL, "job", 0);
	e[8] = refusal("S3", "2027-05-01", NULL, "job", 0);

	/* Two after the lift are not three, whatever came during it. */
	decide(e, 8, &ctx_regular, "2027-07-01", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 1);
	ck_assert_uint_eq(count(&out, SD_LIFT, NULL), 1);

	decide(e, 9, &ctx_regular, "2027-07-01", &out);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 2);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 1);
	ck_day(d->from, "2027-05-01");
	ck_day(d->until, "2028-04-30");
	ck_causes(d, e, "S1 S2 S3");
	/* The second is not over yet. */
	ck_assert_uint_eq(count(&out, SD_LIFT, NULL), 1);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_refusal_reported_before_suspension_counts)
{
	struct sdecisions out = { 0 };
	struct sevent e[6];
	const struct sdecision *d;

	/*
	 * R3 happened before R4 but was reported after it: R3 brings the
	 * count to three, and the suspension runs 2026-03-20 .. 2027-03-19.
	 * R4, taken next, starts the new count: it was reported on 03-06,
	 * before the suspension was in force, so it counts, and with two
	 * refusals after the lift makes a second suspension.
	 */
	e[0] = refusal("R1", "2026-01-10", NULL, "job", 0);
	e[1] = refusal("R2", "2026-02-10", NULL, "job", 0);
	e[2] = refusal("R3", "2026-03-01", "2026-03-20", "job", 0);
	e[3] = refusal("R4", "2026-03-05", "2026-03-06", "job", 0);
	e[4] = refusal("R5", "2027-03-25", NULL, "job", 0);
	e[5] = refusal("R6", "2027-05-01", NULL, "job", 0);
	decide(e, 6, &ctx_regular, "2027-06-01", &out);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 0);
	ck_day(d->from, "2026-03-20");
	ck_causes(d, e, "R1 R2 R3");
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 2);
	d = must(&out, SD_SUSPENSION, "THIRD_UNJUSTIFIED_REFUSAL", 1);
	ck_day(d->from, "2027-05-01");
	ck_causes(d, e, "R4 R5 R6");
	sdecisions_release(&out);
}
END_TEST

/* The events of test_not_regular: refusals and a whole referral. */
static size_t
refusals_and_placement(struct sevent *e)
{
	size_t n = 0;

	e[n++] = refusal("R1", "2026-01-10", NULL, "job", 0);
	e[n++] = refusal("R2", "2026-02-10", NULL, "job", 0);
	e[n++] = refusal("R3", "2026-02-20", NULL, "job", 0);
	e[n++] = ev("P1", "referral", "2026-03-01", NULL, "job", -1, "K1", NULL);
	e[n++] = plain("P2", "interview", "2026-03-11", "K1", NULL);
	e[n++] = plain("P3", "placement", "2026-03-20", "K1", "E1");
	return n;
}

START_TEST(test_not_regular)
{
	static const enum sdec_kind none[] = {
		SD_SUSPENSION, SD_LIFT, SD_JOB_SEEKING_AID, SD_START_UP,
		SD_EMPLOYER_PREMIUM, SD_CCT_CONTINUED, SD_UI_STOP,
		SD_UI_SUSPENSION, SD_UI_RESUME
	};
	struct sdecisions out = { 0 };
	struct sevent e[8];
	size_t n = refusals_and_placement(e), i;

	/* The same events do decide all of these for regular assistance... */
	decide(e, n, &ctx_regular, "2027-06-01", &out);
	for (i = 0; i < 6; i++)
		ck_assert_msg(count(&out, none[i], NULL) == 1, "kind %d",
		    (int)none[i]);
	/* ... and none of them for a household without it. */
	decide(e, n, &ctx_none, "2027-06-01", &out);
	for (i = 0; i < NELEM(none); i++)
		ck_assert_msg(count(&out, none[i], NULL) == 0, "kind %d",
		    (int)none[i]);
	sdecisions_release(&out);
}
END_TEST

/* ---------------------------------------------- unemployment insurance */

START_TEST(test_ui_job_refusal_stops)
{
	struct sdecisions out = { 0 };
	struct sevent e[5];
	const struct sdecision *d;

	e[0] = refusal("U1", "2026-02-01", "2026-02-03", "job", 0);
	e[1] = plain("U2", "informal_work", "2026-03-01", NULL, NULL);
	e[2] = refusal("U3", "2026-04-01", NULL, "job", 0);
	decide(e, 3, &ctx_ui, "2026-06-01", &out);
	/* Only the first stop; regular assistance is not received. */
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 1);
	ck_assert_uint_eq(count(&out, SD_SUSPENSION, NULL), 0);
	d = must(&out, SD_UI_STOP, "UI_JOB_REFUSED", 0);
	ck_day(d->from, "2026-02-03");
	ck_assert_int_eq(d->until, SDAY_NONE);	/* for good */
	ck_causes(d, e, "U1");

	/* Justified or not assessed: no stop; a course is no job. */
	e[0] = refusal("J1", "2026-02-01", NULL, "job", 1);
	e[1] = refusal("J2", "2026-02-10", NULL, "job", -1);
	e[2] = refusal("J3", "2026-02-20", NULL, "course", 0);
	decide(e, 3, &ctx_ui, "2026-06-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 0);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_ui_informal_work_stops)
{
	struct sdecisions out = { 0 };
	struct sevent e[1];
	const struct sdecision *d;

	e[0] = plain("W1", "informal_work", "2026-03-01", NULL, NULL);
	decide(e, 1, &ctx_ui, "2026-06-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 1);
	d = must(&out, SD_UI_STOP, "UI_INFORMAL_WORK", 0);
	ck_day(d->from, "2026-03-01");
	ck_causes(d, e, "W1");

	/* Without insurance there is nothing to stop. */
	decide(e, 1, &ctx_none, "2026-06-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 0);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_ui_pension_stops)
{
	struct sdecisions out = { 0 };
	struct sctx ctx = { 0, 1, SDAY_NONE };
	struct sevent e[2];
	const struct sdecision *d;

	ctx.pension = day("2026-06-01");
	e[0] = plain("G1", "registration", "2026-01-10", NULL, NULL);

	/* Not before the pension's first day is reached. */
	decide(e, 1, &ctx, "2026-05-31", &out);
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 0);
	decide(e, 1, &ctx, "2026-07-01", &out);
	d = must(&out, SD_UI_STOP, "UI_PENSION", 0);
	ck_day(d->from, "2026-06-01");

	/* A refusal after the pension: still the one stop, the pension's. */
	e[1] = refusal("U1", "2026-07-01", NULL, "job", 0);
	decide(e, 2, &ctx, "2026-08-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 1);
	must(&out, SD_UI_STOP, "UI_PENSION", 0);

	/* A refusal before it stops first. */
	e[1] = refusal("U1", "2026-05-01", NULL, "job", 0);
	decide(e, 2, &ctx, "2026-08-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 1);
	d = must(&out, SD_UI_STOP, "UI_JOB_REFUSED", 0);
	ck_day(d->from, "2026-05-01");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_ui_suspension_and_resume)
{
	struct sdecisions out = { 0 };
	struct sevent e[2];
	const struct sdecision *d;

	e[0] = refusal("C1", "2026-02-01", NULL, "course", 0);
	e[1] = plain("C2", "complied", "2026-03-15", NULL, NULL);

	/* Open-ended until the person complies. */
	decide(e, 1, &ctx_ui, "2026-03-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_SUSPENSION, NULL), 1);
	d = must(&out, SD_UI_SUSPENSION, "UI_COURSE_REFUSED", 0);
	ck_day(d->from, "2026-02-01");
	ck_assert_int_eq(d->until, SDAY_NONE);
	ck_causes(d, e, "C1");
	ck_assert_uint_eq(count(&out, SD_UI_STOP, NULL), 0);
	ck_assert_uint_eq(count(&out, SD_UI_RESUME, NULL), 0);

	/* Complying ends it the day before and resumes on the day. */
	decide(e, 2, &ctx_ui, "2026-04-01", &out);
	d = must(&out, SD_UI_SUSPENSION, "UI_COURSE_REFUSED", 0);
	ck_day(d->from, "2026-02-01");
	ck_day(d->until, "2026-03-14");
	ck_assert_uint_eq(count(&out, SD_UI_RESUME, NULL), 1);
	d = must(&out, SD_UI_RESUME, "UI_COMPLIED", 0);
	ck_day(d->from, "2026-03-15");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_ui_suspension_causes)
{
	/* Each cause of suspension alone, and the rule it is decided by. */
	static const struct {
		const char *type, *offer;
		int justified;
		const char *rule;	/* NULL: no suspension */
	} t[] = {
		{ "refusal", "course", 0, "UI_COURSE_REFUSED" },
		{ "refusal", "programme", 0, "UI_COURSE_REFUSED" },
		{ "refusal", "course", 1, NULL },
		{ "refusal", "programme", -1, NULL },
		{ "training_abandoned", NULL, -1, "UI_TRAINING_ABANDONED" },
		{ "no_reply", NULL, -1, "UI_NO_REPLY" },
		{ "interview", NULL, -1, NULL },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		struct sdecisions out = { 0 };
		struct sevent e[1];
		const struct sdecision *d;

		e[0] = ev("X1", t[i].type, "2026-02-01", "2026-02-05",
		    t[i].offer, t[i].justified, NULL, NULL);
		decide(e, 1, &ctx_ui, "2026-06-01", &out);
		ck_assert_msg(count(&out, SD_UI_SUSPENSION, NULL) ==
		    (t[i].rule != NULL), "case %zu", i);
		if (t[i].rule != NULL) {
			d = must(&out, SD_UI_SUSPENSION, t[i].rule, 0);
			ck_day(d->from, "2026-02-05");	/* the reported day */
		}
		sdecisions_release(&out);
	}
}
END_TEST

START_TEST(test_ui_suspended_causes_not_counted)
{
	struct sdecisions out = { 0 };
	struct sevent e[6];
	const struct sdecision *d;

	/* Complying with nothing suspended resumes nothing. */
	e[0] = plain("T0", "complied", "2026-01-15", NULL, NULL);
	e[1] = plain("T1", "training_abandoned", "2026-02-01", NULL, NULL);
	/* While suspended, further causes are not counted. */
	e[2] = plain("T2", "no_reply", "2026-02-10", NULL, NULL);
	e[3] = refusal("T3", "2026-02-20", NULL, "course", 0);
	e[4] = plain("T4", "complied", "2026-03-15", NULL, NULL);
	/* After the resumption, a cause suspends again. */
	e[5] = plain("T5", "no_reply", "2026-04-01", NULL, NULL);

	decide(e, 6, &ctx_ui, "2026-05-01", &out);
	ck_assert_uint_eq(count(&out, SD_UI_SUSPENSION, NULL), 2);
	ck_assert_uint_eq(count(&out, SD_UI_RESUME, NULL), 1);
	d = must(&out, SD_UI_SUSPENSION, NULL, 0);
	ck_assert_str_eq(d->rule, "UI_TRAINING_ABANDONED");
	ck_day(d->from, "2026-02-01");
	ck_day(d->until, "2026-03-14");
	d = must(&out, SD_UI_SUSPENSION, NULL, 1);
	ck_assert_str_eq(d->rule, "UI_NO_REPLY");
	ck_day(d->from, "2026-04-01");
	ck_assert_int_eq(d->until, SDAY_NONE);
	d = must(&out, SD_UI_RESUME, "UI_COMPLIED", 0);
	ck_day(d->from, "2026-03-15");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_ui_stop_ends_suspension)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	e[0] = plain("T1", "training_abandoned", "2026-02-01", NULL, NULL);
	e[1] = refusal("T2", "2026-03-01", NULL, "job", 0);
	e[2] = plain("T3", "complied", "2026-03-15", NULL, NULL);
	decide(e, 3, &ctx_ui, "2026-04-01", &out);
	d = must(&out, SD_UI_STOP, "UI_JOB_REFUSED", 0);
	ck_day(d->from, "2026-03-01");
	/*
	 * The suspension ends the day before the stop, as it would the day
	 * before complying; stopped for good, complying resumes nothing.
	 */
	d = must(&out, SD_UI_SUSPENSION, "UI_TRAINING_ABANDONED", 0);
	ck_day(d->until, "2026-02-28");
	ck_assert_uint_eq(count(&out, SD_UI_RESUME, NULL), 0);
	sdecisions_release(&out);
}
END_TEST

/* -------------------------------------------------------------- pull */

START_TEST(test_job_seeking_aid)
{
	struct sdecisions out = { 0 };
	struct sevent e[3];
	const struct sdecision *d;

	e[0] = ev("P1", "referral", "2026-03-01", NULL, "job", -1, "K1", NULL);
	e[1] = plain("P2", "interview", "2026-03-11", "K1", NULL);
	decide(e, 2, &ctx_regular, "2026-04-01", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 1);
	d = must(&out, SD_JOB_SEEKING_AID, "INTERVIEW_ATTENDED", 0);
	ck_day(d->from, "2026-03-11");
	ck_assert_int_eq(d->amount, 50000);
	ck_assert(caused_by(d, e, "P2"));

	/* Not before the interview is known. */
	decide(e, 2, &ctx_regular, "2026-03-10", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 0);

	/* Once per referral. */
	e[2] = plain("P3", "interview", "2026-03-20", "K1", NULL);
	decide(e, 3, &ctx_regular, "2026-04-01", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 1);

	/* 31 days after the referral is too late. */
	e[1] = plain("P2", "interview", "2026-04-01", "K1", NULL);
	decide(e, 2, &ctx_regular, "2026-05-01", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 0);

	/* An interview under another referral, or none, earns nothing. */
	e[1] = plain("P2", "interview", "2026-03-11", "K9", NULL);
	e[2] = plain("P3", "interview", "2026-03-12", NULL, NULL);
	decide(e, 3, &ctx_regular, "2026-05-01", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 0);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_job_seeking_aid_per_year)
{
	struct sdecisions out = { 0 };
	struct sevent e[10];
	size_t n = 0;

	e[n++] = ev("Y1", "referral", "2026-02-01", NULL, "job", -1, "K1", NULL);
	e[n++] = plain("Y2", "interview", "2026-02-06", "K1", NULL);
	e[n++] = ev("Y3", "referral", "2026-03-01", NULL, "job", -1, "K2", NULL);
	e[n++] = plain("Y4", "interview", "2026-03-06", "K2", NULL);
	e[n++] = ev("Y5", "referral", "2026-04-01", NULL, "job", -1, "K3", NULL);
	e[n++] = plain("Y6", "interview", "2026-04-06", "K3", NULL);
	e[n++] = ev("Y7", "referral", "2026-05-01", NULL, "job", -1, "K4", NULL);
	e[n++] = plain("Y8", "interview", "2026-05-06", "K4", NULL);

	/* Three in 2026; the fourth is refused. */
	decide(e, n, &ctx_regular, "2027-02-01", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 3);
	ck_day(must(&out, SD_JOB_SEEKING_AID, NULL, 2)->from, "2026-04-06");

	/* A new calendar year, a new allowance. */
	e[n++] = ev("Y9", "referral", "2027-01-05", NULL, "job", -1, "K5", NULL);
	e[n++] = plain("Z0", "interview", "2027-01-10", "K5", NULL);
	decide(e, n, &ctx_regular, "2027-02-01", &out);
	ck_assert_uint_eq(count(&out, SD_JOB_SEEKING_AID, NULL), 4);
	ck_day(must(&out, SD_JOB_SEEKING_AID, NULL, 3)->from, "2027-01-10");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_start_up_and_placements)
{
	struct sdecisions out = { 0 };
	struct sevent e[2];
	const struct sdecision *d;

	e[0] = plain("L1", "placement", "2026-04-15", NULL, "E1");
	e[1] = plain("L2", "placement", "2026-11-02", NULL, "E2");

	/* 33030.00 / 3 = 11010.00, paid by 59 days after. */
	decide(e, 1, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_START_UP, NULL), 1);
	d = must(&out, SD_START_UP, "FIRST_PLACEMENT", 0);
	ck_day(d->from, "2026-04-15");
	ck_day(d->until, "2026-06-13");
	ck_assert_int_eq(d->amount, 1101000);
	ck_causes(d, e, "L1");
	d = must(&out, SD_EMPLOYER_PREMIUM, "PLACEMENT", 0);
	ck_day(d->from, "2026-04-15");
	ck_day(d->until, "2026-10-14");
	ck_assert_ptr_nonnull(d->employer_id);
	ck_assert_str_eq(d->employer_id, "E1");
	d = must(&out, SD_CCT_CONTINUED, "PLACEMENT", 0);
	ck_day(d->from, "2026-04-15");
	ck_day(d->until, "2027-04-14");

	/* A second placement: no second start-up, the rest again. */
	decide(e, 2, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_START_UP, NULL), 1);
	ck_causes(must(&out, SD_START_UP, NULL, 0), e, "L1");
	ck_assert_uint_eq(count(&out, SD_EMPLOYER_PREMIUM, NULL), 2);
	d = must(&out, SD_EMPLOYER_PREMIUM, "PLACEMENT", 1);
	ck_day(d->from, "2026-11-02");
	ck_day(d->until, "2027-05-01");
	ck_assert_ptr_nonnull(d->employer_id);
	ck_assert_str_eq(d->employer_id, "E2");
	ck_assert(caused_by(d, e, "L2"));
	ck_assert_uint_eq(count(&out, SD_CCT_CONTINUED, NULL), 2);
	d = must(&out, SD_CCT_CONTINUED, "PLACEMENT", 1);
	ck_day(d->from, "2026-11-02");
	ck_day(d->until, "2027-11-01");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_start_up_minimum_wage_in_force)
{
	struct sdecisions out = { 0 };
	struct sevent e[1];
	const struct sdecision *d;

	/* The last day of the 2025 wage: 26005.50 / 3 = 8668.50. */
	e[0] = plain("L1", "placement", "2025-12-31", NULL, "E1");
	decide(e, 1, &ctx_regular, "2026-03-01", &out);
	d = must(&out, SD_START_UP, "FIRST_PLACEMENT", 0);
	ck_assert_int_eq(d->amount, 866850);
	ck_day(d->until, "2026-02-28");

	/* The next day, the 2026 wage. */
	e[0] = plain("L1", "placement", "2026-01-01", NULL, "E1");
	decide(e, 1, &ctx_regular, "2026-03-01", &out);
	d = must(&out, SD_START_UP, "FIRST_PLACEMENT", 0);
	ck_assert_int_eq(d->amount, 1101000);
	ck_day(d->until, "2026-03-01");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_start_up_rounding)
{
	/*
	 * The bundled figures divide evenly; from 2027 this file has 100.01
	 * and a divisor of 2, so 10001 / 2 = 5000.5 kuruş rounds to 5001.
	 */
	char *path = params_with(
	    "min_wage_gross\t100.01\t2027-01-01\tmoney\tfor the test\n"
	    "startup_divisor\t2\t2027-01-01\tcount\tfor the test\n", NULL);
	struct params *own = params_load(path);
	struct sdecisions out = { 0 };
	struct sevent e[1];

	ck_assert_ptr_nonnull(own);
	e[0] = plain("L1", "placement", "2027-02-01", NULL, "E1");
	ck_assert_int_eq(sanction_decide(e, 1, &ctx_regular, own,
	    day("2027-03-01"), &out), 0);
	ck_assert_int_eq(must(&out, SD_START_UP, NULL, 0)->amount, 5001);
	sdecisions_release(&out);
	params_free(own);
	free(path);
}
END_TEST

/* -------------------------------------------------------- monitoring */

START_TEST(test_windows)
{
	struct sdecisions out = { 0 };
	struct sevent e[2];
	const struct sdecision *d;

	e[0] = ev("M1", "referral", "2026-03-01", NULL, "job", -1, "K1", NULL);
	e[1] = plain("M2", "placement", "2026-04-15", "K1", "E1");
	decide(e, 2, &ctx_regular, "2026-05-01", &out);
	ck_assert_uint_eq(count(&out, SD_WINDOW, NULL), 2);
	/* 180 days from the day, that day the first. */
	d = must(&out, SD_WINDOW, "REFERRAL_WINDOW", 0);
	ck_day(d->from, "2026-03-01");
	ck_day(d->until, "2026-08-27");
	ck_causes(d, e, "M1");
	d = must(&out, SD_WINDOW, "PLACEMENT_WINDOW", 0);
	ck_day(d->from, "2026-04-15");
	ck_day(d->until, "2026-10-11");
	ck_causes(d, e, "M2");
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_placement_ended_early)
{
	/* Days after the placement on 2026-04-15; its window ends +179. */
	static const struct {
		const char *left;
		int flag;
	} t[] = {
		{ "2026-07-24", 1 },	/* +100 */
		{ "2026-10-11", 1 },	/* +179, the window's last day */
		{ "2026-10-12", 0 },	/* +180 */
		{ "2026-11-01", 0 },	/* +200 */
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		struct sdecisions out = { 0 };
		struct sevent e[2];
		const struct sdecision *d;

		e[0] = plain("M1", "placement", "2026-04-15", NULL, "E1");
		e[1] = plain("M2", "left_job", t[i].left, NULL, NULL);
		decide(e, 2, &ctx_regular, "2026-12-31", &out);
		ck_assert_msg(count(&out, SD_FLAG, "PLACEMENT_ENDED_EARLY") ==
		    (size_t)t[i].flag, "left %s", t[i].left);
		if (t[i].flag) {
			d = must(&out, SD_FLAG, "PLACEMENT_ENDED_EARLY", 0);
			ck_day(d->from, t[i].left);
			ck_assert(caused_by(d, e, "M2"));
		}
		sdecisions_release(&out);
	}
}
END_TEST

START_TEST(test_left_job_without_placement)
{
	struct sdecisions out = { 0 };
	struct sevent e[1];

	e[0] = plain("M1", "left_job", "2026-04-15", NULL, NULL);
	decide(e, 1, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, NULL), 0);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_refusal_after_acceptance)
{
	/* Under referral K1 of 2026-03-01: what came, then a refusal. */
	static const struct {
		const char *type, *referral, *refused;
		int justified, flag;
	} t[] = {
		{ "interview", "K1", "2026-03-20", 0, 1 },
		{ "placement", "K1", "2026-03-20", 1, 1 },
		{ "interview", "K2", "2026-03-20", 0, 0 },	/* another */
		{ "interview", "K1", "2026-03-04", 0, 0 },	/* before it */
		{ "registration", NULL, "2026-03-20", 0, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		struct sdecisions out = { 0 };
		struct sevent e[3];
		const struct sdecision *d;

		e[0] = ev("M1", "referral", "2026-03-01", NULL, "job", -1,
		    "K1", NULL);
		e[1] = plain("M2", t[i].type, "2026-03-05", t[i].referral,
		    "E1");
		e[2] = ev("M3", "refusal", t[i].refused, NULL, "job",
		    t[i].justified, "K1", NULL);
		decide(e, 3, &ctx_regular, "2026-06-01", &out);
		ck_assert_msg(count(&out, SD_FLAG, "REFUSAL_AFTER_ACCEPTANCE") ==
		    (size_t)t[i].flag, "case %zu", i);
		if (t[i].flag) {
			d = must(&out, SD_FLAG, "REFUSAL_AFTER_ACCEPTANCE", 0);
			ck_day(d->from, t[i].refused);
			ck_assert(caused_by(d, e, "M3"));
		}
		sdecisions_release(&out);
	}
}
END_TEST

START_TEST(test_no_event_in_window)
{
	struct sdecisions out = { 0 };
	struct sevent e[2];
	const struct sdecision *d;

	/* The window is 2026-03-01 .. 2026-08-27. */
	e[0] = ev("M1", "referral", "2026-03-01", NULL, "job", -1, "K1", NULL);
	decide(e, 1, &ctx_regular, "2026-08-27", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, NULL), 0);
	decide(e, 1, &ctx_regular, "2026-08-28", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, NULL), 1);
	d = must(&out, SD_FLAG, "NO_EVENT_IN_WINDOW", 0);
	ck_day(d->from, "2026-08-28");
	ck_causes(d, e, "M1");

	/* Any other event inside, even on the last day, clears it... */
	e[1] = plain("M2", "registration", "2026-08-27", NULL, NULL);
	decide(e, 2, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, "NO_EVENT_IN_WINDOW"), 0);

	/* ... but not one after it. */
	e[1] = plain("M2", "registration", "2026-08-28", NULL, NULL);
	decide(e, 2, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, "NO_EVENT_IN_WINDOW"), 1);
	sdecisions_release(&out);
}
END_TEST

START_TEST(test_no_event_same_day)
{
	struct sdecisions out = { 0 };
	struct sevent e[2];

	/*
	 * An event on the referral's own day falls in its window, whether
	 * it is taken before the referral (record id M0) or after it (M2).
	 */
	e[0] = ev("M1", "referral", "2026-03-01", NULL, "job", -1, "K1", NULL);
	e[1] = plain("M2", "registration", "2026-03-01", NULL, NULL);
	decide(e, 2, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, "NO_EVENT_IN_WINDOW"), 0);
	e[1] = plain("M0", "registration", "2026-03-01", NULL, NULL);
	decide(e, 2, &ctx_regular, "2026-12-31", &out);
	ck_assert_uint_eq(count(&out, SD_FLAG, "NO_EVENT_IN_WINDOW"), 0);
	sdecisions_release(&out);
}
END_TEST

/* -------------------------------------------------------- parameters */

START_TEST(test_check_params)
{
	char *path = params_with("", "sanction_refusals\t");
	struct params *own;
	size_t i;
	int seen = 0;

	/* The list names what the machine reads. */
	for (i = 0; sanction_params[i] != NULL; i++)
		if (strcmp(sanction_params[i], "sanction_refusals") == 0 ||
		    strcmp(sanction_params[i], "min_wage_gross") == 0)
			seen++;
	ck_assert_int_eq(seen, 2);

	ck_assert_int_eq(sanction_check_params(ps, day("2026-06-01")), 0);
	/* No minimum wage is in force before 2024. */
	ck_assert_int_ge(sanction_check_params(ps, day("2023-06-01")), 1);

	own = params_load(path);
	ck_assert_ptr_nonnull(own);
	ck_assert(!params_has(own, "sanction_refusals"));
	ck_assert_int_ge(sanction_check_params(own, day("2026-06-01")), 1);
	params_free(own);
	free(path);
}
END_TEST

START_TEST(test_decide_missing_parameter)
{
	struct sdecisions out = { 0 };
	struct sevent e[1];

	/* A first placement in 2023 needs a minimum wage none gives. */
	e[0] = plain("L1", "placement", "2023-06-01", NULL, "E1");
	ck_assert_int_eq(sanction_decide(e, 1, &ctx_regular, ps,
	    day("2023-09-01"), &out), -1);
	sdecisions_release(&out);
}
END_TEST

/* ------------------------------------------------------------- names */

START_TEST(test_names)
{
	static const struct {
		enum sdec_kind k;
		const char *programme;
	} prog[] = {
		{ SD_SUSPENSION, "regular" },
		{ SD_LIFT, "regular" },
		{ SD_UI_STOP, "unemployment" },
		{ SD_UI_SUSPENSION, "unemployment" },
		{ SD_UI_RESUME, "unemployment" },
		{ SD_JOB_SEEKING_AID, "job-seeking-aid" },
		{ SD_START_UP, "start-up-payment" },
		{ SD_EMPLOYER_PREMIUM, "employer-premium" },
		{ SD_CCT_CONTINUED, "cct" },
		{ SD_WINDOW, "" },
		{ SD_FLAG, "" },
	};
	size_t i, j;

	/* The iskur kind's spellings, both ways. */
	for (i = 0; i < NELEM(types); i++) {
		ck_assert_str_eq(sev_name(types[i].type), types[i].name);
		ck_assert_int_eq(sev_parse(types[i].name), (int)types[i].type);
	}
	ck_assert_int_eq(sev_parse("nosuch"), -1);
	ck_assert_int_eq(sev_parse(""), -1);
	ck_assert_int_eq(sev_parse("Referral"), -1);

	ck_assert_int_eq(soffer_parse("job"), SOFFER_JOB);
	ck_assert_int_eq(soffer_parse("course"), SOFFER_COURSE);
	ck_assert_int_eq(soffer_parse("programme"), SOFFER_PROGRAMME);
	ck_assert_int_eq(soffer_parse(""), SOFFER_NONE);
	ck_assert_int_eq(soffer_parse(NULL), SOFFER_NONE);
	ck_assert_int_eq(soffer_parse("program"), -1);

	/*
	 * Every kind has its programme, and a name that tells it from the
	 * other kinds of the same programme: the store keeps the two
	 * together, so a name alone may serve two programmes ("suspension").
	 */
	ck_assert_str_eq(sdec_name(SD_SUSPENSION), "suspension");
	for (i = 0; i < NELEM(prog); i++) {
		ck_assert_str_eq(sdec_programme(prog[i].k), prog[i].programme);
		ck_assert_ptr_nonnull(sdec_name(prog[i].k));
		ck_assert(sdec_name(prog[i].k)[0] != '\0');
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(sdec_name(prog[i].k),
			    sdec_name(prog[j].k)) != 0 ||
			    strcmp(prog[i].programme, prog[j].programme) != 0,
			    "kinds %d and %d share %s %s", (int)prog[i].k,
			    (int)prog[j].k, sdec_name(prog[i].k),
			    prog[i].programme);
	}
}
END_TEST

static Suite *
make_suite(int forking)
{
	Suite *su = suite_create("sanction");
	TCase *tc = tcase_create("sanction");

	(void)forking;
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_span_end);
	tcase_add_test(tc, test_three_refusals_suspend);
	tcase_add_test(tc, test_justified_refusals_not_counted);
	tcase_add_test(tc, test_suspension_span_year_and_leap);
	tcase_add_test(tc, test_reported_after_as_of_ignored);
	tcase_add_test(tc, test_reported_before_event_day);
	tcase_add_test(tc, test_late_report_rewrites_history);
	tcase_add_test(tc, test_any_order_same_decisions);
	tcase_add_test(tc, test_twice_same_decisions);
	tcase_add_test(tc, test_lift_after_suspension);
	tcase_add_test(tc, test_second_round);
	tcase_add_test(tc, test_refusal_reported_before_suspension_counts);
	tcase_add_test(tc, test_not_regular);
	tcase_add_test(tc, test_ui_job_refusal_stops);
	tcase_add_test(tc, test_ui_informal_work_stops);
	tcase_add_test(tc, test_ui_pension_stops);
	tcase_add_test(tc, test_ui_suspension_and_resume);
	tcase_add_test(tc, test_ui_suspension_causes);
	tcase_add_test(tc, test_ui_suspended_causes_not_counted);
	tcase_add_test(tc, test_ui_stop_ends_suspension);
	tcase_add_test(tc, test_job_seeking_aid);
	tcase_add_test(tc, test_job_seeking_aid_per_year);
	tcase_add_test(tc, test_start_up_and_placements);
	tcase_add_test(tc, test_start_up_minimum_wage_in_force);
	tcase_add_test(tc, test_start_up_rounding);
	tcase_add_test(tc, test_windows);
	tcase_add_test(tc, test_placement_ended_early);
	tcase_add_test(tc, test_left_job_without_placement);
	tcase_add_test(tc, test_refusal_after_acceptance);
	tcase_add_test(tc, test_no_event_in_window);
	tcase_add_test(tc, test_no_event_same_day);
	tcase_add_test(tc, test_check_params);
	tcase_add_test(tc, test_decide_missing_parameter);
	tcase_add_test(tc, test_names);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_main("check_sanction", make_suite);
}
