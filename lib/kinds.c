#include <string.h>
#include <strings.h>

#include "kinds.h"
#include "value.h"

#define KEY	{ "record_id", COL_TEXT, COL_REQUIRED | COL_KEY, 0, 0, NULL, \
		  "the extract's own key for the row, unique within the source" }
#define NID_REQ	{ "national_id", COL_TCKN, COL_REQUIRED, 0, 0, NULL, \
		  "T.C. Kimlik No of the person; check digits verified" }
#define NID_OPT	{ "national_id", COL_TCKN, 0, 0, 0, NULL, \
		  "T.C. Kimlik No when known; kept but never trusted when its check digits fail" }
#define PROVINCE { "province", COL_INT, 0, 1, 81, NULL, \
		  "province plate code, 1 to 81" }
#define DISTRICT { "district", COL_TEXT, 0, 0, 0, NULL, \
		  "district (ilce) name as in the boundary data" }
#define COLS(a)	a, sizeof(a) / sizeof((a)[0])

static const struct col_def civil[] = {
	KEY,
	NID_OPT,
	{ "first_name", COL_TEXT, 0, 0, 0, NULL, "given names, as registered" },
	{ "last_name", COL_TEXT, 0, 0, 0, NULL, "surname, as registered" },
	{ "sex", COL_SEX, 0, 0, 0, NULL, "M or F (E and K are read too)" },
	{ "birth_date", COL_DATE, 0, 0, 0, NULL, "date of birth" },
	{ "death_date", COL_DATE, 0, 0, 0, NULL, "date of death, empty while alive" },
	{ "household_id", COL_TEXT, 0, 0, 0, NULL, "the civil registry's household (hane) number" },
	{ "relationship", COL_ENUM, 0, 0, 0,
	  "head|spouse|child|parent|sibling|grandchild|other",
	  "relationship to the head of the household" },
	{ "marital_status", COL_ENUM, 0, 0, 0,
	  "single|married|divorced|widowed", "marital status" },
	{ "education", COL_ENUM, 0, 0, 0,
	  "none|primary|lower_secondary|upper_secondary|higher",
	  "highest level of education completed" },
	PROVINCE,
	DISTRICT,
	{ "address", COL_TEXT, 0, 0, 0, NULL, "registered address (street, number, neighbourhood)" },
	{ "postcode", COL_TEXT, 0, 0, 0, NULL, "five-digit postcode" },
	{ "nationality", COL_TEXT, 0, 0, 0, NULL, "ISO 3166 alpha-2 country code (TR for citizens)" },
};

static const struct col_def sgk[] = {
	KEY,
	NID_REQ,
	{ "status", COL_ENUM, COL_REQUIRED, 0, 0,
	  "employed|self_employed|pensioner",
	  "kind of the spell: insured employment, self-employment or a pension" },
	{ "employer_id", COL_TEXT, 0, 0, 0, NULL, "workplace registration number" },
	{ "start_date", COL_DATE, COL_REQUIRED, 0, 0, NULL, "start of the spell (for a pension, its first day)" },
	{ "end_date", COL_DATE, 0, 0, 0, NULL, "last day of the spell, empty while it lasts" },
	{ "end_reason", COL_ENUM, 0, 0, 0,
	  "involuntary|misconduct|voluntary|retirement|death|other",
	  "why the spell ended" },
	{ "period", COL_MONTH, 0, 0, 0, NULL, "the month of a monthly premium record (YYYY-MM)" },
	{ "premium_days", COL_INT, 0, 0, 31, NULL, "days of premiums paid in the month" },
	{ "earnings", COL_MONEY, COL_NONNEG, 0, 0, NULL, "gross earnings in the month" },
};

static const struct col_def tax[] = {
	KEY,
	NID_REQ,
	{ "year", COL_INT, COL_REQUIRED, 1900, 2100, NULL, "tax year" },
	{ "income_type", COL_ENUM, COL_REQUIRED, 0, 0,
	  "wage|rent|business|agriculture|capital|other", "source of the income" },
	{ "amount", COL_MONEY, COL_REQUIRED | COL_NONNEG, 0, 0, NULL, "declared annual income" },
};

