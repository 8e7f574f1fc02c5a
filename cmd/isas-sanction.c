/*
 * isas-sanction - the employment link: loads the employment service's
 * events, decides for each person what they cause (suspensions and their
 * lifts, unemployment-insurance stops, incentives, monitoring windows and
 * flags; lib/sanction.c), keeps what changed with the rule and the events
 * behind it, turns the incentives into entitlements, marks what the
 * sanctions withhold from entitlements, and lists the working-capable
 * members of regular-assistance households for referral.  See
 * isas-sanction(1).
 *
 * Every person with events is decided again from all of their events, so
 * that a late event rewrites the history it belongs to: a decision that no
 * longer follows is revoked (kept, with the run that revoked it), a new one
 * is added, and one that still follows is left as it is.  The same events
 * twice thus change nothing.  One transaction; the commit comes after the
 * decisions are written.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "hview.h"
#include "kinds.h"
#include "load.h"
#include "params.h"
#include "sanction.h"
#include "store.h"
#include "tsv.h"
#include "value.h"
#include "withhold.h"
#include "protect.h"
#include "xalloc.h"

#define PROG "isas-sanction"
#define USAGE "usage: isas-sanction -S STORE [--as-of DATE] " \
	"[--params FILE] [--source NAME] [--referrals FILE] " \
	"[--protect-ids KEYFILE] [EVENTS...]"

#ifndef ISAS_ETCDIR
#define ISAS_ETCDIR "/usr/local/share/isas"
#endif

static void
usage(int status)
{
	if (status) {
		fprintf(stderr, "%s\nTry '%s --help' for more information.\n",
		    USAGE, PROG);
		exit(status);
	}
	printf("%s\n\n"
	    "Load employment-service events and decide what they cause:\n"
	    "suspensions of regular assistance after unjustified refusals,\n"
	    "unemployment-insurance stops, incentives, monitoring flags.\n"
	    "\n"
	    "  -S, --store STORE      the SQLite working store\n"
	    "      --as-of DATE       the day of the run (default: ISAS_AS_OF or today)\n"
	    "      --params FILE      the dated parameters (default:\n"
	    "                         " ISAS_ETCDIR "/params.tsv)\n"
	    "      --source NAME      the source the events are loaded as\n"
	    "                         (default: iskur)\n"
	    "      --referrals FILE   write the working-capable members of\n"
	    "                         regular-assistance households to refer\n"
	    "      --protect-ids KEYFILE  put keyed hashes (HMAC-SHA256) of the\n"
	    "                         national ids in the referral list, not\n"
	    "                         the ids\n"
	    "  -h, --help             show this help and exit\n"
	    "      --version          show the version and exit\n"
	    "\n"
	    "EVENTS are files of the iskur kind (CSV or TSV, gzip or plain; - is\n"
	    "standard input).  With none, the events already in the store decide.\n"
	    "Prints one TSV line per decision made or revoked in this run.\n"
	    "Exit status: 0 done, 1 some rows or files refused, 2 trouble.\n"
	    "See isas-sanction(1) and isas-formats(5).\n", USAGE);
	exit(0);
}

struct run {
	struct store *st;
	const struct params *ps;
	char as_of[11];
	int32_t day;
	struct tsv *out;

	/* One person's events, their strings kept in text. */
	struct sevent *ev;
	size_t nev, evcap;
	struct buf text;
	size_t *off;		/* per event: offsets of its 3 strings */
	size_t offcap;

	sqlite3_stmt *events, *ctx, *stored, *revoke, *insert;
	struct sdecisions dec;
	struct row *row;	/* per decision, as stored */
	size_t nrow, rowcap;

	uint64_t persons, added, revoked, unlinked, failed;
	uint64_t n_kind[SD_FLAG + 1];
};

/*
 * The events of every source of the iskur kind that are not ended, by
 * person.  A record id that two sources share is one event: the first
 * source's row stands.
 */
