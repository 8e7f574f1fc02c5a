# isas-nightly and isas-replay on the bundled country: a night's run folder
# that sha256sum -c checks; its replay byte-identical in another time zone,
# locale, folder and with another ISAS_AS_OF; a second night that starts
# from an archived store; tampering found; a failed night that leaves the
# store as it was and names its step; the lock; a killed night's store put
# back.
set -eu
top=$TESTS/..
nightly=$top/scripts/isas-nightly
replay=$top/scripts/isas-replay
export ISAS_BIN=$B
s=$T/s/isas.db
dump() { sqlite3 "$s" .dump | sha256sum; }

# Night 1: the first night, a pay day (23 in etc/params.tsv).
rc=0
"$nightly" -S "$s" --as-of 2026-11-23 "$TD/country" 2>n1.err || rc=$?
[ "$rc" -eq 1 ] || { cat n1.err; exit 1; }	# the bank rows refused
r1=$T/s/runs/2026-11-23
(cd "$r1" && sha256sum -c --quiet --strict MANIFEST)
for f in out/pay-2026-11.xml out/journal-2026-11.ledger out/held-2026-11.tsv \
    out/decisions.tsv out/sanctions.tsv rejects/bank.tsv reports/summary.txt \
    reports/flags.tsv reports/payments.tsv inputs/civil.csv etc/rules.conf; do
	grep -q "  $f\$" "$r1/MANIFEST" || { echo "not in the manifest: $f"; exit 1; }
done
grep -q '^# store before the night: none' "$r1/MANIFEST"
grep -q "^# step isas-score: .*'--as-of' '2026-11-23'" "$r1/MANIFEST"
grep -q '^# version isas-payfile ' "$r1/MANIFEST"
[ ! -e "$s.before" ] && [ ! -e "$s.before.none" ]
# personal data: for the owner only
[ "$(stat -c %a "$r1")" = 700 ] && [ "$(stat -c %a "$r1/out/decisions.tsv")" = 600 ]
# quiet in cron: nothing on stderr but what cron should mail
[ ! -s n1.err ]

# Its replay, elsewhere, in another zone and locale, with a misleading
# ISAS_AS_OF: byte-identical.
mkdir elsewhere
(cd elsewhere && TZ=Pacific/Chatham LC_ALL=C ISAS_AS_OF=2031-01-01 \
	"$replay" "$r1" >replay1.out)
grep -q 'outputs byte-identical' elsewhere/replay1.out

# Night 2 on the next day: changed extracts (a delta of sgk), not a pay
# day; the archived store of the night before; replayed identically.
mkdir in2
cp "$TD/country/civil.csv" "$TD/country/bank.csv" in2/
head -1 "$TD/country/sgk.csv" >in2/sgk.delta.csv
grep -q ',earnings$' in2/sgk.delta.csv || { echo "sgk's columns changed; update this test"; exit 1; }
awk -F, 'BEGIN { OFS = "," } NR > 1 && $NF != "" && n < 30 { n++; $NF = sprintf("%.2f", $NF + 1000); print }' \
	"$TD/country/sgk.csv" >>in2/sgk.delta.csv
[ "$(wc -l <in2/sgk.delta.csv)" -eq 31 ]
rc=0
"$nightly" -S "$s" --as-of 2026-11-24 in2 2>n2.err || rc=$?
[ "$rc" -le 1 ] || { cat n2.err; exit 1; }
r2=$T/s/runs/2026-11-24
grep -q '^# store before the night: store-before.db.gz' "$r2/MANIFEST"
grep -q "'--mode' 'delta'" "$r2/MANIFEST"
[ ! -e "$r2/out/pay-2026-11.xml" ]
[ "$(($(wc -l <"$r2/out/households.tsv") - 1))" -ge 1 ]
(TZ=America/St_Johns LC_ALL=C.UTF-8 "$replay" -o "$T/kept" "$r2" >replay2.out)
grep -q 'outputs byte-identical' replay2.out
cmp "$r2/out/decisions.tsv" "$T/kept/run/out/decisions.tsv"