static const struct col_def assets[] = {
	KEY,
	NID_REQ,
	{ "asset_type", COL_ENUM, COL_REQUIRED, 0, 0,
	  "dwelling|land|shop|vehicle|other", "kind of asset" },
	{ "value", COL_MONEY, COL_NONNEG, 0, 0, NULL, "assessed value" },
	{ "share_pct", COL_INT, 0, 0, 100, NULL, "owned share in percent (empty: 100)" },
	{ "acquired", COL_DATE, 0, 0, 0, NULL, "date of acquisition" },
	{ "disposed", COL_DATE, 0, 0, 0, NULL, "date of sale or transfer, empty while owned" },
	{ "rent", COL_MONEY, COL_NONNEG, 0, 0, NULL, "monthly rent received" },
	{ "model_year", COL_INT, 0, 1900, 2100, NULL, "vehicle model year" },
	PROVINCE,
	DISTRICT,
};

static const struct col_def bank[] = {
	KEY,
	NID_REQ,
	{ "iban", COL_IBAN, COL_REQUIRED, 0, 0, NULL, "account IBAN; spaces allowed, check digits verified" },
	{ "bank_code", COL_TEXT, 0, 0, 0, NULL, "five-digit bank code" },
	{ "holder_name", COL_TEXT, 0, 0, 0, NULL, "account holder's name, as the bank holds it" },
	{ "balance", COL_MONEY, 0, 0, 0, NULL, "balance on the extract date (may be negative)" },
	{ "opened", COL_DATE, 0, 0, 0, NULL, "date the account was opened" },
	{ "closed", COL_DATE, 0, 0, 0, NULL, "date the account was closed, empty while open" },
};

static const struct col_def health[] = {
	KEY,
	NID_REQ,
	{ "disability_pct", COL_INT, 0, 0, 100, NULL, "degree of disability in percent" },
	{ "chronic_illness", COL_BOOL, 0, 0, 0, NULL, "has a chronic illness needing care" },
	{ "report_date", COL_DATE, 0, 0, 0, NULL, "date of the medical board report" },
	{ "valid_until", COL_DATE, 0, 0, 0, NULL, "end of the report's validity, empty if permanent" },
};

static const struct col_def education[] = {
	KEY,
	NID_REQ,
	{ "school_id", COL_TEXT, 0, 0, 0, NULL, "school code" },
	{ "level", COL_ENUM, COL_REQUIRED, 0, 0,
	  "preschool|primary|lower_secondary|upper_secondary|higher", "level enrolled at" },
	{ "school_year", COL_INT, COL_REQUIRED, 1900, 2100, NULL, "first calendar year of the school year" },
	{ "enrolled", COL_BOOL, COL_REQUIRED, 0, 0, NULL, "enrolled in the school year" },
	{ "attendance_pct", COL_INT, 0, 0, 100, NULL, "share of school days attended, in percent" },
	{ "period", COL_MONTH, 0, 0, 0, NULL, "month of the attendance figure" },
};

static const struct col_def application[] = {
	KEY,
	NID_OPT,
	{ "first_name", COL_TEXT, 0, 0, 0, NULL, "applicant's given names" },
	{ "last_name", COL_TEXT, 0, 0, 0, NULL, "applicant's surname" },
	{ "sex", COL_SEX, 0, 0, 0, NULL, "M or F" },
	{ "birth_date", COL_DATE, 0, 0, 0, NULL, "applicant's date of birth" },
	{ "programme", COL_TEXT, COL_REQUIRED, 0, 0, NULL, "programme applied for, as named in the rules" },
	{ "application_date", COL_DATE, COL_REQUIRED, 0, 0, NULL, "date the application was made" },
	{ "household_size", COL_INT, 0, 1, 99, NULL, "declared number of people in the household" },
	{ "declared_income", COL_MONEY, COL_NONNEG, 0, 0, NULL, "declared monthly household income" },
	{ "phone", COL_TEXT, 0, 0, 0, NULL, "contact telephone number" },
	{ "iban", COL_IBAN, 0, 0, 0, NULL, "account given for payments" },
	PROVINCE,
	DISTRICT,
	{ "address", COL_TEXT, 0, 0, 0, NULL, "declared address" },
	{ "postcode", COL_TEXT, 0, 0, 0, NULL, "five-digit postcode" },
};

