# The demo's night (isas-nightly) loads every extract of the bundled
# country: twelve runs, only the deliberately corrupted bank rows refused,
# then links and scores it, pays the month and reports; the replay gives
# the same bytes; a store a second night finds unchanged.
set -eu
rc=0
ISAS_DEMO_OUT=$T/demo sh "$TESTS/../scripts/demo" >demo.log 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat demo.log; exit 1; }
grep -q 'outputs byte-identical' demo.log
grep -q 'matches its MANIFEST' demo.log
db=$T/demo/isas.db
r=$T/demo/runs/2026-11-23
# 12 loads, match, score, sanction, score again for the employment link's
# households, payfile, flags
[ "$(sqlite3 "$db" 'SELECT count(*) FROM run')" -eq 17 ]
[ "$(sqlite3 "$db" "SELECT count(*) FROM run WHERE status <> 'ok'")" -eq 1 ]
# the matcher ran on the night's changes: a household file for every
# household of the civil registry, a person for every record
[ "$(sqlite3 "$db" "SELECT count(*) FROM run WHERE program = 'isas-match'")" -eq 1 ]
[ "$(($(wc -l <"$r/out/households.tsv") - 1))" -eq \
  "$(sqlite3 "$db" 'SELECT count(DISTINCT household_id) FROM src_civil WHERE household_id IS NOT NULL')" ]
[ "$(awk -F'\t' 'NR > 2 && $1 != "visit" && $3 == ""' "$T/demo/links.tsv" | wc -l)" -eq 0 ]
[ "$(sqlite3 "$db" 'SELECT count(*) FROM src_civil')" -eq 3000 ]
# the scorer decided every household for each of the four household
# programmes, with no error, and wrote the outreach list
[ "$(awk -F'\t' 'NR > 1 && $3 == ""' "$r/out/decisions.tsv" | wc -l)" -eq \
  "$((4 * ($(wc -l <"$r/out/households.tsv") - 1)))" ]
[ "$(sqlite3 "$db" "SELECT count(*) FROM assessment WHERE decision = 'error'")" -eq 0 ]
[ -s "$r/out/outreach.tsv" ]
[ "$(sqlite3 "$db" 'SELECT count(*) FROM reject')" -eq \
  "$(($(wc -l <"$r/rejects/bank.tsv") - 1))" ]
# the employment link decided from the events: a suspension after three
# unjustified refusals, incentives, flags, a referral list; again, nothing
[ "$(sqlite3 "$db" "SELECT count(*) FROM run WHERE program = 'isas-sanction'")" -eq 1 ]
[ "$(awk -F'\t' '$3 == "suspension" && $4 == "regular"' "$r/out/sanctions.tsv" | wc -l)" -ge 1 ]
[ "$(awk -F'\t' '$3 == "incentive"' "$r/out/sanctions.tsv" | wc -l)" -ge 1 ]
[ "$(awk -F'\t' '$3 == "flag"' "$r/out/sanctions.tsv" | wc -l)" -ge 1 ]
[ "$(($(wc -l <"$r/out/referrals.tsv") - 1))" -ge 1 ]
isas-sanction -S "$db" --as-of 2026-11-23 --params "$TESTS/../etc/params.tsv" \
	"$TD/country/iskur.csv" >sanctions-again.tsv 2>/dev/null
[ "$(wc -l <sanctions-again.tsv)" -eq 1 ]
# the month's payments: a file the schema accepts, a balanced journal,
# and the same file again from a second run that issues nothing
xmllint --noout --schema "$TD/iso20022/pain.001.001.09.xsd" \
	"$r/out/pay-2026-11.xml" 2>/dev/null
[ "$(sqlite3 "$db" "SELECT count(*) FROM payment")" -ge 1 ]
[ "$(ledger -f "$r/out/journal-2026-11.ledger" balance | tail -1 | tr -d ' ')" = 0 ]
isas-payfile -S "$db" --period 2026-11 --banks "$TESTS/../etc/banks.tsv" \
	--accounts "$TESTS/../etc/accounts.tsv" >pay-again.xml 2>/dev/null
cmp pay-again.xml "$r/out/pay-2026-11.xml"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ]
# the reports: the summary, the month's payments reconciled with the bank
# file, the audit flags kept, and maps that are well-formed SVG
grep -q '^payments  *issued' "$r/reports/summary.txt"
grep -q 'reconciled' "$T/demo/payments.txt"
[ "$(sqlite3 "$db" "SELECT count(*) FROM flag WHERE status = 'open'")" -eq \
  "$(($(wc -l <"$r/reports/flags.tsv") - 2))" ]
xmllint --noout "$T/demo/caseload-regular.svg" "$T/demo/payments-istanbul.svg"
# the same extracts again change nothing
isas-ingest -S "$db" --source civil --mode snapshot --as-of 2026-11-24 \
	"$TD/country/civil.csv" >again.tsv
[ "$(wc -l <again.tsv)" -eq 1 ]
