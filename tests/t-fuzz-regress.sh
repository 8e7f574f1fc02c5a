#!/bin/sh
# t-fuzz-regress - every fuzz harness (fuzz/fuzz_TARGET.c), built without
# libFuzzer as $B/fuzz/replay_TARGET (make fuzz-replay, a prerequisite of
# make check), on the inputs that once made it fail (fuzz/regress/TARGET/)
# and on its seed corpus (scripts/fuzz -s, from testdata/ and etc/): none
# may crash, fail a property of its harness, or, under SANITIZE=1, make
# ASan or UBSan report anything.
#
# Run by tests/run-shell-tests with $B, $TESTS and $T set; exits 0 when
# every input of every target ran, else names the target and its input.
set -u
top=$(cd "$TESTS/.." && pwd)
T=${T:-.}
fail=0

sh "$top/scripts/fuzz" -s "$T/seeds" || {
	echo "t-fuzz-regress: scripts/fuzz -s could not write the seeds"
	exit 1
}
n=0
for f in "$top"/fuzz/fuzz_*.c; do
	[ -f "$f" ] || continue
	t=${f##*/fuzz_}
	t=${t%.c}
	r=$B/fuzz/replay_$t
	if [ ! -x "$r" ]; then
		echo "t-fuzz-regress: no $r (make fuzz-replay)"
		fail=1
		continue
	fi
	set -- "$T/seeds/$t"
	[ -d "$top/fuzz/regress/$t" ] && set -- "$top/fuzz/regress/$t" "$@"
	if "$r" "$@" >"$T/$t.log" 2>&1; then
		n=$((n + 1))
	else
		echo "t-fuzz-regress: $t failed; the input it was on:"
		grep '^replay: /' "$T/$t.log" | tail -1
		tail -20 "$T/$t.log"
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "t-fuzz-regress: no target ran"; fail=1; }
exit $fail