static const struct col_def visit[] = {
	KEY,
	NID_OPT,
	{ "household_id", COL_TEXT, 0, 0, 0, NULL, "civil registry household visited" },
	{ "visit_date", COL_DATE, COL_REQUIRED, 0, 0, NULL, "date of the visit" },
	{ "worker_id", COL_TEXT, 0, 0, 0, NULL, "social worker's staff number" },
	{ "dwelling", COL_ENUM, 0, 0, 0,
	  "owned|rented|free|shelter|other", "tenure of the dwelling" },
	{ "wall", COL_INT, 0, 1, 5, NULL, "quality of walls, 1 (worst) to 5" },
	{ "water", COL_INT, 0, 1, 5, NULL, "access to water, 1 (worst) to 5" },
	{ "rooms", COL_INT, 0, 0, 50, NULL, "number of rooms" },
	{ "household_size", COL_INT, 0, 1, 99, NULL, "people found living in the household" },
	{ "recommendation", COL_ENUM, 0, 0, 0,
	  "eligible|not_eligible|review", "the social worker's recommendation" },
	{ "note", COL_TEXT, 0, 0, 0, NULL, "free-text observation" },
};

static const struct col_def iskur[] = {
	KEY,
	NID_REQ,
	{ "event", COL_ENUM, COL_REQUIRED, 0, 0,
	  "registration|referral|interview|placement|refusal|left_job|training_abandoned|no_reply|complied|informal_work",
	  "what happened" },
	{ "event_date", COL_DATE, COL_REQUIRED, 0, 0, NULL, "the day it happened" },
	{ "reported_date", COL_DATE, 0, 0, 0, NULL, "the day it was reported (empty: the event date)" },
	{ "offer_type", COL_ENUM, 0, 0, 0, "job|course|programme",
	  "for referrals and refusals: what was offered" },
	{ "justified", COL_BOOL, 0, 0, 0, NULL, "for refusals: the reason was accepted as justified" },
	{ "reason_code", COL_TEXT, 0, 0, 0, NULL, "the employment service's reason code" },
	{ "referral_id", COL_TEXT, 0, 0, 0, NULL, "the referral an event belongs to" },
	{ "employer_id", COL_TEXT, 0, 0, 0, NULL, "employer of a placement" },
};

static const struct col_def board[] = {
	KEY,
	{ "household_id", COL_TEXT, COL_REQUIRED, 0, 0, NULL, "household decided on" },
	{ "programme", COL_TEXT, COL_REQUIRED, 0, 0, NULL, "programme, as named in the rules" },
	{ "decision", COL_ENUM, COL_REQUIRED, 0, 0, "eligible|not_eligible",
	  "the Board of Trustees' final decision" },
	{ "meeting_ref", COL_TEXT, COL_REQUIRED, 0, 0, NULL, "reference of the meeting and its minutes" },
	{ "meeting_date", COL_DATE, COL_REQUIRED, 0, 0, NULL, "date of the meeting" },
	{ "amount", COL_MONEY, COL_NONNEG, 0, 0, NULL, "monthly amount decided, when the board sets one" },
	{ "valid_until", COL_DATE, 0, 0, 0, NULL, "last day the decision holds, empty: until revoked" },
	{ "note", COL_TEXT, 0, 0, 0, NULL, "the board's reasons" },
};

