# isas-synth --change writes the next day of the same country: at 0 the
# bytes of the country of the day before; at 1 a percent or so of the
# civil and sgk lines changed, no record renumbered, the truth consistent
# with the changes, every file loading as a second night without more
# rejected rows than the first; and the same bytes on every run.
set -eu
n=20000

isas-synth -n $n -s 5 -o plain
isas-synth -n $n -s 5 --change 0 -o zero
diff -r plain zero
isas-synth -n $n -s 5 --change 0 --as-of 2026-11-24 -o zero-next
diff -r plain zero-next

isas-synth -n $n -s 5 --change 1 --as-of 2026-11-24 -o next
isas-synth -n $n -s 5 --change 1 --as-of 2026-11-24 -o again
diff -r next again

# Lines of the two files that differ, sorted (a changed row counts twice,
# an added or removed one once), per thousand lines of the plain file.
differ() { # FILE...: prints the per-mille
	d=0 all=0
	for f in "$@"; do
		sort "plain/$f" >a.sorted
		sort "next/$f" >b.sorted
		d=$((d + $(comm -3 a.sorted b.sorted | wc -l)))
		all=$((all + $(wc -l <a.sorted) - 1))
	done
	echo $((d * 1000 / all))
}
cs=$(differ civil.csv sgk.csv)
echo "civil and sgk: $cs lines in a thousand differ"
[ "$cs" -ge 5 ] && [ "$cs" -le 30 ]
# the other files change a little, most of them, and three not at all
changed=0
for f in civil sgk tax assets bank health education application iskur; do
	p=$(differ $f.csv)
	echo "$f: $p in a thousand"
	[ "$p" -le 50 ]
	if [ "$(comm -3 a.sorted b.sorted | wc -l)" -gt 0 ]; then
		changed=$((changed + 1))
	fi
done
[ "$changed" -ge 7 ]
for f in visit board person; do
	cmp plain/$f.csv next/$f.csv
done

# No record renumbered: an id of both runs is the same true person's, an
# id that the next day added is new, and the removed are few.
awk -F '\t' 'NR == FNR { p[$1 " " $2] = $3; next }
	FNR == 1 { next }
	($1 " " $2) in p {
		if (p[$1 " " $2] != $3) { print "moved: " $0; bad = 1 }
		seen++
		next
	}
	{ added++ }
	END { print seen + 0, added + 0; exit bad }' \
	plain/truth/persons.tsv next/truth/persons.tsv >ids.out
read seen added <ids.out
total=$(($(wc -l <plain/truth/persons.tsv) - 1))
echo "record ids: $seen kept of $total, $added added"
[ "$added" -gt 0 ]
[ $((total - seen)) -le $((total / 1000)) ]
# an added row is appended after the last row of its file
for f in civil sgk; do
	head -n "$(wc -l <plain/$f.csv)" next/$f.csv | cut -d, -f1 >ids.next
	cut -d, -f1 plain/$f.csv >ids.plain
	cmp ids.plain ids.next
done

# The truth's household sizes count the living of civil.csv, births and
# deaths of the next day included (household_id is the 8th field, after
# the death date, before any quoted one).
awk -F, 'NR > 1 && $7 == "" { n[$8]++ }
	END { for (h in n) print h "\t" n[h] }' next/civil.csv | sort >living
awk -F '\t' 'NR > 1 && $2 > 0 { print $1 "\t" $2 }' \
	next/truth/households.tsv | sort >sizes
cmp living sizes
if cmp -s plain/truth/households.tsv next/truth/households.tsv; then
	echo "no household changed size"
	exit 1
fi

# Night 1 on the plain country, night 2 on the next day, one store: no
# kind refuses more rows on the second night than on the first.
for src in civil sgk tax assets bank health education application visit \
	iskur board person; do
	for night in 1 2; do
		d=plain day=2026-11-23
		[ $night = 2 ] && d=next day=2026-11-24
		rc=0
		isas-ingest -S store.db --as-of $day --source $src \
			--mode snapshot --rejects rej$night.tsv $d/$src.csv \
			>changes$night.tsv 2>ingest.err || rc=$?
		[ "$rc" -le 1 ] || { cat ingest.err; exit 1; }
	done
	r1=$(($(wc -l <rej1.tsv) - 1))
	r2=$(($(wc -l <rej2.tsv) - 1))
	c2=$(($(wc -l <changes2.tsv) - 1))
	echo "$src: rejects $r1 then $r2, $c2 changes on night 2"
	[ "$r2" -le "$r1" ]
	case $src in
	visit|board|person) [ "$c2" -eq 0 ] ;;
	*) [ "$c2" -gt 0 ] ;;
	esac
done

# A share that is not a percentage with at most four decimals is a usage
# error, found before anything is written.
for bad in 101 100.5 -1 .5 1. 0.00001 1e2 ''; do
	st=0
	isas-synth -n 10 --change "$bad" -o bad >out 2>err || st=$?
	[ "$st" -eq 2 ]
	grep -q "^isas-synth: invalid share of changed persons '$bad'" err
	[ ! -s out ] && [ ! -e bad ]
done
