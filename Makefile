# csogen - see README.md.  `make site` and `make test` are the two commands.
.SUFFIXES:

CC      = cc
PKGS    = libcmark-gfm yaml-0.1 xlsxwriter pangocairo cairo-pdf cairo-svg cairo-png libmicrohttpd libpng libxxhash
WARN    = -Wall -Wextra -Werror -std=c11 -D_POSIX_C_SOURCE=200809L
OPT     = -O2 -g
PKG_CFLAGS = `pkg-config --cflags $(PKGS)`
PKG_LIBS   = `pkg-config --libs $(PKGS)` -lcmark-gfm-extensions -lcsv -lhyphen -lpthread -lm
PREFIX  = /usr/local
B       = build

SRCS = generator/buf.c generator/util.c generator/value.c generator/err.c \
       generator/yamlval.c generator/slug.c generator/date.c generator/markdown.c \
       generator/htab.c generator/pool.c generator/config.c generator/content.c \
       generator/site.c generator/theme.c generator/output.c generator/render.c \
       generator/feeds.c generator/build.c generator/tmpl.c generator/data.c \
       generator/bench.c generator/datapages.c generator/tables.c generator/search.c \
       generator/check.c generator/serve.c generator/chart.c generator/figures.c \
       generator/xlsx.c generator/hyphen.c generator/pdf.c generator/pdf_book.c \
       generator/pdf_doc.c generator/pdf_layout.c generator/pdf_draw.c generator/cache.c generator/progress.c \
       generator/patch.c
# Sources of the program but not of the library the tests link.
MAIN = generator/main.c

OBJS     = $(SRCS:generator/%.c=$(B)/%.o)
ASAN_OBJS = $(SRCS:generator/%.c=$(B)/asan/%.o)
UNIT     = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT:tests/unit/%.c=$(B)/unit/%)
UNIT_ASAN = $(UNIT:tests/unit/%.c=$(B)/asan/unit/%)
ASAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps test-deps csogen site test unit e2e asan clean install bench test-browser fuzz

all: csogen

deps:
	@sh tools/deps.sh build

test-deps:
	@sh tools/deps.sh test

csogen: $(B)/csogen $(B)/hyph/hyph_ka.dic

# Georgian hyphenation patterns for the PDF books (see generator/hyphen.h)
$(B)/hyph/hyph_ka.dic: tools/hyphen/mkdic.sh
	@sh tools/hyphen/mkdic.sh ka $@

$(B)/csogen: $(OBJS) $(B)/main.o
	$(CC) -o $@ $(OBJS) $(B)/main.o $(PKG_LIBS)

$(B)/%.o: generator/%.c generator/*.h
	@mkdir -p $(B)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(OPT) $(PKG_CFLAGS) -c -o $@ $<

$(B)/asan/%.o: generator/%.c generator/*.h
	@mkdir -p $(B)/asan
	@echo "  CC asan $<"
	@$(CC) $(WARN) -O1 -g $(ASAN) $(PKG_CFLAGS) -c -o $@ $<

$(B)/asan/csogen: $(ASAN_OBJS) $(B)/asan/main.o
	$(CC) $(ASAN) -o $@ $(ASAN_OBJS) $(B)/asan/main.o $(PKG_LIBS)

$(B)/unit/%: tests/unit/%.c tests/unit/t.h $(OBJS)
	@mkdir -p $(B)/unit
	@echo "  LINK    $@"
	@$(CC) $(WARN) $(OPT) $(PKG_CFLAGS) -Igenerator -o $@ $< $(OBJS) $(PKG_LIBS)

$(B)/asan/unit/%: tests/unit/%.c tests/unit/t.h $(ASAN_OBJS)
	@mkdir -p $(B)/asan/unit
	@echo "  LINK    $@"
	@$(CC) $(WARN) -O1 -g $(ASAN) $(PKG_CFLAGS) -Igenerator -o $@ $< $(ASAN_OBJS) $(PKG_LIBS)

site: deps csogen
	$(B)/csogen build

unit: $(UNIT_BIN) $(B)/hyph/hyph_ka.dic
asan: $(B)/asan/csogen $(UNIT_ASAN)

test: test-deps csogen unit asan
	@sh tests/run.sh

# The performance benchmark against Hugo (doc/performance.md); not part of `make test`.
bench: deps csogen
	@sh tools/bench/run.sh

# libFuzzer targets of tests/fuzz (clang), FUZZ_SECONDS (default 60) each;
# findings go to build/fuzz/crashes/.  tools/fuzz.sh --regress replays the seeds.
fuzz:
	@sh tools/fuzz.sh

# The browser checks alone (vnu, axe-core in Chromium, screenshots).
test-browser: test-deps csogen
	@CSOGEN=$(B)/csogen sh tests/e2e/test_browser.sh

clean:
	rm -rf $(B) out .csogen-cache

install: csogen
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	cp $(B)/csogen $(DESTDIR)$(PREFIX)/bin/csogen
	cp doc/csogen.1 $(DESTDIR)$(PREFIX)/share/man/man1/csogen.1