static const struct col_def bankreturn[] = {
	KEY,
	{ "message_id", COL_TEXT, COL_REQUIRED, 0, 0, NULL, "message id of the original payment file" },
	{ "end_to_end_id", COL_TEXT, COL_REQUIRED, 0, 0, NULL, "end-to-end id of the returned payment" },
	{ "status", COL_ENUM, COL_REQUIRED, 0, 0, "rejected|returned|confirmed",
	  "what the bank reports" },
	{ "reason_code", COL_TEXT, 0, 0, 0, NULL, "ISO 20022 reason code (AC01, AC04, MD07...)" },
	{ "return_date", COL_DATE, COL_REQUIRED, 0, 0, NULL, "value date of the return or confirmation" },
	{ "amount", COL_MONEY, COL_NONNEG, 0, 0, NULL, "amount returned" },
};

static const struct col_def person[] = {
	KEY,
	NID_OPT,
	{ "first_name", COL_TEXT, 0, 0, 0, NULL, "given names" },
	{ "last_name", COL_TEXT, 0, 0, 0, NULL, "surname" },
	{ "sex", COL_SEX, 0, 0, 0, NULL, "M or F" },
	{ "birth_date", COL_DATE, 0, 0, 0, NULL, "date of birth" },
	{ "address", COL_TEXT, 0, 0, 0, NULL, "address" },
	{ "postcode", COL_TEXT, 0, 0, 0, NULL, "postcode" },
	{ "locality", COL_TEXT, 0, 0, 0, NULL, "town, district or village" },
};

const struct kind_def kinds[] = {
	{ "civil", "civil registry: persons, households, addresses", COLS(civil), 1 },
	{ "sgk", "social security: insured employment, monthly premiums, pensions", COLS(sgk), 0 },
	{ "tax", "declared income by year and source", COLS(tax), 0 },
	{ "assets", "land, buildings and vehicles with their values", COLS(assets), 0 },
	{ "bank", "bank accounts and their IBANs", COLS(bank), 0 },
	{ "health", "disability degree and chronic illness", COLS(health), 0 },
	{ "education", "school enrolment and attendance", COLS(education), 0 },
	{ "application", "applications for assistance with declared data", COLS(application), 1 },
	{ "visit", "field-visit observations by social workers", COLS(visit), 0 },
	{ "iskur", "employment-service events", COLS(iskur), 0 },
	{ "board", "Board of Trustees decisions", COLS(board), 0 },
	{ "bankreturn", "bank returns and confirmations of payments", COLS(bankreturn), 0 },
	{ "person", "person lists from any other source", COLS(person), 1 },
};

const size_t nkinds = sizeof kinds / sizeof kinds[0];

const struct kind_def *
kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

