/*
 * geo.c - the provinces of Turkiye by plate code.
 *
 * The names are those of scripts/synth-geo.h (from the boundary data in
 * ../shared/geo), copied here so that the library does not depend on the
 * generator.  Each name is given with its spelling folded by name_fold(),
 * written out rather than computed, so that there is no state to set up;
 * tests/check_compare.c checks that the two agree.
 */
#include <stddef.h>
#include <string.h>

#include "geo.h"

struct province {
	const char	*name;
	const char	*folded;
	size_t		 folded_len;
};

#define P(name, folded)	{ (name), (folded), sizeof(folded) - 1 }

static const struct province province[GEO_NPROVINCE + 1] = {
	{ NULL, NULL, 0 },
	P("Adana", "adana"),	/* 1 */
	P("Adıyaman", "adiyaman"),	/* 2 */
	P("Afyonkarahisar", "afyonkarahisar"),	/* 3 */
	P("Ağrı", "agri"),	/* 4 */
	P("Amasya", "amasya"),	/* 5 */
	P("Ankara", "ankara"),	/* 6 */
	P("Antalya", "antalya"),	/* 7 */
	P("Artvin", "artvin"),	/* 8 */
	P("Aydın", "aydin"),	/* 9 */
	P("Balıkesir", "balikesir"),	/* 10 */
	P("Bilecik", "bilecik"),	/* 11 */
	P("Bingöl", "bingol"),	/* 12 */
	P("Bitlis", "bitlis"),	/* 13 */
	P("Bolu", "bolu"),	/* 14 */
	P("Burdur", "burdur"),	/* 15 */
	P("Bursa", "bursa"),	/* 16 */
	P("Çanakkale", "canakkale"),	/* 17 */
	P("Çankırı", "cankiri"),	/* 18 */
	P("Çorum", "corum"),	/* 19 */
	P("Denizli", "denizli"),	/* 20 */
	P("Diyarbakır", "diyarbakir"),	/* 21 */
	P("Edirne", "edirne"),	/* 22 */
	P("Elazığ", "elazig"),	/* 23 */
	P("Erzincan", "erzincan"),	/* 24 */
	P("Erzurum", "erzurum"),	/* 25 */
	P("Eskişehir", "eskisehir"),	/* 26 */
	P("Gaziantep", "gaziantep"),	/* 27 */
	P("Giresun", "giresun"),	/* 28 */
	P("Gümüşhane", "gumushane"),	/* 29 */
	P("Hakkari", "hakkari"),	/* 30 */
	P("Hatay", "hatay"),	/* 31 */
	P("Isparta", "isparta"),	/* 32 */
	P("Mersin", "mersin"),	/* 33 */
	P("İstanbul", "istanbul"),	/* 34 */
	P("İzmir", "izmir"),	/* 35 */
	P("Kars", "kars"),	/* 36 */
	P("Kastamonu", "kastamonu"),	/* 37 */
	P("Kayseri", "kayseri"),	/* 38 */
	P("Kırklareli", "kirklareli"),	/* 39 */
	P("Kırşehir", "kirsehir"),	/* 40 */
	P("Kocaeli", "kocaeli"),	/* 41 */
	P("Konya", "konya"),	/* 42 */
	P("Kütahya", "kutahya"),	/* 43 */
	P("Malatya", "malatya"),	/* 44 */
	P("Manisa", "manisa"),	/* 45 */
	P("Kahramanmaraş", "kahramanmaras"),	/* 46 */
	P("Mardin", "mardin"),	/* 47 */
	P("Muğla", "mugla"),	/* 48 */
	P("Muş", "mus"),	/* 49 */
	P("Nevşehir", "nevsehir"),	/* 50 */
	P("Niğde", "nigde"),	/* 51 */
	P("Ordu", "ordu"),	/* 52 */
	P("Rize", "rize"),	/* 53 */
	P("Sakarya", "sakarya"),	/* 54 */
	P("Samsun", "samsun"),	/* 55 */
	P("Siirt", "siirt"),	/* 56 */
	P("Sinop", "sinop"),	/* 57 */
	P("Sivas", "sivas"),	/* 58 */
	P("Tekirdağ", "tekirdag"),	/* 59 */
	P("Tokat", "tokat"),	/* 60 */
	P("Trabzon", "trabzon"),	/* 61 */
	P("Tunceli", "tunceli"),	/* 62 */
	P("Şanlıurfa", "sanliurfa"),	/* 63 */
	P("Uşak", "usak"),	/* 64 */
	P("Van", "van"),	/* 65 */
	P("Yozgat", "yozgat"),	/* 66 */
	P("Zonguldak", "zonguldak"),	/* 67 */
	P("Aksaray", "aksaray"),	/* 68 */
	P("Bayburt", "bayburt"),	/* 69 */
	P("Karaman", "karaman"),	/* 70 */
	P("Kırıkkale", "kirikkale"),	/* 71 */
	P("Batman", "batman"),	/* 72 */
	P("Şırnak", "sirnak"),	/* 73 */
	P("Bartın", "bartin"),	/* 74 */
	P("Ardahan", "ardahan"),	/* 75 */
	P("Iğdır", "igdir"),	/* 76 */
	P("Yalova", "yalova"),	/* 77 */
	P("Karabük", "karabuk"),	/* 78 */
	P("Kilis", "kilis"),	/* 79 */
	P("Osmaniye", "osmaniye"),	/* 80 */
	P("Düzce", "duzce"),	/* 81 */
};

const char *
geo_province_name(int plate)
{
	if (plate < 1 || plate > GEO_NPROVINCE)
		return NULL;
	return province[plate].name;
}

int
geo_province_by_folded(const char *folded, size_t len)
{
	int plate;

	for (plate = 1; plate <= GEO_NPROVINCE; plate++)
		if (province[plate].folded_len == len &&
		    memcmp(province[plate].folded, folded, len) == 0)
			return plate;
	return 0;
}
