#ifndef ISAS_GEO_H
#define ISAS_GEO_H

/*
 * The 81 provinces of Turkiye by plate code, as named in the boundary data
 * (../shared/geo): for messages, reports and maps, and for matching a
 * locality written as a province name.
 */

#include <stddef.h>

#define GEO_NPROVINCE	81

/* The province's name in Turkish spelling ("Ağrı"), or NULL outside 1..81. */
const char *geo_province_name(int plate);

/*
 * The plate code of the province whose name, folded by name_fold()
 * (value.h), is folded[0..len) ("agri", "afyonkarahisar", "istanbul"), or
 * 0 when no province has that name.
 */
int geo_province_by_folded(const char *folded, size_t len);

#endif
