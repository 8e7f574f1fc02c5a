# kill-loop.sh - the loop of the t-*-kill.sh tests, sourced by them.
#
#   kill_loop "DELAYS" CMD...
#
# Keeps s.db as clean.db, then for each delay runs CMD in the background
# (stdout out.tsv, stderr err.txt), kills it with SIGKILL after the delay
# and checks that the store is whole (integrity_check) and exactly as it
# was.  A run that finished before its kill may have changed the store only
# if the test's finished() says it ended with its whole output; the store
# is then put back.  After a run that was killed, the test's killed() (if
# it defines one) checks what else must not be left.  At least three runs
# must have been killed mid-way.  Sets kills.
kill_loop() {
	delays=$1
	shift
	cp s.db clean.db
	before=$(sqlite3 s.db .dump | sha256sum)
	kills=0
	for d in $delays; do
		# $! is CMD itself: a simple command in the background
		"$@" >out.tsv 2>err.txt &
		pid=$!
		sleep "$d"
		if kill -9 "$pid" 2>/dev/null; then
			kills=$((kills + 1))
		fi
		wait "$pid" 2>/dev/null || :
		ok=$(sqlite3 s.db "PRAGMA integrity_check")
		[ "$ok" = ok ] || { echo "after kill at ${d}s: integrity: $ok"; exit 1; }
		after=$(sqlite3 s.db .dump | sha256sum)
		if [ "$after" != "$before" ]; then
			if finished; then
				cp clean.db s.db
				continue
			fi
			echo "after kill at ${d}s the store changed"
			exit 1
		fi
		if command -v killed >/dev/null 2>&1; then
			killed "$d"
		fi
	done
	[ "$kills" -ge 3 ] || { echo "only $kills runs were killed mid-way"; exit 1; }
}
