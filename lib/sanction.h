/*
 * sanction.h - the employment link: what a person's employment-service
 * events decide (REFERENCE §4.2-4.3).  A pure function of the events, what
 * the store says of the person (the context), the dated parameters and the
 * as-of day: no clock, no store.  isas-sanction runs it for every person
 * with events and keeps what changed; the same events in any order, or
 * twice, decide the same.
 *
 * Processing.  Events reported after the as-of day are not known yet and
 * are ignored.  The rest are taken in the order of their event day, then
 * their reported day, then their record id.  An event's reported day is
 * its event day when empty or earlier.
 *
 * Push (regular assistance).  While the household receives regular
 * assistance (ctx.regular), each refusal with justified = 0 counts; a
 * justified refusal (1) never counts, nor one not yet assessed (-1).  The
 * refusal that brings the count to sanction_refusals suspends the
 * household's regular assistance from the day it was reported until the
 * day before its anniversary sanction_suspension_months later (the 1st of
 * March when the anniversary is a 29 February that does not exist); the
 * count starts again at 0.  Refusals reported while a suspension is in
 * force are not counted.  When the day after the suspension is on or
 * before the as-of day, a lift is decided on that day.  The suspension's
 * scope is sanction_scope_person (0: the household's whole regular
 * payment; 1: only the person's share).
 *
 * Push (unemployment insurance, ctx.ui).  Stopped for good (SD_UI_STOP)
 * from the reported day of an unjustified (0) refusal of a job offer, or of
 * detected informal work, or from the first day of a pension
 * (ctx.pension); only the first stop is decided.  Suspended (SD_UI_SUSPENSION,
 * open-ended) from the reported day of abandoned training, no reply to a
 * call, or an unjustified refusal of a course or programme; the next
 * "complied" event ends the suspension the day before it and decides a
 * resumption (SD_UI_RESUME) on its day.  While suspended, further causes
 * of suspension are not counted; a stop ends a suspension.
 *
 * Pull (ctx.regular).  Job-seeking aid (job_seeking_aid, money) for an
 * interview within job_seeking_aid_days of the referral with the same
 * referral id, once per referral, at most job_seeking_aid_per_year in a
 * calendar year.  For the person's first placement only, the start-up
 * payment: min_wage_gross in force on the placement day divided by
 * startup_divisor (kuruş, half away from zero), to be paid by
 * startup_pay_days - 1 days after (the decision's until).  For every
 * placement: the employer's premium support for employer_premium_months
 * (from the placement day, until the day before the anniversary), and
 * the household's conditional transfers continued for cct_continue_months
 * the same way.
 *
 * Monitoring.  Every referral and every placement opens a window
 * (SD_WINDOW) of monitor_days days from its day.  Flags: a left_job within
 * a placement's window (PLACEMENT_ENDED_EARLY, on the left_job day); a
 * refusal under a referral id after an interview or placement under the
 * same id (REFUSAL_AFTER_ACCEPTANCE, on the refusal's day); a referral
 * window in which no other event of the person falls
 * (NO_EVENT_IN_WINDOW, on the day after the window, once that day is on
 * or before the as-of day).
 *
 * Every decision names the rule that made it and the events that caused
 * it.  Decisions come out in order of their from day, then kind, then
 * their first causing event.  Decisions whose day is after the as-of day
 * are not decided yet and are left out.
 */
#ifndef ISAS_SANCTION_H
#define ISAS_SANCTION_H

#include <stddef.h>
#include <stdint.h>

#include "params.h"

/* No day: an open end, an absent date. */
#define SDAY_NONE INT32_MIN

enum sev_type {
	SEV_REGISTRATION, SEV_REFERRAL, SEV_INTERVIEW, SEV_PLACEMENT,
	SEV_REFUSAL, SEV_LEFT_JOB, SEV_TRAINING_ABANDONED, SEV_NO_REPLY,
	SEV_COMPLIED, SEV_INFORMAL_WORK
};

