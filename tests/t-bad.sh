# t-bad.sh - the corpus of broken and hostile inputs, testdata/bad/ (see
# testdata/bad/README): every case's command run on a copy of one base
# store, and checked for its exact standard error, its exit status, the
# good rows it still loaded, a store that passes integrity_check, and
# nothing earlier in the store changed.
#
# Run by tests/run-shell-tests (B, TD, TESTS and T set, the programs on
# PATH, the cwd a fresh folder).  Quiet on success; on failure, each case
# that failed with what differed.
#
#   UPDATE=1 ... run-shell-tests bad   rewrite stderr, status and rows of
#                                      every case (then review them)
#   BAD_CASES='a b' ... bad            run only the cases named
set -u
top=$TESTS/..
bad=$TD/bad
base=$T/base
export LC_ALL=C.UTF-8 TZ=UTC ISAS_AS_OF=2026-11-23 ISAS_LOCK_WAIT=0

# The base store: the bundled country's night of 2026-11-23 (every kind
# loaded, matched, scored, sanctioned, paid for 2026-11) and its audit
# flags, with the rule, parameter, banks and chart files beside it.
mkdir -p "$base"
(
	set -e
	cd "$base"
	cp "$top"/etc/rules.conf "$top"/etc/params.tsv "$top"/etc/banks.tsv \
		"$top"/etc/accounts.tsv .
	for src in civil sgk tax assets bank health education application \
		visit board person; do
		isas-ingest -S s.db --source $src --mode snapshot \
			"$TD/country/$src.csv" >>changes.tsv || test $? -eq 1
	done
	isas-match -S s.db <changes.tsv >households.tsv
	isas-score -S s.db --rules rules.conf <households.tsv >/dev/null
	isas-sanction -S s.db --params params.tsv "$TD/country/iskur.csv" \
		>/dev/null || test $? -eq 1
	isas-payfile -S s.db --period 2026-11 --banks banks.tsv \
		--accounts accounts.tsv >pay-2026-11.xml
	isas-report -S s.db --params params.tsv flags >/dev/null
	rm changes.tsv
) >"$T/base.log" 2>&1 || { echo "base store:"; cat "$T/base.log"; exit 1; }
base_run=$(sqlite3 "$base/s.db" "SELECT max(run_id) FROM run")
tables=$(sqlite3 "$base/s.db" \
	"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")

# protect_sql SOURCE TOUCHES: a script for sqlite3 on the case's store that
# prints nothing when nothing earlier changed: every row of the base store
# is still there, unchanged, in every table but those named in TOUCHES;
# and no row was added but to the run log (run, run_file, reject, source),
# to the src_ table of SOURCE under SOURCE, and to the tables named with a
# '+' in TOUCHES (rows may be added to them, none changed).
protect_sql() {
	echo "ATTACH '$base/s.db' AS b;"
	for t in $tables; do
		case " $2 " in *" $t "*) continue ;; esac
		echo "SELECT '$t: ' || count(*) || ' earlier rows changed or gone'" \
			"FROM (SELECT * FROM b.\"$t\" EXCEPT SELECT * FROM main.\"$t\")" \
			"HAVING count(*) > 0;"
		case $t in run | run_file | reject | source) continue ;; esac
		case " $2 " in *" +$t "*) continue ;; esac
		where=
		case $t in
		src_*) [ -n "$1" ] && where=" WHERE source IS NOT '$1'" ;;
		esac
		echo "SELECT '$t: ' || count(*) || ' rows added'" \
			"FROM (SELECT * FROM main.\"$t\"$where EXCEPT SELECT * FROM b.\"$t\")" \
			"HAVING count(*) > 0;"
	done
	echo "SELECT 'table added: ' || name FROM main.sqlite_master" \
		"WHERE type = 'table' AND name NOT IN" \
		"(SELECT name FROM b.sqlite_master WHERE type = 'table');"
}

