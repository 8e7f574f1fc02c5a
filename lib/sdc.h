#ifndef ISAS_SDC_H
#define ISAS_SDC_H

/*
 * Statistical disclosure control for published tables: cells counting
 * fewer than a minimum number of cases are withheld (primary suppression),
 * and more cells are withheld where a withheld one could otherwise be
 * worked out by subtracting the others from a total (complementary
 * suppression).
 *
 * A table is a set of entries, each a count of cases; some entries are
 * totals of others.  Each equation "total = sum of members" is a group:
 * an entry names the group it is a member of (member_of, or -1) and the
 * group it is the total of (total_of, or -1).  An entry may be both, a
 * province's subtotal being a member of the country's group and the total
 * of its districts' group.  Groups are numbered from 0.
 *
 * Primary: every entry with 0 < count < min.  Complementary, repeated
 * until nothing changes: any group with exactly one withheld entry among
 * its total and members gets one more, the member with the smallest count
 * above zero (the first of equal ones), or its total when there is none.
 * An equation with no unknown or with two or more cannot be solved for
 * one of them alone: this is the usual heuristic, not an optimal pattern.
 */

#include <stddef.h>
#include <stdint.h>

enum sdc_mark { SDC_SHOWN, SDC_PRIMARY, SDC_COMPLEMENTARY };

struct sdc_entry {
	int64_t count;
	long member_of;		/* group of which it is a member, or -1 */
	long total_of;		/* group of which it is the total, or -1 */
	enum sdc_mark mark;	/* set by sdc_suppress */
};

/* Marks the entries e[0..n) to withhold; min <= 1 withholds nothing. */
void sdc_suppress(struct sdc_entry *e, size_t n, int64_t min);

/* "suppressed", "complementary" or "" */
const char *sdc_mark_name(enum sdc_mark m);

#endif
