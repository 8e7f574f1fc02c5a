/*
 * flags.c - the audit list (see flags.h).
 *
 * Set-based: each kind is one or a few statements that put the flags it
 * finds, with their evidence, into temp.fl_now, read from temp tables
 * made once per refresh (the payments of the period and the month
 * before, the civil records that are of a dead or of no person), so that
 * the large tables are read in a few passes and every join probes an
 * index; four statements then merge temp.fl_now into table flag.  The
 * evidence is built in SQL with the functions registered here: amounts by
 * money_format, sorted lists by an aggregate that keeps only the first
 * items, so that neither the order the rows come in nor floating point
 * can change a byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "flags.h"
#include "hview.h"
#include "input.h"
#include "kinds.h"
#include "value.h"
#include "xalloc.h"

#define FLAG_THRESHOLD	"flag_earnings_threshold"
#define FLAG_CHANGE_PCT	"flag_change_pct"
#define FLAG_CHANGE_MIN	"flag_change_min"

/* ------------------------------------------------------------ functions */

/* flags_money(kurus): "1234.50", or NULL. */
static void
fn_money(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	char out[24];
	int n;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
		sqlite3_result_error(cx, "flags_money(): not a whole number of"
		    " minor units", -1);
		return;
	}
	n = money_format(sqlite3_value_int64(argv[0]), out);
	sqlite3_result_text(cx, out, n, SQLITE_TRANSIENT);
}

/*
 * flags_phone(text): the digits of a telephone number, a Turkish one as
 * its ten national digits (0532..., +90 532..., 0090 532...); "" when it
 * has none.
 */
static void
fn_phone(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	char d[64];
	const char *p = d;
	size_t n = 0;

	if (!t)
		return;
	for (; *t; t++)
		if (*t >= '0' && *t <= '9' && n < sizeof d - 1)
			d[n++] = (char)*t;
	if (n >= 2 && p[0] == '0' && p[1] == '0') {
		p += 2;
		n -= 2;
	}
	if (n == 12 && p[0] == '9' && p[1] == '0') {
		p += 2;
		n -= 2;
	} else if (n == 11 && p[0] == '0') {
		p++;
		n--;
	}
	sqlite3_result_text(cx, p, (int)n, SQLITE_TRANSIENT);
}

/*
 * flags_list(value, separator, max): the distinct values of the group,
 * sorted (whole numbers by value, anything else by its bytes), at most
 * max of them, then the separator and "…" when there were more; NULL for
 * a group of NULLs.  It keeps only the max smallest values seen, so its
 * memory does not grow with the group.
 */
#define LIST_MAX	16
#define ELLIPSIS	"\xe2\x80\xa6"

struct list_item {
	int isint;
	sqlite3_int64 i;
	char *t;
};

struct list {
	int used, n, max, more;
	char sep[8];
	struct list_item v[LIST_MAX];
};

static int
item_cmp(const struct list_item *a, const struct list_item *b)
{
	if (a->isint && b->isint)
		return (a->i > b->i) - (a->i < b->i);
	return strcmp(a->t, b->t);
}

static void
fn_list_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct list *l;
	struct list_item it;
	const unsigned char *t;
	int lo, c = 1;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if ((l = sqlite3_aggregate_context(cx, sizeof *l)) == NULL) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	if (!l->used) {
		const unsigned char *sep = sqlite3_value_text(argv[1]);
		sqlite3_int64 max = sqlite3_value_int64(argv[2]);

		l->used = 1;
		snprintf(l->sep, sizeof l->sep, "%s", sep ? (const char *)sep :
		    "");
		l->max = max < 1 ? 1 : max > LIST_MAX ? LIST_MAX : (int)max;
	}
	it.isint = sqlite3_value_type(argv[0]) == SQLITE_INTEGER;
	it.i = sqlite3_value_int64(argv[0]);
	t = sqlite3_value_text(argv[0]);
	it.t = (char *)(t ? t : (const unsigned char *)"");
	for (lo = 0; lo < l->n && (c = item_cmp(&l->v[lo], &it)) < 0; lo++)
		;
	if (lo < l->n && c == 0)
		return;
	if (lo == l->max) {
		l->more = 1;
		return;
	}
	if (l->n == l->max) {
		free(l->v[l->n - 1].t);
		l->n--;
		l->more = 1;
	}
	memmove(&l->v[lo + 1], &l->v[lo], (size_t)(l->n - lo) * sizeof l->v[0]);
	it.t = xstrdup(it.t);
	l->v[lo] = it;
	l->n++;
}

