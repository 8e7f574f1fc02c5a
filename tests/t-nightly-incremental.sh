# The change-set design: a second night that re-links and re-scores only
# what changed (1 % of the persons of a synthetic country of 30,000,
# isas-synth --change) and what the day alone changed (isas-score --due:
# here children turning 6 and a head's birthday, which a night of the
# change set alone decided wrongly) decides exactly what a night that redid
# every household would (scripts/check-incremental); and the check does
# catch a difference.
# valgrind: skip (two nights of 30,000 persons)
set -eu
top=$TESTS/..
export ISAS_BIN=$B
isas-synth -n 30000 -s 1 -o day1 >/dev/null
isas-synth -n 30000 -s 1 --change 1 --as-of 2026-11-24 -o day2 >/dev/null
rm -rf day1/truth day2/truth
rc=0
"$top/scripts/isas-nightly" -S s.db --as-of 2026-11-23 day1 2>n1.err || rc=$?
[ "$rc" -le 1 ] || { cat n1.err; exit 1; }
rc=0
"$top/scripts/isas-nightly" -S s.db --as-of 2026-11-24 day2 2>n2.err || rc=$?
[ "$rc" -le 1 ] || { cat n2.err; exit 1; }
r2=runs/2026-11-24
# a change set, not everything: some households, far from all
changed=$(($(wc -l <"$r2/out/households.tsv") - 1))
all=$(($(wc -l <runs/2026-11-23/out/households.tsv) - 1))
[ "$changed" -ge 10 ] && [ "$((changed * 4))" -lt "$all" ]
# ... and more: the households the day made due
scored=$(sed -n 's/^isas-score: \([0-9]*\) households.*/\1/p' "$r2/night.log" | head -1)
[ "$scored" -gt "$changed" ]
# ... whose decisions moved
gzip -dc "$r2/store-before.db.gz" >before.db
q="SELECT household_id, programme, person_id, decision, amount FROM assessment ORDER BY 1, 2, 3"
[ "$(sqlite3 before.db "$q" | sha256sum)" != "$(sqlite3 s.db "$q" | sha256sum)" ]
"$top/scripts/check-incremental" s.db "$r2" >check.out
grep -q 'decided as a full night would' check.out
# one amount changed behind the night's back is found
sqlite3 s.db "UPDATE assessment SET amount = amount + 1 WHERE
	(household_id, programme, person_id) = (SELECT household_id, programme,
	person_id FROM assessment WHERE amount > 0 ORDER BY 1, 2, 3 LIMIT 1)"
rc=0
"$top/scripts/check-incremental" s.db "$r2" >check2.out 2>&1 || rc=$?
[ "$rc" -eq 1 ]
grep -q 'differ' check2.out