static void
collect_events(struct run *r)
{
	sqlite3_stmt *st;

	store_exec(r->st, "DROP TABLE IF EXISTS temp.sev;"
	    " CREATE TEMP TABLE sev AS SELECT n.person_id AS person_id,"
	    " e.record_id AS record_id, e.event AS event,"
	    " e.event_date AS event_date, e.reported_date AS reported_date,"
	    " e.offer_type AS offer_type, e.justified AS justified,"
	    " e.referral_id AS referral_id, e.employer_id AS employer_id,"
	    " min(e.source) AS source"
	    " FROM src_iskur e JOIN person_nid n"
	    " ON n.national_id = e.national_id"
	    " WHERE e.ended IS NULL AND e.event IS NOT NULL"
	    " AND e.event_date IS NOT NULL"
	    " GROUP BY n.person_id, e.record_id;"
	    " CREATE INDEX temp.sev_person ON sev(person_id, record_id);"
	    " DROP TABLE IF EXISTS temp.sperson;"
	    " CREATE TEMP TABLE sperson AS SELECT person_id FROM temp.sev"
	    " UNION SELECT person_id FROM sanction_decision"
	    " WHERE revoked_run IS NULL ORDER BY 1");
	st = store_prepare(r->st, "SELECT count(*) FROM src_iskur e"
	    " WHERE e.ended IS NULL AND NOT EXISTS (SELECT 1 FROM person_nid n"
	    " WHERE n.national_id = e.national_id)");
	store_step(r->st, st, "cannot count events");
	r->unlinked = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
}

