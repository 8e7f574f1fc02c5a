# Sourced after night1.sh: the first payment run (2026-11-25), then the
# new accounts of bank-2.csv and the employment-service events of
# testdata/sanction/iskur-1.csv (S03's November withheld; Zeynep's
# job-seeking aid and start-up payment of February).
isas-payfile -S s.db --period 2026-11 --as-of 2026-11-25 --banks banks.tsv \
    --accounts accounts.tsv >pay-1.xml 2>/dev/null
isas-ingest -S s.db --source bank --mode delta --as-of 2026-12-01 "$TD/payfile/bank-2.csv" >/dev/null
isas-sanction -S s.db --as-of 2026-11-23 --params "$TESTS"/../etc/params.tsv \
    "$TD/sanction/iskur-1.csv" >/dev/null 2>&1 || test $? -eq 1
