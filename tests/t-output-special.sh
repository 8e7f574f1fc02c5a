# Outputs that are written whole or not at all (the rejects, the journal,
# the held and outreach lists) go straight to a path that is not a regular
# file: a FIFO stays a FIFO and gets the rows, /dev/null is not replaced.
set -eu
mkfifo rejects.fifo
cat rejects.fifo >got.tsv &
reader=$!
rc=0
isas-ingest -S s.db --source bank --as-of 2026-11-23 --rejects rejects.fifo \
	"$TD/country/bank.csv" >/dev/null 2>/dev/null || rc=$?
wait "$reader"
[ "$rc" -eq 1 ]
[ -p rejects.fifo ]
[ "$(wc -l <got.tsv)" -gt 1 ]
head -1 got.tsv | grep -q '^file	line	'
[ -z "$(ls | grep tmp)" ]
