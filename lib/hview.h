/*
 * hview.h - the household view and the person view that rules read, and
 * the SQL functions rules may call.
 *
 * hview_build() fills, in the store's temp schema, one row per household
 * asked for (table temp.want) in temp.hh, and one row per member who may
 * claim a person-level programme in temp.pv, from the registry tables as
 * they stand on the as-of day.  The columns are documented in
 * isas-rules(5); HVIEW_HH_COLUMNS and HVIEW_PV_COLUMNS list them.
 */
#ifndef ISAS_HVIEW_H
#define ISAS_HVIEW_H

#include <stdint.h>

#include <sqlite3.h>

#include "params.h"
#include "store.h"

/* The columns of temp.hh and temp.pv, NULL-terminated, in order. */
extern const char *const hview_hh_columns[];
extern const char *const hview_pv_columns[];

/*
 * Registers pct(), divround(), days(), age() and param() on db; param()
 * reads ps (which must outlive db's use of it).
 */
void hview_functions(sqlite3 *db, const struct params *ps);

/* Creates the empty temp tables (want, hh, pv, app_hh, app_pv, brd). */
void hview_schema(struct store *s);

/*
 * Fills the views for the households in temp.want, as of day.  pprog
 * names the person-level programmes (NULL-terminated): their applicants
 * are claimants too.
 */
void hview_build(struct store *s, int32_t day, const char *const *pprog);

/*
 * How the views are built: by set-based SQL driven from the households
 * asked for (an index look-up per member and registry table), or from one
 * sequential scan of each registry table (when most households are asked
 * for); both give the same rows.  HVIEW_AUTO chooses by the share of the
 * households asked for.
 */
enum hview_how {
	HVIEW_AUTO,
	HVIEW_SQL,
	HVIEW_SCAN
};

/*
 * hview_build(), built as how says.  A scan holds what it reads of each
 * member and household in memory until the views are written (about half
 * a kilobyte a member), and gives way to SQL for data it does not
 * reproduce exactly (see lib/hview.c).  Returns HVIEW_SQL or HVIEW_SCAN:
 * how it was built.
 */
int hview_build_how(struct store *s, int32_t day, const char *const *pprog,
	enum hview_how how);

#endif
