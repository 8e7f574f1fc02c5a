/*
 * report - the reports of isas-report (see report.h and isas-report(1)).
 *
 * Each report is one or a few queries over the store.  The person-level
 * ones (links, review, unattached, hss, flags, decisions) stream their
 * rows; the aggregate ones (caseload, payments, transitions) are small,
 * are kept in memory so that the cells to withhold can be chosen (sdc.h),
 * and are then written or drawn.  SQL text is built only from the names
 * of known kinds and their columns (kinds.c), never from data; values are
 * bound.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "err.h"
#include "geo.h"
#include "input.h"
#include "kinds.h"
#include "report.h"
#include "sdc.h"
#include "value.h"
#include "xalloc.h"

/* Writes column i of the current row of st as one cell (NULL: empty). */
static void
put_column(struct rtab *t, sqlite3_stmt *st, int i)
{
	rtab_str(t, (const char *)sqlite3_column_text(st, i));
}

/* Column i as a number of the table's type, or empty when NULL. */
static void
put_number(struct rtab *t, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		rtab_empty(t);
	else
		rtab_int(t, sqlite3_column_int64(st, i));
}

/*
 * Writes the current row of st as one row of t, column i as t's column i
 * is typed: a number, or text (NULL is empty either way).
 */
static void
put_row(struct rtab *t, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; i < t->ncol; i++)
		if (t->col[i].type == RTAB_STR)
			put_column(t, st, (int)i);
		else
			put_number(t, st, (int)i);
	rtab_end(t);
}

/* The value of a dated parameter on the as-of day; dies when missing. */
static int64_t
param(struct report *r, const char *name)
{
	const struct param *p;

	if (!r->ps)
		die("report needs the parameter file (--params FILE)");
	if ((p = params_at(r->ps, name, r->day)) == NULL)
		die("%s: no parameter '%s' in force on %s", r->ps->path, name,
		    r->as_of);
	return p->i;
}

/* ------------------------------------------------------------------ */
/* summary */

static void
summary_row(struct rtab *t, const char *section, const char *name,
	int64_t count, int has_amount, int64_t amount)
{
	rtab_str(t, section);
	rtab_str(t, name);
	rtab_int(t, count);
	if (has_amount)
		rtab_int(t, amount);
	else
		rtab_empty(t);
	rtab_end(t);
}

/* Rows of a query of (name, count[, amount]) as summary lines. */
static void
summary_query(struct report *r, struct rtab *t, const char *section,
	const char *sql, int has_amount, const char *bind)
{
	sqlite3_stmt *st = store_prepare(r->s, sql);

	if (bind)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
	while (store_step(r->s, st, "cannot read the store") == SQLITE_ROW)
		summary_row(t, section, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), has_amount,
		    has_amount ? sqlite3_column_int64(st, 2) : 0);
	sqlite3_finalize(st);
}

void
report_summary(struct report *r)
{
	static const struct rtab_col cols[] = { { "section", RTAB_STR },
		{ "name", RTAB_STR }, { "count", RTAB_INT },
		{ "amount", RTAB_MONEY } };
	struct buf sql = BUF_INIT, title = BUF_INIT;
	struct rtab t;
	sqlite3_stmt *src, *st;
	const struct kind_def *k;

	buf_printf(&title, "Summary of the night of %s", r->as_of);
	rtab_begin(&t, r->format, r->out, cols, 4, 0, buf_str(&title),
	    "Records: those the day's runs saw (isas-ingest's, and the"
	    " events and returns that isas-sanction and isas-payfile load),"
	    " and the rows they refused.");
	buf_release(&title);

	/* Records seen and refused by the day's runs, by source. */
	src = store_prepare(r->s, "SELECT name, kind FROM source ORDER BY name");
	while (store_step(r->s, src, "cannot read the sources") == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(src, 0);

		if ((k = kind_find((const char *)sqlite3_column_text(src, 1)))
		    == NULL)
			continue;
		buf_reset(&sql);
		buf_printf(&sql, "SELECT ?1, (SELECT count(*) FROM src_%s"
		    " WHERE source = ?1 AND last_run IN (SELECT run_id FROM run"
		    " WHERE as_of = ?2)), (SELECT count(*) FROM reject"
		    " WHERE source = ?1 AND run_id IN (SELECT run_id FROM run"
		    " WHERE as_of = ?2))", k->name);
		st = store_prepare(r->s, buf_str(&sql));
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, r->as_of, -1, SQLITE_STATIC);
		store_step(r->s, st, "cannot count records");
		summary_row(&t, "loaded", name, sqlite3_column_int64(st, 1), 0, 0);
		summary_row(&t, "rejected", name, sqlite3_column_int64(st, 2), 0,
		    0);
		sqlite3_finalize(st);
	}
	sqlite3_finalize(src);
	buf_release(&sql);

	summary_query(r, &t, "linkage", "SELECT 'persons', count(*) FROM"
	    " person WHERE merged_into IS NULL"
	    " UNION ALL SELECT 'households', count(*) FROM household"
	    " WHERE ended_run IS NULL"
	    " UNION ALL SELECT 'members', count(*) FROM member"
	    " UNION ALL SELECT 'unattached', count(*) FROM unattached"
	    " UNION ALL SELECT 'links', count(*) FROM link"
	    " UNION ALL SELECT 'review_pairs', count(*) FROM match_review"
	    " WHERE run_id = (SELECT max(run_id) FROM match_review)",
	    0, NULL);
	summary_query(r, &t, "decisions", "SELECT programme || ' ' ||"
	    " decision, count(*), sum(CASE WHEN entitled THEN amount END)"
	    " FROM assessment GROUP BY programme, decision"
	    " ORDER BY programme, decision", 1, NULL);
	summary_query(r, &t, "sanctions", "SELECT kind || ' ' || programme,"
	    " count(*), sum(amount) FROM sanction_decision WHERE revoked_run"
	    " IS NULL GROUP BY kind, programme ORDER BY kind, programme", 1,
	    NULL);
	summary_query(r, &t, "referrals", "SELECT reason, count(*) FROM"
	    " referral GROUP BY reason ORDER BY reason", 0, NULL);
	summary_query(r, &t, "messages", "SELECT period, count(*), sum(total)"
	    " FROM pay_batch GROUP BY period ORDER BY period", 1, NULL);
	summary_query(r, &t, "payments", "SELECT status, count(*), sum(amount)"
	    " FROM payment GROUP BY status ORDER BY status", 1, NULL);
	summary_query(r, &t, "held", "SELECT reason, count(*), sum(amount)"
	    " FROM pay_hold GROUP BY reason ORDER BY reason", 1, NULL);
	summary_query(r, &t, "flags", "SELECT status, count(*) FROM flag"
	    " GROUP BY status ORDER BY status", 0, NULL);
	rtab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* caseload and payments: tables by area, with cells withheld */

#define NV 5

enum level { LV_AREA, LV_PROVINCE, LV_TOTAL };

struct acell {
	char *period, *programme;
	int plate;
	char *district;		/* NULL above the district level */
	enum level level;
	int64_t v[NV];
	struct sdc_entry e;
};

struct atable {
	struct acell *c;
	size_t n, cap;
	long ngroup;
};

/* A cell of its own, kept aside until it is moved into the table. */
static struct acell *
acell_make(const char *period, const char *programme, int plate,
	const char *district, enum level level)
{
	struct acell *c = xcalloc(1, sizeof *c);

	c->period = xstrdup(period);
	c->programme = xstrdup(programme);
	c->plate = plate;
	c->district = district ? xstrdup(district) : NULL;
	c->level = level;
	c->e.member_of = c->e.total_of = -1;
	return c;
}

/* Appends *c to the table, which takes its strings; frees c. */
static size_t
acell_move(struct atable *a, struct acell *c)
{
	xgrow((void **)&a->c, &a->cap, a->n + 1, sizeof *a->c);
	a->c[a->n] = *c;
	free(c);
	return a->n++;
}

