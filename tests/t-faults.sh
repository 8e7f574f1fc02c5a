# t-faults.sh - every program that writes the store, under the faults a
# night can meet: a full disk (ulimit -f for the store, for standard output
# and for everything; /dev/full and, as root, a small tmpfs for the store
# and for each output), a read-only store, folder or mount, a store locked
# by another program (a write in progress, or an exclusive lock), and a
# store of a newer schema.
#
# After each: exit status 2; a message that names the store or the file
# and says what went wrong, without SQLite's own words; the store whole
# and exactly as it was (integrity_check, .dump, user_version); no output
# half-written (no *.tmp* left, no target made, none replaced, no other
# file left); and a normal run afterwards prints, writes and stores exactly
# what the run never interrupted did.
# valgrind: skip (some 200 runs of the programs; the golden tests run them)
set -u
umask 022
D=2026-11-23
unset ISAS_LOCK_WAIT
nfail=0
case=setup
holder=
mounted=0

bad() {
	echo "FAIL $case: $*"
	nfail=$((nfail + 1))
}
note() { echo "skip: $*"; }

W=$(mktemp -d "${TMPDIR:-/tmp}/isas-faults.XXXXXX") || exit 1
M=$W/mnt
cleanup() {
	if [ -n "$holder" ]; then
		kill "$holder" 2>/dev/null
		wait "$holder" 2>/dev/null
	fi
	[ $mounted = 1 ] && { umount "$M" || umount -l "$M"; }
	chmod -R u+w "$W" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$W"
cd "$W" || exit 1

# ---------------------------------------------------------------------------
# The night before each program, and the command under test.

mkdir rw rodir "$M" ref
# a country of 1,000 persons: every kind of extract, some payments, flags
isas-synth -n 1000 -s 1 -o in >/dev/null || { echo "setup: isas-synth failed"; exit 1; }
cp "$TESTS"/../etc/rules.conf "$TESTS"/../etc/params.tsv \
	"$TESTS"/../etc/banks.tsv "$TESTS"/../etc/accounts.tsv .
# two rows in three refused, with a long value: a rejects file much bigger
# than the run's journal
awk -F, -v OFS=, 'BEGIN { v = "retired?"; while (length(v) < 300) v = v v }
	NR > 1 && NR % 3 != 1 { $3 = v } 1' in/sgk.csv >sgk-bad.csv
for src in civil tax assets bank health education application visit board \
	person; do
	isas-ingest -S before.db --as-of $D --source $src --mode snapshot \
		in/$src.csv >>changes.tsv 2>/dev/null
	[ $? -le 1 ] || { echo "setup: isas-ingest --source $src failed"; exit 1; }
done

# The command of program $prog on the store $1, with its named outputs at
# $od$NAME, but $ov_name at $ov_path (all at /dev/null when $od is -).
cat >cmd.sh <<'EOF'
at() {
	if [ "$1" = "$ov_name" ]; then echo "$ov_path"
	elif [ "$od" = - ]; then echo /dev/null
	else echo "$od$1"; fi
}
D=2026-11-23
case $prog in
ingest) exec isas-ingest -S "$1" --as-of $D --source sgk --mode snapshot \
	--rejects "$(at rej.tsv)" sgk-bad.csv </dev/null ;;
match) exec isas-match -S "$1" --as-of $D <changes.tsv ;;
score) exec isas-score -S "$1" --as-of $D --rules rules.conf \
	--outreach "$(at outreach.tsv)" <households.tsv ;;
sanction) exec isas-sanction -S "$1" --as-of $D --params params.tsv \
	--referrals "$(at ref.tsv)" in/iskur.csv </dev/null ;;
payfile) exec isas-payfile -S "$1" --as-of $D --period 2026-11 \
	--banks banks.tsv --accounts accounts.tsv --journal "$(at j.ledger)" \
	--held "$(at held.tsv)" </dev/null ;;
report) exec isas-report -S "$1" --as-of $D --params params.tsv flags \
	</dev/null ;;
