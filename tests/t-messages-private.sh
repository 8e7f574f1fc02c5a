# Messages carry no personal data beyond the record's file and line: no
# expected stderr of the golden tests or of the bad-input corpus
# (testdata/bad) holds a national id with valid check digits, a person's
# IBAN, or a name, birth date or address from the rows it refused.  Only
# the ministry's own account, from the bank configuration (debtor_iban),
# may be named.  A test of this test: a message with an id is caught.
set -eu
top=$TESTS/..

# The 11-digit numbers of the files given whose check digits hold.
valid_ids() {
	grep -ohE '(^|[^0-9])[1-9][0-9]{10}([^0-9]|$)' "$@" 2>/dev/null |
	    tr -cd '0-9\n' | awk '{
		split($0, d, "")
		for (i = 1; i <= 11; i++) d[i] += 0
		odd = d[1] + d[3] + d[5] + d[7] + d[9]
		even = d[2] + d[4] + d[6] + d[8]
		t = (odd * 7 - even) % 10
		if (t < 0) t += 10
		if (t == d[10]) {
			s = 0
			for (i = 1; i <= 10; i++) s += d[i]
			if (s % 10 == d[11]) print
		}
	}'
}

# IBANs (TR and 24 digits, spaced or not), but the debtor's account.
ibans() {
	grep -hv 'debtor_iban' "$@" 2>/dev/null |
	    grep -oE 'TR[0-9]{2}( ?[0-9]{4}){5} ?[0-9]{2}' || :
}

files=$(ls "$top"/tests/golden/*/stderr "$top"/testdata/bad/*/stderr \
    2>/dev/null || :)
[ -n "$files" ] || { echo "no expectations found"; exit 1; }

# The test catches what it looks for.
printf 'isas-x: f.csv:3: national_id 10000001372 is taken\n' >probe
printf 'isas-x: f.csv:4: iban TR33 0006 1005 1978 6457 8413 26 bad\n' >>probe
[ "$(valid_ids probe)" = 10000001372 ] || { echo "valid_ids misses"; exit 1; }
[ -n "$(ibans probe)" ] || { echo "ibans misses"; exit 1; }

bad=0
for f in $files; do
	found=$( { valid_ids "$f"; ibans "$f"; } )
	if [ -n "$found" ]; then
		echo "${f#$top/}: personal data in a message: $found"
		bad=1
	fi
done

# Names, birth dates and addresses: the values of every refused row of the
# bad-input corpus, looked for in that case's expected messages.
for d in "$top"/testdata/bad/*/; do
	[ -f "$d/stderr" ] || continue
	for v in $(cat "$d"/*.csv "$d"/*.tsv 2>/dev/null |
	    tr ',\t";' '\n\n\n\n' | grep -E '^[A-ZÇĞİÖŞÜ][a-zçğıöşü]{3,}$' |
	    sort -u); do
		if grep -qw -- "$v" "$d/stderr"; then
			echo "${d#$top/}: '$v' from the input is in a message"
			bad=1
		fi
	done
done
exit $bad
