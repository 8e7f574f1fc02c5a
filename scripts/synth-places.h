/*
 * synth-places.h - place data for isas-synth, written by hand.
 *
 * synth_province_pop: population of each province (by plate code) in
 * thousands, rounded; the generator only uses the shares (Istanbul about
 * 18 %, Ankara 7 %, Izmir 5 %), after the address-based population
 * register (TUIK ADNKS) of the early 2020s, to be read as approximate.
 * synth_province_welfare: a made-up regional shift of the latent
 * household welfare, in hundredths of a standard deviation (the east and
 * south-east poorer, the large western cities richer).  Neighbourhood and
 * street names are common ones found in many towns.
 */

static const unsigned synth_province_pop[82] = {
	0,
	2274, 604, 747, 511, 338, 5803, 2696, 169, 1162, 1273,	/*  1-10 */
	228, 283, 353, 320, 273, 3214, 559, 196, 524, 1059,	/* 11-20 */
	1818, 414, 604, 240, 749, 907, 2165, 461, 144, 275,	/* 21-30 */
	1544, 445, 1916, 15655, 4479, 275, 388, 1441, 369, 244,	/* 31-40 */
	2102, 2320, 580, 742, 1475, 1116, 870, 1066, 399, 310,	/* 41-50 */
	365, 763, 345, 1100, 1377, 331, 220, 634, 1167, 596,	/* 51-60 */
	824, 89, 2213, 375, 1128, 413, 588, 433, 86, 260,	/* 61-70 */
	278, 634, 570, 204, 92, 204, 304, 252, 155, 559,	/* 71-80 */
	409,							/* 81 */
};

static const signed char synth_province_welfare[82] = {
	0,
	-5, -30, -5, -60, 0, 35, 20, 5, 5, 10,			/*  1-10 */
	10, -35, -50, 10, 0, 25, 10, -5, -5, 10,		/* 11-20 */
	-40, 10, -5, -5, -25, 25, -10, -5, -10, -50,		/* 21-30 */
	-10, 5, 0, 35, 30, -35, -5, 5, 10, -5,			/* 31-40 */
	30, 0, 0, -10, 5, -15, -45, 20, -60, 0,			/* 41-50 */
	-5, -10, 5, 10, 0, -50, -5, -10, 20, -10,		/* 51-60 */
	0, -10, -50, 5, -55, -15, 5, -5, -10, 0,		/* 61-70 */
	0, -40, -55, 0, -35, -40, 20, 5, -30, -15,		/* 71-80 */
	5,							/* 81 */
};

/* Provinces where most Syrian, Afghan and Iraqi residents live. */
static const unsigned char synth_foreign_plate[] = {
	34, 27, 31, 63, 33, 1, 6, 16, 35, 46, 79, 44, 42, 65,
};

static const char *const synth_mahalle[] = {
	"Atatürk", "Cumhuriyet", "Fatih", "Yeni", "Merkez", "Hürriyet",
	"Yenimahalle", "Gazi", "Zafer", "Barbaros", "Mimar Sinan",
	"Kazım Karabekir", "Yunus Emre", "Mevlana", "İstiklal", "Gülbahar",
	"Esentepe", "Bahçelievler", "Çamlık", "Karşıyaka", "Kocatepe", "İnönü",
	"Sakarya", "Selçuklu", "Fevzi Çakmak", "Mehmet Akif Ersoy", "Hacı Bayram",
	"Kültür", "Yavuz Selim", "Osmangazi", "Ertuğrul Gazi", "Şirinevler",
	"Güzelyurt", "Aşağı", "Yukarı", "Orta", "Çarşı", "İstasyon", "Hastane",
	"Ulubatlı Hasan",
};

static const char *const synth_street[] = {
	"Cumhuriyet", "İstiklal", "Gazi", "Atatürk", "İnönü", "Menderes",
	"Fatih Sultan Mehmet", "Kurtuluş", "Şehitler", "Millet", "Hükümet",
	"Okul", "Cami", "Bahar", "Lale", "Gül", "Menekşe", "Papatya",
	"Zambak", "Akasya", "Çınar", "Söğüt", "Ihlamur", "Nergis", "Karanfil",
	"Begonvil", "Yıldız", "Güneş", "Ay", "Deniz", "Pınar", "Dere", "Bağ",
	"Değirmen", "Çeşme", "Mektep", "Kale", "Saray", "Park", "Fırın",
};
