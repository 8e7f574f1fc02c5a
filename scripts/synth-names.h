/*
 * synth-names.h - names for isas-synth, written by hand.
 *
 * Turkish given names in two cohorts (names common among people born
 * before about 1990, and names common since), each list roughly in order
 * of frequency; surnames in order of frequency, the ten most common first
 * (the generator gives earlier entries more weight).  Names of Syrian,
 * Afghan and Iraqi residents are written as a Turkish registry
 * transliterates them.  All UTF-8.  These are common names, not records of
 * anyone; any resemblance to a real person is chance.
 */

static const char *const synth_male_old[] = {
	"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim",
	"İsmail", "Osman", "Yusuf", "Murat", "Ömer", "Ramazan", "Halil",
	"Süleyman", "Abdullah", "Mahmut", "Salih", "Kemal", "Recep", "Fatih",
	"Kadir", "Emre", "Hakan", "Adem", "Metin", "Orhan", "Bayram", "Yaşar",
	"Şükrü", "Cemal", "Erkan", "Serkan", "Ercan", "İlhan", "Cengiz",
	"Nihat", "Sinan", "Tuncay", "Volkan", "Uğur", "Levent", "Bülent",
	"Gökhan", "Özgür", "Selim", "Necati", "Şaban", "Nuri", "Rıza", "Veli",
	"Erol", "Cüneyt", "Tarık", "İsa", "Musa", "Zekeriya", "Ömer Faruk",
	"Mehmet Ali", "Hacı",
};

static const char *const synth_male_young[] = {
	"Yusuf", "Eymen", "Muhammed", "Ömer Asaf", "Mustafa", "Miraç",
	"Ali Asaf", "Ahmet", "Emir", "Kerem", "Alparslan", "Çınar", "Aras",
	"Göktuğ", "Berat", "Enes", "Furkan", "Burak", "Batuhan", "Emirhan",
	"Yiğit", "Efe", "Arda", "Mert", "Eren", "Hamza", "Talha", "Kaan",
	"Umut", "Onur", "Barış", "Alp", "İlker", "Oğuz", "Selçuk", "Taha",
	"Yağız", "Poyraz", "Muhammed Ali", "Ömer", "İbrahim Halil", "Doruk",
};

static const char *const synth_female_old[] = {
	"Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Şerife", "Meryem",
	"Elif", "Zehra", "Sultan", "Hanife", "Havva", "Zeliha", "Hülya",
	"Esra", "Merve", "Özlem", "Leyla", "Gülsüm", "Dilek", "Songül",
	"Hacer", "Yasemin", "Aynur", "Sevgi", "Nurcan", "Fadime", "Kübra",
	"Derya", "Gül", "Filiz", "Nermin", "Sibel", "Serpil", "Gülay",
	"Ümmühan", "Şükran", "Nuran", "Melek", "Saniye", "Necla", "Feride",
	"Hayriye", "Nazlı", "İlknur", "Ayten", "Gönül", "Türkan", "Cemile",
	"Fatma Nur", "Ayşe Gül", "Döndü", "Naciye", "Şengül",
};

static const char *const synth_female_young[] = {
	"Zeynep", "Elif", "Defne", "Asel", "Azra", "Eylül", "Ecrin", "Nehir",
	"Zümra", "Hiranur", "Elif Naz", "Ebrar", "Medine", "Yağmur", "Ceren",
	"İrem", "İpek", "İlayda", "Ayşe Nur", "Buse", "Sude", "Beyza", "Esma",
	"Rabia", "Melike", "Nisa", "Ela", "Duru", "Miray", "Ada", "Ayşegül",
	"Gizem", "Tuğba", "Şeyma", "Hilal", "Büşra", "Sena", "Selin", "Damla",
	"Öykü", "Nilsu", "Işıl",
};