static void
acell_add(struct acell *c, const int64_t *v, int nv)
{
	int i;

	for (i = 0; i < nv; i++)
		c->v[i] += v[i];
}

static void
atable_free(struct atable *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->c[i].period);
		free(a->c[i].programme);
		free(a->c[i].district);
	}
	free(a->c);
}

/*
 * Reads the rows of st, (period, programme, plate, district, v[0..nv)),
 * ordered so, into cells at the level of r->by, each followed by what
 * adds it up: by district, each province's subtotal after its districts;
 * each period and programme's total after its block (not with
 * --province, whose table is not the country's).  Then marks the cells to
 * withhold, counting by v[0].
 */
static void
atable_build(struct report *r, struct atable *a, sqlite3_stmt *st, int nv)
{
	struct acell *prov = NULL, *total = NULL, *c;
	long national = -1, provincial = -1;
	size_t i, area = (size_t)-1;
	int64_t v[NV];
	struct sdc_entry *e;

	memset(a, 0, sizeof *a);
	while (store_step(r->s, st, "cannot read the store") == SQLITE_ROW) {
		const char *period = (const char *)sqlite3_column_text(st, 0);
		const char *prog = (const char *)sqlite3_column_text(st, 1);
		int plate = sqlite3_column_int(st, 2);
		const char *district = (const char *)sqlite3_column_text(st, 3);
		int new_block = !total || strcmp(total->period, period) != 0 ||
		    strcmp(total->programme, prog) != 0;

		for (i = 0; i < (size_t)nv; i++)
			v[i] = sqlite3_column_int64(st, 4 + (int)i);
		if (new_block) {
			if (prov)
				acell_move(a, prov);
			if (total)
				acell_move(a, total);
			prov = NULL;
			area = (size_t)-1;
			total = acell_make(period, prog, 0, NULL, LV_TOTAL);
			if (!r->province)
				total->e.total_of = national = a->ngroup++;
		}
		acell_add(total, v, nv);
		if (r->by == REPORT_BY_DISTRICT) {
			if (!prov || prov->plate != plate) {
				if (prov)
					acell_move(a, prov);
				prov = acell_make(period, prog, plate, NULL,
				    LV_PROVINCE);
				prov->e.member_of = r->province ? -1 : national;
				prov->e.total_of = provincial = a->ngroup++;
			}
			acell_add(prov, v, nv);
			c = acell_make(period, prog, plate,
			    district ? district : "", LV_AREA);
			c->e.member_of = provincial;
			acell_add(c, v, nv);
			acell_move(a, c);
		} else {
			if (area == (size_t)-1 || a->c[area].plate != plate) {
				c = acell_make(period, prog, plate, NULL,
				    LV_AREA);
				c->e.member_of = national;
				area = acell_move(a, c);
			}
			acell_add(&a->c[area], v, nv);
		}
	}
	if (prov)
		acell_move(a, prov);
	if (total) {
		if (!r->province)
			acell_move(a, total);
		else {
			free(total->period);
			free(total->programme);
			free(total);
		}
	}
	e = xcalloc(a->n ? a->n : 1, sizeof *e);
	for (i = 0; i < a->n; i++) {
		e[i] = a->c[i].e;
		e[i].count = a->c[i].v[0];
	}
	sdc_suppress(e, a->n, r->min_count);
	for (i = 0; i < a->n; i++)
		a->c[i].e.mark = e[i].mark;
	free(e);
}

static const char *
level_name(enum level l)
{
	return l == LV_AREA ? "area" : l == LV_PROVINCE ? "province" : "total";
}

static const char *
plate_name(int plate)
{
	const char *n = geo_province_name(plate);

	return n ? n : "(unknown)";
}

static const char *suppression_note =
    "Cells counting fewer cases than the minimum are withheld"
    " (suppressed), with others where needed so that none can be worked"
    " out from a total (complementary).";

/*
 * Writes the table a with the value columns vcol[0..nv).  The rows are
 * keyed by period and programme, or, for transitions (window set), by the
 * window alone, and then get a last value: the rate of v[3] per v[0], in
 * tenths of a percent.
 */
static void
atable_write(struct report *r, struct atable *a, const char *title,
	const struct rtab_col *vcol, int nv, const char *extra_note,
	int window)
{
	struct rtab_col cols[16];
	struct rtab t;
	struct buf note = BUF_INIT;
	size_t ncol = 0, i;
	int j;
	char plate[16];

	if (window)
		cols[ncol++] = (struct rtab_col){ "window", RTAB_STR };
	else {
		cols[ncol++] = (struct rtab_col){ "period", RTAB_STR };
		cols[ncol++] = (struct rtab_col){ "programme", RTAB_STR };
	}
	cols[ncol++] = (struct rtab_col){ "level", RTAB_STR };
	cols[ncol++] = (struct rtab_col){ "province", RTAB_STR };
	cols[ncol++] = (struct rtab_col){ "province_name", RTAB_STR };
	if (r->by == REPORT_BY_DISTRICT)
		cols[ncol++] = (struct rtab_col){ "district", RTAB_STR };
	for (j = 0; j < nv; j++)
		cols[ncol++] = vcol[j];
	if (window)
		cols[ncol++] = (struct rtab_col){ "rate_pct", RTAB_PERMILLE };
	cols[ncol++] = (struct rtab_col){ "note", RTAB_STR };
	buf_printf(&note, "As of %s.  Minimum count %" PRId64 ".  %s",
	    r->as_of, r->min_count, suppression_note);
	rtab_begin(&t, r->format, r->out, cols, ncol, 0, title, buf_str(&note));
	if (extra_note)
		rtab_note(&t, extra_note);
	buf_release(&note);
	for (i = 0; i < a->n; i++) {
		struct acell *c = &a->c[i];
		int shown = c->e.mark == SDC_SHOWN;

		rtab_str(&t, c->period);
		if (!window)
			rtab_str(&t, c->programme);
		rtab_str(&t, level_name(c->level));
		if (c->level == LV_TOTAL) {
			rtab_empty(&t);
			rtab_str(&t, "total");
		} else {
			snprintf(plate, sizeof plate, "%d", c->plate);
			rtab_str(&t, plate);
			rtab_str(&t, plate_name(c->plate));
		}
		if (r->by == REPORT_BY_DISTRICT)
			rtab_str(&t, c->level == LV_AREA ? c->district : "");
		for (j = 0; j < nv; j++)
			if (shown)
				rtab_int(&t, c->v[j]);
			else
				rtab_empty(&t);
		if (window && shown && c->v[0] > 0)
			rtab_int(&t, (c->v[3] * 2000 + c->v[0]) / (2 * c->v[0]));
		else if (window)
			rtab_empty(&t);
		rtab_str(&t, sdc_mark_name(c->e.mark));
		rtab_end(&t);
	}
	rtab_finish(&t);
}

/* Orders bars: largest first, withheld ones last, then by name. */
static int
cmp_items(const void *a, const void *b)
{
	const struct chart_item *x = a, *y = b;

	if (x->suppressed != y->suppressed)
		return x->suppressed - y->suppressed;
	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return strcmp(x->label, y->label);
}

/*
 * Draws the areas of one period and programme of a: value v[vi], as a
 * map and bars.  The period is --period or the latest; the programme is
 * --programme, or the only one.
 */
