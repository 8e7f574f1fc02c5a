# isas-ingest's memory does not grow with the input: a 500,000-row extract
# loads, and reloads as a snapshot, within 64 MB of address space.
# valgrind: skip (ulimit -v, which valgrind's own memory exceeds; 500,000 rows)
set -eu
if [ "${SANITIZE:-}" = 1 ]; then
	echo "skipped: the sanitizers reserve more address space than the limit"
	exit 0
fi
awk -v n=500000 -f "$TESTS/gen-civil.awk" > big.csv
sed 's/Yılmaz 1,/Yılmaz 1x,/' big.csv > big2.csv
(
	ulimit -v 65536
	isas-ingest -S s.db --source civil --mode snapshot --as-of 2026-11-23 big.csv >a.tsv
	isas-ingest -S s.db --source civil --mode snapshot --as-of 2026-11-24 big2.csv >b.tsv
)
[ "$(wc -l <a.tsv)" -eq 500001 ]
[ "$(grep -c changed b.tsv)" -gt 1000 ]
