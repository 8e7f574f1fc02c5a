/*
 * withhold.h - what the employment link's sanctions withhold from the
 * entitlements that isas-payfile pays.
 *
 * A month's entitlement is withheld when a sanction is in force on the
 * month's first day: a suspension of regular assistance (of the household
 * the person belongs to now) or a stop or suspension of the person's
 * unemployment insurance.  A suspension of the household's whole payment
 * withholds the whole amount; one of a person's share withholds the amount
 * divided by the household's size (kuruş, half up), summed over the
 * suspended members and capped at the amount.  Column `withheld` holds
 * what is not to be paid, `withheld_by` the first decision withholding it;
 * isas-payfile pays amount - withheld.  A suspension reported on 15 March
 * thus withholds April to March: twelve monthly payments.
 */
#ifndef ISAS_WITHHOLD_H
#define ISAS_WITHHOLD_H

#include "store.h"

/* Sets withheld and withheld_by of the entitlements of period ("YYYY-MM"),
 * or of every period when period is NULL, from the decisions in force.
 * Returns the number of entitlements withheld in part or whole. */
long long withhold_apply(struct store *st, const char *period);

#endif