static void
fn_list_final(sqlite3_context *cx)
{
	struct list *l = sqlite3_aggregate_context(cx, 0);
	struct buf b = BUF_INIT;
	int i;

	if (!l || !l->used)
		return;
	for (i = 0; i < l->n; i++) {
		if (i)
			buf_adds(&b, l->sep);
		buf_adds(&b, l->v[i].t);
		free(l->v[i].t);
	}
	if (l->more) {
		buf_adds(&b, l->sep);
		buf_adds(&b, ELLIPSIS);
	}
	sqlite3_result_text(cx, buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	buf_release(&b);
}

/*
 * The flags' own functions, and the rules' (divround and the others of
 * hview_functions: the same rounding as the decisions).
 */
static void
register_functions(struct store *s, const struct params *ps)
{
	static const int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

	hview_functions(s->db, ps);
	if (sqlite3_create_function(s->db, "flags_money", 1, f, NULL,
	    fn_money, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(s->db, "flags_phone", 1, f, NULL,
	    fn_phone, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(s->db, "flags_list", 3, f, NULL, NULL,
	    fn_list_step, fn_list_final) != SQLITE_OK)
		die("%s: cannot register the functions of the flags: %s",
		    s->path, sqlite3_errmsg(s->db));
}

/* ----------------------------------------------------------- parameters */

int
flags_check_params(const struct params *ps, int32_t day)
{
	static const struct {
		const char *name;
		int money;
	} need[] = {
		{ FLAG_THRESHOLD, 1 }, { FLAG_CHANGE_PCT, 0 },
		{ FLAG_CHANGE_MIN, 1 }
	};
	const struct param *p;
	char d[11];
	int bad = 0;
	size_t i;

	date_format(day, d);
	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		if ((p = params_at(ps, need[i].name, day)) == NULL) {
			error("%s: no parameter %s in force on %s", ps->path,
			    need[i].name, d);
			bad++;
		} else if (need[i].money && !p->money) {
			error_at(ps->path, p->line, "%s: not an amount (unit"
			    " money)", need[i].name);
			bad++;
		} else if (!need[i].money && (p->money ||
		    p->type != PARAM_INT || p->i < 0)) {
			error_at(ps->path, p->line, "%s: not a whole number of"
			    " percent", need[i].name);
			bad++;
		}
	}
	return bad;
}

/* The dated rows of the earnings threshold, into temp.fl_thr. */
static void
load_threshold(struct store *s, const struct params *ps)
{
	sqlite3_stmt *st;
	char from[11], until[11];
	size_t i, j;

	st = store_prepare(s, "INSERT INTO temp.fl_thr (from_day, until_day,"
	    " amount) VALUES (?1, ?2, ?3)");
	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->p[i].name, FLAG_THRESHOLD) != 0 ||
		    !ps->p[i].money)
			continue;
		date_format(ps->p[i].from, from);
		sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
		j = i + 1;
		if (j < ps->n && strcmp(ps->p[j].name, FLAG_THRESHOLD) == 0) {
			date_format(ps->p[j].from, until);
			sqlite3_bind_text(st, 2, until, -1, SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_null(st, 2);
		}
		sqlite3_bind_int64(st, 3, ps->p[i].i);
		store_step(s, st, "cannot list the earnings thresholds");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

/* -------------------------------------------------------------- refresh */

static const char *const temp_tables[] = {
	"fl_now", "fl_pay", "fl_paidhh", "fl_civx", "fl_dead", "fl_thr",
	"fl_pp", "fl_sg", "fl_multi", "fl_civ", "fl_payee", "fl_sd", "fl_ps",
	"fl_rev", "fl_revp", "fl_ul", NULL
};

static void
drop_temp(struct store *s)
{
	char sql[64];
	size_t i;

	for (i = 0; temp_tables[i]; i++) {
		snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS temp.%s",
		    temp_tables[i]);
		store_exec(s, sql);
	}
}

#define PAID	"status IN ('issued', 'confirmed') AND amount > 0"
#define P_PAID	"p.status IN ('issued', 'confirmed') AND p.amount > 0"

/* Made before the kinds, whether or not there is a period. */
static const char *const setup[] = {
	"CREATE TEMP TABLE fl_now (kind TEXT NOT NULL, entity TEXT NOT NULL,"
	" household_id TEXT, person_id TEXT, evidence TEXT NOT NULL,"
	" PRIMARY KEY (kind, entity)) WITHOUT ROWID",
	"CREATE TEMP TABLE fl_thr (from_day TEXT NOT NULL, until_day TEXT,"
	" amount INTEGER NOT NULL)",
	/* The payments of the period and of the month before: one pass. */
	"CREATE TEMP TABLE fl_pay AS SELECT payment_id, household_id,"
	" programme, person_id, period, kind, amount, payee, status"
	" FROM payment WHERE period IN (:period, :prev)",
	"CREATE TEMP TABLE fl_paidhh (household_id TEXT PRIMARY KEY)"
	" WITHOUT ROWID",
	"INSERT OR IGNORE INTO fl_paidhh SELECT household_id FROM fl_pay"
	" WHERE period = :period AND " PAID " ORDER BY household_id",
	/* The live civil records of a dead person or of no person: one pass
	 * over the registry. */
	"CREATE TEMP TABLE fl_civx AS SELECT c.source, c.record_id,"
	" c.household_id, c.death_date, n.person_id FROM src_civil c"
	" LEFT JOIN person_nid n ON n.national_id = c.national_id"
	" WHERE c.ended IS NULL AND (c.death_date IS NOT NULL"
	" OR n.person_id IS NULL)",
	"UPDATE fl_civx SET person_id = (SELECT l.person_id FROM link l"
	" WHERE l.source = fl_civx.source AND l.record_id = fl_civx.record_id)"
	" WHERE person_id IS NULL",
	NULL
};

/* The kinds that need no period. */
static const char *const kinds_any[] = {
	/* deceased_paid */
	"CREATE TEMP TABLE fl_dead (person_id TEXT PRIMARY KEY,"
	" death_date TEXT NOT NULL) WITHOUT ROWID",
	"INSERT INTO fl_dead SELECT person_id, min(death_date) FROM fl_civx"
	" WHERE death_date IS NOT NULL AND person_id IS NOT NULL"
	" GROUP BY person_id ORDER BY person_id",
	"INSERT INTO fl_now SELECT 'deceased_paid', 'person:' || d.person_id,"
	" coalesce((SELECT m.household_id FROM member m"
	" WHERE m.person_id = d.person_id), min(p.household_id)), d.person_id,"
	" 'death_date=' || d.death_date || ' payments=' || count(*)"
	" || ' amount=' || flags_money(sum(p.amount))"
	" || ' last_period=' || max(p.period)"
	" FROM payment p JOIN fl_dead d"
	" ON d.person_id IN (p.payee, nullif(p.person_id, ''))"
	" WHERE " P_PAID " AND p.period > substr(d.death_date, 1, 7)"
	" GROUP BY d.person_id",

	/* shared_iban */
	"INSERT INTO fl_now SELECT 'shared_iban', 'iban:' || iban, NULL, NULL,"
	" 'households=' || count(*) || ': ' || flags_list(household_id, ' ', 10)"
	" FROM (SELECT iban, household_id FROM payment WHERE iban IS NOT NULL"
	" AND iban <> '' AND status NOT IN ('rejected', 'returned')"
	" UNION SELECT a.iban, m.household_id FROM src_application a"
	" JOIN person_nid n ON n.national_id = a.national_id"
	" JOIN member m ON m.person_id = n.person_id"
	" WHERE a.ended IS NULL AND a.iban IS NOT NULL AND a.iban <> ''"
	" UNION SELECT a.iban, m.household_id FROM link l"
	" JOIN src_application a ON a.source = l.source"
	" AND a.record_id = l.record_id"
	" JOIN member m ON m.person_id = l.person_id"
	" WHERE a.ended IS NULL AND a.iban IS NOT NULL AND a.iban <> ''"
	" UNION SELECT b.iban, m.household_id FROM src_bank b"
	" JOIN person_nid n ON n.national_id = b.national_id"
	" JOIN member m ON m.person_id = n.person_id"
	" WHERE b.ended IS NULL AND b.iban IS NOT NULL AND b.iban <> ''"
	" AND (b.opened IS NULL OR b.opened <= :asof)"
	" AND (b.closed IS NULL OR b.closed > :asof))"
	" GROUP BY iban HAVING count(*) > 1",

	/* shared_phone */
	"INSERT INTO fl_now SELECT 'shared_phone', 'phone:' || phone, NULL,"
	" NULL, 'households=' || count(*) || ': '"
	" || flags_list(household_id, ' ', 10)"
	" FROM (SELECT flags_phone(a.phone) AS phone, m.household_id"
	" FROM src_application a JOIN person_nid n"
	" ON n.national_id = a.national_id"
	" JOIN member m ON m.person_id = n.person_id"
	" WHERE a.ended IS NULL AND a.phone IS NOT NULL"
	" UNION SELECT flags_phone(a.phone), m.household_id FROM link l"
	" JOIN src_application a ON a.source = l.source"
	" AND a.record_id = l.record_id"
	" JOIN member m ON m.person_id = l.person_id"
	" WHERE a.ended IS NULL AND a.phone IS NOT NULL)"
	" WHERE phone <> '' GROUP BY phone HAVING count(*) > 1",

	/* two_households, the civil registry's part: persons whose live
	 * records name two households, then those households. */
	"CREATE TEMP TABLE fl_multi (person_id TEXT PRIMARY KEY) WITHOUT ROWID",
	"INSERT INTO fl_multi SELECT person_id FROM ("
	" SELECT n.person_id, c.household_id FROM src_civil c"
	" JOIN person_nid n ON n.national_id = c.national_id"
	" WHERE c.ended IS NULL AND c.household_id IS NOT NULL"
	" UNION ALL SELECT l.person_id, c.household_id FROM link l"
	" CROSS JOIN src_civil c ON c.source = l.source"
	" AND c.record_id = l.record_id"
	" WHERE c.ended IS NULL AND c.household_id IS NOT NULL)"
	" GROUP BY person_id HAVING min(household_id) <> max(household_id)"
	" ORDER BY person_id",
	/* ... the payees of the period for another household ... */
	"CREATE TEMP TABLE fl_payee (person_id TEXT NOT NULL,"
	" household_id TEXT NOT NULL, PRIMARY KEY (person_id, household_id))"
	" WITHOUT ROWID",
	"INSERT OR IGNORE INTO fl_payee SELECT p.payee, p.household_id"
	" FROM fl_pay p JOIN member m ON m.person_id = p.payee"
	" WHERE p.period = :period AND " P_PAID
	" AND m.household_id <> p.household_id",
	/* ... and the households the civil records of both name. */
	"CREATE TEMP TABLE fl_civ (person_id TEXT NOT NULL,"
	" household_id TEXT NOT NULL, PRIMARY KEY (person_id, household_id))"
	" WITHOUT ROWID",
	"INSERT OR IGNORE INTO fl_civ SELECT x.person_id, c.household_id"
	" FROM (SELECT person_id FROM fl_multi UNION"
	" SELECT person_id FROM fl_payee) x"
	" CROSS JOIN person_nid n ON n.person_id = x.person_id"
	" CROSS JOIN src_civil c ON c.national_id = n.national_id"
	" WHERE c.ended IS NULL AND c.household_id IS NOT NULL",
	"INSERT OR IGNORE INTO fl_civ SELECT x.person_id, c.household_id"
	" FROM (SELECT person_id FROM fl_multi UNION"
	" SELECT person_id FROM fl_payee) x"
	" CROSS JOIN link l ON l.person_id = x.person_id"
	" CROSS JOIN src_civil c ON c.source = l.source"
	" AND c.record_id = l.record_id"
	" WHERE c.ended IS NULL AND c.household_id IS NOT NULL",
	"INSERT INTO fl_now SELECT 'two_households', 'person:' || w.person_id,"
	" m.household_id, w.person_id,"
	" 'member=' || coalesce(m.household_id, '-')"
	" || ' civil=' || coalesce((SELECT flags_list(c.household_id, ',', 10)"
	" FROM fl_civ c WHERE c.person_id = w.person_id), '-')"
	" || ' paid_for=' || coalesce((SELECT flags_list(y.household_id, ',',"
	" 10) FROM fl_payee y WHERE y.person_id = w.person_id), '-')"
	" FROM (SELECT person_id FROM fl_multi UNION"
	" SELECT person_id FROM fl_payee) w"
	" LEFT JOIN member m ON m.person_id = w.person_id",

	/* paid_after_sanction: the suspensions and stops in force, with the
	 * household each names and the person's household now. */
	"CREATE TEMP TABLE fl_sd AS SELECT decision_id, person_id, programme,"
	" scope, from_date, until_date, household_id FROM sanction_decision"
	" WHERE revoked_run IS NULL AND kind IN ('suspension', 'stop')"
	" AND household_id IS NOT NULL"
	" UNION SELECT d.decision_id, d.person_id, d.programme, d.scope,"
	" d.from_date, d.until_date, m.household_id FROM sanction_decision d"
	" JOIN member m ON m.person_id = d.person_id"
	" WHERE d.revoked_run IS NULL AND d.kind IN ('suspension', 'stop')",
	"CREATE TEMP TABLE fl_ps AS SELECT"
	" CASE WHEN d.scope = 'household' THEN 'household:' || d.household_id"
	" ELSE 'person:' || d.person_id END || ':' || d.programme AS entity,"
	" CASE WHEN d.scope = 'household' THEN d.household_id END AS hh,"
	" CASE WHEN d.scope = 'household' THEN NULL ELSE d.person_id END"
	" AS pid, d.decision_id, d.from_date, d.until_date, p.payment_id,"
	" p.period, p.amount, p.household_id AS phh"
	" FROM fl_sd d JOIN payment p ON p.household_id = d.household_id"
	" AND p.programme = d.programme"
	" WHERE (d.scope = 'household' OR p.person_id = d.person_id)"
	" AND " P_PAID " AND p.kind <> 'recovery'"
	" AND p.period || '-01' >= d.from_date AND (d.until_date IS NULL"
	" OR p.period || '-01' <= d.until_date)",
	"INSERT INTO fl_now SELECT 'paid_after_sanction', a.entity, a.hh,"
	" a.pid, 'decision=' || a.decisions || ' from=' || a.f"
	" || ' until=' || a.u || ' periods=' || b.periods"
	" || ' payments=' || b.n || ' amount=' || flags_money(b.amount)"
	" FROM (SELECT entity, coalesce(min(hh), min(phh)) AS hh,"
	" min(pid) AS pid, flags_list(decision_id, ',', 10) AS decisions,"
	" min(from_date) AS f, CASE WHEN count(until_date) < count(*)"
	" THEN 'open' ELSE max(until_date) END AS u FROM fl_ps"
	" GROUP BY entity) a"
	" JOIN (SELECT entity, count(*) AS n, sum(amount) AS amount,"
	" flags_list(period, ',', 12) AS periods FROM (SELECT DISTINCT entity,"
	" payment_id, period, amount FROM fl_ps) GROUP BY entity) b"
	" ON b.entity = a.entity",
	NULL
};

/* The kinds that need the period's payments. */
static const char *const kinds_period[] = {
	/* earnings_above: the persons paid for, their insured work and
	 * earnings. */
	"CREATE TEMP TABLE fl_pp (person_id TEXT NOT NULL,"
	" programme TEXT NOT NULL, household_id TEXT,"
	" PRIMARY KEY (person_id, programme)) WITHOUT ROWID",
	"INSERT OR IGNORE INTO fl_pp SELECT m.person_id, p.programme,"
	" m.household_id FROM fl_pay p"
	" JOIN member m ON m.household_id = p.household_id"
	" WHERE p.period = :period AND " P_PAID " AND p.person_id = ''"
	" AND p.programme NOT IN ('job-seeking-aid', 'start-up-payment')"
	" ORDER BY 1, 2",
	"INSERT OR IGNORE INTO fl_pp SELECT p.person_id, p.programme,"
	" p.household_id FROM fl_pay p WHERE p.period = :period AND " P_PAID
	" AND p.person_id <> ''"
	" AND p.programme NOT IN ('job-seeking-aid', 'start-up-payment')"
	" ORDER BY 1, 2, 3",
	"CREATE TEMP TABLE fl_sg AS SELECT x.person_id, s.period, s.earnings,"
	" s.employer_id, s.start_date, s.end_date"
	" FROM (SELECT DISTINCT person_id FROM fl_pp) x"
	" CROSS JOIN person_nid n ON n.person_id = x.person_id"
	" CROSS JOIN src_sgk s ON s.national_id = n.national_id"
	" WHERE s.ended IS NULL AND s.status IN ('employed', 'self_employed')"
	" AND (s.period IS NULL OR s.period <= :period)",
	"CREATE INDEX temp.fl_sg_person ON fl_sg(person_id, period)",
	"INSERT INTO fl_now SELECT 'earnings_above', 'person:' || e.person_id,"
	" coalesce(m.household_id, (SELECT min(q.household_id) FROM fl_pp q"
	" WHERE q.person_id = e.person_id)), e.person_id,"
	" 'programmes=' || (SELECT flags_list(q.programme, ',', 10)"
	" FROM fl_pp q WHERE q.person_id = e.person_id)"
	" || ' earnings=' || flags_money(e.earnings)"
	" || ' sgk_period=' || e.period || ' employer=' || e.employers"
	" FROM (SELECT g.person_id, g.period, sum(g.earnings) AS earnings,"
	" flags_list(coalesce(g.employer_id, '-'), ',', 10) AS employers"
	" FROM (SELECT person_id, max(period) AS period FROM fl_sg"
	" WHERE period IS NOT NULL GROUP BY person_id) l"
	" JOIN fl_sg g ON g.person_id = l.person_id AND g.period = l.period"
	" WHERE EXISTS (SELECT 1 FROM fl_sg a WHERE a.person_id = g.person_id"
	" AND a.period IS NULL AND a.start_date <= :asof"
	" AND (a.end_date IS NULL OR a.end_date >= :asof))"
	" GROUP BY g.person_id, g.period) e"
	" JOIN fl_thr t ON e.period || '-01' >= t.from_day"
	" AND (t.until_day IS NULL OR e.period || '-01' < t.until_day)"
	" LEFT JOIN member m ON m.person_id = e.person_id"
	" WHERE e.earnings >= t.amount",

	/* unlinked_in_paid: review pairs holding a member's record (the
	 * persons of the records are added by review_persons()), records
	 * naming the household that belong to no person. */
	"CREATE TEMP TABLE fl_ul (household_id TEXT NOT NULL,"
	" pairs INTEGER NOT NULL DEFAULT 0, records INTEGER NOT NULL"
	" DEFAULT 0)",
	"INSERT INTO fl_ul (household_id, pairs) SELECT m.household_id,"
	" count(DISTINCT r.pair) FROM fl_revp r"
	" JOIN member m ON m.person_id = r.person_id"
	" JOIN fl_paidhh h ON h.household_id = m.household_id"
	" GROUP BY m.household_id",
	"INSERT INTO fl_ul (household_id, records) SELECT c.household_id,"
	" count(*) FROM fl_civx c JOIN fl_paidhh h"
	" ON h.household_id = c.household_id WHERE c.person_id IS NULL"
	" GROUP BY c.household_id",
	"INSERT INTO fl_ul (household_id, records) SELECT v.household_id,"
	" count(*) FROM fl_paidhh h CROSS JOIN src_visit v"
	" ON v.household_id = h.household_id WHERE v.ended IS NULL"
	" AND ((v.national_id IS NOT NULL AND NOT EXISTS (SELECT 1"
	" FROM person_nid n WHERE n.national_id = v.national_id))"
	" OR (v.national_id IS NULL AND v.invalid IS NOT NULL"
	" AND json_extract(v.invalid, '$.national_id') IS NOT NULL))"
	" GROUP BY v.household_id",
	"INSERT INTO fl_now SELECT 'unlinked_in_paid',"
	" 'household:' || household_id, household_id, NULL,"
	" 'review_pairs=' || sum(pairs) || ' unlinked_records=' || sum(records)"
	" FROM fl_ul GROUP BY household_id",

	/* large_change */
	"INSERT INTO fl_now SELECT 'large_change', 'household:' || household_id,"
	" household_id, NULL, 'previous=' || flags_money(prev)"
	" || ' current=' || flags_money(cur)"
	" || ' change_pct=' || divround(100 * (cur - prev), prev)"
	" FROM (SELECT household_id,"
	" sum(CASE WHEN period = :period THEN amount ELSE 0 END) AS cur,"
	" sum(CASE WHEN period = :prev THEN amount ELSE 0 END) AS prev,"
	" max(period = :period) AS has FROM fl_pay"
	" WHERE status IN ('issued', 'confirmed', 'booked')"
	" GROUP BY household_id)"
	" WHERE has AND prev > 0 AND abs(cur - prev) * 100 >= :pct * prev"
	" AND abs(cur - prev) >= :min",
	NULL
};

/* The merge of temp.fl_now into flag, in this order. */
enum { M_REOPEN, M_FOUND, M_NEW, M_GONE, M_N };
static const char *const merge[M_N] = {
	"UPDATE flag SET status = 'open', status_run = :run, last_run = :run,"
	" evidence = n.evidence, household_id = n.household_id,"
	" person_id = n.person_id FROM temp.fl_now n"
	" WHERE flag.kind = n.kind AND flag.entity = n.entity"
	" AND (flag.status = 'gone' OR (flag.status = 'closed'"
	" AND flag.evidence <> n.evidence))",
	"UPDATE flag SET last_run = :run, evidence = n.evidence,"
	" household_id = n.household_id, person_id = n.person_id"
	" FROM temp.fl_now n WHERE flag.kind = n.kind"
	" AND flag.entity = n.entity",
	"INSERT INTO flag (kind, entity, household_id, person_id, evidence,"
	" status, first_run, last_run, status_run) SELECT n.kind, n.entity,"
	" n.household_id, n.person_id, n.evidence, 'open', :run, :run, :run"
	" FROM temp.fl_now n WHERE NOT EXISTS (SELECT 1 FROM flag f"
	" WHERE f.kind = n.kind AND f.entity = n.entity)"
	" ORDER BY n.kind, n.entity",
	"UPDATE flag SET status = 'gone', status_run = :run"
	" WHERE status <> 'gone' AND NOT EXISTS (SELECT 1 FROM temp.fl_now n"
	" WHERE n.kind = flag.kind AND n.entity = flag.entity)"
};

struct binds {
	const char *period, *prev, *as_of;
	int64_t run, pct, min;
};

/* Runs sql with the named parameters it has; returns the rows changed. */
static uint64_t
run_step(struct store *s, const char *sql, const struct binds *b)
{
	sqlite3_stmt *st = store_prepare(s, sql);
	uint64_t n;

	store_bind_text(st, ":period", b->period);
	store_bind_text(st, ":prev", b->prev);
	store_bind_text(st, ":asof", b->as_of);
	store_bind_int(st, ":run", b->run);
	store_bind_int(st, ":pct", b->pct);
	store_bind_int(st, ":min", b->min);
	store_step(s, st, "cannot compute the audit flags");
	n = (uint64_t)sqlite3_changes64(s->db);
	sqlite3_finalize(st);
	return n;
}

static void
run_steps(struct store *s, const char *const *steps, const struct binds *b)
{
	size_t i;

	for (i = 0; steps[i]; i++)
		run_step(s, steps[i], b);
}

/*
 * The pairs of the last clerical-review list (temp.fl_rev, one row per
 * record of a pair) and the persons of their records (temp.fl_revp): by
 * link, or by the valid national id of the record in its kind's table,
 * for every kind of person records.
 */
static void
review_persons(struct store *s, const struct binds *b)
{
	struct buf sql = BUF_INIT;
	size_t i;

	run_step(s, "CREATE TEMP TABLE fl_rev AS SELECT rowid AS pair,"
	    " source_a AS source, record_a AS record_id FROM match_review"
	    " WHERE run_id = (SELECT max(run_id) FROM match_review)"
	    " UNION SELECT rowid, source_b, record_b FROM match_review"
	    " WHERE run_id = (SELECT max(run_id) FROM match_review)", b);
	run_step(s, "CREATE TEMP TABLE fl_revp (pair INTEGER NOT NULL,"
	    " person_id TEXT NOT NULL)", b);
	run_step(s, "INSERT INTO fl_revp SELECT r.pair, l.person_id"
	    " FROM fl_rev r JOIN link l ON l.source = r.source"
	    " AND l.record_id = r.record_id", b);
	for (i = 0; i < nkinds; i++) {
		if (!kinds[i].person || kind_column(&kinds[i],
		    "national_id") < 0)
			continue;
		buf_reset(&sql);
		buf_printf(&sql, "INSERT INTO fl_revp SELECT r.pair,"
		    " n.person_id FROM fl_rev r JOIN source s"
		    " ON s.name = r.source AND s.kind = '%s'"
		    " JOIN src_%s x ON x.source = r.source"
		    " AND x.record_id = r.record_id"
		    " JOIN person_nid n ON n.national_id = x.national_id",
		    kinds[i].name, kinds[i].name);
		run_step(s, buf_str(&sql), b);
	}
	buf_release(&sql);
}

void
flags_refresh(struct store *s, const char *as_of, int32_t day,
	const char *period, const struct params *ps, struct flags_count *n)
{
	struct binds b;
	char prev[8];
	int32_t m;
	sqlite3_stmt *st;

	if (s->run_id <= 0)
		die("%s: the audit flags need a run begun", s->path);
	if (flags_check_params(ps, day) != 0)
		die("%s: parameters of the audit flags missing", ps->path);
	memset(&b, 0, sizeof b);
	b.as_of = as_of;
	b.run = s->run_id;
	b.pct = params_at(ps, FLAG_CHANGE_PCT, day)->i;
	b.min = params_at(ps, FLAG_CHANGE_MIN, day)->i;
	if (period) {
		if (month_parse(period, strlen(period), &m) != 0)
			die("period: not a month '%s'", period);
		month_format(m - 1, prev);
		b.period = period;
		b.prev = prev;
	}

	register_functions(s, ps);
	drop_temp(s);
	run_steps(s, setup, &b);
	load_threshold(s, ps);
	run_steps(s, kinds_any, &b);
	if (period) {
		review_persons(s, &b);
		run_steps(s, kinds_period, &b);
	}

	st = store_prepare(s, "SELECT count(*) FROM temp.fl_now");
	store_step(s, st, "cannot count the audit flags");
	n->found += (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	n->reopened += run_step(s, merge[M_REOPEN], &b);
	run_step(s, merge[M_FOUND], &b);
	n->opened += run_step(s, merge[M_NEW], &b);
	n->gone += run_step(s, merge[M_GONE], &b);
	drop_temp(s);
}

/* ---------------------------------------------------------------- close */

/* field c of r without surrounding spaces, in *p and *len ("" if none). */
static void
field_of(const struct input_record *r, int c, const char **p, size_t *len)
{
	const char *f = "";
	size_t n = 0;

	if (c >= 0 && (size_t)c < r->nfield) {
		f = r->field[c];
		n = r->len[c];
	}
	while (n > 0 && (*f == ' ' || *f == '\t')) {
		f++;
		n--;
	}
	while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
		n--;
	*p = f;
	*len = n;
}

static int
record_empty(const struct input_record *r)
{
	size_t i;

	for (i = 0; i < r->nfield; i++)
		if (r->len[i] > 0)
			return 0;
	return 1;
}

uint64_t
flags_close(struct store *s, const char *path, struct flags_count *n)
{
	struct input_options io = { .format = INPUT_AUTO };
	const struct input_record *r;
	struct input *in;
	sqlite3_stmt *get, *set;
	const char *fid, *fst, *fnote, *name;
	size_t lid, lst, lnote;
	int ci, cs, cn, closing;
	uint64_t bad = 0, rows = 0;
	int64_t id;
	char sha[65];

	if ((in = input_open(path, &io)) == NULL)
		exit(2);
	name = input_name(in);
	ci = input_column(in, "flag_id");
	cs = input_column(in, "status");
	cn = input_column(in, "note");
	if (ci < 0 || cs < 0 || cn < 0) {
		error_at(name, 1, "a closure file needs a header with the"
		    " columns flag_id, status and note, once each");
		input_free(in);
		return 1;
	}
	get = store_prepare(s, "SELECT status, note FROM flag"
	    " WHERE flag_id = ?1");
	set = store_prepare(s, "UPDATE flag SET status = ?2, note = ?3,"
	    " status_run = ?4 WHERE flag_id = ?1");
	sqlite3_bind_int64(set, 4, s->run_id);
	while ((r = input_next(in)) != NULL) {
		const char *was, *note;
		int changed;

		rows++;
		if (r->problem) {
			error_at(name, r->line, "%s",
			    input_problem_text(r->problem));
			bad++;
			continue;
		}
		if (record_empty(r))
			continue;
		field_of(r, ci, &fid, &lid);
		field_of(r, cs, &fst, &lst);
		field_of(r, cn, &fnote, &lnote);
		if (int_parse(fid, lid, &id) != 0 || id <= 0) {
			error_at(name, r->line, "flag_id: not a flag number"
			    " '%.*s'", (int)lid, fid);
			bad++;
			continue;
		}
		if (lst == 6 && memcmp(fst, "closed", 6) == 0) {
			closing = 1;
		} else if (lst == 4 && memcmp(fst, "open", 4) == 0) {
			closing = 0;
		} else {
			error_at(name, r->line, "status: not closed or open"
			    " '%.*s'", (int)lst, fst);
			bad++;
			continue;
		}
		if (closing && lnote == 0) {
			error_at(name, r->line, "note: a note is required to"
			    " close flag %lld", (long long)id);
			bad++;
			continue;
		}
		sqlite3_bind_int64(get, 1, id);
		if (store_step(s, get, "cannot read a flag") != SQLITE_ROW) {
			sqlite3_reset(get);
			error_at(name, r->line, "flag_id: no flag %lld",
			    (long long)id);
			bad++;
			continue;
		}
		was = (const char *)sqlite3_column_text(get, 0);
		note = (const char *)sqlite3_column_text(get, 1);
		changed = strcmp(was, closing ? "closed" : "open") != 0;
		if (lnote > 0 && (!note || strlen(note) != lnote ||
		    memcmp(note, fnote, lnote) != 0))
			changed |= 2;
		if ((changed & 1) && !closing)
			n->reopened++;
		if (changed && closing)
			n->closed_by_note++;
		if (changed) {
			sqlite3_bind_int64(set, 1, id);
			sqlite3_bind_text(set, 2, closing ? "closed" : "open", -1,
			    SQLITE_STATIC);
			if (lnote > 0)
				sqlite3_bind_text(set, 3, fnote, (int)lnote,
				    SQLITE_TRANSIENT);
			else if (note)
				sqlite3_bind_text(set, 3, note, -1,
				    SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(set, 3);
		}
		sqlite3_reset(get);
		if (changed) {
			store_step(s, set, "cannot change a flag");
			sqlite3_reset(set);
		}
	}
	sqlite3_finalize(get);
	sqlite3_finalize(set);
	if (input_failed(in))
		exit(2);
	input_sha256(in, sha);
	store_run_file(s, "input", name, sha, input_bytes(in), rows);
	input_free(in);
	return bad;
}