static void
atable_draw(struct report *r, struct atable *a, const char *what,
	const char *unit, int money, int vi)
{
	struct chart_item *item;
	struct chart c;
	struct buf title = BUF_INIT, sub = BUF_INIT, progs = BUF_INIT;
	const char *period = r->period, *prog = r->programme;
	size_t i, n = 0;
	int several = 0;

	if (r->by == REPORT_BY_DISTRICT && !r->province)
		die("a map of districts is of one province: give --province"
		    " PLATE");
	for (i = 0; i < a->n; i++) {
		if (a->c[i].level != LV_AREA)
			continue;
		if (!r->period && (!period || strcmp(a->c[i].period, period) > 0))
			period = a->c[i].period;
		if (!r->programme) {
			if (!prog)
				prog = a->c[i].programme;
			else if (strcmp(prog, a->c[i].programme) != 0)
				several = 1;
		}
	}
	if (several) {
		for (i = 0; i < a->n; i++)
			if (a->c[i].level == LV_TOTAL &&
			    strcmp(a->c[i].period, period) == 0)
				buf_printf(&progs, " %s", a->c[i].programme);
		die("the table has several programmes (%s); draw one with"
		    " --programme NAME", progs.len ? progs.p + 1 : "");
	}
	item = xcalloc(a->n + 1, sizeof *item);
	for (i = 0; i < a->n; i++) {
		struct acell *e = &a->c[i];

		if (e->level != LV_AREA || !period || !prog ||
		    (r->province && e->plate != r->province) ||
		    strcmp(e->period, period) != 0 ||
		    strcmp(e->programme, prog) != 0)
			continue;
		item[n].plate = e->plate;
		item[n].district = e->district;
		item[n].label = e->district ? e->district : plate_name(e->plate);
		item[n].value = e->e.mark == SDC_SHOWN ? e->v[vi] : 0;
		item[n].suppressed = e->e.mark != SDC_SHOWN;
		n++;
	}
	qsort(item, n, sizeof *item, cmp_items);
	if (r->by == REPORT_BY_DISTRICT)
		buf_printf(&title, "%s by district, %s", what,
		    plate_name(r->province));
	else
		buf_printf(&title, "%s by province", what);
	buf_printf(&sub, "as of %s · period %s · programme %s", r->as_of,
	    period ? period : "none", prog ? prog : "none");
	memset(&c, 0, sizeof c);
	c.title = buf_str(&title);
	c.subtitle = buf_str(&sub);
	c.unit = unit;
	c.money = money;
	c.min_count = (int)r->min_count;
	c.map = r->by == REPORT_BY_DISTRICT ? CHART_DISTRICTS : CHART_PROVINCES;
	c.province = r->province;
	c.geodir = r->geodir;
	c.item = item;
	c.n = n;
	if (chart_write_svg(r->svg, &c) != 0)
		r->failed = 2;
	free(item);
	buf_release(&title);
	buf_release(&sub);
	buf_release(&progs);
}

/* Binds --period (?1) and --province (?2), either NULL when not given. */
static void
bind_filters(struct report *r, sqlite3_stmt *st)
{
	if (r->period)
		sqlite3_bind_text(st, 1, r->period, -1, SQLITE_STATIC);
	if (r->province)
		sqlite3_bind_int(st, 2, r->province);
}

static const char caseload_note[] = "households: households entitled for"
    " the period, net of what sanctions withhold; persons: their members"
    " (one for a programme paid to a person); amount in TRY.";

