# Progress: a redrawn line with the rate and the percentage when stderr is
# a terminal (script(1) gives one), nothing at all in a pipe, with
# ISAS_PROGRESS=0, or to an ISAS_PROGRESS_FD that is not a terminal.
set -eu
awk 'NR == 1 || NR <= 2001' "$TD/country/civil.csv" >civil.csv
script -qec "isas-ingest -S tty.db --source civil --as-of 2026-11-23 civil.csv >/dev/null" \
	/dev/null | tr '\r' '\n' >tty.out
grep -q '^isas-ingest: civil.csv: 2,000 records in [0-9.]* s' tty.out
isas-ingest -S pipe.db --source civil --as-of 2026-11-23 civil.csv >/dev/null 2>pipe.err
[ ! -s pipe.err ]
ISAS_PROGRESS=0 script -qec "isas-ingest -S off.db --source civil --as-of 2026-11-23 civil.csv >/dev/null" \
	/dev/null >off.out
[ ! -s off.out ]
ISAS_PROGRESS_FD=9 script -qec "isas-ingest -S fd.db --source civil --as-of 2026-11-23 civil.csv 9>fd9 >/dev/null" \
	/dev/null >fd.out
[ ! -s fd.out ] && [ ! -s fd9 ]
# the store is the same whether progress was shown or not
[ "$(sqlite3 tty.db 'SELECT * FROM src_civil' | sha256sum)" = \
  "$(sqlite3 pipe.db 'SELECT * FROM src_civil' | sha256sum)" ]
# isas-match names its phases and their times
isas-ingest -S tty.db --source person --as-of 2026-11-23 "$TD/country/person.csv" \
	>changes.tsv 2>/dev/null
script -qec "isas-match -S tty.db --as-of 2026-11-23 <changes.tsv >/dev/null" \
	/dev/null | tr '\r' '\n' >match.out
grep -q '^isas-match: linking \.\.\.' match.out
grep -q '^isas-match: linking: [0-9.]* s' match.out
grep -q '^isas-match: households: [0-9.]* s' match.out
isas-match -S pipe.db --as-of 2026-11-23 </dev/null >/dev/null 2>match-pipe.err
[ "$(wc -l <match-pipe.err)" -eq 1 ]