esac
EOF
od='' ov_name='' ov_path=''
export prog od ov_name ov_path

# What a store holds, for comparing: its header and every row.
state() {
	sqlite3 "$1" "PRAGMA user_version; PRAGMA application_id" .dump |
		sha256sum
}
bytes() { wc -c <"$1" | tr -d ' '; }

# ulimit -f counts blocks of 512 bytes in some shells, 1024 in others.
unit=$( (trap '' XFSZ; ulimit -f 1; dd if=/dev/zero of=probe bs=1 count=4096) \
	>/dev/null 2>&1; bytes probe)
rm -f probe
case $unit in 512|1024) ;; *) echo "setup: ulimit -f unit $unit?"; exit 1 ;; esac

# As root, permissions do not stop writes: the read-only cases run as
# nobody.  Elsewhere they run as the user, with chmod.
as_other=
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid=65534 --regid=65534 --clear-groups \
	    sh -c "test -r '$W/cmd.sh'" 2>/dev/null; then
		as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chown 65534 rw
	else
		note "read-only store and folder: as root, and nobody cannot reach $W"
	fi
	if mount -t tmpfs -o size=8m,mode=755 tmpfs "$M" 2>/dev/null; then
		mounted=1
	else
		note "tmpfs: mount -t tmpfs refused; full disk by ulimit -f and /dev/full only"
	fi
else
	note "tmpfs: not root; full disk by ulimit -f and /dev/full only"
fi
ro_ok=1
[ "$(id -u)" = 0 ] && [ -z "$as_other" ] && ro_ok=0

# ---------------------------------------------------------------------------
# A case: begin, make the fault and run (run or run_ulimit), then after.

# every file but the ones of the test (ref/, the lock's FIFO)
listing() {
	find "$W" -path "$W/ref" -prune -o ! -name lk.fifo -print | sort
}

