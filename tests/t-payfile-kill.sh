# isas-payfile killed with SIGKILL at any point leaves the store exactly
# as it was (no payment, journal entry or paid amount half-written); the
# run after the kills issues the same file as a run never interrupted,
# and every payment once.
# valgrind: skip (SIGKILL at set delays into runs of 60,000 payees)
set -eu
awk -v n=60000 -v civil=civil.csv -v bank=bank.csv -f "$TESTS"/../scripts/gen-payees.awk
isas-ingest -S s.db --source civil --as-of 2026-11-23 civil.csv >changes.tsv 2>/dev/null
isas-ingest -S s.db --source bank --as-of 2026-11-23 bank.csv >/dev/null 2>&1
isas-match -S s.db --as-of 2026-11-23 --all <changes.tsv >/dev/null 2>&1
sqlite3 s.db "INSERT INTO entitlement (household_id, programme, person_id,
    period, amount, status, run_id) SELECT household_id, 'regular', '',
    '2026-11', 150000, 'open', 1 FROM household"
cp "$TESTS"/../etc/banks.tsv "$TESTS"/../etc/accounts.tsv .
opts="--period 2026-11 --as-of 2026-11-25 --banks banks.tsv --accounts accounts.tsv"
# it finished first: allowed only with its whole output
finished() { grep -q 'message ISAS202611-001' err.txt; }
# a run killed leaves no journal
killed() { [ ! -e j.ledger ] || { echo "after kill at ${1}s a journal was left"; exit 1; }; }
. "$TESTS/kill-loop.sh"
# shellcheck disable=SC2086 # $opts is several options
kill_loop "0.05 0.15 0.3 0.45 0.6 0.8 1.0" isas-payfile -S s.db $opts \
	--journal j.ledger
isas-payfile -S s.db $opts --journal killed.ledger >killed.xml 2>/dev/null
isas-payfile -S clean.db $opts --journal clean.ledger >clean.xml 2>/dev/null
cmp killed.xml clean.xml
cmp killed.ledger clean.ledger
q="SELECT count(*), sum(amount), count(DISTINCT household_id) FROM payment"
[ "$(sqlite3 s.db "$q")" = "60000|9000000000|60000" ] || { echo "payments: $(sqlite3 s.db "$q")"; exit 1; }
[ "$(sqlite3 s.db "$q")" = "$(sqlite3 clean.db "$q")" ]
echo "killed $kills runs; store unchanged after each"
