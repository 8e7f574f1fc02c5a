# isas-match killed with SIGKILL at any point leaves the store exactly as
# it was; a run after the kills links as one never interrupted.
# valgrind: skip (SIGKILL at set delays into runs of 40,000 persons)
set -eu
isas-synth -n 40000 -s 5 --list-share 100 -o c >/dev/null
for src in civil application person; do
	isas-ingest -S s.db --source $src --as-of 2026-11-23 c/$src.csv >/dev/null 2>&1
done
# it finished first: allowed only with a whole output
finished() { [ "$(wc -l <out.tsv)" -gt 1000 ]; }
. "$TESTS/kill-loop.sh"
kill_loop "0.1 0.2 0.4 0.6 0.9 1.3" isas-match -S s.db --all --as-of 2026-11-23
isas-match -S s.db --all --as-of 2026-11-23 >killed.tsv 2>/dev/null
isas-match -S clean.db --all --as-of 2026-11-23 >clean.tsv 2>/dev/null
cmp killed.tsv clean.tsv
isas-report -S s.db links >a.tsv
isas-report -S clean.db links >b.tsv
cmp a.tsv b.tsv
echo "killed $kills runs; store unchanged after each"
