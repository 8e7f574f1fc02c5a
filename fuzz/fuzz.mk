# fuzz/fuzz.mk - the fuzz harnesses, built two ways; included by the
# Makefile.  See fuzz/README.
#
#   make fuzz          the libFuzzer targets, built by clang with ASan and
#                      UBSan from the library's sources: $(B)-fuzz/fuzz_TARGET
#                      (scripts/fuzz runs them)
#   make fuzz-replay   the same harnesses with $(CC), against $(B)/libisas.a
#                      and fuzz/replay.c instead of libFuzzer:
#                      $(B)/fuzz/replay_TARGET, which `make check` builds and
#                      runs on fuzz/regress/TARGET/ and the seeds
#
# A target is a file fuzz/fuzz_TARGET.c; nothing here names them.

FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))
FUZZ_CC ?= clang
FUZZ_B = $(B)-fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_DEFS = -DFUZZ_ETC='"$(CURDIR)/etc"'
FUZZ_CFLAGS = $(ALL_CFLAGS) $(FUZZ_DEFS) $(FUZZ_SAN)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_B)/%.o)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)

fuzz: $(FUZZ_BINS)

fuzz-replay: $(FUZZ_REPLAY)

$(FUZZ_B)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_B)/fuzz/common.o: fuzz/common.c fuzz/common.h lib/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_B)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_B)/fuzz/common.o $(FUZZ_LIB_OBJ) \
		fuzz/common.h lib/*.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_B)/fuzz/common.o $(FUZZ_LIB_OBJ) $(LIBS)

$(B)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/common.c fuzz/common.h \
		$(B)/libisas.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) -o $@ $< fuzz/replay.c fuzz/common.c \
		$(B)/libisas.a $(LIBS) $(LDFLAGS)

# Every `make check` runs the replays (tests/t-fuzz-regress.sh).
check: $(FUZZ_REPLAY)

clean: fuzz-clean

fuzz-clean:
	rm -rf $(FUZZ_B)

.PHONY: fuzz fuzz-replay fuzz-clean