# Tampering: an archived output changed, a night whose output the
# replay does not give again (its hash in the manifest changed), an input
# changed (the replay stops).
cp -R "$r2" tampered
echo x >>tampered/out/decisions.tsv
rc=0
"$replay" tampered >tampered.out 2>&1 || rc=$?
[ "$rc" -eq 1 ]
grep -q '^altered	out/decisions.tsv$' tampered.out
! grep -q '^differs' tampered.out
cp -R "$r2" otherhash
h=$(sha256sum <"$r2/out/households.tsv" | cut -c1-64)
sed "s/^$h  out\/households.tsv\$/$(echo x | sha256sum | cut -c1-64)  out\/households.tsv/" \
	"$r2/MANIFEST" >otherhash/MANIFEST
! cmp -s otherhash/MANIFEST "$r2/MANIFEST"
rc=0
"$replay" otherhash >otherhash.out 2>&1 || rc=$?
[ "$rc" -eq 1 ]
grep -q '^differs	out/households.tsv$' otherhash.out
cp -R "$r2" tampered-in
echo x >>tampered-in/inputs/civil.csv
rc=0
"$replay" tampered-in >tampered-in.out 2>&1 || rc=$?
[ "$rc" -eq 2 ]
grep -q 'inputs/civil.csv: archived input differs' tampered-in.out

# A night that fails part-way: the store as it was, the step named, the
# run folder kept aside so that the night can be run again.
mkdir badetc
cp "$top"/etc/rules.conf "$top"/etc/params.tsv "$top"/etc/banks.tsv \
	"$top"/etc/accounts.tsv badetc/
echo 'not a rule' >>badetc/rules.conf
d0=$(dump)
rc=0
"$nightly" -S "$s" --as-of 2026-11-25 --etc badetc "$TD/country" 2>fail.err || rc=$?
[ "$rc" -eq 2 ]
grep -q 'failed at isas-score' fail.err
grep -q 'the store is as it was before the night' fail.err
[ "$(cat "$T/s/runs/2026-11-25.failed/FAILED")" = isas-score ]
[ "$(dump)" = "$d0" ]
[ ! -e "$T/s/runs/2026-11-25" ] && [ ! -e "$s.before" ]
# ... and in a report run beside another (the flags already written)
mkdir badparams
cp "$top"/etc/rules.conf "$top"/etc/banks.tsv "$top"/etc/accounts.tsv badparams/
grep -v '^transition_window_days' "$top/etc/params.tsv" >badparams/params.tsv
rc=0
"$nightly" -S "$s" --as-of 2026-11-25 --etc badparams "$TD/country" 2>fail2.err || rc=$?
[ "$rc" -eq 2 ]
grep -q 'failed at isas-report transitions' fail2.err
[ "$(cat "$T/s/runs/2026-11-25.failed.2/FAILED")" = "isas-report transitions" ]
[ "$(dump)" = "$d0" ]

# One night at a time on a store.
flock "$s.lock" sleep 3 &
holder=$!
sleep 1
rc=0
"$nightly" -S "$s" --as-of 2026-11-25 "$TD/country" 2>lock.err || rc=$?
wait "$holder"
[ "$rc" -eq 2 ]
grep -q 'another night is running' lock.err
[ "$(dump)" = "$d0" ]

# A night killed after its backup: the next night puts the store back
# first (here, after a stray run changed it).
sqlite3 "$s" "VACUUM INTO '$s.before'"
isas-ingest -S "$s" --as-of 2026-11-25 --source extra --kind civil \
	--mode delta "$TD/country/civil.csv" >/dev/null
[ "$(dump)" != "$d0" ]
rc=0
"$nightly" -S "$s" --as-of 2026-11-25 --etc badetc "$TD/country" 2>killed.err || rc=$?
[ "$rc" -eq 2 ]
grep -q 'a night did not finish; restoring' killed.err
[ "$(dump)" = "$d0" ]

# Usage: a run folder that exists, a folder that is not one.
rc=0
"$nightly" -S "$s" --as-of 2026-11-23 "$TD/country" 2>again.err || rc=$?
[ "$rc" -eq 2 ]
grep -q 'the run folder exists' again.err
rc=0
"$replay" "$TD/country" 2>notrun.err || rc=$?
[ "$rc" -eq 2 ]
grep -q 'not a run folder' notrun.err