static void
prepare(struct run *r)
{
	r->events = store_prepare(r->st, "SELECT record_id, event, event_date,"
	    " reported_date, offer_type, justified, referral_id, employer_id"
	    " FROM temp.sev WHERE person_id = ?1 ORDER BY record_id");
	/* The household now, whether it ever had regular assistance, whether
	 * the person ever had unemployment insurance, and a pension's first
	 * day, for every person at once.  "Ever" because an event is judged
	 * by what held when it happened, which a later decision of
	 * isas-score must not undo. */
	store_exec(r->st, "DROP TABLE IF EXISTS temp.sctx;"
	    " CREATE TEMP TABLE sctx (person_id TEXT PRIMARY KEY,"
	    " household_id TEXT, regular INTEGER, ui INTEGER, pension TEXT)"
	    " WITHOUT ROWID;"
	    " INSERT INTO temp.sctx SELECT p.person_id, m.household_id,"
	    " m.household_id IN (SELECT household_id FROM assessment"
	    " WHERE programme = 'regular' AND entitled = 1"
	    " UNION SELECT household_id FROM entitlement"
	    " WHERE programme = 'regular'),"
	    " p.person_id IN (SELECT person_id FROM assessment"
	    " WHERE programme = 'unemployment' AND entitled = 1"
	    " UNION SELECT person_id FROM entitlement"
	    " WHERE programme = 'unemployment'),"
	    " (SELECT min(s.start_date) FROM person_nid n JOIN src_sgk s ON"
	    " s.national_id = n.national_id WHERE n.person_id = p.person_id"
	    " AND s.status = 'pensioner' AND s.ended IS NULL)"
	    " FROM temp.sperson p LEFT JOIN member m"
	    " ON m.person_id = p.person_id");
	r->ctx = store_prepare(r->st, "SELECT household_id, regular, ui,"
	    " pension FROM temp.sctx WHERE person_id = ?1");
	r->stored = store_prepare(r->st, "SELECT decision_id, kind, programme,"
	    " rule, from_date, until_date, amount, scope, employer_id, events,"
	    " household_id FROM sanction_decision WHERE person_id = ?1 AND"
	    " revoked_run IS NULL ORDER BY decision_id");
	r->revoke = store_prepare(r->st, "UPDATE sanction_decision SET"
	    " revoked_run = ?2 WHERE decision_id = ?1");
	r->insert = store_prepare(r->st, "INSERT INTO sanction_decision"
	    " (person_id, household_id, kind, programme, rule, from_date,"
	    " until_date, amount, scope, employer_id, events, params_sha256,"
	    " run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13)");
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int32_t
col_day(sqlite3_stmt *st, int i)
{
	const char *s = col_text(st, i);
	int32_t d;

	if (!s || date_parse(s, strlen(s), &d) != 0)
		return SDAY_NONE;
	return d;
}

/* Keeps a string in r->text and returns its offset (0: NULL). */
static size_t
keep_str(struct run *r, const char *s)
{
	size_t at;

	if (!s || !*s)
		return 0;
	at = r->text.len;
	buf_add(&r->text, s, strlen(s) + 1);
	return at;
}

/* Reads the person's events; their strings live in r->text. */
static void
read_events(struct run *r, const char *person)
{
	size_t i;

	r->nev = 0;
	buf_reset(&r->text);
	buf_addc(&r->text, '\0');	/* offset 0 is the NULL string */
	sqlite3_bind_text(r->events, 1, person, -1, SQLITE_STATIC);
	while (store_step(r->st, r->events, "cannot read events") ==
	    SQLITE_ROW) {
		struct sevent *e;
		int t, o;

		t = sev_parse(col_text(r->events, 1));
		o = soffer_parse(col_text(r->events, 4));
		if (t < 0)
			continue;	/* the kind allows no other */
		xgrow((void **)&r->ev, &r->evcap, r->nev + 1, sizeof *r->ev);
		xgrow((void **)&r->off, &r->offcap, 3 * (r->nev + 1),
		    sizeof *r->off);
		e = &r->ev[r->nev];
		memset(e, 0, sizeof *e);
		e->type = (enum sev_type)t;
		e->offer = o < 0 ? SOFFER_NONE : (enum soffer)o;
		e->day = col_day(r->events, 2);
		e->reported = col_day(r->events, 3);
		e->justified = sqlite3_column_type(r->events, 5) == SQLITE_NULL ?
		    -1 : sqlite3_column_int(r->events, 5) != 0;
		r->off[3 * r->nev] = keep_str(r, col_text(r->events, 0));
		r->off[3 * r->nev + 1] = keep_str(r, col_text(r->events, 6));
		r->off[3 * r->nev + 2] = keep_str(r, col_text(r->events, 7));
		r->nev++;
	}
	sqlite3_reset(r->events);
	/* The text is complete: only now are its addresses stable. */
	for (i = 0; i < r->nev; i++) {
		size_t *o = &r->off[3 * i];

		r->ev[i].record_id = r->text.p + o[0];
		r->ev[i].referral_id = o[1] ? r->text.p + o[1] : NULL;
		r->ev[i].employer_id = o[2] ? r->text.p + o[2] : NULL;
	}
}

/* What a decision is, as stored: the columns that, all equal, make two
 * decisions the same. */
struct row {
	const char *kind, *programme, *rule, *scope, *employer;
	char from[11], until[11];
	int has_until, has_amount;
	int64_t amount;
	struct buf events;	/* JSON array of record ids */
};

static void
row_of(struct run *r, const struct sdecision *d, struct row *w)
{
	size_t i;

	w->kind = sdec_name(d->kind);
	w->programme = sdec_programme(d->kind);
	w->rule = d->rule;
	w->scope = d->kind == SD_SUSPENSION || d->kind == SD_LIFT ?
	    (d->scope_person ? "person" : "household") : NULL;
	w->employer = d->kind == SD_EMPLOYER_PREMIUM ? d->employer_id : NULL;
	date_format(d->from, w->from);
	w->has_until = d->until != SDAY_NONE;
	if (w->has_until)
		date_format(d->until, w->until);
	w->has_amount = d->kind == SD_JOB_SEEKING_AID || d->kind == SD_START_UP;
	w->amount = d->amount;
	buf_reset(&w->events);
	buf_addc(&w->events, '[');
	for (i = 0; i < d->nev; i++) {
		if (i)
			buf_addc(&w->events, ',');
		buf_add_json(&w->events, r->ev[d->ev[i]].record_id,
		    strlen(r->ev[d->ev[i]].record_id));
	}
	buf_addc(&w->events, ']');
}

static int
streq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* 1 when the stored row (the current one of r->stored) is w. */
static int
same(sqlite3_stmt *s, const struct row *w)
{
	return streq(col_text(s, 1), w->kind) &&
	    streq(col_text(s, 2), w->programme) &&
	    streq(col_text(s, 3), w->rule) &&
	    streq(col_text(s, 4), w->from) &&
	    streq(col_text(s, 5), w->has_until ? w->until : NULL) &&
	    (sqlite3_column_type(s, 6) == SQLITE_NULL) == !w->has_amount &&
	    (!w->has_amount || sqlite3_column_int64(s, 6) == w->amount) &&
	    streq(col_text(s, 7), w->scope) &&
	    streq(col_text(s, 8), w->employer) &&
	    streq(col_text(s, 9), w->events.p);
}

/* Prints one decision line; windows are kept, not printed. */
static void
print(struct run *r, const char *household, const char *person,
      const char *kind, const char *programme, const char *rule,
      const char *from, const char *until, const int64_t *amount,
      const char *events, const char *change)
{
	if (strcmp(kind, "window") == 0)
		return;
	tsv_str(r->out, household);
	tsv_str(r->out, person);
	tsv_str(r->out, kind);
	tsv_str(r->out, programme);
	tsv_str(r->out, rule);
	tsv_str(r->out, from);
	tsv_str(r->out, until);
	if (amount)
		tsv_int(r->out, *amount);
	else
		tsv_str(r->out, NULL);
	tsv_str(r->out, events);
	tsv_str(r->out, change);
	tsv_end(r->out);
}

/* Decides again for one person and keeps what changed. */
static void
decide_person(struct run *r, const char *person)
{
	struct sctx ctx;
	struct row *w;
	char *household = NULL;
	unsigned char *matched;
	size_t i;
	int64_t amount;

	read_events(r, person);
	memset(&ctx, 0, sizeof ctx);
	sqlite3_bind_text(r->ctx, 1, person, -1, SQLITE_STATIC);
	store_step(r->st, r->ctx, "cannot read a person");
	if (col_text(r->ctx, 0))
		household = xstrdup(col_text(r->ctx, 0));
	ctx.regular = household && sqlite3_column_int(r->ctx, 1) > 0;
	ctx.ui = sqlite3_column_int(r->ctx, 2);
	ctx.pension = col_day(r->ctx, 3);
	sqlite3_reset(r->ctx);

	if (sanction_decide(r->ev, r->nev, &ctx, r->ps, r->day, &r->dec) != 0) {
		/* A parameter was missing on some day: this person's stored
		 * decisions stand, none is revoked on a half answer. */
		r->failed++;
		free(household);
		return;
	}
	r->persons++;
	matched = xcalloc(r->dec.n ? r->dec.n : 1, 1);
	/* Each decision as it would be stored, once; the rows and their
	 * buffers serve every person. */
	if (r->dec.n > r->nrow) {
		xgrow((void **)&r->row, &r->rowcap, r->dec.n, sizeof *r->row);
		memset(r->row + r->nrow, 0, (r->rowcap - r->nrow) *
		    sizeof *r->row);
		r->nrow = r->rowcap;
	}
	for (i = 0; i < r->dec.n; i++)
		row_of(r, &r->dec.d[i], &r->row[i]);

	/* Stored decisions that still follow stay; the rest are revoked. */
	sqlite3_bind_text(r->stored, 1, person, -1, SQLITE_STATIC);
	while (store_step(r->st, r->stored, "cannot read decisions") ==
	    SQLITE_ROW) {
		int found = 0;

		for (i = 0; i < r->dec.n && !found; i++)
			if (!matched[i] && same(r->stored, &r->row[i]))
				matched[i] = 1, found = 1;
		if (found)
			continue;
		sqlite3_bind_int64(r->revoke, 1,
		    sqlite3_column_int64(r->stored, 0));
		sqlite3_bind_int64(r->revoke, 2, r->st->run_id);
		store_step(r->st, r->revoke, "cannot revoke a decision");
		sqlite3_reset(r->revoke);
		amount = sqlite3_column_int64(r->stored, 6);
		print(r, col_text(r->stored, 10), person, col_text(r->stored, 1),
		    col_text(r->stored, 2), col_text(r->stored, 3),
		    col_text(r->stored, 4), col_text(r->stored, 5),
		    sqlite3_column_type(r->stored, 6) == SQLITE_NULL ? NULL :
		    &amount, col_text(r->stored, 9), "revoked");
		r->revoked++;
	}
	sqlite3_reset(r->stored);

	for (i = 0; i < r->dec.n; i++) {
		sqlite3_stmt *st = r->insert;

		if (matched[i])
			continue;
		w = &r->row[i];
		sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, household, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, w->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, w->programme, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, w->rule, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, w->from, -1, SQLITE_STATIC);
		if (w->has_until)
			sqlite3_bind_text(st, 7, w->until, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 7);
		if (w->has_amount)
			sqlite3_bind_int64(st, 8, w->amount);
		else
			sqlite3_bind_null(st, 8);
		sqlite3_bind_text(st, 9, w->scope, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, w->employer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, w->events.p, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, r->ps->sha256, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 13, r->st->run_id);
		store_step(r->st, st, "cannot keep a decision");
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		print(r, household, person, w->kind, w->programme, w->rule,
		    w->from, w->has_until ? w->until : NULL,
		    w->has_amount ? &w->amount : NULL, w->events.p, "new");
		r->added++;
		r->n_kind[r->dec.d[i].kind]++;
	}
	free(matched);
	free(household);
}

