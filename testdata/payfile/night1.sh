# Sourced by the setup of isas-payfile's golden tests: the households of
# testdata/score scored as of 2026-11-23 (entitlements for 2026-11), the
# accounts of bank.csv, the banks and the chart of accounts in $PWD.
cp "$TESTS"/../etc/banks.tsv "$TESTS"/../etc/accounts.tsv .
for k in civil sgk visit application board; do
	isas-ingest -S s.db --source $k --as-of 2026-11-23 "$TD/score/$k.csv" >>changes.tsv
done
isas-ingest -S s.db --source bank --as-of 2026-11-23 "$TD/payfile/bank.csv" >>changes.tsv
isas-match -S s.db --as-of 2026-11-23 <changes.tsv >households.tsv 2>/dev/null
isas-score -S s.db --rules "$TESTS"/../etc/rules.conf --as-of 2026-11-23 --all >/dev/null 2>&1