# check EXPECTED ACTUAL LABEL: a diff into $o/why when they differ
check() {
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$2" "$1"
		return 0
	fi
	[ -f "$1" ] || { echo "missing expectation $1" >>"$o/why"; return 1; }
	cmp -s "$1" "$2" && return 0
	echo "$3 differs:" >>"$o/why"
	diff -u "$1" "$2" | head -30 >>"$o/why"
	return 1
}

failed=0 ncase=0
for d in "$bad"/*/; do
	d=${d%/}
	name=${d##*/}
	[ -f "$d/cmd" ] || continue
	case " ${BAD_CASES:-$name} " in *" $name "*) ;; *) continue ;; esac
	ncase=$((ncase + 1))
	w=$T/w/$name o=$T/o/$name
	rm -rf "$w" "$o"
	mkdir -p "$w" "$o"
	: >"$o/why"
	cp "$base"/s.db "$base"/*.conf "$base"/*.tsv "$w"/
	for f in "$d"/* "$d"/.[!.]*; do
		[ -e "$f" ] || continue
		case ${f##*/} in
		cmd | gen | stderr | status | rows | query | source | touches) ;;
		*) cp -R "$f" "$w"/ ;;
		esac
	done
	ok=1
	if [ -f "$d/gen" ] && ! (cd "$w" && sh "$d/gen") >"$o/gen.log" 2>&1; then
		{ echo "gen failed:"; cat "$o/gen.log"; } >>"$o/why"
		ok=0
	fi
	# the source whose records the command may add: the source file, else
	# --source of the command, else the program's default
	if [ -f "$d/source" ]; then
		src=$(cat "$d/source")
	else
		src=$(sed -n 's/.*--source[= ]\([a-z0-9._-]*\).*/\1/p' "$d/cmd" | head -1)
		if [ -z "$src" ]; then
			case $(cat "$d/cmd") in
			isas-sanction*) src=iskur ;;
			isas-payfile*) src=bankreturn ;;
			esac
		fi
	fi
	touches=
	[ -f "$d/touches" ] && touches=$(tr -s '\n\t' '  ' <"$d/touches")

	(cd "$w" && sh "$d/cmd") >"$o/stdout" 2>"$o/stderr" </dev/null
	echo $? >"$o/status"
	check "$d/status" "$o/status" status || ok=0
	check "$d/stderr" "$o/stderr" stderr || ok=0

	integrity=$(sqlite3 "$w/s.db" "PRAGMA integrity_check" 2>&1)
	if [ "$integrity" != ok ]; then
		echo "integrity_check: $integrity" >>"$o/why"
		ok=0
	fi
	protect_sql "$src" "$touches" >"$o/protect.sql"
	sqlite3 "$w/s.db" <"$o/protect.sql" >"$o/protect.out" 2>&1
	if [ -s "$o/protect.out" ]; then
		{ echo "the store changed beyond the case's source:"
		  cat "$o/protect.out"; } >>"$o/why"
		ok=0
	fi

	# the rows: the query file, else the records of the source that the
	# command added or changed
	if [ -f "$d/query" ]; then
		cp "$d/query" "$o/query.sql"
	else
		kind=
		[ -n "$src" ] && kind=$(sqlite3 "$w/s.db" \
			"SELECT kind FROM source WHERE name = '$src'")
		if [ -n "$kind" ]; then
			echo "SELECT record_id FROM src_$kind WHERE source = '$src'" \
				"AND last_run > :base ORDER BY record_id;" >"$o/query.sql"
		else
			: >"$o/query.sql"
		fi
	fi
	sqlite3 -cmd ".parameter set :base $base_run" "$w/s.db" \
		<"$o/query.sql" >"$o/rows" 2>&1
	check "$d/rows" "$o/rows" rows || ok=0

	if [ $ok = 1 ]; then
		rm -rf "$w" "$o"
	else
		failed=$((failed + 1))
		echo "FAIL bad/$name: $(cat "$d/cmd")"
		sed 's/^/     /' "$o/why" | head -60
		rm -rf "$w"
	fi
done
[ "$ncase" -gt 0 ] || { echo "no case run"; exit 1; }
[ "$failed" -eq 0 ] || { echo "bad: $failed of $ncase cases failed"; exit 1; }