void
report_caseload(struct report *r)
{
	static const struct rtab_col vcol[] = { { "households", RTAB_INT },
		{ "persons", RTAB_INT }, { "amount", RTAB_MONEY } };
	struct atable a;
	sqlite3_stmt *st;

	st = store_prepare(r->s, "SELECT e.period, e.programme,"
	    " coalesce(h.province, 0), coalesce(h.district, ''),"
	    " count(DISTINCT e.household_id),"
	    " sum(CASE WHEN e.person_id = '' THEN h.size ELSE 1 END),"
	    " sum(e.amount - e.withheld)"
	    " FROM entitlement e JOIN household h"
	    " ON h.household_id = e.household_id"
	    " WHERE e.status = 'open' AND e.amount - e.withheld > 0"
	    " AND (?1 IS NULL OR e.period = ?1)"
	    " AND (?2 IS NULL OR h.province = ?2)"
	    " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
	bind_filters(r, st);
	atable_build(r, &a, st, 3);
	sqlite3_finalize(st);
	if (r->svg)
		atable_draw(r, &a, "Caseload", "households", 0, 0);
	else
		atable_write(r, &a, r->by == REPORT_BY_DISTRICT ?
		    "Caseload by district" : "Caseload by province", vcol, 3,
		    caseload_note, 0);
	atable_free(&a);
}

/*
 * Checks that the totals of the table a of payments, for each pay period,
 * are what the period's messages declared (their counts and control
 * sums), that is, those of the bank files; adds the text table's note.
 * The table's own totals are compared, so that what is printed is what
 * is checked, and the payments are not read again.
 */
static void
reconcile(struct report *r, const struct atable *a, struct buf *note)
{
	sqlite3_stmt *st;
	size_t i;

	st = store_prepare(r->s, "SELECT period, count(*), sum(payments),"
	    " sum(total) FROM pay_batch WHERE ?1 IS NULL OR period = ?1"
	    " GROUP BY period ORDER BY period");
	if (r->period)
		sqlite3_bind_text(st, 1, r->period, -1, SQLITE_STATIC);
	while (store_step(r->s, st, "cannot read the messages") == SQLITE_ROW) {
		const char *period = (const char *)sqlite3_column_text(st, 0);
		int64_t payments = sqlite3_column_int64(st, 2);
		int64_t total = sqlite3_column_int64(st, 3), n = 0, sum = 0;
		char m[24];

		for (i = 0; i < a->n; i++)
			if (a->c[i].level == LV_TOTAL &&
			    strcmp(a->c[i].period, period) == 0) {
				n += a->c[i].v[1];
				sum += a->c[i].v[2];
			}
		if (n != payments || sum != total) {
			error("%s: period %s: the payments do not add up to"
			    " the messages' control sums", r->s->path, period);
			r->failed = 1;
			continue;
		}
		money_format(total, m);
		buf_printf(note, "%s%s: %" PRId64 " message(s), %" PRId64
		    " payments, control sum %s TRY: reconciled.",
		    note->len ? "  " : "Period ", period,
		    (int64_t)sqlite3_column_int64(st, 1), payments, m);
	}
	sqlite3_finalize(st);
}

void
report_payments(struct report *r)
{
	static const struct rtab_col vcol[] = { { "households", RTAB_INT },
		{ "payments", RTAB_INT }, { "issued", RTAB_MONEY },
		{ "returned", RTAB_MONEY }, { "recovered", RTAB_MONEY } };
	struct buf note = BUF_INIT;
	struct atable a;
	sqlite3_stmt *st;

	st = store_prepare(r->s, "SELECT * FROM (SELECT"
	    " coalesce(b.period, substr(u.as_of, 1, 7)) AS period,"
	    " p.programme, coalesce(h.province, 0), coalesce(h.district, ''),"
	    " count(DISTINCT CASE WHEN p.message_id IS NOT NULL"
	    " THEN p.household_id END),"
	    " sum(p.message_id IS NOT NULL),"
	    " sum(CASE WHEN p.message_id IS NOT NULL THEN p.amount ELSE 0 END),"
	    " sum(CASE WHEN p.status IN ('rejected', 'returned')"
	    " THEN p.amount ELSE 0 END),"
	    " sum(CASE WHEN p.kind = 'recovery' THEN -p.amount ELSE 0 END)"
	    " FROM payment p LEFT JOIN pay_batch b"
	    " ON b.message_id = p.message_id"
	    " JOIN run u ON u.run_id = p.run_id"
	    " LEFT JOIN household h ON h.household_id = p.household_id"
	    " WHERE ?2 IS NULL OR h.province = ?2"
	    " GROUP BY 1, 2, 3, 4) WHERE ?1 IS NULL OR period = ?1"
	    " ORDER BY 1, 2, 3, 4");
	bind_filters(r, st);
	atable_build(r, &a, st, 5);
	sqlite3_finalize(st);
	if (!r->province)
		reconcile(r, &a, &note);
	if (r->svg)
		atable_draw(r, &a, "Payments", "TRY", 1, 2);
	else
		atable_write(r, &a, r->by == REPORT_BY_DISTRICT ?
		    "Payments by district" : "Payments by province", vcol, 5,
		    note.len ? buf_str(&note) : NULL, 0);
	buf_release(&note);
	atable_free(&a);
}

/* ------------------------------------------------------------------ */
/* transitions: from assistance into insured employment */

/*
 * Over the window (transition_window_days before the as-of day): the
 * working-age members of households entitled to a household programme in
 * a month of the window, and of them those referred to the employment
 * service, placed by it, starting insured work (a placement, or an SGK
 * registration as employed starting in the window), and still insured
 * 180 days (monitor_days) after that start.  By province, with the rate.
 */
void
report_transitions(struct report *r)
{
	static const struct rtab_col vcol[] = {
		{ "working_age", RTAB_INT }, { "referred", RTAB_INT },
		{ "placed", RTAB_INT }, { "employed", RTAB_INT },
		{ "still_employed", RTAB_INT } };
	int64_t window = param(r, "transition_window_days");
	int64_t monitor = param(r, "monitor_days");
	int64_t age_min = param(r, "work_age_min"), age_max = param(r,
	    "work_age_max");
	struct buf title = BUF_INIT, note = BUF_INIT;
	struct atable a;
	sqlite3_stmt *st;
	char from[11];

	date_format(r->day - (int32_t)window, from);
	/* The atable's machinery, with one "period" (the window) and one
	 * "programme" (all); v: working_age, referred, placed, employed,
	 * still employed.  Set-based: every step is a join or a GROUP BY (no correlated
	 * subquery over a WITH table, which SQLite would scan per row). */
	st = store_prepare(r->s, "WITH"
	    " ben (person_id, household_id) AS (SELECT DISTINCT m.person_id,"
	    " m.household_id FROM entitlement e JOIN member m"
	    " ON m.household_id = e.household_id WHERE e.person_id = ''"
	    " AND e.status = 'open' AND e.amount - e.withheld > 0"
	    " AND e.period BETWEEN substr(:from, 1, 7) AND substr(:asof, 1, 7)),"
	    /* Every step from the beneficiaries, through the indexes: the
	     * registries are read for them only, not scanned whole. */
	    " bp (person_id) AS (SELECT DISTINCT person_id FROM ben),"
	    /* A person's birth date: the latest of the live civil records of
	     * the living, by valid national id or, without one, by link. */
	    " born (person_id, birth_date) AS (SELECT person_id,"
	    " max(birth_date) FROM (SELECT b.person_id, c.birth_date"
	    " FROM bp b JOIN person_nid n ON n.person_id = b.person_id"
	    " JOIN src_civil c ON c.national_id = n.national_id"
	    " WHERE c.ended IS NULL AND c.death_date IS NULL"
	    " UNION ALL SELECT b.person_id, c.birth_date FROM bp b"
	    " JOIN link l ON l.person_id = b.person_id JOIN src_civil c"
	    " ON c.source = l.source AND c.record_id = l.record_id"
	    " WHERE c.national_id IS NULL AND c.ended IS NULL"
	    " AND c.death_date IS NULL) GROUP BY person_id),"
	    " wa (person_id, household_id) AS (SELECT b.person_id,"
	    " b.household_id FROM ben b JOIN born USING (person_id)"
	    " WHERE born.birth_date BETWEEN"
	    " date(:asof, '-' || (:max + 1) || ' years', '+1 day')"
	    " AND date(:asof, '-' || :min || ' years')),"
	    " wp (person_id) AS (SELECT DISTINCT person_id FROM wa),"
	    " ev (person_id, referred, placed, placement) AS (SELECT"
	    " w.person_id, max(i.event = 'referral'), max(i.event ="
	    " 'placement'), min(CASE WHEN i.event = 'placement'"
	    " THEN i.event_date END) FROM wp w JOIN person_nid n"
	    " ON n.person_id = w.person_id JOIN src_iskur i"
	    " ON i.national_id = n.national_id WHERE i.ended IS NULL"
	    " AND i.event_date BETWEEN :from AND :asof GROUP BY w.person_id),"
	    " hired (person_id, start_date) AS (SELECT w.person_id,"
	    " min(g.start_date) FROM wp w JOIN person_nid n"
	    " ON n.person_id = w.person_id JOIN src_sgk g"
	    " ON g.national_id = n.national_id WHERE g.ended IS NULL"
	    " AND g.status = 'employed' AND g.start_date BETWEEN :from"
	    " AND :asof GROUP BY w.person_id),"
	    " moved (person_id, household_id, referred, placed, start) AS"
	    " (SELECT wa.person_id, wa.household_id,"
	    " coalesce(ev.referred, 0), coalesce(ev.placed, 0),"
	    " CASE WHEN ev.placement IS NULL THEN hired.start_date"
	    " WHEN hired.start_date IS NULL THEN ev.placement"
	    " ELSE min(ev.placement, hired.start_date) END"
	    " FROM wa LEFT JOIN ev USING (person_id)"
	    " LEFT JOIN hired USING (person_id)),"
	    " still (person_id) AS (SELECT DISTINCT mv.person_id FROM moved mv"
	    " JOIN person_nid n ON n.person_id = mv.person_id"
	    " JOIN src_sgk g ON g.national_id = n.national_id"
	    " WHERE mv.start <= date(:asof, '-' || :monitor || ' days')"
	    " AND g.ended IS NULL AND g.status = 'employed'"
	    " AND g.start_date <= date(mv.start, '+' || :monitor || ' days')"
	    " AND (g.end_date IS NULL OR g.end_date >="
	    " date(mv.start, '+' || :monitor || ' days')))"
	    " SELECT :from || '..' || :asof, 'all', coalesce(h.province, 0),"
	    " coalesce(h.district, ''), count(*), sum(mv.referred),"
	    " sum(mv.placed), sum(mv.start IS NOT NULL),"
	    " sum(still.person_id IS NOT NULL) FROM moved mv"
	    " LEFT JOIN still USING (person_id)"
	    " JOIN household h ON h.household_id = mv.household_id"
	    " WHERE :province IS NULL OR h.province = :province"
	    " GROUP BY 3, 4 ORDER BY 3, 4");
	store_bind_text(st, ":from", from);
	store_bind_text(st, ":asof", r->as_of);
	store_bind_int(st, ":min", age_min);
	store_bind_int(st, ":max", age_max);
	store_bind_int(st, ":monitor", monitor);
	if (r->province)
		store_bind_int(st, ":province", r->province);
	atable_build(r, &a, st, 5);
	sqlite3_finalize(st);

	buf_printf(&title, "Transitions from assistance into insured"
	    " employment, %s to %s", from, r->as_of);
	buf_printf(&note, "Counted in persons.  working_age: %" PRId64
	    " to %" PRId64 " on the as-of day, in a household entitled to a"
	    " household programme in the window.  employed: a placement or"
	    " an insured job starting in the window; still_employed: insured"
	    " %" PRId64 " days after it.  rate_pct: employed per working-age"
	    " beneficiary (the published figure for Türkiye is about"
	    " 13.8 %%).", age_min, age_max, monitor);
	atable_write(r, &a, buf_str(&title), vcol, 5, buf_str(&note), 1);
	atable_free(&a);
	buf_release(&title);
	buf_release(&note);
}

/* ------------------------------------------------------------------ */
/* hss: the Household Support System's target list */

void
report_hss(struct report *r)
{
	static const struct rtab_col cols[] = { { "household_id", RTAB_STR },
		{ "province", RTAB_STR }, { "province_name", RTAB_STR },
		{ "district", RTAB_STR }, { "size", RTAB_INT },
		{ "representative", RTAB_STR }, { "regular", RTAB_MONEY },
		{ "last_iskur_event", RTAB_STR } };
	int64_t max = param(r, "hss_regular_max");
	int64_t days = param(r, "hss_iskur_days");
	struct buf note = BUF_INIT;
	struct rtab t;
	sqlite3_stmt *st;
	char m[24], plate[16];

	money_format(max, m);
	buf_printf(&note, "Households with no member in insured work or"
	    " retired, regular assistance for %.7s of at most %s TRY, and no"
	    " event of the employment service in the %" PRId64 " days to"
	    " %s.", r->as_of, m, days, r->as_of);
	rtab_begin(&t, r->format, r->out, cols, 8, 1,
	    "Household Support System: households to visit", buf_str(&note));
	buf_release(&note);
	st = store_prepare(r->s, "WITH"
	    " work (household_id) AS (SELECT DISTINCT m.household_id FROM"
	    " src_sgk g JOIN person_nid n ON n.national_id = g.national_id"
	    " JOIN member m ON m.person_id = n.person_id WHERE g.ended IS NULL"
	    " AND (g.status = 'pensioner' OR (g.status IN ('employed',"
	    " 'self_employed') AND (g.start_date IS NULL OR g.start_date <="
	    " :asof) AND (g.end_date IS NULL OR g.end_date >= :asof)))),"
	    " iskur (household_id, last) AS (SELECT m.household_id,"
	    " max(i.event_date) FROM src_iskur i JOIN person_nid n"
	    " ON n.national_id = i.national_id JOIN member m"
	    " ON m.person_id = n.person_id WHERE i.ended IS NULL"
	    " AND i.event_date <= :asof GROUP BY m.household_id),"
	    " reg (household_id, amount) AS (SELECT household_id,"
	    " sum(amount - withheld) FROM entitlement WHERE programme ="
	    " 'regular' AND status = 'open' AND period = substr(:asof, 1, 7)"
	    " GROUP BY household_id)"
	    " SELECT h.household_id, h.province, h.district, h.size,"
	    " h.representative, coalesce(reg.amount, 0), iskur.last"
	    " FROM household h LEFT JOIN reg USING (household_id)"
	    " LEFT JOIN iskur USING (household_id)"
	    " WHERE h.ended_run IS NULL"
	    " AND h.household_id NOT IN (SELECT household_id FROM work)"
	    " AND coalesce(reg.amount, 0) <= :max"
	    " AND (iskur.last IS NULL OR iskur.last <"
	    " date(:asof, '-' || :days || ' days'))"
	    " AND (:province IS NULL OR h.province = :province)"
	    " ORDER BY h.province, h.district, h.household_id");
	store_bind_text(st, ":asof", r->as_of);
	store_bind_int(st, ":max", max);
	store_bind_int(st, ":days", days);
	if (r->province)
		store_bind_int(st, ":province", r->province);
	while (store_step(r->s, st, "cannot read the households") ==
	    SQLITE_ROW) {
		put_column(&t, st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			rtab_empty(&t);
			rtab_empty(&t);
		} else {
			snprintf(plate, sizeof plate, "%d",
			    sqlite3_column_int(st, 1));
			rtab_str(&t, plate);
			rtab_str(&t, plate_name(sqlite3_column_int(st, 1)));
		}
		put_column(&t, st, 2);
		put_number(&t, st, 3);
		put_column(&t, st, 4);
		put_number(&t, st, 5);
		put_column(&t, st, 6);
		rtab_end(&t);
	}
	sqlite3_finalize(st);
	rtab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* flags: the audit list (found by flags_refresh, see flags.h) */

void
report_flags(struct report *r)
{
	static const struct rtab_col cols[] = { { "flag_id", RTAB_INT },
		{ "kind", RTAB_STR }, { "status", RTAB_STR },
		{ "household_id", RTAB_STR }, { "person_id", RTAB_STR },
		{ "entity", RTAB_STR }, { "evidence", RTAB_STR },
		{ "first_run", RTAB_INT }, { "status_run", RTAB_INT },
		{ "note", RTAB_STR } };
	struct buf title = BUF_INIT;
	struct rtab t;
	sqlite3_stmt *st;

	buf_printf(&title, "Audit flags (%s), as of %s", r->status, r->as_of);
	rtab_begin(&t, r->format, r->out, cols, 10, 1, buf_str(&title),
	    "An auditor closes a flag with isas-report --close FILE flags;"
	    " a closed flag opens again when its evidence changes.");
	buf_release(&title);
	st = store_prepare(r->s, "SELECT flag_id, kind, status, household_id,"
	    " person_id, entity, evidence, first_run, status_run, note"
	    " FROM flag WHERE ?1 = 'all' OR status = ?1"
	    " ORDER BY kind, entity");
	sqlite3_bind_text(st, 1, r->status, -1, SQLITE_STATIC);
	while (store_step(r->s, st, "cannot read the flags") == SQLITE_ROW)
		put_row(&t, st);
	sqlite3_finalize(st);
	rtab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* decisions HOUSEHOLD: everything decided about one household, and why */

static void
decision_rows(struct report *r, struct rtab *t, const char *sql)
{
	sqlite3_stmt *st = store_prepare(r->s, sql);

	sqlite3_bind_text(st, 1, r->arg, -1, SQLITE_STATIC);
	while (store_step(r->s, st, "cannot read the household") ==
	    SQLITE_ROW)
		put_row(t, st);
	sqlite3_finalize(st);
}

void
report_decisions(struct report *r)
{
	static const struct rtab_col cols[] = { { "section", RTAB_STR },
		{ "programme", RTAB_STR }, { "person_id", RTAB_STR },
		{ "name", RTAB_STR }, { "value", RTAB_STR } };
	struct buf title = BUF_INIT;
	struct rtab t;
	sqlite3_stmt *st;
	int found;

	st = store_prepare(r->s, "SELECT EXISTS (SELECT 1 FROM household"
	    " WHERE household_id = ?1) OR EXISTS (SELECT 1 FROM assessment"
	    " WHERE household_id = ?1)");
	sqlite3_bind_text(st, 1, r->arg, -1, SQLITE_STATIC);
	store_step(r->s, st, "cannot read the households");
	found = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!found)
		die("%s: no household '%s'", r->s->path, r->arg);
	buf_printf(&title, "Household %s: its decisions and why", r->arg);
	rtab_begin(&t, r->format, r->out, cols, 5, 1, buf_str(&title), NULL);
	buf_release(&title);
	decision_rows(r, &t, "SELECT 'household', '', '', j.key, j.value"
	    " FROM household h, json_each(json_object('origin', h.origin,"
	    " 'head', h.head, 'representative', h.representative, 'size',"
	    " h.size, 'province', h.province, 'district', h.district,"
	    " 'address', h.address, 'postcode', h.postcode, 'first_run',"
	    " h.first_run, 'last_run', h.last_run, 'ended_run', h.ended_run))"
	    " j WHERE h.household_id = ?1 AND j.value IS NOT NULL");
	/* The members' civil records, found from the members by the
	 * indexes on person_nid and link (not by scanning src_civil). */
	decision_rows(r, &t, "WITH mc (person_id, birth_date, death_date) AS"
	    " (SELECT n.person_id, c.birth_date, c.death_date FROM member m"
	    " JOIN person_nid n ON n.person_id = m.person_id"
	    " JOIN src_civil c ON c.national_id = n.national_id"
	    " WHERE m.household_id = ?1 AND c.ended IS NULL"
	    " UNION ALL SELECT l.person_id, c.birth_date, c.death_date"
	    " FROM member m JOIN link l ON l.person_id = m.person_id"
	    " JOIN src_civil c ON c.source = l.source"
	    " AND c.record_id = l.record_id WHERE m.household_id = ?1"
	    " AND c.national_id IS NULL AND c.ended IS NULL)"
	    " SELECT 'member', '', m.person_id, m.relationship,"
	    " trim(coalesce((SELECT 'born ' || max(birth_date) FROM mc"
	    " WHERE mc.person_id = m.person_id), '') || coalesce((SELECT"
	    " ', died ' || max(death_date) FROM mc WHERE mc.person_id ="
	    " m.person_id), '') || ', attached by ' || m.attached, ', ')"
	    " FROM member m WHERE m.household_id = ?1 ORDER BY m.person_id");
	decision_rows(r, &t, "SELECT 'decision', a.programme, a.person_id,"
	    " j.key, j.value FROM assessment a, json_each(json_object("
	    " 'decision', a.decision, 'computed', a.computed, 'score',"
	    " a.score, 'amount', CASE WHEN a.amount IS NOT NULL THEN"
	    " printf('%d.%02d', a.amount / 100, a.amount % 100) END,"
	    " 'reasons', a.reasons, 'applied', a.applied, 'entitled',"
	    " a.entitled, 'valid_until', a.valid_until, 'board_ref',"
	    " a.board_ref, 'as_of', a.as_of, 'run_id', a.run_id,"
	    " 'rules_version', a.rules_version, 'rules_sha256',"
	    " a.rules_sha256, 'params_sha256', a.params_sha256)) j"
	    " WHERE a.household_id = ?1 AND j.value IS NOT NULL"
	    " ORDER BY a.programme, a.person_id, j.id");
	decision_rows(r, &t, "SELECT 'explain', a.programme, a.person_id,"
	    " x.what || ' ' || x.name, CASE WHEN j.type = 'null' THEN ''"
	    " ELSE j.value END FROM assessment a, json_each(a.explain) j"
	    " JOIN explain_column x ON x.rules_sha256 = a.rules_sha256"
	    " AND x.programme = a.programme AND x.seq = j.key"
	    " WHERE a.household_id = ?1 ORDER BY a.programme, a.person_id,"
	    " x.seq");
	decision_rows(r, &t, "SELECT 'history', programme, person_id,"
	    " 'run ' || run_id, decision || coalesce(' ' || printf('%d.%02d',"
	    " amount / 100, amount % 100), '') || ' ' || reasons"
	    " FROM assessment_log WHERE household_id = ?1"
	    " ORDER BY programme, person_id, run_id");
	decision_rows(r, &t, "SELECT 'entitlement', programme, person_id,"
	    " period, status || ' ' || printf('%d.%02d', amount / 100,"
	    " amount % 100) || CASE WHEN withheld THEN ' withheld ' ||"
	    " printf('%d.%02d', withheld / 100, withheld % 100) ELSE '' END"
	    " || ' paid ' || printf('%d.%02d', paid / 100, paid % 100) ||"
	    " coalesce(' returned ' || returned, '') FROM entitlement"
	    " WHERE household_id = ?1 ORDER BY programme, person_id, period");
	decision_rows(r, &t, "SELECT 'sanction', programme, person_id,"
	    " kind || ' ' || rule, from_date || coalesce(' to ' || until_date,"
	    " '') || coalesce(' ' || printf('%d.%02d', amount / 100,"
	    " amount % 100), '') || ' run ' || run_id || CASE WHEN"
	    " revoked_run IS NOT NULL THEN ' revoked by run ' || revoked_run"
	    " ELSE '' END FROM sanction_decision WHERE household_id = ?1"
	    " ORDER BY decision_id");
	decision_rows(r, &t, "SELECT 'payment', programme, person_id,"
	    " period || ' ' || kind, printf('%d.%02d', amount / 100,"
	    " abs(amount) % 100) || ' ' || status || coalesce(' ' ||"
	    " end_to_end_id, '') || coalesce(' in ' || message_id, '') ||"
	    " coalesce(' ' || reason_code, '') FROM payment"
	    " WHERE household_id = ?1 ORDER BY payment_id");
	decision_rows(r, &t, "SELECT 'held', programme, person_id,"
	    " period || ' ' || kind, reason FROM pay_hold"
	    " WHERE household_id = ?1 ORDER BY programme, person_id, period");
	decision_rows(r, &t, "SELECT 'flag', '', coalesce(person_id, ''),"
	    " kind, status || ' ' || evidence FROM flag"
	    " WHERE household_id = ?1 ORDER BY kind, entity");
	rtab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* manifest: the runs recorded in the store, with their files' hashes */

void
report_manifest(struct report *r)
{
	static const struct rtab_col cols[] = { { "run_id", RTAB_INT },
		{ "program", RTAB_STR }, { "version", RTAB_STR },
		{ "as_of", RTAB_STR }, { "status", RTAB_STR },
		{ "argv", RTAB_STR }, { "role", RTAB_STR },
		{ "name", RTAB_STR }, { "sha256", RTAB_STR },
		{ "bytes", RTAB_INT }, { "rows", RTAB_INT } };
	struct rtab t;
	sqlite3_stmt *st;

	rtab_begin(&t, r->format, r->out, cols, 11, 0,
	    "The runs recorded in the store, with the files each read and"
	    " wrote", NULL);
	st = store_prepare(r->s, "SELECT r.run_id, r.program, r.version,"
	    " r.as_of, r.status, r.argv, f.role, f.name, f.sha256, f.bytes,"
	    " f.rows FROM run r LEFT JOIN run_file f ON f.run_id = r.run_id"
	    " ORDER BY r.run_id, f.seq");
	while (store_step(r->s, st, "cannot read the runs") == SQLITE_ROW)
		put_row(&t, st);
	sqlite3_finalize(st);
	rtab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* links, review, unattached: the linkage of isas-match */

/*
 * links: one line per record of every source whose kind has a national id,
 * by source then record_id.  The person is that of the record's valid
 * national id, else that of its link, else empty.
 */
void
report_links(struct report *r)
{
	static const struct rtab_col cols[] = { { "source", RTAB_STR },
		{ "record_id", RTAB_STR }, { "person_id", RTAB_STR } };
	sqlite3_stmt *src, *st;
	const struct kind_def *k;
	const char *kind;
	struct rtab t;
	char sql[512];

	rtab_begin(&t, r->format, r->out, cols, 3, 1,
	    "The person of every record", NULL);
	src = store_prepare(r->s, "SELECT name, kind FROM source ORDER BY name");
	while (store_step(r->s, src, "cannot read the sources") == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(src, 1);
		if ((k = kind_find(kind)) == NULL) {
			warning("source '%s' is of kind '%s', unknown to this"
			    " program; left out",
			    (const char *)sqlite3_column_text(src, 0), kind);
			continue;
		}
		if (kind_column(k, "national_id") < 0)
			continue;
		snprintf(sql, sizeof sql, "SELECT r.record_id,"
		    " coalesce(n.person_id, l.person_id) FROM src_%s r"
		    " LEFT JOIN person_nid n ON n.national_id = r.national_id"
		    " LEFT JOIN link l ON r.national_id IS NULL"
		    " AND l.source = r.source AND l.record_id = r.record_id"
		    " WHERE r.source = ?1 ORDER BY r.record_id", k->name);
		st = store_prepare(r->s, sql);
		sqlite3_bind_value(st, 1, sqlite3_column_value(src, 0));
		while (store_step(r->s, st, "cannot read records") ==
		    SQLITE_ROW) {
			put_column(&t, src, 0);
			put_column(&t, st, 0);
			put_column(&t, st, 1);
			rtab_end(&t);
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(src);
	rtab_finish(&t);
}

/* The identity columns of a record in the review list, in their order. */
static const char *const identity_cols[] = { "national_id", "first_name",
	"last_name", "sex", "birth_date", "address" };
#define NIDENTITY (sizeof identity_cols / sizeof identity_cols[0])

/*
 * Prepares the identity query of kind k: the identity columns of one
 * record, given its source (?1) and record_id (?2); NULL for a column the
 * kind lacks.  A national id that failed its check is taken as read, from
 * the record's invalid values.  The caller finalizes the statement.
 */
static sqlite3_stmt *
prepare_identity(struct store *s, const struct kind_def *k)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int c;

	buf_adds(&sql, "SELECT ");
	for (i = 0; i < NIDENTITY; i++) {
		if (i)
			buf_adds(&sql, ", ");
		c = kind_column(k, identity_cols[i]);
		if (c < 0) {
			buf_adds(&sql, "NULL");
		} else if (strcmp(identity_cols[i], "national_id") == 0) {
			buf_adds(&sql, "coalesce(");
			buf_adds(&sql, k->col[c].name);
			buf_adds(&sql, ", json_extract(invalid, '$.national_id.raw'))");
		} else {
			buf_adds(&sql, k->col[c].name);
		}
	}
	buf_adds(&sql, " FROM src_");
	buf_adds(&sql, k->name);
	buf_adds(&sql, " WHERE source = ?1 AND record_id = ?2");
	st = store_prepare(s, buf_str(&sql));
	buf_release(&sql);
	return st;
}

/*
 * Writes the identity of one record: the columns of the review row from
 * col (source, record, kind) on.  The statements of the kinds are prepared
 * when first needed and kept in ident[], one per kind.
 */
static void
put_identity(struct store *s, struct rtab *t, sqlite3_stmt *row, int col,
	     sqlite3_stmt **ident)
{
	const char *kind = (const char *)sqlite3_column_text(row, col + 2);
	const struct kind_def *k = kind ? kind_find(kind) : NULL;
	sqlite3_stmt *st = NULL;
	size_t i, n = 0;

	if (k) {
		i = (size_t)(k - kinds);
		if (!ident[i])
			ident[i] = prepare_identity(s, k);
		st = ident[i];
		sqlite3_bind_value(st, 1, sqlite3_column_value(row, col));
		sqlite3_bind_value(st, 2, sqlite3_column_value(row, col + 1));
	}
	put_column(t, row, col);
	put_column(t, row, col + 1);
	if (st && store_step(s, st, "cannot read a record") == SQLITE_ROW)
		for (; n < NIDENTITY; n++)
			put_column(t, st, (int)n);
	for (; n < NIDENTITY; n++)
		rtab_empty(t);
	if (st)
		sqlite3_reset(st);
}

/*
 * review: the clerical-review list of the last isas-match run, by weight
 * (highest first), then by the two records.
 */
void
report_review(struct report *r)
{
	static const struct rtab_col cols[] = { { "weight", RTAB_STR },
		{ "reason", RTAB_STR }, { "source_a", RTAB_STR },
		{ "record_a", RTAB_STR }, { "national_id_a", RTAB_STR },
		{ "first_name_a", RTAB_STR }, { "last_name_a", RTAB_STR },
		{ "sex_a", RTAB_STR }, { "birth_date_a", RTAB_STR },
		{ "address_a", RTAB_STR }, { "source_b", RTAB_STR },
		{ "record_b", RTAB_STR }, { "national_id_b", RTAB_STR },
		{ "first_name_b", RTAB_STR }, { "last_name_b", RTAB_STR },
		{ "sex_b", RTAB_STR }, { "birth_date_b", RTAB_STR },
		{ "address_b", RTAB_STR }, { "breakdown", RTAB_STR } };
	sqlite3_stmt *st, **ident;
	struct rtab t;
	char w[64];
	size_t i;

	rtab_begin(&t, r->format, r->out, cols, 19, 1,
	    "Pairs of records for clerical review", NULL);
	ident = xcalloc(nkinds, sizeof *ident);
	st = store_prepare(r->s, "SELECT r.weight, r.reason,"
	    " r.source_a, r.record_a, sa.kind,"
	    " r.source_b, r.record_b, sb.kind, r.breakdown"
	    " FROM match_review r"
	    " LEFT JOIN source sa ON sa.name = r.source_a"
	    " LEFT JOIN source sb ON sb.name = r.source_b"
	    " ORDER BY r.weight DESC, r.source_a, r.record_a,"
	    " r.source_b, r.record_b");
	while (store_step(r->s, st, "cannot read the review list") ==
	    SQLITE_ROW) {
		snprintf(w, sizeof w, "%.2f", sqlite3_column_double(st, 0));
		rtab_str(&t, strcmp(w, "-0.00") == 0 ? "0.00" : w);
		put_column(&t, st, 1);
		put_identity(r->s, &t, st, 2, ident);
		put_identity(r->s, &t, st, 5, ident);
		put_column(&t, st, 8);
		rtab_end(&t);
	}
	sqlite3_finalize(st);
	for (i = 0; i < nkinds; i++)
		sqlite3_finalize(ident[i]);
	free(ident);
	rtab_finish(&t);
}

/*
 * unattached: the records of each person in no household, by person, then
 * source and record_id.  A person's records are those linked to it and
 * those of name-bearing kinds whose valid national id is its own.  A person
 * left with no record still gets one line, with the record empty.
 */
void
report_unattached(struct report *r)
{
	static const struct rtab_col cols[] = { { "person_id", RTAB_STR },
		{ "reason", RTAB_STR }, { "source", RTAB_STR },
		{ "record_id", RTAB_STR } };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	struct rtab t;
	size_t i;

	rtab_begin(&t, r->format, r->out, cols, 4, 1,
	    "Persons in no household, with their records", NULL);
	buf_adds(&sql, "WITH r (person_id, source, record_id) AS ("
	    "SELECT l.person_id, l.source, l.record_id FROM unattached u"
	    " JOIN link l ON l.person_id = u.person_id");
	for (i = 0; i < nkinds; i++) {
		if (!kinds[i].person || kind_column(&kinds[i], "national_id") < 0)
			continue;
		buf_adds(&sql, " UNION SELECT n.person_id, x.source, x.record_id"
		    " FROM src_");
		buf_adds(&sql, kinds[i].name);
		buf_adds(&sql, " x JOIN person_nid n ON n.national_id ="
		    " x.national_id JOIN unattached u ON u.person_id = n.person_id");
	}
	buf_adds(&sql, ") SELECT u.person_id, u.reason, r.source, r.record_id"
	    " FROM unattached u LEFT JOIN r ON r.person_id = u.person_id"
	    " ORDER BY u.person_id, r.source, r.record_id");
	st = store_prepare(r->s, buf_str(&sql));
	buf_release(&sql);
	while (store_step(r->s, st, "cannot read the unattached persons")
	    == SQLITE_ROW)
		put_row(&t, st);
	sqlite3_finalize(st);
	rtab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* summary of a stream */

/* The columns a stream's rows are counted by, when it has them. */
static const char *const stream_keys[] = { "source", "change", "programme",
	"decision", "kind", "rule", "reason", "status", "period" };
#define NKEYS (sizeof stream_keys / sizeof stream_keys[0])

/*
 * Counts the rows of a TSV stream (any of the programs' streams: changes,
 * decisions, sanctions, referrals, held payments ...) by the columns of
 * stream_keys it has, in that order, with the sum of amount_kurus when it
 * has one.  The counting is done by an in-memory SQLite database, which
 * also sorts.
 */
void
report_stream_summary(struct report *r, const char *path)
{
	struct input_options o = { .format = INPUT_TSV, .allow_empty = 1 };
	const struct input_record *rec;
	struct rtab_col cols[NKEYS + 2];
	int key[NKEYS], amount_col;
	struct buf sql = BUF_INIT, title = BUF_INIT;
	size_t nkey = 0, i;
	struct input *in;
	sqlite3 *db;
	sqlite3_stmt *ins, *st;
	struct rtab t;
	const char *name = strcmp(path, "-") == 0 ? "-" : path;
	uint64_t bad = 0;
	int64_t kurus;

	if ((in = input_open(path, &o)) == NULL) {
		r->failed = 2;
		return;
	}
	rec = input_header(in);
	if (rec && rec->nfield > 0 && rec->field[0][0] == '#')
		rec = input_next(in);	/* a person-level report's warning */
	for (i = 0; i < NKEYS; i++) {
		size_t f;

		key[i] = -1;
		for (f = 0; rec && f < rec->nfield; f++)
			if (strcmp(rec->field[f], stream_keys[i]) == 0)
				key[i] = (int)f;
		if (key[i] >= 0)
			cols[nkey++] = (struct rtab_col){ stream_keys[i],
			    RTAB_STR };
	}
	amount_col = -1;
	for (i = 0; rec && i < rec->nfield; i++)
		if (strcmp(rec->field[i], "amount_kurus") == 0)
			amount_col = (int)i;
	cols[nkey] = (struct rtab_col){ "rows", RTAB_INT };
	cols[nkey + 1] = (struct rtab_col){ "amount", RTAB_MONEY };

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		die("cannot open an in-memory database");
	buf_adds(&sql, "CREATE TABLE s (amount INTEGER");
	for (i = 0; i < nkey; i++)
		buf_printf(&sql, ", k%zu TEXT", i);
	buf_adds(&sql, ")");
	if (sqlite3_exec(db, buf_str(&sql), NULL, NULL, NULL) != SQLITE_OK)
		die("cannot count: %s", sqlite3_errmsg(db));
	buf_reset(&sql);
	buf_adds(&sql, "INSERT INTO s VALUES (?");
	for (i = 0; i < nkey; i++)
		buf_adds(&sql, ", ?");
	buf_adds(&sql, ")");
	if (sqlite3_prepare_v2(db, buf_str(&sql), -1, &ins, NULL) != SQLITE_OK)
		die("cannot count: %s", sqlite3_errmsg(db));
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	while ((rec = input_next(in)) != NULL) {
		size_t k = 0, f;

		if (rec->problem != INPUT_REC_OK) {
			error("%s:%" PRIu64 ": %s; row left out", name,
			    rec->line, input_problem_text(rec->problem));
			bad++;
			continue;
		}
		sqlite3_reset(ins);
		sqlite3_bind_null(ins, 1);
		if (amount_col >= 0 && (size_t)amount_col < rec->nfield &&
		    rec->len[amount_col] > 0) {
			char *end;

			kurus = strtoll(rec->field[amount_col], &end, 10);
			if (*end) {
				error("%s:%" PRIu64 ": amount_kurus '%s' is not"
				    " a whole number; row left out", name,
				    rec->line, rec->field[amount_col]);
				bad++;
				continue;
			}
			sqlite3_bind_int64(ins, 1, kurus);
		}
		for (i = 0; i < NKEYS; i++) {
			if (key[i] < 0)
				continue;
			f = (size_t)key[i];
			sqlite3_bind_text(ins, (int)k + 2, f < rec->nfield ?
			    rec->field[f] : "", -1, SQLITE_TRANSIENT);
			k++;
		}
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("cannot count: %s", sqlite3_errmsg(db));
	}
	if (input_failed(in))
		r->failed = 2;
	input_free(in);
	sqlite3_finalize(ins);

	buf_printf(&title, "Summary of the stream %s", name);
	rtab_begin(&t, r->format, r->out, cols, nkey + 2, 0, buf_str(&title),
	    NULL);
	buf_reset(&sql);
	buf_adds(&sql, "SELECT count(*), sum(amount)");
	for (i = 0; i < nkey; i++)
		buf_printf(&sql, ", k%zu", i);
	buf_adds(&sql, " FROM s");
	if (nkey) {
		buf_adds(&sql, " GROUP BY ");
		for (i = 0; i < nkey; i++)
			buf_printf(&sql, "%sk%zu", i ? ", " : "", i);
		buf_adds(&sql, " ORDER BY ");
		for (i = 0; i < nkey; i++)
			buf_printf(&sql, "%sk%zu", i ? ", " : "", i);
	}
	if (sqlite3_prepare_v2(db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
		die("cannot count: %s", sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < nkey; i++)
			rtab_str(&t, (const char *)sqlite3_column_text(st,
			    (int)i + 2));
		rtab_int(&t, sqlite3_column_int64(st, 0));
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			rtab_empty(&t);
		else
			rtab_int(&t, sqlite3_column_int64(st, 1));
		rtab_end(&t);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	rtab_finish(&t);
	buf_release(&sql);
	buf_release(&title);
	if (bad && !r->failed)
		r->failed = 1;
}

/* ------------------------------------------------------------------ */
/* caseload and payments again, from their TSV */

/*
 * Reads a table that caseload or payments printed as TSV (an archived
 * night's, say) and prints it as text or draws it, as printed from the
 * store: the cells already withheld stay withheld (their note says so).
 * Nothing is counted or withheld again.
 */
void
report_stream_table(struct report *r, const char *path, int payments)
{
	static const struct rtab_col caseload_cols[] = {
		{ "households", RTAB_INT }, { "persons", RTAB_INT },
		{ "amount", RTAB_MONEY } };
	static const struct rtab_col payments_cols[] = {
		{ "households", RTAB_INT }, { "payments", RTAB_INT },
		{ "issued", RTAB_MONEY }, { "returned", RTAB_MONEY },
		{ "recovered", RTAB_MONEY } };
	static const char *const keys[] = { "period", "programme", "level",
		"province", "district", "note" };
	const struct rtab_col *vcol = payments ? payments_cols : caseload_cols;
	struct input_options o = { .format = INPUT_TSV };
	int nv = payments ? 5 : 3, col[6], vc[NV], j;
	const struct input_record *rec;
	const char *name = path;
	struct atable a;
	struct acell *c;
	struct input *in;
	size_t i;

	memset(&a, 0, sizeof a);
	if ((in = input_open(path, &o)) == NULL) {
		r->failed = 2;
		return;
	}
	for (i = 0; i < 6; i++)
		if ((col[i] = input_column(in, keys[i])) < 0 && i != 4) {
			error("%s: no column %s: not a table of %s", name,
			    keys[i], payments ? "payments" : "caseload");
			r->failed = 2;
			input_free(in);
			return;
		}
	for (j = 0; j < nv; j++)
		if ((vc[j] = input_column(in, vcol[j].name)) < 0) {
			error("%s: no column %s: not a table of %s", name,
			    vcol[j].name, payments ? "payments" : "caseload");
			r->failed = 2;
			input_free(in);
			return;
		}
	r->by = col[4] >= 0 ? REPORT_BY_DISTRICT : REPORT_BY_PROVINCE;
	while ((rec = input_next(in)) != NULL) {
		const char *level, *note;
		int64_t v[NV];
		int bad = rec->problem != INPUT_REC_OK ||
		    rec->nfield <= (size_t)col[5];

		for (j = 0; !bad && j < nv; j++) {
			const char *f = rec->field[vc[j]];
			size_t len = rec->len[vc[j]];

			v[j] = 0;
			if (len == 0)
				continue;
			if (vcol[j].type == RTAB_MONEY)
				bad = money_parse(f, len, 1, &v[j]) != 0;
			else
				bad = int_parse(f, len, &v[j]) != 0;
		}
		if (bad) {
			error_at(name, rec->line, "not a row of the table;"
			    " left out");
			r->failed = 1;
			continue;
		}
		level = rec->field[col[2]];
		note = rec->field[col[5]];
		c = acell_make(rec->field[col[0]], rec->field[col[1]],
		    atoi(rec->field[col[3]]), col[4] >= 0 &&
		    strcmp(level, "area") == 0 ? rec->field[col[4]] : NULL,
		    strcmp(level, "total") == 0 ? LV_TOTAL :
		    strcmp(level, "province") == 0 ? LV_PROVINCE : LV_AREA);
		memcpy(c->v, v, sizeof v);
		c->e.mark = strcmp(note, "suppressed") == 0 ? SDC_PRIMARY :
		    strcmp(note, "complementary") == 0 ? SDC_COMPLEMENTARY :
		    SDC_SHOWN;
		acell_move(&a, c);
	}
	if (input_failed(in))
		r->failed = 2;
	input_free(in);
	if (r->svg)
		atable_draw(r, &a, payments ? "Payments" : "Caseload",
		    payments ? "TRY" : "households", payments, payments ? 2 : 0);
	else if (payments)
		atable_write(r, &a, r->by == REPORT_BY_DISTRICT ?
		    "Payments by district" : "Payments by province", vcol, nv,
		    NULL, 0);
	else
		atable_write(r, &a, r->by == REPORT_BY_DISTRICT ?
		    "Caseload by district" : "Caseload by province", vcol, nv,
		    caseload_note, 0);
	atable_free(&a);
}
