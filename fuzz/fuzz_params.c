/*
 * fuzz_params.c - the parameter file parser (lib/params.c) on any bytes,
 * read as the TSV file isas-score and isas-report are given.
 *
 * When the file is taken, params.h's contract is checked: rows sorted by
 * name then day, no name twice on one day, every name a parameter name,
 * params_at() finding each row on its own day and the row before it the
 * day before, and each value what its text says (an amount in kuruş for
 * unit money, else the whole number or the decimal).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "err.h"
#include "params.h"
#include "value.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	err_init("fuzz_params");
	return 0;
}

static void
check_row(const struct params *ps, size_t i)
{
	const struct param *p = &ps->p[i], *q = i > 0 ? &ps->p[i - 1] : NULL;
	const struct param *at;
	int64_t v;
	size_t k, n = strlen(p->name);

	FUZZ_ASSERT(n > 0);
	for (k = 0; k < n; k++)
		FUZZ_ASSERT((p->name[k] >= 'a' && p->name[k] <= 'z') ||
		    p->name[k] == '_' || (k > 0 && p->name[k] >= '0' &&
		    p->name[k] <= '9'));
	if (q) {
		int c = strcmp(q->name, p->name);

		FUZZ_ASSERT(c < 0 || (c == 0 && q->from < p->from));
	}
	FUZZ_ASSERT(params_has(ps, p->name));
	at = params_at(ps, p->name, p->from);
	FUZZ_ASSERT(at == p);
	at = params_at(ps, p->name, p->from - 1);
	if (q && strcmp(q->name, p->name) == 0)
		FUZZ_ASSERT(at == q);
	else
		FUZZ_ASSERT(at == NULL);
	FUZZ_ASSERT(p->line >= 2);
	if (p->money) {
		FUZZ_ASSERT(p->type == PARAM_INT);
		FUZZ_ASSERT(money_parse(p->text, strlen(p->text), 1, &v) == 0);
		FUZZ_ASSERT(v == p->i);
	} else if (p->type == PARAM_INT) {
		FUZZ_ASSERT(int_parse(p->text, strlen(p->text), &v) == 0);
		FUZZ_ASSERT(v == p->i);
	} else {
		FUZZ_ASSERT(p->type == PARAM_REAL);
		FUZZ_ASSERT(isfinite(p->r));
		FUZZ_ASSERT(strtod(p->text, NULL) == p->r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params *ps;
	size_t i;

	ps = params_load(fuzz_file(0, data, size));
	if (!ps)
		return 0;
	FUZZ_ASSERT(ps->bytes == size);
	for (i = 0; i < ps->n; i++)
		check_row(ps, i);
	FUZZ_ASSERT(!params_has(ps, "#"));
	params_free(ps);
	return 0;
}
