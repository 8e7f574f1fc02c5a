/*
 * sdc - which cells of a published table to withhold (see sdc.h).
 *
 * The groups are walked over and over until no group has a single
 * withheld entry; each pass is linear in the entries, and each pass that
 * changes something withholds one more entry, so the whole is bounded by
 * n passes and in practice takes two or three.
 */
#include <stdlib.h>

#include "sdc.h"
#include "xalloc.h"

void
sdc_suppress(struct sdc_entry *e, size_t n, int64_t min)
{
	long ngroup = 0, g;
	size_t i, *unknown, *best, *total;
	int changed;

	for (i = 0; i < n; i++) {
		e[i].mark = min > 1 && e[i].count > 0 && e[i].count < min ?
		    SDC_PRIMARY : SDC_SHOWN;
		if (e[i].member_of >= ngroup)
			ngroup = e[i].member_of + 1;
		if (e[i].total_of >= ngroup)
			ngroup = e[i].total_of + 1;
	}
	if (ngroup == 0)
		return;
	unknown = xcalloc((size_t)ngroup, sizeof *unknown);
	best = xcalloc((size_t)ngroup, sizeof *best);
	total = xcalloc((size_t)ngroup, sizeof *total);
	do {
		changed = 0;
		for (g = 0; g < ngroup; g++) {
			unknown[g] = 0;
			best[g] = total[g] = n;
		}
		for (i = 0; i < n; i++) {
			if ((g = e[i].total_of) >= 0) {
				total[g] = i;
				if (e[i].mark != SDC_SHOWN)
					unknown[g]++;
			}
			if ((g = e[i].member_of) < 0)
				continue;
			if (e[i].mark != SDC_SHOWN)
				unknown[g]++;
			else if (e[i].count > 0 && (best[g] == n ||
			    e[i].count < e[best[g]].count))
				best[g] = i;
		}
		for (g = 0; g < ngroup; g++) {
			if (unknown[g] != 1)
				continue;
			i = best[g] < n ? best[g] : total[g];
			if (i < n && e[i].mark == SDC_SHOWN) {
				e[i].mark = SDC_COMPLEMENTARY;
				changed = 1;
			}
		}
	} while (changed);
	free(unknown);
	free(best);
	free(total);
}

const char *
sdc_mark_name(enum sdc_mark m)
{
	switch (m) {
	case SDC_PRIMARY: return "suppressed";
	case SDC_COMPLEMENTARY: return "complementary";
	default: return "";
	}
}
