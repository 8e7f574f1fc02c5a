# ISAS toolchain - one non-recursive Makefile.
#
#   make                 build the programs, the library and the generator
#   make check           unit tests (Check) and golden/shell tests
#   make check SANITIZE=1   the same, built with ASan and UBSan
#   make check VALGRIND=1   the golden and shell tests with every program under
#                        valgrind (an error or a definite leak fails the case;
#                        shell tests marked "# valgrind: skip" are left out)
#   make check EXTENDED=1   and a short run of every fuzz target (scripts/fuzz)
#   make demo            install what is missing, build, run a night on the
#                        bundled synthetic country into out/demo/
#   make install PREFIX=/usr/local DESTDIR=
#   make clean
#
# Libraries, and why each:
#   libcsv    RFC 4180 parsing (quotes, embedded newlines, CRLF)
#   sqlite3   the working store, and the engine that evaluates rule expressions
#   zlib      gzip in and out, detected by content
#   nettle    SHA-256 of every input and output (not written again here)
#   utf8proc  Unicode case folding and accent stripping for name matching
#   libxml2   writing ISO 20022 pain.001 bank files (xmlTextWriter: escaping,
#             well-formedness); its xmllint validates them in the tests
#   check     unit tests

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
ETCDIR = $(PREFIX)/share/isas
PKG_CONFIG ?= pkg-config

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes
ifeq ($(SANITIZE),1)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

PKGS = sqlite3 zlib nettle libutf8proc libxml-2.0
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -lz -lnettle -lutf8proc -lxml2)
CSV_LIBS ?= -lcsv
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DISAS_VERSION='"$(VERSION)"' \
	-DISAS_ETCDIR='"$(ETCDIR)"' \
	-Ilib $(WARN) $(DEP_CFLAGS) $(CFLAGS)
LIBS = $(CSV_LIBS) $(DEP_LIBS) -lm

B = build
LIB_SRC := $(sort $(wildcard lib/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
CMD_SRC := $(sort $(wildcard cmd/isas-*.c))
PROGS := $(CMD_SRC:cmd/%.c=$(B)/%)
TOOLS := $(B)/isas-synth
SCRIPTS := scripts/isas-nightly scripts/isas-replay
TEST_SRC := $(sort $(wildcard tests/check_*.c))
TESTS := $(TEST_SRC:%.c=$(B)/%)
MANS := $(sort $(wildcard man/*.[157]))

all: $(PROGS) $(TOOLS)

$(B)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libisas.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/isas-%: cmd/isas-%.c $(B)/libisas.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libisas.a $(LIBS) $(LDFLAGS)

$(B)/isas-synth: scripts/isas-synth.c $(B)/libisas.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libisas.a $(LIBS) $(LDFLAGS)

$(B)/tests/check_%: tests/check_%.c tests/check_common.h $(B)/libisas.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $< $(B)/libisas.a $(LIBS) \
		$(CHECK_LIBS) $(LDFLAGS)

check: all $(TESTS)
	@B=$(B) SANITIZE=$(SANITIZE) VALGRIND=$(VALGRIND) EXTENDED=$(EXTENDED) \
		sh tests/run-checks $(TESTS)

-include fuzz/fuzz.mk

demo: 
	sh scripts/install-deps --if-missing
	$(MAKE) all
	sh scripts/demo

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(ETCDIR)
	install -m 755 $(PROGS) $(TOOLS) $(SCRIPTS) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	for f in etc/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(ETCDIR)/ || :; done
	mkdir -p $(DESTDIR)$(ETCDIR)/geo $(DESTDIR)$(PREFIX)/share/doc/isas
	install -m 644 etc/geo/* $(DESTDIR)$(ETCDIR)/geo/
	install -m 644 NOTICE $(DESTDIR)$(PREFIX)/share/doc/isas/

uninstall:
	for p in $(PROGS) $(TOOLS) $(SCRIPTS); do rm -f $(DESTDIR)$(BINDIR)/$${p##*/}; done
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	rm -rf $(DESTDIR)$(ETCDIR)
	rm -f $(DESTDIR)$(PREFIX)/share/doc/isas/NOTICE
	rmdir $(DESTDIR)$(PREFIX)/share/doc/isas 2>/dev/null || :

clean:
	rm -rf $(B)

.PHONY: all check demo install uninstall clean
