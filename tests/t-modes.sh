# Files the programs create are 0600 whatever the umask (they are opened
# with mode 0600, so a umask can only make them stricter): the store, the
# rejects, the referral list, the journal of payments and the held list.
set -eu
mode() { stat -c %a "$1"; }
umask 000
. "$TD"/payfile/night1.sh >/dev/null 2>&1
[ "$(mode s.db)" = 600 ] || { echo "store: $(mode s.db)"; exit 1; }
isas-payfile -S s.db --period 2026-11 --as-of 2026-11-25 --banks banks.tsv \
    --accounts accounts.tsv --journal j.ledger --held held.tsv >pay.xml
for f in j.ledger held.tsv; do
	[ "$(mode $f)" = 600 ] || { echo "$f: $(mode $f)"; exit 1; }
done
printf 'record_id,national_id\nR1,1\n' >p.csv
isas-ingest -S new.db --source person --rejects rej.tsv p.csv >/dev/null 2>&1 || :
for f in new.db rej.tsv; do
	[ "$(mode $f)" = 600 ] || { echo "$f: $(mode $f)"; exit 1; }
done
cp "$TESTS"/../etc/params.tsv .
isas-sanction -S s.db --params params.tsv --referrals ref.tsv >/dev/null 2>&1
[ "$(mode ref.tsv)" = 600 ] || { echo "ref.tsv: $(mode ref.tsv)"; exit 1; }
