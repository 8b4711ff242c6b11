# SPDX-License-Identifier: ISC
# Passage - hand-written Makefile.  See README.md.
.SUFFIXES:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/passage
# The systemd units go here disabled: an admin sets the site's paths and
# enables them (README.md, Backups and The jail's roster).
UNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = ncursesw sqlite3 libsodium libutf8proc pangocairo fontconfig

WARN = -std=c17 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wvla
# A packager's CPPFLAGS (dpkg-buildflags) may choose its own fortify level.
FORTIFY = $(if $(findstring _FORTIFY_SOURCE,$(CPPFLAGS)),,-D_FORTIFY_SOURCE=2)
HARDEN = -fstack-protector-strong $(FORTIFY) -fPIE
CFLAGS ?= -O2 -g
WERROR ?=
SANITIZE ?=

# A sanitizer build lives in its own folder so it never mixes objects.
ifeq ($(SANITIZE),)
BUILD ?= build
SANFLAGS =
else
BUILD ?= build-san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
HARDEN = -fstack-protector-strong -fPIE
endif

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# libcups (the release plan's printing) has a pkg-config file only from
# CUPS 2.5; before that cups-config answers.
CUPS_CFLAGS = $(shell $(PKG_CONFIG) --cflags cups 2>/dev/null || cups-config --cflags 2>/dev/null)
CUPS_LIBS = $(shell $(PKG_CONFIG) --libs cups 2>/dev/null || cups-config --libs 2>/dev/null)
# Include paths per layer: storage sees itself and db.h (its public face);
# the model sees storage; the demo generator sees the model and, for its
# bulk writes, storage; the screens see the model and db.h, the command line
# those and demo.h, never storage.  Tests, benchmarks and tools see everything.
INC_STORE = -Icore/store -Icore
INC_CORE = -Icore -Icore/store
INC_TUI = -Icore -Itui
INC_DEMO = -Icore -Icore/store -Idemo
INC_CLI = -Icore -Itui -Icli -Idemo
INC = -Icore -Icore/store -Itui -Icli -Idemo
$(BUILD)/core/%.o: INC = $(INC_CORE)
$(BUILD)/core/store/%.o $(BUILD)/leaky/%.o $(BUILD)/weak/%.o $(BUILD)/schema.o: INC = $(INC_STORE)
$(BUILD)/tui/%.o $(BUILD)/tuitest/tui/%.o: INC = $(INC_TUI)
$(BUILD)/cli/%.o $(BUILD)/tuitest/cli/%.o: INC = $(INC_CLI)
$(BUILD)/demo/%.o: INC = $(INC_DEMO)
# The warnings come after CFLAGS: a packager's -Wformat must not undo -Wformat=2.
ALL_CFLAGS = $(HARDEN) $(SANFLAGS) $(CPPFLAGS) $(CFLAGS) $(WARN) $(WERROR) -D_GNU_SOURCE \
             $(INC) -I$(BUILD) $(PKG_CFLAGS) $(CUPS_CFLAGS)
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now $(SANFLAGS) $(LDFLAGS)
# libcsv (the roster reader's CSV parser) has no pkg-config file.
LIBS = $(PKG_LIBS) $(CUPS_LIBS) -lcsv -lpthread

