# A run killed with SIGKILL at any point leaves the store exactly as it was
# (integrity ok, same content); a run after the kills gives the same result
# as one that was never interrupted.
set -eu
awk -v n=150000 -f "$TESTS/gen-civil.awk" > base.csv
sed 's/Yılmaz 1,/Yılmaz 1x,/; s/Merkez/Merkez2/' base.csv > night2.csv
isas-ingest -S s.db --source civil --mode snapshot --as-of 2026-11-23 base.csv >/dev/null
cp s.db clean.db
before=$(sqlite3 s.db .dump | sha256sum)
kills=0
for d in 0.05 0.1 0.2 0.3 0.5 0.8 1.2; do
	isas-ingest -S s.db --source civil --mode snapshot --as-of 2026-11-24 \
		night2.csv >out.tsv 2>err.txt &
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
		# the run finished before the kill: that is allowed only if it
		# exited cleanly; then restart from the clean store
		if [ -s out.tsv ] && ! grep -q . err.txt; then
			cp clean.db s.db
			continue
		fi
		echo "after kill at ${d}s the store changed"
		exit 1
	fi
done
[ $kills -ge 3 ] || { echo "only $kills runs were killed mid-way"; exit 1; }
isas-ingest -S s.db --source civil --mode snapshot --as-of 2026-11-24 night2.csv >killed.tsv
isas-ingest -S clean.db --source civil --mode snapshot --as-of 2026-11-24 night2.csv >clean.tsv
cmp killed.tsv clean.tsv
[ "$(sqlite3 s.db 'SELECT count(*) FROM src_civil WHERE last_run = 2')" = \
  "$(sqlite3 clean.db 'SELECT count(*) FROM src_civil WHERE last_run = 2')" ]
[ "$(wc -l <killed.tsv)" -gt 1000 ]
echo "killed $kills runs; store unchanged after each"
