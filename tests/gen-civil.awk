# gen-civil.awk - a civil extract of n rows for the shell tests: awk -v n=N -f gen-civil.awk
BEGIN {
	print "record_id,first_name,last_name,sex,birth_date,household_id,relationship,province,district,address"
	for (i = 1; i <= n; i++)
		printf "K%07d,Ayşe,Yılmaz %d,F,19%02d-%02d-%02d,H%d,head,%d,Merkez,\"Mah. %d, No:%d\"\n", i, i % 97, 40 + i % 60, 1 + i % 12, 1 + i % 28, i / 3, 1 + i % 81, i % 500, i % 300
}