static const char *const synth_surname[] = {
	"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
	"Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan",
	"Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat", "Özcan",
	"Korkmaz", "Çakır", "Erdoğan", "Yavuz", "Can", "Acar", "Şen", "Aktaş",
	"Güler", "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal",
	"Turan", "Gül", "Özer", "Işık", "Kaplan", "Avcı", "Sarı", "Tekin",
	"Taş", "Köse", "Yüksel", "Ateş", "Aksoy", "Çiftçi", "Kalkan",
	"Aydemir", "Uçar", "Tunç", "Erdem", "Karaca", "Aksu", "Sezer",
	"Tuncer", "Akın", "Toprak", "Bayram", "Duman", "Coşkun", "Durmaz",
	"Güven", "Altun", "Karakaya", "Özkaya", "Akbulut", "Uysal", "Eren",
	"Akgül", "Gündoğdu", "Kocaman", "Dağ", "Ekinci", "Bilgin", "Esen",
	"Kahraman", "Türk", "Akyüz", "Dinç", "Orhan", "Bal", "Başaran",
	"Karataş", "Ay", "Oral", "Sönmez", "Uzun", "Kandemir", "Tosun",
	"Güngör", "İnce", "Özbek", "Altıntaş", "Kılınç", "Çınar", "Uğur",
	"Demirci", "Özel", "Akbaş", "Gök", "Karakuş", "Yiğit", "Erol", "Temel",
	"Cengiz", "Er", "Soylu", "Akkaya", "Oğuz", "Kaçar", "Çoban", "Kocabaş",
	"Türkmen", "Ergün", "Aydoğan", "Savaş", "Önal", "Sağlam", "Karabulut",
	"Baysal", "Bilgiç", "Dursun", "Şeker", "Işıklar", "İnan", "Akdağ",
	"Özyurt", "Gündüz", "Ertürk", "Kıvrak", "Sevim", "Topal", "Alkan",
	"Ağca", "Göktaş", "Ilgaz", "Önder", "Akçay", "Bozdağ", "Çağlar",
	"Demirtaş", "Ekici", "Günay", "Yazıcı", "Zengin", "İleri", "Ünlü",
	"Ağaoğlu",
};

/* Syrian residents (SY). */
static const char *const synth_sy_male[] = {
	"Muhammed", "Ahmad", "Ali", "Hüseyin", "Omar", "Halid", "Mahmud",
	"Abdullah", "Yusuf", "İbrahim", "Mustafa", "Hasan", "Abdulrahman",
	"Bilal", "Cuma", "Ammar", "Hamza", "Said",
};
static const char *const synth_sy_female[] = {
	"Fatima", "Aişe", "Meryem", "Zeyneb", "Rana", "Nur", "Huda", "Amina",
	"Leyla", "Selma", "Hiba", "Raşa", "Hala", "Esma", "Rahaf", "Şehd",
};
static const char *const synth_sy_surname[] = {
	"Elahmed", "Elhasan", "Hamdan", "Halil", "Haddad", "Neccar", "Osman",
	"Derviş", "Elali", "Elhüseyin", "Şakir", "Elmuhammed", "Cuma",
	"Hammud", "Elhalef", "Elabdullah", "Racab", "Kassab", "Elsalih",
	"Elömer",
};

/* Afghan residents (AF). */
static const char *const synth_af_male[] = {
	"Gul Ahmad", "Zabihullah", "Naveed", "Farid", "Wahid", "Hamid",
	"Rahmatullah", "Mohammad", "Abdul", "Sayed", "Nasir", "Javid",
};
static const char *const synth_af_female[] = {
	"Parwana", "Farzana", "Zahra", "Shabnam", "Mursal", "Marzia", "Fariba",
	"Soraya", "Nargis", "Frishta",
};
static const char *const synth_af_surname[] = {
	"Ahmadzai", "Karimi", "Rahimi", "Hakimi", "Sultani", "Mohammadi",
	"Noori", "Safi", "Popal", "Hotak", "Sadat", "Amiri",
};

/* Iraqi residents (IQ). */
static const char *const synth_iq_male[] = {
	"Haydar", "Mustafa", "Abbas", "Ammar", "Ali", "Hasan", "Karrar",
	"Murtaza", "Ahmed", "Salim",
};
static const char *const synth_iq_female[] = {
	"Zehra", "Nur", "Rukiye", "Meryem", "Zeynep", "Huda", "Şeyma", "Sara",
};
static const char *const synth_iq_surname[] = {
	"Elcuburi", "Elubeydi", "Eldulaymi", "Eltemimi", "Elşammari", "Elhafaci",
	"Elkubaysi", "Elzubaydi",
};