/*
 * The incentives that are paid become entitlements of their month (the
 * month of the interview or the placement), summed per person; an
 * entitlement whose decisions were all revoked is withdrawn.
 */
static void
incentive_entitlements(struct run *r)
{
	sqlite3_stmt *st;

	st = store_prepare(r->st, "INSERT INTO entitlement (household_id,"
	    " programme, person_id, period, amount, status, run_id)"
	    " SELECT household_id, programme, person_id,"
	    " substr(from_date, 1, 7), sum(amount), 'open', ?1"
	    " FROM sanction_decision WHERE revoked_run IS NULL AND"
	    " kind = 'incentive' AND amount IS NOT NULL AND"
	    " household_id IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
	    " ON CONFLICT (household_id, programme, person_id, period) DO"
	    " UPDATE SET amount = excluded.amount, status = 'open',"
	    " run_id = excluded.run_id WHERE amount IS NOT excluded.amount"
	    " OR status IS NOT 'open'");
	sqlite3_bind_int64(st, 1, r->st->run_id);
	store_step(r->st, st, "cannot write the incentives' entitlements");
	sqlite3_finalize(st);
	st = store_prepare(r->st, "UPDATE entitlement SET status = 'withdrawn',"
	    " run_id = ?1 WHERE programme IN ('job-seeking-aid',"
	    " 'start-up-payment') AND status = 'open' AND NOT EXISTS"
	    " (SELECT 1 FROM sanction_decision d WHERE d.revoked_run IS NULL"
	    " AND d.kind = 'incentive' AND d.amount IS NOT NULL AND"
	    " d.household_id = entitlement.household_id AND d.programme ="
	    " entitlement.programme AND d.person_id = entitlement.person_id"
	    " AND substr(d.from_date, 1, 7) = entitlement.period)");
	sqlite3_bind_int64(st, 1, r->st->run_id);
	store_step(r->st, st, "cannot withdraw the incentives' entitlements");
	sqlite3_finalize(st);
}

