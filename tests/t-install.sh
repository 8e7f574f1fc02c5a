# make install puts the programs (and the generator), the man pages and etc/ under DESTDIR/PREFIX,
# and make uninstall takes them away again.
set -eu
top=$TESTS/..
make -s -C "$top" B="$B" install DESTDIR="$T/root" PREFIX=/opt/isas >install.log
for p in "$B"/isas-*; do
	[ -x "$T/root/opt/isas/bin/$(basename "$p")" ] || { echo "missing $p"; exit 1; }
done
[ -f "$T/root/opt/isas/share/man/man1/isas-ingest.1" ]
[ -f "$T/root/opt/isas/share/man/man5/isas-formats.5" ]
[ -f "$T/root/opt/isas/share/man/man7/isas.7" ]
[ -f "$T/root/opt/isas/share/isas/README" ]
"$T/root/opt/isas/bin/isas-ingest" --version | grep -q '^isas-ingest '
# the installed night finds its programs and rule files beside it
rc=0
"$T/root/opt/isas/bin/isas-nightly" -S "$T/night/isas.db" --as-of 2026-11-23 \
	"$TD/country" 2>night.err || rc=$?
[ "$rc" -eq 1 ] || { cat night.err; exit 1; }
(cd "$T/night/runs/2026-11-23" && sha256sum -c --quiet MANIFEST)
[ "$(sed -n 's/^# step isas-score: //p' "$T/night/runs/2026-11-23/MANIFEST" | cut -d"'" -f2)" = \
  "$T/root/opt/isas/bin/isas-score" ]
make -s -C "$top" B="$B" uninstall DESTDIR="$T/root" PREFIX=/opt/isas >>install.log
[ -z "$(find "$T/root" -type f)" ] || { find "$T/root" -type f; exit 1; }
