# Sourced by the setup of isas-report's golden tests: the night of the
# synthetic country (testdata/country) as of 2026-11-23, run as
# scripts/demo runs it (ingest, match, score, sanction, payfile for
# 2026-11) into s.db in $PWD.  Inputs are copied here first and named by
# relative paths, so that the runs' recorded arguments do not depend on
# where the tree is.  The night is run once per test run and its folder
# copied into each case's: the cases only read it, or change their copy.
night=$T/../report-night
if [ -f "$night/s.db" ]; then
	cp -R "$night"/. .
else
	mkdir -p in
	cp "$TD"/country/*.csv in/
	cp "$TESTS"/../etc/rules.conf "$TESTS"/../etc/params.tsv \
		"$TESTS"/../etc/banks.tsv "$TESTS"/../etc/accounts.tsv .
	for src in civil sgk tax assets bank health education application \
		visit board person; do
		isas-ingest -S s.db --as-of 2026-11-23 --source $src \
			--mode snapshot in/$src.csv >>changes.tsv 2>/dev/null ||
			test $? -eq 1
	done
	isas-match -S s.db --as-of 2026-11-23 <changes.tsv >households.tsv &&
	isas-score -S s.db --as-of 2026-11-23 --rules rules.conf \
		<households.tsv >decisions.tsv &&
	{ isas-sanction -S s.db --as-of 2026-11-23 --params params.tsv \
		in/iskur.csv >sanctions.tsv || test $? -eq 1; } &&
	isas-payfile -S s.db --as-of 2026-11-23 --period 2026-11 \
		--banks banks.tsv --accounts accounts.tsv >pay-2026-11.xml &&
	mkdir -p "$night" && cp -R . "$night"/
fi