/*
 * The referral list: members of households whose regular assistance is
 * decided, of working age on the day, alive, not disabled to the degree
 * of work_disability_pct, not working or retired, and either never
 * registered with the employment service or not referred within the last
 * monitor_days days.  Replaces the table `referral`; written to path too
 * when given.  Returns the number listed.
 */
static uint64_t
referrals(struct run *r, struct tsv *t, const struct protect *key)
{
	static const char *const cols[] = { "household_id", "person_id",
		"national_id", "age", "reason", NULL };
	char hid[PROTECT_HEX + 1];
	const char *nid;
	sqlite3_stmt *st;
	uint64_t n = 0;

	store_exec(r->st, "DELETE FROM referral");
	st = store_prepare(r->st, "WITH hh AS (SELECT DISTINCT household_id"
	    " FROM assessment WHERE programme = 'regular' AND entitled = 1"
	    " AND decision = 'eligible'),"
	    " mem AS (SELECT m.person_id, m.household_id FROM member m"
	    " JOIN hh ON hh.household_id = m.household_id),"
	    " nid AS (SELECT mem.person_id, n.national_id FROM mem JOIN"
	    " person_nid n ON n.person_id = mem.person_id),"
	    " civ AS (SELECT nid.person_id, min(c.birth_date) AS birth,"
	    " min(nid.national_id) AS nid,"
	    " max(c.death_date IS NOT NULL AND c.death_date <= :d) AS dead"
	    " FROM nid JOIN src_civil c ON c.national_id = nid.national_id"
	    " AND c.ended IS NULL GROUP BY nid.person_id),"
	    " dis AS (SELECT nid.person_id, max(h.disability_pct) AS pct"
	    " FROM nid JOIN src_health h ON h.national_id = nid.national_id"
	    " AND h.ended IS NULL AND (h.valid_until IS NULL OR"
	    " h.valid_until >= :d) GROUP BY nid.person_id),"
	    " busy AS (SELECT DISTINCT nid.person_id FROM nid JOIN src_sgk s"
	    " ON s.national_id = nid.national_id AND s.ended IS NULL AND"
	    " s.start_date <= :d AND (s.end_date IS NULL OR s.end_date >= :d)),"
	    " isk AS (SELECT person_id, max(event = 'registration') AS reg,"
	    " max(CASE WHEN event = 'referral' THEN event_date END) AS ref"
	    " FROM temp.sev WHERE event_date <= :d GROUP BY person_id)"
	    " SELECT mem.household_id, mem.person_id, age(civ.birth, :d),"
	    " CASE WHEN coalesce(isk.reg, 0) = 0 AND isk.ref IS NULL"
	    " THEN 'NOT_REGISTERED' ELSE 'NO_RECENT_REFERRAL' END,"
	    " civ.nid FROM mem JOIN civ ON civ.person_id = mem.person_id"
	    " LEFT JOIN dis ON dis.person_id = mem.person_id"
	    " LEFT JOIN isk ON isk.person_id = mem.person_id"
	    " WHERE civ.dead = 0 AND age(civ.birth, :d) BETWEEN"
	    " param('work_age_min', :d) AND param('work_age_max', :d)"
	    " AND coalesce(dis.pct, 0) < param('work_disability_pct', :d)"
	    " AND mem.person_id NOT IN (SELECT person_id FROM busy)"
	    " AND (isk.ref IS NULL OR days(isk.ref, :d) >="
	    " param('monitor_days', :d))"
	    " ORDER BY mem.household_id, mem.person_id");
	store_bind_text(st, ":d", r->as_of);
	if (t)
		tsv_header(t, cols);
	{
		sqlite3_stmt *ins = store_prepare(r->st, "INSERT INTO referral"
		    " (person_id, household_id, reason, run_id)"
		    " VALUES (?1, ?2, ?3, ?4)");

		while (store_step(r->st, st, "cannot list referrals") ==
		    SQLITE_ROW) {
			sqlite3_bind_text(ins, 1, col_text(st, 1), -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, col_text(st, 0), -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, col_text(st, 3), -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(ins, 4, r->st->run_id);
			store_step(r->st, ins, "cannot keep a referral");
			sqlite3_reset(ins);
			if (t) {
				tsv_str(t, col_text(st, 0));
				tsv_str(t, col_text(st, 1));
				nid = col_text(st, 4);
				if (key && nid) {
					protect_id(key, nid, strlen(nid), hid);
					nid = hid;
				}
				tsv_str(t, nid);
				tsv_int(t, sqlite3_column_int64(st, 2));
				tsv_str(t, col_text(st, 3));
				tsv_end(t);
			}
			n++;
		}
		sqlite3_finalize(ins);
	}
	sqlite3_finalize(st);
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 'S' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "params", required_argument, NULL, 'p' },
		{ "source", required_argument, NULL, 's' },
		{ "referrals", required_argument, NULL, 'r' },
		{ "protect-ids", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "household_id", "person_id",
		"decision", "programme", "rule", "from", "until", "amount_kurus",
		"events", "change", NULL };
	struct run r;
	struct params *ps;
	struct loader *l = NULL;
	struct tsv *rt = NULL;
	sqlite3_stmt *pst;
	const char *store_path = NULL, *as_of = NULL, *source = "iskur";
	const char *params_path = ISAS_ETCDIR "/params.tsv", *ref_path = NULL;
	const char *key_path = NULL;
	struct protect key;
	char hex[65];
	uint64_t bytes, rows, rows_in = 0, changed = 0, rejected = 0, nref;
	int c, i, refused_files = 0, status;

	err_init(PROG);
	memset(&r, 0, sizeof r);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': store_path = optarg; break;
		case 'a': as_of = optarg; break;
		case 'p': params_path = optarg; break;
		case 's': source = optarg; break;
		case 'r': ref_path = optarg; break;
		case 'k': key_path = optarg; break;
		case 'h': usage(0); break;
		case 'V': printf("%s %s\n", PROG, ISAS_VERSION); return 0;
		default:
			error_option(c, argv);
			usage(2);
		}
	}
	if (!store_path) {
		error("no store given (-S STORE)");
		usage(2);
	}
	if (store_as_of(as_of, r.as_of, &r.day) != 0) {
		error("--as-of: not a date '%s'", as_of);
		usage(2);
	}
	if (key_path && !ref_path) {
		error("--protect-ids: only for the referral list (--referrals)");
		usage(2);
	}
	if (key_path && protect_load(&key, key_path) != 0)
		die("nothing decided: no key to protect the national ids");
	if ((ps = params_load(params_path)) == NULL)
		die("nothing decided: the parameters cannot be used");
	if (sanction_check_params(ps, r.day) != 0)
		die("nothing decided: %s lacks parameters", params_path);
	r.ps = ps;

	/* The referral list is written whole, then renamed at the end. */
	if (ref_path && (rt = tsv_open_pending(ref_path)) == NULL)
		exit(2);
	r.out = tsv_fdopen(1, "-");
	tsv_header(r.out, cols);

	r.st = store_open(store_path, STORE_WRITE);
	store_run_begin(r.st, PROG, argc, argv, r.as_of);
	store_run_file(r.st, "input", params_path, ps->sha256, ps->bytes,
	    ps->n);
	hview_functions(r.st->db, ps);
	/* A country's events and decisions want more than the default cache:
	 * 256 MiB each, for the store and for the temp tables. */
	store_exec(r.st, "PRAGMA cache_size = -262144;"
	    " PRAGMA temp.cache_size = -262144");

	/* The events given join those of the store, as isas-ingest --source
	 * iskur --mode delta would load them. */
	if (optind < argc) {
		/* loader_new refuses a source that holds another kind. */
		l = loader_new(r.st, kind_find("iskur"), source, r.as_of, NULL,
		    NULL, NULL);
		for (i = optind; i < argc; i++)
			if (!loader_file(l, argv[i]))
				refused_files++;
		loader_tell(l);
		loader_counts(l, &rows_in, &changed, &rejected);
		loader_free(l);
	}

	collect_events(&r);
	prepare(&r);
	pst = store_prepare(r.st, "SELECT person_id FROM temp.sperson");
	while (store_step(r.st, pst, "cannot list persons") == SQLITE_ROW) {
		char *person = xstrdup(col_text(pst, 0));

		decide_person(&r, person);
		free(person);
	}
	sqlite3_finalize(pst);
	sqlite3_finalize(r.events);
	sqlite3_finalize(r.ctx);
	sqlite3_finalize(r.stored);
	sqlite3_finalize(r.revoke);
	sqlite3_finalize(r.insert);
	incentive_entitlements(&r);
	withhold_apply(r.st, NULL);
	nref = referrals(&r, rt, key_path ? &key : NULL);
	if (key_path)
		protect_release(&key);

	if (r.unlinked)
		warning("%llu events of national ids that no person holds:"
		    " not decided until isas-match links them",
		    (unsigned long long)r.unlinked);
	fprintf(stderr, "%s: %llu events loaded (%llu changed, %llu refused);"
	    " %llu persons decided: %llu decisions new (%llu suspensions,"
	    " %llu lifts, %llu stops, %llu incentives, %llu flags),"
	    " %llu revoked; %llu persons to refer\n", PROG,
	    (unsigned long long)rows_in, (unsigned long long)changed,
	    (unsigned long long)rejected, (unsigned long long)r.persons,
	    (unsigned long long)r.added,
	    (unsigned long long)(r.n_kind[SD_SUSPENSION] +
	    r.n_kind[SD_UI_SUSPENSION]),
	    (unsigned long long)(r.n_kind[SD_LIFT] + r.n_kind[SD_UI_RESUME]),
	    (unsigned long long)r.n_kind[SD_UI_STOP],
	    (unsigned long long)(r.n_kind[SD_JOB_SEEKING_AID] +
	    r.n_kind[SD_START_UP] + r.n_kind[SD_EMPLOYER_PREMIUM] +
	    r.n_kind[SD_CCT_CONTINUED]),
	    (unsigned long long)r.n_kind[SD_FLAG],
	    (unsigned long long)r.revoked, (unsigned long long)nref);
	if (r.failed)
		error("%llu persons not decided again: parameters missing on"
		    " some day; their decisions stand",
		    (unsigned long long)r.failed);

	if (rt) {
		if (tsv_close(rt, hex, &bytes, &rows) != 0) {
			error("nothing decided: the referral list could not be"
			    " written");
			tsv_abandon(r.out);
			store_close(r.st);
			status = 2;
			goto done;
		}
		store_run_file(r.st, "output", ref_path, hex, bytes, rows);
	}
	if (tsv_close(r.out, hex, &bytes, &rows) != 0 || close(1) != 0) {
		error("nothing decided: the decisions could not be written");
		store_close(r.st);
		status = 2;
		goto done;
	}
	store_run_file(r.st, "output", "-", hex, bytes, rows);
	status = rejected || refused_files || r.failed ? 1 : 0;
	store_run_end(r.st, status ? "rejects" : "ok", rows_in,
	    r.added + r.revoked, rejected);
	store_commit(r.st);
	store_close(r.st);
	tsv_publish();
done:
	sdecisions_release(&r.dec);
	for (i = 0; i < (int)r.nrow; i++)
		buf_release(&r.row[i].events);
	free(r.row);
	free(r.ev);
	free(r.off);
	buf_release(&r.text);
	params_free(ps);
	return status;
}