CORE = $(sort $(wildcard core/*.c core/store/*.c))
# The demo generator: calls core's model; nothing in core calls it.
DEMO = $(sort $(wildcard demo/*.c))
CLI = $(sort $(wildcard cli/*.c))
TUI = $(sort $(wildcard tui/*.c))
SCHEMA = $(sort $(wildcard schema/*.sql))

CORE_OBJ = $(CORE:%.c=$(BUILD)/%.o) $(BUILD)/schema.o
CLI_OBJ = $(CLI:%.c=$(BUILD)/%.o)
TUI_OBJ = $(TUI:%.c=$(BUILD)/%.o)
DEMO_OBJ = $(DEMO:%.c=$(BUILD)/%.o)

UNIT = $(basename $(notdir $(wildcard tests/unit_*.c)))
UNIT_BIN = $(UNIT:%=$(BUILD)/tests/%.t)
SHELL_TESTS = $(wildcard tests/*.sh)
TUI_TEST_OBJ = $(TUI:%.c=$(BUILD)/tuitest/%.o) $(CLI:%.c=$(BUILD)/tuitest/%.o)
HELPERS = $(BUILD)/tests/crash_leaky $(BUILD)/tests/crash_torn $(BUILD)/tests/passage-screen $(BUILD)/tests/tui_fixture \
          $(BUILD)/tests/bigfile.t \
          $(BUILD)/tests/powercut.so $(BUILD)/tests/powercut_full $(BUILD)/tests/nocreate.so \
          $(BUILD)/tests/diskfull.so

all: passage

# A rule that fails leaves no half-written target behind (tools/embed
# stops part-way through schema.c on a misnumbered migration).
.DELETE_ON_ERROR:

passage: $(BUILD)/passage
	@if [ "$(BUILD)" = build ]; then ln -sf $(BUILD)/passage passage; fi

$(BUILD)/passage: $(CLI_OBJ) $(BUILD)/libpassage-tui.a $(BUILD)/libpassage-demo.a $(BUILD)/libpassage.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libpassage-tui.a $(BUILD)/libpassage-demo.a \
		$(BUILD)/libpassage.a $(LIBS)

$(BUILD)/libpassage.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $(CORE_OBJ)

# The terminal interface: screens, and the curses-free line editor, forms
# and text safety that the unit tests link too.
$(BUILD)/libpassage-tui.a: $(TUI_OBJ)
	rm -f $@
	ar rcs $@ $(TUI_OBJ)

$(BUILD)/libpassage-demo.a: $(DEMO_OBJ)
	rm -f $@
	ar rcs $@ $(DEMO_OBJ)

$(BUILD)/%.o: %.c core/*.h core/store/*.h cli/*.h demo/*.h $(wildcard tui/*.h tui/*.def) tests/*.h | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -Wall -Wextra $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tools/embed.c

$(BUILD)/schema.c: $(BUILD)/tools/embed $(SCHEMA)
	$(BUILD)/tools/embed $@ $(SCHEMA)

$(BUILD)/schema.o: $(BUILD)/schema.c core/store/migrate.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $(BUILD)/schema.c

# The test of the test: the same page codec with the reserve zeroing
# skipped, and the vault's guard against such pages off, once the crash
# test switches the leak on (after building its schema with the good code).
$(BUILD)/leaky/vault_codec.o: core/store/vault_codec.c core/store/vault_codec.h | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DVAULT_TEST_SKIP_ZEROING -c -o $@ core/store/vault_codec.c

$(BUILD)/leaky/vault.o: core/store/vault.c core/store/*.h | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DVAULT_TEST_SKIP_ZEROING -c -o $@ core/store/vault.c

$(BUILD)/libpassage-leaky.a: $(BUILD)/leaky/vault_codec.o $(BUILD)/leaky/vault.o \
                              $(filter-out $(BUILD)/core/store/vault_codec.o \
                                           $(BUILD)/core/store/vault.o,$(CORE_OBJ))
	rm -f $@
	ar rcs $@ $^

# Unit tests link the command line's output writers too (cli/out.c): the
# rest of cli/ has a main.
$(BUILD)/tests/%.t: $(BUILD)/tests/%.o $(BUILD)/tests/util.o $(BUILD)/cli/out.o \
                    $(BUILD)/libpassage-tui.a $(BUILD)/libpassage-demo.a $(BUILD)/libpassage.a
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/tests/util.o $(BUILD)/cli/out.o \
		$(BUILD)/libpassage-tui.a $(BUILD)/libpassage-demo.a $(BUILD)/libpassage.a $(LIBS)

# The headless screen tests' build: the same program with the script and
# screen-dump hooks of tui/tui_test.h compiled in.
$(BUILD)/tuitest/%.o: %.c core/*.h core/store/*.h cli/*.h demo/*.h $(wildcard tui/*.h tui/*.def) | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DPASSAGE_TUI_TEST -c -o $@ $<

$(BUILD)/tests/passage-screen: $(TUI_TEST_OBJ) $(BUILD)/libpassage-demo.a $(BUILD)/libpassage.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(TUI_TEST_OBJ) $(BUILD)/libpassage-demo.a $(BUILD)/libpassage.a \
		$(LIBS)

$(BUILD)/tests/tui_fixture: $(BUILD)/tests/tui_fixture.o $(BUILD)/libpassage.a
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libpassage.a $(LIBS)

$(BUILD)/tests/crash_leaky: $(BUILD)/tests/unit_crash.o $(BUILD)/tests/util.o $(BUILD)/libpassage-leaky.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

# The test of the test's other half: the crash test's child commits each
# save in two steps, so a kill between them leaves one in part.
$(BUILD)/torn/unit_crash.o: tests/unit_crash.c core/*.h core/store/*.h tests/*.h | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DCRASH_TEST_TORN -c -o $@ tests/unit_crash.c

$(BUILD)/tests/crash_torn: $(BUILD)/torn/unit_crash.o $(BUILD)/tests/util.o $(BUILD)/libpassage.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

# The power-cut model (tests/powercut_shim.c), preloaded into a writer by
# tests/unit_powercut.c.  Built without the sanitizers: it is loaded before
# their runtime.
$(BUILD)/tests/powercut.so: tests/powercut_shim.c | deps-build
	@mkdir -p $(@D)
	$(CC) -std=c17 -Wall -Wextra -O2 -g -fPIC -shared -D_GNU_SOURCE -o $@ $< -ldl

# Kills a program that makes a file in a watched folder
# (tests/unit_decrypt_whole.c); built like the power-cut model.
$(BUILD)/tests/nocreate.so: tests/nocreate_shim.c | deps-build
	@mkdir -p $(@D)
	$(CC) -std=c17 -Wall -Wextra -O2 -g -fPIC -shared -D_GNU_SOURCE -o $@ $< -ldl

# A folder on a full disk (tests/diskfull.sh); built like the power-cut
# model.
$(BUILD)/tests/diskfull.so: tests/diskfull_shim.c | deps-build
	@mkdir -p $(@D)
	$(CC) -std=c17 -Wall -Wextra -O2 -g -fPIC -shared -D_GNU_SOURCE -o $@ $< -ldl

# The test of that test: the storage with the weaker synchronous=FULL
# for a rollback journal, and NORMAL for the write-ahead log, which
# tests/powercut_sees_full.sh and tests/wal_sees_normal.sh expect the
# power cuts to catch.
$(BUILD)/weak/%.o: core/store/%.c core/*.h core/store/*.h | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DPASSAGE_TEST_SYNC_FULL -c -o $@ $<

$(BUILD)/libpassage-weak.a: $(BUILD)/weak/db_wal.o $(BUILD)/weak/vault_fcntl.o \
                             $(filter-out $(BUILD)/core/store/db_wal.o \
                                          $(BUILD)/core/store/vault_fcntl.o,$(CORE_OBJ))
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tests/powercut_full: $(BUILD)/tests/unit_powercut.o $(BUILD)/tests/util.o \
                              $(BUILD)/libpassage-weak.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

deps-build:
	@sh contrib/deps.sh build

tests: passage $(UNIT_BIN) $(HELPERS)

check: deps-check
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory lint
	PASSAGE_BUILD=$(BUILD) prove -e '' $(UNIT_BIN:%=./%) $(SHELL_TESTS:%=./%)

deps-check:
	@sh contrib/deps.sh check

# Long crash runs: make crash N=500
N ?= 500
crash: tests
	PASSAGE_BUILD=$(BUILD) CRASH_RUNS=$(N) prove -e '' ./$(BUILD)/tests/unit_crash.t

# A database past 1 GiB, where SQLite's lock page lies: verify, a user's
# removal and a keyed backup on it (minutes, and 3 GiB of disk in
# TMPDIR), so not part of check; CI runs it.
bigfile: tests
	PASSAGE_BUILD=$(BUILD) prove -e '' ./$(BUILD)/tests/bigfile.t

# Long power-cut runs: make powercut N=200 SEED=1000 (a failing run prints
# its seed; N=1 SEED=that replays it).
SEED ?= 1
powercut: tests
	PASSAGE_BUILD=$(BUILD) POWERCUT_RUNS=$(N) POWERCUT_SEED=$(SEED) prove -v -e '' \
		./$(BUILD)/tests/unit_powercut.t

bench: deps-bench passage
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench
	./$(BUILD)/bench/bench

deps-bench:
	@sh contrib/deps.sh bench

$(BUILD)/bench/bench: bench/*.c bench/*.h core/*.h core/store/*.h demo/*.h $(BUILD)/libpassage-demo.a \
                    $(BUILD)/libpassage.a | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ bench/bench.c bench/bench_engine.c bench/bench_storage.c bench/bench_table.c \
		bench/bench_cases.c bench/bench_tui.c \
		bench/bench_auditlog.c bench/bench_followup.c bench/bench_export.c bench/bench_report.c \
		bench/bench_backup.c bench/bench_big.c bench/bench_import.c bench/bench_mixed.c bench/bench_plan.c bench/common.c $(BUILD)/libpassage-demo.a $(BUILD)/libpassage.a \
		$(LIBS) -ldl -lutil

# libFuzzer targets for every parser that takes bytes from outside: the
# container header and its key slots, the page codec, sealed exports, text
# on its way to a screen or a file, and the roster readers.  Built with
# clang in their own folder; each runs FUZZ_SECONDS on a corpus seeded
# from the project's own files (the header from a file made by init).
# Not part of check: a fuzz run's length is chosen, not a test.
FUZZ_SECONDS ?= 60
FUZZ = $(basename $(notdir $(wildcard fuzz/*.c)))
fuzz: deps-fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
		SANITIZE=fuzzer-no-link,address,undefined build-fuzz/passage $(FUZZ:%=build-fuzz/fuzz/%)
	@for t in $(FUZZ); do \
		c=build-fuzz/corpus/$$t; mkdir -p $$c || exit 1; \
		case $$t in \
		roster_profile) cp contrib/roster/*.profile $$c/ ;; \
		roster_file) cp tests/roster/*.csv $$c/ ;; \
		text) cp tests/unit_text.c tests/roster/*.csv $$c/ ;; \
		keyring_header) rm -f build-fuzz/seed.db; \
			echo 'fuzz seed passphrase' | ASAN_OPTIONS=detect_leaks=0 ./build-fuzz/passage \
				init build-fuzz/seed.db --admin fuzz --kdf interactive --passphrase-fd 0 \
				>/dev/null && head -c 16384 build-fuzz/seed.db >$$c/init || exit 1 ;; \
		esac; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		./build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$$c >build-fuzz/$$t.log 2>&1 || \
			{ tail -40 build-fuzz/$$t.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^Done' build-fuzz/$$t.log; \
	done

$(BUILD)/fuzz/%: fuzz/%.c $(BUILD)/libpassage-tui.a $(BUILD)/libpassage.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icore -Icore/store -Itui -fsanitize=fuzzer $(LDFLAGS_ALL) -o $@ $< \
		$(BUILD)/libpassage-tui.a $(BUILD)/libpassage.a $(LIBS)

deps-fuzz:
	@sh contrib/deps.sh fuzz

# The KEYS section of passage(1) is made from tui/keymap.def.
$(BUILD)/tools/keys: tools/keys.c tui/keymap.c tui/keymap.h tui/keymap.def | deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ tools/keys.c tui/keymap.c $(LIBS)

man: $(BUILD)/tools/keys
	$(BUILD)/tools/keys man/passage.1 > $(BUILD)/passage.1.new
	mv $(BUILD)/passage.1.new man/passage.1

lint: passage $(BUILD)/tools/keys
	@KEYS=$(BUILD)/tools/keys PASSAGE=$(BUILD)/passage \
		DEPCC="$(CC) -D_GNU_SOURCE -I$(BUILD) $(PKG_CFLAGS)" INC_TUI="$(INC_TUI)" \
		INC_CLI="$(INC_CLI)" sh contrib/lint.sh

# A demo database in build/ with one user per role and synthetic people;
# contrib/demo.sh prints the user names and the (demo) passphrase.
demo: passage
	@sh contrib/demo.sh $(BUILD)

# The units and the drop script name the program where this install puts
# it; contrib/ writes /usr/local, where a source install goes by default.
UNIT_PATHS = -e 's|/usr/local/bin/passage|$(BINDIR)/passage|g' \
             -e 's|/usr/local/sbin/passage-import-drop|$(SBINDIR)/passage-import-drop|g'
UNITS = passage-backup.service passage-backup.timer passage-import.service passage-import.timer

install: passage
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 \
	           $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	           $(DESTDIR)$(DATADIR)/roster $(DESTDIR)$(DATADIR)/plan
	install -m 755 $(BUILD)/passage $(DESTDIR)$(BINDIR)/passage
	sed $(UNIT_PATHS) contrib/passage-import-drop.sh >$(DESTDIR)$(SBINDIR)/passage-import-drop
	chmod 755 $(DESTDIR)$(SBINDIR)/passage-import-drop
	for u in $(UNITS); do \
		sed $(UNIT_PATHS) contrib/systemd/$$u >$(DESTDIR)$(UNITDIR)/$$u && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -m 644 contrib/roster/*.profile contrib/roster/*.csv $(DESTDIR)$(DATADIR)/roster/
	install -m 644 contrib/plan/*.plan $(DESTDIR)$(DATADIR)/plan/
	install -m 644 man/passage.1 $(DESTDIR)$(MANDIR)/man1/passage.1
	install -m 644 man/passage.5 $(DESTDIR)$(MANDIR)/man5/passage.5
	install -m 644 man/passage-roster.5 $(DESTDIR)$(MANDIR)/man5/passage-roster.5
	install -m 644 man/passage-plan.5 $(DESTDIR)$(MANDIR)/man5/passage-plan.5
	install -m 644 man/passage-import-drop.8 $(DESTDIR)$(MANDIR)/man8/passage-import-drop.8

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/passage $(DESTDIR)$(SBINDIR)/passage-import-drop \
	      $(DESTDIR)$(MANDIR)/man1/passage.1 $(DESTDIR)$(MANDIR)/man5/passage.5 \
	      $(DESTDIR)$(MANDIR)/man5/passage-roster.5 $(DESTDIR)$(MANDIR)/man5/passage-plan.5 \
	      $(DESTDIR)$(MANDIR)/man8/passage-import-drop.8
	for u in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz passage

.PHONY: all passage tests check crash bigfile powercut bench fuzz lint man demo install uninstall clean deps-build \
        deps-check deps-bench deps-fuzz
