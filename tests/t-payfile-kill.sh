# isas-payfile killed with SIGKILL at any point leaves the store exactly
# as it was (no payment, journal entry or paid amount half-written); the
# run after the kills issues the same file as a run never interrupted,
# and every payment once.
set -eu
awk -v n=60000 -v civil=civil.csv -v bank=bank.csv -f "$TESTS"/../scripts/gen-payees.awk
isas-ingest -S s.db --source civil --as-of 2026-11-23 civil.csv >changes.tsv 2>/dev/null
isas-ingest -S s.db --source bank --as-of 2026-11-23 bank.csv >/dev/null 2>&1
isas-match -S s.db --as-of 2026-11-23 --all <changes.tsv >/dev/null 2>&1
sqlite3 s.db "INSERT INTO entitlement (household_id, programme, person_id,
    period, amount, status, run_id) SELECT household_id, 'regular', '',
    '2026-11', 150000, 'open', 1 FROM household"
cp "$TESTS"/../etc/banks.tsv "$TESTS"/../etc/accounts.tsv .
cp s.db clean.db
opts="--period 2026-11 --as-of 2026-11-25 --banks banks.tsv --accounts accounts.tsv"
before=$(sqlite3 s.db .dump | sha256sum)
kills=0
for d in 0.05 0.15 0.3 0.45 0.6 0.8 1.0; do
	# not through a function: $! must be isas-payfile itself
	isas-payfile -S s.db $opts --journal j.ledger >out.xml 2>err.txt &
	pid=$!
	sleep $d
	if kill -9 $pid 2>/dev/null; then
		kills=$((kills + 1))
	fi
	wait $pid 2>/dev/null || :
	ok=$(sqlite3 s.db "PRAGMA integrity_check")
	[ "$ok" = ok ] || { echo "after kill at ${d}s: integrity: $ok"; exit 1; }
	after=$(sqlite3 s.db .dump | sha256sum)
	if [ "$after" != "$before" ]; then
		# it finished first: allowed only with its whole output
		if grep -q 'message ISAS202611-001' err.txt; then
			cp clean.db s.db
			continue
		fi
		echo "after kill at ${d}s the store changed"
		exit 1
	fi
	[ ! -e j.ledger ] || { echo "after kill at ${d}s a journal was left"; exit 1; }
done
[ $kills -ge 3 ] || { echo "only $kills runs were killed mid-way"; exit 1; }
isas-payfile -S s.db $opts --journal killed.ledger >killed.xml 2>/dev/null
isas-payfile -S clean.db $opts --journal clean.ledger >clean.xml 2>/dev/null
cmp killed.xml clean.xml
cmp killed.ledger clean.ledger
q="SELECT count(*), sum(amount), count(DISTINCT household_id) FROM payment"
[ "$(sqlite3 s.db "$q")" = "60000|9000000000|60000" ] || { echo "payments: $(sqlite3 s.db "$q")"; exit 1; }
[ "$(sqlite3 s.db "$q")" = "$(sqlite3 clean.db "$q")" ]
echo "killed $kills runs; store unchanged after each"
