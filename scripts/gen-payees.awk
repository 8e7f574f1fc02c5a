# gen-payees.awk - n persons, each the head of a household of one with an
# open bank account: a civil and a bank extract for isas-payfile's
# benchmark and kill test.  National ids and IBANs have valid check digits.
#
#   awk -v n=N -v civil=civil.csv -v bank=bank.csv -f gen-payees.awk
function mod97(s,    r, i) {
	r = 0
	for (i = 1; i <= length(s); i++)
		r = (r * 10 + substr(s, i, 1)) % 97
	return r
}
BEGIN {
	split("Ayşe Fatma Emine Hatice Zeynep Elif Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Çağrı Şükrü Gülşen", first, " ")
	split("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara", last, " ")
	print "record_id,national_id,first_name,last_name,sex,birth_date,household_id,relationship,province,district" >civil
	print "record_id,national_id,iban,bank_code,holder_name,opened" >bank
	for (i = 1; i <= n; i++) {
		b = sprintf("%09d", 100000000 + i)
		odd = 0; even = 0; sum = 0
		for (k = 1; k <= 9; k++) {
			d = substr(b, k, 1) + 0
			if (k % 2) odd += d; else even += d
			sum += d
		}
		d10 = ((odd * 7 - even) % 10 + 10) % 10
		d11 = (sum + d10) % 10
		nid = b d10 d11
		bban = sprintf("000100%016d", i)
		iban = sprintf("TR%02d%s", 98 - mod97(bban "292700"), bban)
		f = first[1 + i % 16]; l = last[1 + int(i / 16) % 16]
		printf "C%08d,%s,%s,%s,%s,19%02d-%02d-%02d,H%08d,head,%d,Merkez\n", i, nid, f, l, (i % 16 < 6) ? "F" : "M", 40 + i % 60, 1 + i % 12, 1 + i % 28, i, 1 + i % 81 >civil
		printf "B%08d,%s,%s,00010,%s %s,2020-01-01\n", i, nid, iban, f, l >bank
	}
}