int
kind_column(const struct kind_def *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->ncol; i++)
		if (strcasecmp(k->col[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
col_sqltype(enum col_type t)
{
	switch (t) {
	case COL_INT:
	case COL_MONEY:
	case COL_BOOL:
		return "INTEGER";
	default:
		return "TEXT";
	}
}

const char *
col_typename(enum col_type t)
{
	static const char *const names[] = {
		"text", "integer", "date", "month", "money", "national id",
		"iban", "sex", "boolean", "word"
	};

	return names[t];
}

static int
word_eq(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

/* Finds s among the '|'-separated words; copies the canonical word. */
static int
enum_lookup(const char *values, const char *s, size_t len, struct typed *out)
{
	const char *p = values, *e;

	while (*p) {
		e = strchr(p, '|');
		if (!e)
			e = p + strlen(p);
		if ((size_t)(e - p) == len && strncasecmp(p, s, len) == 0) {
			out->kind = TYPED_TEXT;
			out->text = p;
			out->len = len;
			return 1;
		}
		p = *e ? e + 1 : e;
	}
	return 0;
}

static const char *
set_int(struct typed *out, int64_t v)
{
	out->kind = TYPED_INT;
	out->i = v;
	return NULL;
}

const char *
check_value(const struct col_def *c, const char *s, size_t len,
	    struct typed *out)
{
	int32_t d;
	int64_t v;
	int rc;
	size_t n;

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	out->kind = TYPED_NULL;
	out->text = NULL;
	out->len = 0;
	if (len == 0)
		return NULL;
	switch (c->type) {
	case COL_TEXT:
		out->kind = TYPED_TEXT;
		out->text = s;
		out->len = len;
		return NULL;
	case COL_INT:
		if ((rc = int_parse(s, len, &v)) < 0)
			return value_strerror(rc);
		if ((c->min || c->max) && (v < c->min || v > c->max))
			return "out of range";
		return set_int(out, v);
	case COL_DATE:
		if ((rc = date_parse(s, len, &d)) < 0)
			return rc == VALUE_ERANGE ? "no such day" : "not a date";
		date_format(d, out->buf);
		out->kind = TYPED_TEXT;
		out->text = out->buf;
		out->len = 10;
		return NULL;
	case COL_MONTH:
		if ((rc = month_parse(s, len, &d)) < 0)
			return rc == VALUE_ERANGE ? "no such month" : "not a month";
		month_format(d, out->buf);
		out->kind = TYPED_TEXT;
		out->text = out->buf;
		out->len = 7;
		return NULL;
	case COL_MONEY:
		if ((rc = money_parse(s, len, !(c->flags & COL_NONNEG), &v)) < 0)
			return value_strerror(rc);
		return set_int(out, v);
	case COL_TCKN:
		if (len != 11)
			return "not 11 digits";
		for (n = 0; n < len; n++)
			if (s[n] < '0' || s[n] > '9')
				return "not 11 digits";
		if (s[0] == '0')
			return "leading zero";
		if (!tckn_valid(s, len))
			return "check digits do not match";
		out->kind = TYPED_TEXT;
		out->text = s;
		out->len = len;
		return NULL;
	case COL_IBAN:
		n = iban_normalize(s, len, out->buf, sizeof out->buf);
		if (n == (size_t)-1 || n < 5)
			return "not an IBAN";
		if (out->buf[0] == 'T' && out->buf[1] == 'R' && n != 26)
			return "not 26 characters";
		if (n < 15 || n > 34 || out->buf[0] < 'A' || out->buf[0] > 'Z' ||
		    out->buf[1] < 'A' || out->buf[1] > 'Z' ||
		    out->buf[2] < '0' || out->buf[2] > '9' ||
		    out->buf[3] < '0' || out->buf[3] > '9')
			return "not an IBAN";
		if (!iban_valid(out->buf, n))
			return "check digits do not match";
		out->kind = TYPED_TEXT;
		out->text = out->buf;
		out->len = n;
		return NULL;
	case COL_SEX:
		if (word_eq(s, len, "m") || word_eq(s, len, "e") ||
		    word_eq(s, len, "male") || word_eq(s, len, "erkek"))
			out->text = "M";
		else if (word_eq(s, len, "f") || word_eq(s, len, "k") ||
		    word_eq(s, len, "female") || word_eq(s, len, "kadın") ||
		    word_eq(s, len, "kadin"))
			out->text = "F";
		else
			return "not M or F";
		out->kind = TYPED_TEXT;
		out->len = 1;
		return NULL;
	case COL_BOOL:
		if (word_eq(s, len, "1") || word_eq(s, len, "true") ||
		    word_eq(s, len, "yes") || word_eq(s, len, "y") ||
		    word_eq(s, len, "evet") || word_eq(s, len, "e"))
			return set_int(out, 1);
		if (word_eq(s, len, "0") || word_eq(s, len, "false") ||
		    word_eq(s, len, "no") || word_eq(s, len, "n") ||
		    word_eq(s, len, "hayır") || word_eq(s, len, "hayir") ||
		    word_eq(s, len, "h"))
			return set_int(out, 0);
		return "not a yes or no";
	case COL_ENUM:
		if (!enum_lookup(c->values, s, len, out))
			return "not one of the listed words";
		return NULL;
	}
	return "unknown column type";
}
