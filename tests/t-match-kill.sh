# isas-match killed with SIGKILL at any point leaves the store exactly as
# it was; a run after the kills links as one never interrupted.
set -eu
isas-synth -n 40000 -s 5 --list-share 100 -o c >/dev/null
for src in civil application person; do
	isas-ingest -S s.db --source $src --as-of 2026-11-23 c/$src.csv >/dev/null 2>&1
done
cp s.db clean.db
before=$(sqlite3 s.db .dump | sha256sum)
kills=0
for d in 0.1 0.2 0.4 0.6 0.9 1.3; do
	isas-match -S s.db --all --as-of 2026-11-23 >out.tsv 2>err.txt &
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
		# it finished first: allowed only with a whole output
		if [ "$(wc -l <out.tsv)" -gt 1000 ]; then
			cp clean.db s.db
			continue
		fi
		echo "after kill at ${d}s the store changed"
		exit 1
	fi
done
[ $kills -ge 3 ] || { echo "only $kills runs were killed mid-way"; exit 1; }
isas-match -S s.db --all --as-of 2026-11-23 >killed.tsv 2>/dev/null
isas-match -S clean.db --all --as-of 2026-11-23 >clean.tsv 2>/dev/null
cmp killed.tsv clean.tsv
isas-report -S s.db links >a.tsv
isas-report -S clean.db links >b.tsv
cmp a.tsv b.tsv
echo "killed $kills runs; store unchanged after each"
