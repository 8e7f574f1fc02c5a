# Hostile text in the data is data: SQL, format directives and shell
# metacharacters in every text column of a registry extract and of the
# employment service's events are stored byte for byte, linked, scored,
# sanctioned and reported like any other value, and change nothing else
# (every program binds values; no SQL is built from data).  The rules'
# own guard against writing and injecting is tests/golden/score-rule-refused.
set -eu
sh "$TESTS/golden/score/setup" >/dev/null 2>&1
cp "$TD"/sanction/iskur-1.csv .
tables() { sqlite3 s.db "SELECT type, name FROM sqlite_master ORDER BY 1, 2"; }
tables >tables.before
npersons=$(sqlite3 s.db "SELECT count(*) FROM person")

# A household of two in Çankaya whose every text is an attack.  Valid
# national ids (the check digits hold) so that they link and are scored.
nid1=31045887264 nid2=58431127438
cat >hostile.csv <<EOF2
record_id,national_id,first_name,last_name,sex,birth_date,death_date,household_id,relationship,marital_status,education,province,district,address,postcode,nationality
"X1'); DROP TABLE person; --",$nid1,"Robert'); DELETE FROM member; --","%s%s%n%x",F,1980-01-01,,"H'||(SELECT 1)||'",head,married,primary,6,Çankaya,"\$(touch pwned) \`touch pwned2\`; ""quoted""",06100,TR
"X2"" OR ""1""=""1",$nid2,"a	b",");ATTACH DATABASE 'x.db' AS x;--",M,1981-02-02,,"H'||(SELECT 1)||'",spouse,married,primary,6,Çankaya,"line1
line2",06100,TR
EOF2
isas-ingest -S s.db --source civil --as-of 2026-11-23 hostile.csv >changes.tsv || { echo "ingest failed: $?"; exit 1; }
isas-match -S s.db --as-of 2026-11-23 <changes.tsv >hh.tsv 2>/dev/null
isas-score -S s.db --rules rules.conf --as-of 2026-11-23 <hh.tsv >decisions.tsv 2>score.err ||
	{ echo "score: $?"; cat score.err; exit 1; }
printf '%s\n' "record_id,national_id,event,event_date,reported_date,offer_type,justified,reason_code,referral_id,employer_id" \
    "\"E'; DROP TABLE sanction; --\",$nid1,registration,2026-01-01,,,,,\"R'||1||'\",\"%n%n\"" >ev.csv
isas-sanction -S s.db --as-of 2026-11-23 --params params.tsv ev.csv >/dev/null 2>&1 || [ $? -eq 1 ] ||
	{ echo "sanction failed"; exit 1; }
for r in summary links review unattached caseload; do
	isas-report -S s.db "$r" >"report-$r.tsv" 2>/dev/null || [ $? -eq 1 ] ||
		{ echo "report $r failed"; exit 1; }
done
isas-report -S s.db --params params.tsv flags >/dev/null 2>&1 || [ $? -eq 1 ] || { echo "flags failed"; exit 1; }

[ "$(sqlite3 s.db "PRAGMA integrity_check")" = ok ] || { echo integrity; exit 1; }
tables >tables.after
cmp -s tables.before tables.after || { echo "tables changed:"; diff tables.before tables.after; exit 1; }
[ ! -e pwned ] && [ ! -e pwned2 ] && [ ! -e x.db ] || { echo "a command in the data ran"; exit 1; }
# byte for byte
got=$(sqlite3 s.db "SELECT first_name || '|' || last_name || '|' || household_id FROM src_civil WHERE national_id = '$nid1'")
[ "$got" = "Robert'); DELETE FROM member; --|%s%s%n%x|H'||(SELECT 1)||'" ] || { echo "stored as: $got"; exit 1; }
got=$(sqlite3 s.db "SELECT record_id FROM src_civil WHERE national_id = '$nid2'")
[ "$got" = 'X2" OR "1"="1' ] || { echo "record_id stored as: $got"; exit 1; }
got=$(sqlite3 s.db "SELECT address FROM src_civil WHERE national_id = '$nid2'")
[ "$got" = "line1
line2" ] || { echo "address stored as: $got"; exit 1; }
# linked, in one household, scored, with nothing else lost
[ "$(sqlite3 s.db "SELECT count(*) FROM person")" -eq $((npersons + 2)) ] || { echo "persons"; exit 1; }
[ "$(sqlite3 s.db "SELECT count(DISTINCT m.household_id) FROM member m JOIN person_nid n ON n.person_id = m.person_id WHERE n.national_id IN ('$nid1', '$nid2')")" -eq 1 ] ||
	{ echo "not one household"; exit 1; }
[ "$(wc -l <hh.tsv)" -ge 2 ] && [ "$(wc -l <decisions.tsv)" -ge 2 ] || { echo "not scored"; exit 1; }
[ "$(sqlite3 s.db "SELECT count(*) FROM src_iskur WHERE record_id = 'E''; DROP TABLE sanction; --'")" -eq 1 ] ||
	{ echo "event not stored"; exit 1; }
# the TSV reports keep every line whole: a tab or newline in a value is escaped
grep -q "X1'); DROP TABLE person; --" report-links.tsv || { echo "links lacks the record"; exit 1; }
awk -F'\t' 'NR > 1 && !/^#/ && NF != 3 { print "links line " NR " has " NF " fields"; bad = 1 } END { exit bad }' report-links.tsv
