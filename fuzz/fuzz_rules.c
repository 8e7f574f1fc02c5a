/*
 * fuzz_rules.c - the rule file parser (lib/rules.c) on any bytes, and
 * every programme it takes compiled (lib/score.c) and evaluated over a
 * small household view in a store in memory, as isas-score does.
 *
 * The parameters are etc/params.tsv, or etc/params-az.tsv for a rule
 * file whose params line names it; the view holds three households (one
 * ordinary, one of NULLs with a board decision, one of extreme values)
 * and their members, made once.  Each programme must give exactly one
 * outcome per row of its view, in order, each a decision with its
 * explanation (a JSON array), an error with its message, and an
 * entitlement only for an eligible household with a positive amount.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "err.h"
#include "hview.h"
#include "params.h"
#include "rules.h"
#include "score.h"
#include "store.h"
#include "value.h"

static const char view_rows[] =
	"INSERT INTO temp.hh (household_id, origin, province, district, size,"
	" members_0_5, members_6_17, members_18_55, members_18_64,"
	" members_65_plus, members_unknown_age, deceased, head_sex, head_age,"
	" head_education, head_marital_status, disabled, max_disability_pct,"
	" chronic_ill, working, retired, income_sgk, income_tax, income_rent,"
	" income_assets, income_registry, income_per_capita, dwellings_owned,"
	" vehicles, vehicle_value, bank_balance, enrolled, min_attendance_pct,"
	" visit_date, dwelling, wall, water, rooms, visit_size,"
	" visit_recommendation, benefit_programmes, benefit_amount,"
	" employment_continued) VALUES"
	" ('H1', 'civil', 6, 'Çankaya', 4, 1, 1, 2, 2, 0, 0, 0, 'F', 41,"
	" 'primary', 'married', 1, 40, 0, 1, 0, 1200000, 0, 0, 0, 1200000,"
	" 300000, 0, 0, 0, 50000, 1, 85, '2026-10-02', 'gecekondu', 2, 1, 2,"
	" 4, 'eligible', 0, 0, 0),"
	" ('H3', 'person', 81, '', 30, 9, 9, 9, 9, 9, 9, 3, 'M', 130,"
	" 'higher', 'widowed', 5, 100, 1, 9, 9, 9223372036854775807,"
	" -9223372036854775808, -1, 0, 9223372036854775807, -1, 9, 9,"
	" 9223372036854775807, -1, 0, 0, '0001-01-01', '', -1, -1, 0, 0, '',"
	" 9, -1, 1);"
	"INSERT INTO temp.hh (household_id) VALUES ('H2');"
	"INSERT INTO temp.pv VALUES"
	" ('H1', 'P1', 4, 41, 'F', '2026-09-30', 'involuntary', 800, 900,"
	" 1500000, 120, 0, NULL),"
	" ('H1', 'P2', 4, 17, 'M', NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
	" NULL),"
	" ('H3', 'P9', 30, -1, '', '9999-12-31', 'misconduct', -1,"
	" 9223372036854775807, -9223372036854775808, -1, 1, '0001-01-01');"
	"INSERT INTO temp.app_hh VALUES ('H1', 'regular', '2026-10-01',"
	" 500000, 4), ('H3', 'tssa', '2026-11-23', -1, 0);"
	"INSERT INTO temp.app_pv VALUES ('P1', 'unemployment', '2026-10-05',"
	" 0, 4);"
	"INSERT INTO temp.brd VALUES"
	" ('H2', 'regular', 'eligible', 'B-1', '2026-11-01', 123400,"
	" '2027-11-01'),"
	" ('H3', 'gss', 'not_eligible', 'B-2', '2026-11-01', NULL, NULL),"
	" ('H2', 'cct-health', 'eligible', 'B-3', '2026-11-01', NULL, NULL);";

static struct params *ps_tr, *ps_az;
static const struct params *ps_now;
static int32_t day;
static int64_t nhh, npv;

static struct params *
load_params(const char *name)
{
	struct params *ps = params_load(fuzz_etc(name));

	if (!ps)
		die("%s: cannot read the parameters (set ISAS_FUZZ_ETC)",
		    fuzz_etc(name));
	return ps;
}

static int64_t
count(struct store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql);
	int64_t n;

	store_step(st, q, "cannot count");
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct store *st;

	err_init("fuzz_rules");
	ps_tr = load_params("params.tsv");
	ps_az = load_params("params-az.tsv");
	date_parse("2026-11-23", 10, &day);
	st = fuzz_store();
	hview_schema(st);
	store_exec(st, view_rows);
	hview_functions(st->db, ps_tr);
	ps_now = ps_tr;
	nhh = count(st, "SELECT count(*) FROM temp.hh");
	npv = count(st, "SELECT count(*) FROM temp.pv");
	return 0;
}

static void
check_outcome(const struct programme *g, const struct outcome *o,
	const char *last_h, const char *last_p)
{
	int c;

	FUZZ_ASSERT(o->household_id && o->person_id);
	c = strcmp(o->household_id, last_h);
	FUZZ_ASSERT(c > 0 || (g->person && c == 0 &&
	    strcmp(o->person_id, last_p) > 0));
	FUZZ_ASSERT(g->person ? o->person_id[0] != '\0' :
	    o->person_id[0] == '\0');
	FUZZ_ASSERT(o->decision >= DEC_ELIGIBLE && o->decision <= DEC_ERROR);
	FUZZ_ASSERT(decision_word(o->decision) != NULL);
	FUZZ_ASSERT((o->decision == DEC_ERROR) == (o->error.len > 0));
	FUZZ_ASSERT(o->explain.len >= 2 && o->explain.p[0] == '[' &&
	    o->explain.p[o->explain.len - 1] == ']');
	if (o->entitled)
		FUZZ_ASSERT(o->decision == DEC_ELIGIBLE && o->has_amount &&
		    o->amount > 0 && g->pays);
	if (o->valid_until[0])
		FUZZ_ASSERT(strlen(o->valid_until) == 10);
}

static void
run(struct store *st, const struct rules *r, const struct programme *g)
{
	struct scorer *sc;
	struct outcome o;
	const struct xcol *x;
	char *last_h = NULL, *last_p = NULL;
	int64_t n = 0;
	size_t nx, i;

	sc = scorer_new(st, r, g, ps_now, day, NULL);
	if (!sc)
		return;
	x = scorer_columns(sc, &nx);
	for (i = 0; i < nx; i++)
		FUZZ_ASSERT(x[i].what && x[i].name);
	memset(&o, 0, sizeof o);
	while (scorer_next(sc, &o)) {
		check_outcome(g, &o, last_h ? last_h : "", last_p ? last_p : "");
		free(last_h);
		free(last_p);
		last_h = strdup(o.household_id);
		last_p = strdup(o.person_id);
		n++;
		FUZZ_ASSERT(n <= (g->person ? npv : nhh));
	}
	FUZZ_ASSERT(n == (g->person ? npv : nhh));
	free(last_h);
	free(last_p);
	outcome_release(&o);
	scorer_free(sc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = fuzz_store();
	const struct params *ps;
	struct rules *r;
	size_t i, j;

	r = rules_load(fuzz_file(0, data, size));
	if (!r)
		return 0;
	FUZZ_ASSERT(r->version && *r->version && r->nprog > 0);
	FUZZ_ASSERT(r->len == size && memcmp(r->text, data, size) == 0);
	for (i = 0; i < r->nprog; i++) {
		const struct programme *g = &r->prog[i];

		FUZZ_ASSERT(rules_find(r, g->name) == g);
		for (j = 0; j < g->nrule; j++) {
			FUZZ_ASSERT(g->rule[j].expr && *g->rule[j].expr);
			FUZZ_ASSERT(rule_keyword(g->rule[j].kind) != NULL);
			FUZZ_ASSERT(g->rule[j].kind != R_MAP ||
			    g->rule[j].nmap > 0);
		}
	}
	ps = r->params && strstr(r->params, "params-az") ? ps_az : ps_tr;
	if (ps != ps_now) {
		hview_functions(st->db, ps);
		ps_now = ps;
	}
	for (i = 0; i < r->nprog; i++)
		run(st, r, &r->prog[i]);
	rules_free(r);
	return 0;
}