enum soffer { SOFFER_NONE, SOFFER_JOB, SOFFER_COURSE, SOFFER_PROGRAMME };

/* The name of an event type as the iskur kind spells it, and back (-1
 * when unknown). */
const char *sev_name(enum sev_type t);
int sev_parse(const char *s);
int soffer_parse(const char *s);	/* "" or NULL: SOFFER_NONE; -1 */

struct sevent {
	const char *record_id;	/* the employment service's event id */
	enum sev_type type;
	int32_t day;		/* the event day */
	int32_t reported;	/* the reported day, or SDAY_NONE */
	enum soffer offer;
	int justified;		/* 1, 0, or -1 when not assessed */
	const char *referral_id;	/* or NULL */
	const char *employer_id;	/* or NULL */
};

/* What the store says of the person. */
struct sctx {
	int regular;		/* the household receives regular assistance */
	int ui;			/* the person receives unemployment insurance */
	int32_t pension;	/* first day of a pension, or SDAY_NONE */
};

enum sdec_kind {
	SD_SUSPENSION,		/* regular assistance suspended */
	SD_LIFT,		/* a suspension over */
	SD_UI_STOP,		/* unemployment insurance stopped for good */
	SD_UI_SUSPENSION,	/* ... suspended until the person complies */
	SD_UI_RESUME,		/* ... resumed */
	SD_JOB_SEEKING_AID,	/* pull: aid for an attended interview */
	SD_START_UP,		/* pull: the one-time start-up payment */
	SD_EMPLOYER_PREMIUM,	/* pull: the employer's premiums covered */
	SD_CCT_CONTINUED,	/* pull: conditional transfers continued */
	SD_WINDOW,		/* a monitoring window */
	SD_FLAG			/* monitoring: something to look at */
};

/* The kind's name in the store and the decision stream ("suspension"),
 * and the programme it concerns ("regular", "unemployment",
 * "job-seeking-aid", "start-up-payment", "employer-premium", "cct", or
 * "" for windows and flags). */
const char *sdec_name(enum sdec_kind k);
const char *sdec_programme(enum sdec_kind k);

#define SDEC_MAXEV 8

struct sdecision {
	enum sdec_kind kind;
	const char *rule;	/* e.g. THIRD_UNJUSTIFIED_REFUSAL (static) */
	int32_t from;		/* the day it takes effect */
	int32_t until;		/* its last day, or SDAY_NONE: open-ended */
	int64_t amount;		/* kuruş, for payments; 0 otherwise */
	int scope_person;	/* suspensions: only the person's share */
	const char *employer_id;	/* employer premium: from the event */
	size_t ev[SDEC_MAXEV];	/* indexes into the events given */
	size_t nev;
};

struct sdecisions {
	struct sdecision *d;
	size_t n, cap;
};

/*
 * The parameters the machine reads, for messages: every one must be in
 * force on every day it is asked for.  NULL-terminated.
 */
extern const char *const sanction_params[];

/*
 * Checks that ps holds every parameter of sanction_params in force on day;
 * prints "prog: file: no parameter NAME in force on DAY" for each missing
 * one and returns their number.
 */
int sanction_check_params(const struct params *ps, int32_t day);

/*
 * Decides for one person: ev (n events, in any order; not changed),
 * ctx, ps, as_of.  Appends to out (cleared first).  Returns 0, or -1 after
 * a message when a parameter needed on some day is missing.
 */
int sanction_decide(const struct sevent *ev, size_t n, const struct sctx *ctx,
	const struct params *ps, int32_t as_of, struct sdecisions *out);

void sdecisions_release(struct sdecisions *out);

/* The last day of a span of n months from `from`: the day before the
 * anniversary (1 March standing in for a missing 29 February, and the
 * 1st of the next month for any day the month lacks). */
int32_t sanction_span_end(int32_t from, int months);

#endif