# begin NAME: the store and the outputs as they were before the program ran
begin() {
	case=isas-$prog/$1
	rm -f s.db
	cp before.db s.db
	rm -f rw/* rodir/* s.db-journal
	[ $mounted = 1 ] && rm -f "$M"/*
	for f in $outs; do echo "old $f" >"$f"; done
	: >out.txt
	: >err.txt
	od='' ov_name='' ov_path='' fix='' was=''
}

# run STORE [STDOUT]: runs the command, sets rc
run() {
	[ -n "$was" ] || was=$(listing)
	$pre sh cmd.sh "$1" >"${2:-/dev/null}" 2>err.txt
	rc=$?
}

# run_ulimit BYTES STORE [STDOUT]: the same, no file to grow past BYTES
run_ulimit() {
	[ -n "$was" ] || was=$(listing)
	(ulimit -f $(($1 / unit)) && exec sh cmd.sh "$2") >>"${3:-/dev/null}" \
		2>err.txt
	rc=$?
}

# after STORE ERE [ERE]: the run failed cleanly (see the top of the file),
# with a message matching each ERE; then the normal run on what it left
after() {
	[ -z "${VERBOSE:-}" ] ||
		echo "$case: exit $rc: $(grep -v sgk-bad err.txt | tr '\n' '|')"
	[ "$rc" = 2 ] || bad "exit status $rc, not 2"
	grep -Eq "$2" err.txt ||
		bad "no message /$2/ in: $(grep -v sgk-bad err.txt | head -3)"
	[ -z "${3:-}" ] || grep -Eq "$3" err.txt ||
		bad "no message /$3/ in: $(grep -v sgk-bad err.txt | head -3)"
	if grep -Eiq 'sqlite|database|I/O error|SQL logic' err.txt; then
		bad "SQLite's words: $(grep -Ei 'sqlite|database|I/O' err.txt)"
	fi
	ok=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)
	[ "$ok" = ok ] || bad "integrity_check: $ok"
	[ "$(state "$1")" = "$before" ] || bad "the store changed"
	for f in $outs; do
		[ "$(cat "$f")" = "old $f" ] || bad "$f was replaced"
	done
	listing >ref/ls
	printf '%s\n' "$was" | diff - ref/ls >ref/ls.diff ||
		bad "files made or removed: $(grep '^[<>]' ref/ls.diff | head -3)"
	# the normal run afterwards
	if [ -L s.db ]; then
		rm s.db
		cp "$M/s.db" s.db
	fi
	[ "$1" = s.db ] || cat "$1" >s.db
	[ -z "$fix" ] || sqlite3 s.db "$fix"
	rm -f rw/* rodir/*
	pre=''
	od='' ov_name='' ov_path=''
	run s.db out.txt
	like_ref "the run afterwards"
}

# like_ref WHICH: the run did what the run never interrupted did
like_ref() {
	[ -z "${VERBOSE:-}" ] || echo "$case: $1: exit $rc"
	[ "$rc" = "$(cat ref/status)" ] || bad "$1: exit $rc: $(tail -1 err.txt)"
	cmp -s out.txt ref/out || bad "$1 printed otherwise"
	cmp -s err.txt ref/err || bad "$1 told otherwise"
	for f in $outs; do
		cmp -s "$f" "ref/$f" || bad "$1 wrote $f otherwise"
	done
	[ "$(state s.db)" = "$(cat ref/state)" ] || bad "$1 left another store"
}

# fill_tmpfs KB: the tmpfs full but for KB kilobytes
fill_tmpfs() {
	dd if=/dev/zero of="$M/fill" bs=64k >/dev/null 2>&1
	[ "$1" -gt 0 ] && truncate -s -"$1"K "$M/fill"
}

# another program holds a write transaction (LOCK: IMMEDIATE or EXCLUSIVE)
# on store $1 until lock_release
lock_hold() {
	rm -f lk.fifo && mkfifo lk.fifo
	sqlite3 "$1" <lk.fifo >/dev/null 2>&1 &
	holder=$!
	exec 3>lk.fifo
	printf '.timeout 5000\nBEGIN %s;\n%s\n' "$2" "INSERT INTO run (program,
	    version, argv) VALUES ('other', '0', '[]');" >&3
	i=0
	while sqlite3 "$1" "BEGIN IMMEDIATE" "ROLLBACK" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 200 ] || { bad "the other program never took the lock"; break; }
		sleep 0.05
	done
}
lock_release() {
	printf 'ROLLBACK;\n' >&3
	exec 3>&-
	wait "$holder"
	holder=
	rm -f lk.fifo
}

# ---------------------------------------------------------------------------
# The faults, for each program in the order of a night.

pre=
for prog in ingest match score sanction payfile report; do
	case $prog in
	ingest)   outs=rej.tsv       verb=loaded ;;
	match)    outs=''            verb=linked ;;
	score)    outs=outreach.tsv  verb=decided ;;
	sanction) outs=ref.tsv       verb=decided ;;
	payfile)  outs="j.ledger held.tsv" verb=issued ;;
	report)   outs=''            verb=recorded ;;
	esac
	p="^isas-$prog: "
	nothing="${p}nothing $verb: "

	# the run never interrupted
	case=isas-$prog/reference
	rm -f ref/*
	cp before.db s.db
	for o in $outs; do rm -f "$o"; done
	sh cmd.sh s.db >ref/out 2>ref/err
	echo $? >ref/status
	[ "$(cat ref/status)" -le 1 ] || { bad "failed: $(tail -3 ref/err)"; break; }
	for o in $outs; do cp "$o" "ref/$o"; done
	state s.db >ref/state
	cp s.db ref/s.db
	before=$(state before.db)
	after_size=$(bytes ref/s.db)

	# Full disk: no part of the store past 64k (its journal cannot grow,
	# nor its pages past there be written); the outputs to /dev/null.
	begin ulimit-store
	od=-
	run_ulimit 65536 s.db
	after s.db "${p}s\.db: [^:]+: File too large$"

	# Full disk: standard output (the change list, the households, the
	# decisions, the bank file, the flags) already at the limit.
	begin ulimit-stdout
	lim=$((after_size * 2 + 4194304))
	truncate -s $lim out.txt
	run_ulimit $lim s.db out.txt
	: >out.txt
	after s.db "${p}-: write error: File too large$" "$nothing"

	# Full disk: no file can grow past one block (the store's journal,
	# or an output, whichever comes first).
	begin ulimit-all
	run_ulimit "$unit" s.db out.txt
	after s.db "${p}.*: File too large$"

	# Full disk: an output (the rejects, the referral list, the outreach
	# list, the journal, the held list) bigger than what is left under the
	# limit: only the rejects of isas-ingest are bigger than the journal.
	if [ $prog = ingest ]; then
		begin ulimit-output
		od=- ov_name=rej.tsv ov_path=rej.tsv
		run_ulimit $(($(bytes ref/rej.tsv) / 2)) s.db
		after s.db "${p}rej\.tsv: write error: File too large$" "$nothing"
	fi

	# Full disk: each output on /dev/full
	begin dev-full-stdout
	run s.db /dev/full
	after s.db "${p}-: write error: No space left on device$" "$nothing"
	for o in $outs; do
		begin "dev-full-$o"
		ov_name=$o ov_path=/dev/full
		run s.db
		after s.db "${p}/dev/full: write error: No space left on device$" \
		    "$nothing"
	done

	if [ $mounted = 1 ]; then
		# Full disk: the store on a tmpfs with nothing, 16k, 64k, 256k
		# left: a clean failure, or (room enough) the run as ever
		# (s.db a link to it, for the same argv as ever)
		for k in 0 16 64 256; do
			begin tmpfs-store-${k}k
			mv s.db "$M/s.db"
			ln -s "$M/s.db" s.db
			fill_tmpfs $k
			run s.db out.txt
			if [ $rc = 2 ] || [ $k = 0 ]; then
				after s.db "${p}s\.db: [^:]+: disk full$"
			else
				like_ref "the run with ${k}k left"
			fi
		done

		# Full disk: SQLite's temporary files (temp tables, sorting) on a
		# full tmpfs: no matter, or a clean failure
		begin tmpfs-tmpdir
		fill_tmpfs 0
		SQLITE_TMPDIR=$M
		export SQLITE_TMPDIR
		run s.db out.txt
		unset SQLITE_TMPDIR
		if [ $rc = 2 ]; then
			after s.db "${p}s\.db: [^:]+: disk full$"
		else
			like_ref "the run with its temporary folder full"
		fi

		# Full disk: each output on a tmpfs with less left than it needs
		for o in - $outs; do
			begin "tmpfs-output-$o"
			if [ "$o" = - ]; then
				fill_tmpfs $(($(bytes ref/out) / 2048))
				run s.db "$M/out.txt"
				rm -f "$M/out.txt"
			else
				fill_tmpfs $(($(bytes "ref/$o") / 2048))
				ov_name=$o ov_path=$M/$o
				run s.db
			fi
			[ "$o" = - ] || o=$M/$o
			after s.db "${p}$o: write error: No space left on device$" \
			    "$nothing"
		done

		# Read-only: the store on a read-only mount
		begin ro-mount
		cp before.db "$M/s.db"
		mount -o remount,ro "$M"
		run "$M/s.db"
		mount -o remount,rw "$M"
		after "$M/s.db" "${p}$M/s\.db: store is read-only$"
	fi

	if [ $ro_ok = 1 ]; then
		# Read-only: the store's file (its folder writable)
		begin ro-store
		cp before.db rw/s.db
		chmod 444 rw/s.db
		od=rw/ pre=$as_other
		run rw/s.db
		pre=
		chmod u+w rw/s.db
		after rw/s.db "${p}rw/s\.db: store is read-only$"

		# Read-only: the store's folder (the journal cannot be made)
		begin ro-folder
		cp before.db rodir/s.db
		[ -n "$as_other" ] && chown 65534 rodir/s.db
		chmod a-w rodir
		od=rw/ pre=$as_other
		run rodir/s.db
		pre=
		chmod u+w rodir
		after rodir/s.db "${p}rodir/s\.db: store's folder is read-only: its journal cannot be created$"

		# Read-only: the folder of an output
		for o in $outs; do
			begin "ro-folder-$o"
			cp before.db rw/s.db
			[ -n "$as_other" ] && chown 65534 rw/s.db
			chmod a-w rodir
			ov_name=$o ov_path=rodir/$o od=rw/ pre=$as_other
			run rw/s.db
			pre=
			chmod u+w rodir
			after rw/s.db "${p}rodir/$o: cannot create: Permission denied$"
		done
	fi

	# Locked: another program's write in progress, then its exclusive lock
	for lock in IMMEDIATE EXCLUSIVE; do
		begin locked-$lock
		was=$(listing)
		lock_hold s.db $lock
		export ISAS_LOCK_WAIT=0
		run s.db
		unset ISAS_LOCK_WAIT
		lock_release
		after s.db "${p}s\.db: store is locked by another program$"
	done

	# Newer: a store of a schema this program does not know
	begin newer-schema
	fix="PRAGMA user_version = $(sqlite3 s.db 'PRAGMA user_version')"
	sqlite3 s.db "PRAGMA user_version = 99"
	saved=$before
	before=$(state s.db)
	run s.db
	after s.db "${p}s\.db: store schema version 99 is newer than this program's [0-9]+; use a newer isas$"
	before=$saved

	case $prog in
	ingest)
		# A lock let go while the program waits for it: the run goes on.
		case=isas-ingest/lock-wait
		cp before.db s.db
		lock_hold s.db IMMEDIATE
		ISAS_LOCK_WAIT=20 sh cmd.sh s.db >out.txt 2>err.txt &
		pid=$!
		sleep 0.3
		kill -0 $pid 2>/dev/null || bad "did not wait for the lock"
		lock_release
		wait $pid
		[ $? = "$(cat ref/status)" ] || bad "exit status: $(tail -1 err.txt)"
		cmp -s out.txt ref/out || bad "printed otherwise"
		[ "$(state s.db)" = "$(cat ref/state)" ] || bad "another store"
		# what isas-match reads: every change of the night
		cat ref/out >>changes.tsv
		;;
	match)
		cp ref/out households.tsv ;;
	report)
		# A report that only reads: a read-only store is no fault, a
		# lock that stops reading and a newer schema are.
		case=isas-report/read-only-summary
		isas-report -S before.db summary >ref/summary 2>&1 ||
			bad "summary: $(cat ref/summary)"
		if [ $ro_ok = 1 ]; then
			cp before.db rw/s.db
			chmod 444 rw/s.db
			$as_other isas-report -S rw/s.db summary >out.txt 2>&1 ||
				bad "summary: $(cat out.txt)"
			cmp -s out.txt ref/summary || bad "summary differs"
			chmod u+w rw/s.db
		fi
		case=isas-report/locked-summary
		cp before.db s.db
		lock_hold s.db EXCLUSIVE
		ISAS_LOCK_WAIT=0 isas-report -S s.db summary >/dev/null 2>err.txt
		rc=$?
		lock_release
		[ $rc = 2 ] || bad "exit status $rc, not 2"
		grep -Eq "${p}s\.db: store is locked by another program$" err.txt ||
			bad "message: $(cat err.txt)"
		case=isas-report/newer-schema-summary
		sqlite3 s.db "PRAGMA user_version = 99"
		isas-report -S s.db summary >/dev/null 2>err.txt
		rc=$?
		[ $rc = 2 ] || bad "exit status $rc, not 2"
		grep -Eq "${p}s\.db: store schema version 99 is newer" err.txt ||
			bad "message: $(cat err.txt)"
		;;
	esac
	# the night goes on: this program's run is the next one's before
	mv ref/s.db before.db
done

[ $nfail -eq 0 ]
