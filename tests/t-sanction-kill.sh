# isas-sanction killed with SIGKILL at any point leaves the store exactly
# as it was (no event, decision or entitlement half-written); a run after
# the kills decides as one never interrupted.
# valgrind: skip (SIGKILL at set delays into runs of 60,000 persons)
set -eu
isas-synth -n 60000 -s 7 -o c >/dev/null
for src in civil sgk tax assets bank health education application visit board; do
	isas-ingest -S s.db --source $src --as-of 2026-11-23 c/$src.csv >>changes.tsv 2>/dev/null || :
done
isas-match -S s.db --as-of 2026-11-23 <changes.tsv >/dev/null 2>&1
cp "$TESTS"/../etc/rules.conf "$TESTS"/../etc/params.tsv .
isas-score -S s.db --rules rules.conf --all --as-of 2026-11-23 >/dev/null 2>&1
# it finished first: allowed only with its whole output
finished() { grep -q 'persons to refer' err.txt; }
. "$TESTS/kill-loop.sh"
kill_loop "0.01 0.03 0.05 0.08 0.12 0.16 0.2" isas-sanction -S s.db \
	--params params.tsv --as-of 2026-11-23 c/iskur.csv
isas-sanction -S s.db --params params.tsv --as-of 2026-11-23 c/iskur.csv >killed.tsv 2>/dev/null
isas-sanction -S clean.db --params params.tsv --as-of 2026-11-23 c/iskur.csv >clean.tsv 2>/dev/null
cmp killed.tsv clean.tsv
q="SELECT person_id, kind, programme, rule, from_date, until_date, amount, events FROM sanction_decision ORDER BY decision_id"
[ "$(sqlite3 s.db "$q" | sha256sum)" = "$(sqlite3 clean.db "$q" | sha256sum)" ]
echo "killed $kills runs; store unchanged after each"
