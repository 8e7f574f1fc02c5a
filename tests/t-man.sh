#!/bin/sh
# t-man - the manual pages against mandoc and against the programs.
#
#  (a) every man/*.[157] is clean under `mandoc -Tlint -W warning`;
#  (b) the SYNOPSIS of every man/isas-*.1 whose program is built in $B is
#      the usage the program prints on a usage error (without "usage: "),
#      form by form, after joining wrapped lines and squeezing spaces;
#  (c) man/isas-formats.5 documents, under .Sh KINDS, exactly the kinds and
#      columns that `isas-ingest --list-kinds` prints, in the same order:
#      one `.Ss KIND` per kind and one
#          .It Cm COLUMN Pq TYPE
#          .It Cm COLUMN Pq TYPE , required
#      per column, TYPE and required as the program says.
#
# Run by tests/run-shell-tests with $B, $TESTS and $T set; exits 0 when
# every check passes, else prints what differs and exits 1.
set -u
man=$(cd "$TESTS/.." && pwd)/man
T=${T:-.}
fail=0
bs=$(printf '\b')

bad() {
	echo "t-man: $*"
	fail=1
}

if ! command -v mandoc >/dev/null 2>&1; then
	echo "t-man: mandoc is not installed; skipped"
	exit 0
fi

# Joins the lines of stdin into one line per synopsis form: a line whose
# first word is the program name $1 starts a form, any other line continues
# the one before.  Spaces are squeezed.
forms() {
	awk -v prog="$1" '
		{ sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "") }
		$0 == "" { next }
		$1 == prog { if (n++) print form; form = $0; next }
		{ form = form " " $0 }
		END { if (n) print form }' | tr -s ' '
}

# (a)
n=0
for m in "$man"/*.[157]; do
	[ -f "$m" ] || continue
	n=$((n + 1))
	mandoc -Tlint -W warning "$m" >"$T/lint" 2>&1
	if [ -s "$T/lint" ]; then
		bad "${m##*/}: mandoc -Tlint -W warning is not clean:"
		sed 's/^/    /' "$T/lint"
	fi
done
[ "$n" -gt 0 ] || bad "no manual pages in $man"

# (b)
checked=0
for m in "$man"/isas-*.1; do
	[ -f "$m" ] || continue
	prog=${m##*/}
	prog=${prog%.1}
	if [ ! -x "$B/$prog" ]; then
		echo "t-man: $prog is not built; its SYNOPSIS is not checked"
		continue
	fi
	checked=$((checked + 1))
	"$B/$prog" --no-such-option </dev/null >"$T/$prog.out" 2>"$T/$prog.err"
	st=$?
	[ "$st" -eq 2 ] || bad "$prog --no-such-option: exit status $st, not 2"
	awk '/^usage: / { on = 1; sub(/^usage: /, ""); print; next }
		on && /^[ \t]/ { print; next }
		{ on = 0 }' "$T/$prog.err" | forms "$prog" >"$T/$prog.usage"
	if [ ! -s "$T/$prog.usage" ]; then
		bad "$prog --no-such-option: no 'usage: $prog' line on stderr"
		continue
	fi
	if ! mandoc -Tascii "$m" >"$T/$prog.txt" 2>"$T/$prog.mandoc"; then
		bad "${m##*/}: mandoc -Tascii failed:"
		sed 's/^/    /' "$T/$prog.mandoc"
		continue
	fi
	sed "s/.$bs//g" "$T/$prog.txt" |
		awk '/^SYNOPSIS$/ { on = 1; next } /^[^ \t]/ { on = 0 } on' |
		forms "$prog" >"$T/$prog.synopsis"
	if [ ! -s "$T/$prog.synopsis" ]; then
		bad "${m##*/}: no SYNOPSIS naming $prog"
	elif ! cmp -s "$T/$prog.usage" "$T/$prog.synopsis"; then
		bad "${m##*/}: SYNOPSIS differs from the usage of $prog" \
			"(- usage, + page):"
		diff -u "$T/$prog.usage" "$T/$prog.synopsis" | sed '1,2d; s/^/    /'
	fi
done
[ "$checked" -gt 0 ] || bad "no man/isas-*.1 page of a built program"

# (c)
page=$man/isas-formats.5
if [ ! -f "$page" ]; then
	bad "no ${page##*/}"
elif [ ! -x "$B/isas-ingest" ]; then
	bad "no $B/isas-ingest to list the kinds"
else
	"$B/isas-ingest" --list-kinds >"$T/kinds.tsv" 2>"$T/kinds.err"
	st=$?
	[ "$st" -eq 0 ] || bad "isas-ingest --list-kinds: exit status $st"
	[ -s "$T/kinds.err" ] && bad "isas-ingest --list-kinds wrote to stderr"
	if [ "$(head -n 1 "$T/kinds.tsv")" != \
	    "$(printf 'kind\tcolumn\ttype\trequired\tdescription')" ]; then
		bad "isas-ingest --list-kinds: unexpected header line"
	fi
	awk -F '\t' 'NR > 1 { print $1 "\t" $2 "\t" $3 "\t" $4 }' \
		"$T/kinds.tsv" >"$T/kinds.want"
	[ -s "$T/kinds.want" ] || bad "isas-ingest --list-kinds printed no column"
	# The page's kinds and columns, in the same four columns.
	awk '
		/^\.Sh / { on = ($2 == "KINDS"); kind = ""; next }
		!on { next }
		/^\.Ss / { kind = $2; next }
		kind != "" && /^\.It Cm / {
			col = $3
			if ($4 != "Pq") {
				printf "%s\t%s\t(no Pq type)\t?\n", kind, col
				next
			}
			t = $0
			sub(/^\.It Cm [^ ]+ Pq /, "", t)
			req = "no"
			if (t ~ / , required$/) {
				req = "yes"
				sub(/ , required$/, "", t)
			}
			printf "%s\t%s\t%s\t%s\n", kind, col, t, req
		}' "$page" >"$T/kinds.page"
	if ! cmp -s "$T/kinds.want" "$T/kinds.page"; then
		bad "${page##*/}: the kinds differ from isas-ingest --list-kinds" \
			"(- program, + page; kind, column, type, required):"
		diff -u "$T/kinds.want" "$T/kinds.page" | sed '1,2d; s/^/    /'
	fi
fi

[ "$fail" -eq 0 ] && echo "t-man: ok ($n pages, $checked synopses)"
exit "$fail"
