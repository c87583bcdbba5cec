# newswatch - a news-monitoring ingestion pipeline for sanctions analysts.
#
#   make            build ./newswatch
#   make deps       install missing Debian build and test packages (apt-get)
#   make check      build with -Werror, ASan and UBSan, run every test
#   make demo       poll the bundled offline feeds into var/demo/ and summarize
#   make bench      benchmarks (prints tables; not a test)
#   make install    PREFIX=/usr/local DESTDIR=
#   make style      clang-format check
#
# Objects go to $(BUILD) (build/release by default, build/check for check),
# so the sanitizer build never mixes with the normal one.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/newswatch
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = libcurl libxml-2.0 jansson
BUILD ?= build/release

CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
NW_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARNINGS) \
	-Ipipeline -I$(BUILD)/gen \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
NW_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lstemmer -lm

LIB_SRC = $(sort $(wildcard pipeline/*.c))
CMD_SRC = $(sort $(wildcard cmd/*.c))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
LEXICONS = $(sort $(wildcard pipeline/lexicons/*.txt))

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/lexicons.o
CMD_OBJ = $(CMD_SRC:%.c=$(BUILD)/%.o)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

all: newswatch

newswatch: $(BUILD)/newswatch
	@if [ "$(BUILD)" = build/release ]; then cp $(BUILD)/newswatch newswatch; fi

$(BUILD)/newswatch: $(CMD_OBJ) $(BUILD)/libnw.a
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(BUILD)/libnw.a $(NW_LIBS)

$(BUILD)/libnw.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(NW_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Where the installed default feed list lives, rewritten only when SHAREDIR
# changes, so "make install PREFIX=/usr" rebuilds what depends on it.
$(BUILD)/gen/paths.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define NW_SHAREDIR "$(SHAREDIR)"' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(CMD_OBJ): $(BUILD)/gen/paths.h

$(BUILD)/gen/lexicons.c: $(LEXICONS) pipeline/lexicons/embed.sh
	@mkdir -p $(dir $@)
	sh pipeline/lexicons/embed.sh $(LEXICONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/lexicons.o: $(BUILD)/gen/lexicons.c
	$(CC) $(NW_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libnw.a tests/unit/t.h
	@mkdir -p $(dir $@)
	$(CC) $(NW_CFLAGS) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libnw.a $(NW_LIBS)

tests: $(BUILD)/newswatch $(TEST_BIN)

# Debian packages: build (compiler, pkg-config, -dev libraries) and test
# (python3 for the test HTTP and SMTP servers and the JSON checks, jq for
# the demo).  Installs only what is missing; a no-op otherwise.
deps:
	@missing=; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing gcc"; \
	command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	$(PKG_CONFIG) --exists libcurl 2>/dev/null || missing="$$missing libcurl4-openssl-dev"; \
	$(PKG_CONFIG) --exists libxml-2.0 2>/dev/null || missing="$$missing libxml2-dev"; \
	$(PKG_CONFIG) --exists jansson 2>/dev/null || missing="$$missing libjansson-dev"; \
	{ [ -f /usr/include/libstemmer.h ] && [ -n "$$(ls /usr/lib/*/libstemmer.so /usr/lib/libstemmer.so 2>/dev/null)" ]; } \
		|| missing="$$missing libstemmer-dev"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	command -v jq >/dev/null 2>&1 || missing="$$missing jq"; \
	/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing="$$missing python3-aiosmtpd"; \
	command -v bc >/dev/null 2>&1 || missing="$$missing bc"; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

check: deps
	$(MAKE) BUILD=build/check CFLAGS="-O1 -g $(SANITIZE) -Werror" LDFLAGS="$(SANITIZE)" tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		sh tests/run build/check
	@$(MAKE) --no-print-directory style

style:
	@if command -v clang-format >/dev/null 2>&1; then \
		clang-format --dry-run -Werror cmd/*.c cmd/*.h pipeline/*.c pipeline/*.h tests/unit/*.c tests/unit/*.h \
		&& echo "style: clang-format clean"; \
	else echo "style: clang-format not installed, skipped"; fi

demo: deps all
	sh feeds/demo/run-demo.sh ./newswatch

# The peer the extraction benchmark compares with; only bench needs it.
bench-deps: deps
	@{ python3 -c 'import readability' 2>/dev/null || /usr/bin/python3 -c 'import readability' 2>/dev/null; } || { \
		echo "make bench-deps: installing python3-readability"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends python3-readability; }

bench: bench-deps all
	sh tests/bench/run.sh ./newswatch

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SHAREDIR)
	install -m 755 newswatch $(DESTDIR)$(BINDIR)/newswatch
	install -m 644 newswatch.1 $(DESTDIR)$(MANDIR)/man1/newswatch.1
	install -m 644 feeds/feeds.conf $(DESTDIR)$(SHAREDIR)/feeds.conf

# make fuzz: the libFuzzer targets tests/fuzz/fuzz_*.c, built with clang,
# ASan and UBSan against a $(FUZZ_BUILD)/libnw.a compiled with the same flags,
# each run for FUZZ_SECONDS on $(FUZZ_BUILD)/corpus/NAME (seeded from
# tests/fuzz/corpus/NAME) by tests/fuzz/run.sh.  Not part of check; fails when
# a target crashes.  Installs clang's libFuzzer runtime if it is missing.
FUZZ_SECONDS ?= 30
FUZZ_TIMEOUT ?= 30
FUZZ_CC ?= clang
FUZZ_BUILD = build/fuzz
FUZZ_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CPPFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARNINGS) -Werror -Ipipeline \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

fuzz: deps
	@mkdir -p $(FUZZ_BUILD); \
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' \
		> $(FUZZ_BUILD)/probe.c; \
	if ! $(FUZZ_CC) -fsanitize=fuzzer -o $(FUZZ_BUILD)/probe $(FUZZ_BUILD)/probe.c >/dev/null 2>&1; then \
		echo "make fuzz: installing clang libclang-rt-dev"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$$sudo apt-get install -y -qq --no-install-recommends clang libclang-rt-dev; \
	fi
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" LDFLAGS= $(FUZZ_BUILD)/libnw.a
	@FUZZ_CC="$(FUZZ_CC)" FUZZ_CFLAGS="$(FUZZ_CFLAGS)" FUZZ_CPPFLAGS="$(FUZZ_CPPFLAGS)" \
		FUZZ_LIBS="$(NW_LIBS)" FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) sh tests/fuzz/run.sh

clean:
	rm -rf build newswatch

FORCE:

.PHONY: all newswatch tests deps bench-deps check style demo bench fuzz install clean FORCE

-include $(shell find build -name '*.d' 2>/dev/null)
