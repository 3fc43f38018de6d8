# cdcgen — see README.md. `make` builds build/$(BUILD)/cdcgen; `make check` runs every test.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
SCHEMADIR  ?= $(PREFIX)/share/cdcgen/schemas
JARDIR     ?= $(PREFIX)/share/cdcgen
PKG_CONFIG ?= pkg-config
# release (-O2 -g, the default) | san (ASan + UBSan) | debug (-O0, for valgrind)
# | fuzz (clang, libFuzzer coverage + ASan + UBSan; used by make fuzz)
BUILD      ?= release
Q          ?= @

PKGS  = yaml-0.1 jansson libpcre2-8 rdkafka libpq libcurl libxxhash
WARN  = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wwrite-strings -Wpointer-arith -Wundef -Wvla -Wformat=2 -Wimplicit-fallthrough
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

ifeq ($(BUILD),san)
OPT = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDOPT = -fsanitize=address,undefined
else ifeq ($(BUILD),debug)
OPT = -O0 -g
else ifeq ($(BUILD),fuzz)
OPT = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
      -fno-omit-frame-pointer
LDOPT = -fsanitize=address,undefined
else
OPT = -O2 -g
endif

OUT          = build/$(BUILD)
ALL_CPPFLAGS = -Iinclude -D_POSIX_C_SOURCE=200809L -MMD -MP $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 $(WARN) $(OPT) $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CFLAGS)
ALL_LDFLAGS  = $(LDOPT) $(LDFLAGS)
LIBS         = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm

SRCS     = $(wildcard src/*.c src/*/*.c)
OBJS     = $(SRCS:src/%.c=$(OUT)/obj/%.o)
LIB_OBJS = $(filter-out $(OUT)/obj/main.o,$(OBJS))
CDCGEN   = $(OUT)/cdcgen

# The Kafka Streams runtime (runtime/kstreams/, Maven, offline after `make deps`).
MVN          ?= mvn
MVN_FLAGS    ?= -o -B -q -ntp -Dstyle.color=never
# Maven 3.8's jansi writes colour resets even in quiet batch mode.
export MAVEN_OPTS += -Djansi.noreset=true
KSTREAMS     = runtime/kstreams
KSTREAMS_JAR = $(KSTREAMS)/target/cdcgen-kstreams.jar
KSTREAMS_SRC = $(KSTREAMS)/pom.xml $(shell find $(KSTREAMS)/src/main -type f 2>/dev/null)

# The routing function of the flink target's fan-out layout (runtime/flink/, built
# with the Kafka Streams runtime's evaluator in the runtime/ reactor).
FLINK_RT     = runtime/flink
FLINK_RT_JAR = $(FLINK_RT)/target/cdcgen-flink.jar
FLINK_RT_SRC = runtime/pom.xml $(FLINK_RT)/pom.xml $(shell find $(FLINK_RT)/src/main -type f 2>/dev/null) $(KSTREAMS_SRC)

# The Avro checker of the avro target (tests/avro/, Maven, offline after `make deps`).
AVRO_CHECK     = tests/avro
AVRO_CHECK_JAR = $(AVRO_CHECK)/target/cdcgen-avro-check-1.jar
AVRO_CHECK_SRC = $(AVRO_CHECK)/pom.xml $(shell find $(AVRO_CHECK)/src/main -type f 2>/dev/null)

# The end-to-end harness's tools (tests/e2e/, Maven, offline after `make deps`).
E2E          = tests/e2e
E2E_JAR      = $(E2E)/target/cdcgen-e2e-1.jar
E2E_SRC      = $(E2E)/pom.xml $(shell find $(E2E)/src/main -type f 2>/dev/null)

UNIT_SRCS = $(wildcard tests/unit/test_*.c)
# The unit tests and fuzz harnesses check programs against the seed's table.
TEST_CPPFLAGS = -DCDC_TEST_SCHEMA='"$(CURDIR)/tests/fixtures/schema.yaml"'
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(OUT)/tests/%)

# Fuzz harnesses (tests/fuzz/fuzz_*.c): with libFuzzer for make fuzz, with a
# replaying main (tests/fuzz/standalone.c) for make check-fuzz.
FUZZ_SRCS   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS   = $(FUZZ_SRCS:tests/fuzz/%.c=$(OUT)/fuzz/%)
REPLAY_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=$(OUT)/fuzz-replay/%)
FUZZ_TIME  ?= 60

PHONY_TARGETS = all help check-help generate check test check-unit check-golden check-cli check-explain check-fmt \
        check-hostile check-fuzz fuzz fuzz-build fuzz-smoke check-semantics check-validate check-diff check-flink check-precommit \
        check-action check-sarif format format-check lint man-lint golden-update check-san check-valgrind bench bench-engines \
        install uninstall clean deps kstreams flink-runtime check-kstreams e2e check-install check-docs check-contrib \
        check-workspace check-topics bench-topics bench-diff check-avro check-pg check-cluster check-backfill check-ksbackfill check-audit bench-audit up down check-up
.PHONY: $(PHONY_TARGETS)

# Build cdcgen (build/$(BUILD)/cdcgen; BUILD=release, san, debug or fuzz).
all: $(CDCGEN)

# List the targets with the first sentence of the comment above each (this list).
help:
	@echo "usage: make [TARGET] [BUILD=release|san|debug] [DEVELOPER=1]"; echo
	@awk '/^# / { c = c (c ? " " : "") substr($$0, 3); next } \
	     /^[a-z][a-z0-9-]*:([^=]|$$)/ && c { split($$0, t, ":"); \
	         if (match(c, /\. |\.$$/)) c = substr(c, 1, RSTART); \
	         printf "  %-16s %s\n", t[1], c } \
	     { c = "" }' $(firstword $(MAKEFILE_LIST))

$(CDCGEN): $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(OUT)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(OUT)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(TEST_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) \
		$(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

# Compile the project's own filters into generated/ (committed).
generate: $(CDCGEN)
	$(CDCGEN) generate filters

CHECK_STEPS = check-unit check-golden check-cli check-explain check-fmt check-hostile check-fuzz check-semantics \
              check-validate check-avro check-kstreams check-diff check-precommit check-action check-sarif \
              check-workspace check-topics check-audit check-ksbackfill check-pg check-cluster check-up man-lint format-check lint check-help check-install check-docs check-contrib
# The whole test suite every change runs (the README's second command).
# Each step prints what it checks, then its result and time.
check: $(CDCGEN)
	$(Q)for t in $(CHECK_STEPS); do \
		printf '== %s: %s\n' "$$t" "$$($(MAKE) -s help | sed -n "s/^  $$t  *//p")"; \
		t0=$$(date +%s); \
		$(MAKE) --no-print-directory $$t || { echo "== $$t: FAILED"; exit 1; }; \
		echo "== $$t: ok ($$(( $$(date +%s) - t0 )) s)"; \
	done

# Every YAML example of README.md and man/cdcgen.1 checked by cdcgen check, fmt
# --check and test, as a user copying it would run them (tests/docs/).
check-docs: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/docs/run.sh

# CONTRIBUTING.md's checklists hold: the files they name exist, one header per
# source file declaring only its functions, every target and command documented.
check-contrib: $(CDCGEN)
	$(Q)python3 tests/contrib/check.py . $(CDCGEN)

# make install into a scratch PREFIX: cdcgen, its man page and the runtime's
# launcher run from there; make uninstall leaves nothing (tests/install/).
check-install: $(CDCGEN) $(KSTREAMS_JAR)
	$(Q)tests/install/run.sh

# Every target of the Makefile's .PHONY list is in make help (so each has a comment).
check-help:
	$(Q)help=$$($(MAKE) -s help); missing=$$(for t in $(sort $(PHONY_TARGETS)); do \
		printf '%s\n' "$$help" | grep -q "^  $$t " || echo "$$t"; done); \
	if [ -n "$$missing" ]; then echo "check-help: no comment above: $$missing" >&2; exit 1; fi; \
	echo "check-help: all $(words $(PHONY_TARGETS)) targets described in make help"

# schema pull, check --schema-from, doctor and the postgres target against a
# real PostgreSQL started for the run (tests/pg/; about 30 s).
check-pg: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/pg/run.sh

# The same as check.
test: check

# Unit tests of each stage (cmocka, tests/unit/).
check-unit: $(UNIT_BINS)
	$(Q)tests/run-unit.sh $(UNIT_BINS)

# Golden tests: inputs -> expected outputs and diagnostics per target (tests/golden/).
check-golden: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/golden/run.sh

# The command line: options, exit statuses, streams, every command (tests/cli/).
check-cli: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/cli/run.sh

# Every code of cdcgen explain has an example and a fix; each runnable example reports its code (tests/explain/).
check-explain: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/explain/run.sh

# cdcgen fmt: messy files -> their layout, idempotence, comments, and the same
# generated outputs from every file of the repository once laid out (tests/fmt/).
check-fmt: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/fmt/run.sh

# Hostile inputs: crashes, long lines, floods, huge and special files (tests/hostile/).
check-hostile: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/hostile/run.sh

# The fuzz seed corpus and every past finding (tests/fuzz/regressions/),
# replayed through the harnesses without libFuzzer.
check-fuzz: $(REPLAY_BINS)
	$(Q)tests/fuzz/run.sh replay $(OUT)/fuzz-replay

$(OUT)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/standalone.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(TEST_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/standalone.c \
		$(LIB_OBJS) $(LIBS)

# libFuzzer with clang (make deps installs it): each harness for FUZZ_TIME
# seconds (default 60), new inputs in build/fuzz/corpus/, findings in
# build/fuzz/artifacts/. make fuzz-smoke is CI's short run (30 s each).
fuzz:
	$(Q)$(MAKE) BUILD=fuzz CC=clang fuzz-build
	$(Q)tests/fuzz/run.sh fuzz build/fuzz/fuzz $(FUZZ_TIME)

# CI's short libFuzzer run: each harness for 30 s.
fuzz-smoke:
	$(Q)$(MAKE) fuzz FUZZ_TIME=30

# Build the libFuzzer harnesses (with BUILD=fuzz CC=clang; make fuzz does).
fuzz-build: $(FUZZ_BINS)

$(OUT)/fuzz/%: tests/fuzz/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(TEST_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(LIB_OBJS) $(LIBS)

# The semantics as data: tests/semantics/<topic>/, each run by cdcgen test
# with every condition seen TRUE and not TRUE.
check-semantics: $(CDCGEN)
	$(Q)for d in tests/semantics/*/; do \
		$(CDCGEN) test --min-coverage 100 $$d >/dev/null || \
		{ $(CDCGEN) test --min-coverage 100 $$d; exit 1; }; \
	done; echo "semantics: $$(ls -d tests/semantics/*/ | wc -l) topics pass"

# Independent validators: Flink SQL grammar and JSON Schemas (tests/validate/).
check-validate: $(CDCGEN) $(OUT)/tests/test_emit_flink
	$(Q)CDCGEN=$(CDCGEN) UNIT_FLINK=$(OUT)/tests/test_emit_flink tests/validate/run.sh

# The avro target's schemas read by Apache Avro (Java): every schema parses, real
# records encode and read back, broken ones are refused (tests/avro/).
check-avro: $(CDCGEN) $(AVRO_CHECK_JAR)
	$(Q)CDCGEN=$(CDCGEN) $(AVRO_CHECK)/run.sh

$(AVRO_CHECK_JAR): $(AVRO_CHECK_SRC)
	@echo "  MVN     $@"
	$(Q)cd $(AVRO_CHECK) && $(MVN) $(MVN_FLAGS) package

# The runnable jar of the Kafka Streams runtime (and its library jar beside it).
kstreams: $(KSTREAMS_JAR)

$(KSTREAMS_JAR): $(KSTREAMS_SRC)
	@echo "  MVN     $@"
	$(Q)cd $(KSTREAMS) && $(MVN) $(MVN_FLAGS) -DskipTests package

# cdcgen-flink.jar, the table function of the flink target's fan-out layout.
flink-runtime: $(FLINK_RT_JAR)

$(FLINK_RT_JAR): $(FLINK_RT_SRC)
	@echo "  MVN     $@"
	$(Q)cd runtime && $(MVN) $(MVN_FLAGS) -DskipTests -pl flink -am package

# The runtime's JUnit tests (TopologyTestDriver; golden cases against cdcgen eval).
check-kstreams: $(CDCGEN) $(KSTREAMS_JAR)
	$(Q)cd $(KSTREAMS) && rm -rf target/surefire-reports && \
		$(MVN) $(MVN_FLAGS) -Dcdcgen.bin=$(abspath $(CDCGEN)) test && \
		cat target/surefire-reports/TEST-*.xml | \
		sed -n 's/.*<testsuite .* tests="\([0-9]*\)".*/\1/p' | \
		awk '{ n += $$1 } END { print "kstreams: " n " runtime tests passed" }'

# Differential tests: random filters and events against PostgreSQL, a
# topology interpreter and the Kafka Streams runtime (tests/diff/); fixed seed;
# then every tests/semantics/ case through the same oracles, each held to the
# routing the test file expects.
# By hand: tests/diff/run.sh --seed N. Fixed seed, with the corners cdcgen
# has fixed (tests/diff/README.md).
check-diff: $(CDCGEN) $(KSTREAMS_JAR)
	$(Q)CDCGEN=$(CDCGEN) tests/diff/run.sh --corners nul,json-surrogates --runtime $(KSTREAMS_JAR)

# cdcgen's SQL on real Flink 1.20 and 2.2 (tests/flink/): random filters x
# events routed by both SQL targets against cdcgen eval, and checkpoints
# (which commit the Kafka offsets) on with generated/flink.sql's SET; the
# golden cases over a table with a column of every type, against cdcgen eval;
# and check-backfill. CI size; by hand: tests/flink/diff.sh --seed N --filters F --events E.
check-flink: $(CDCGEN) $(FLINK_RT_JAR)
	$(Q)CDCGEN=$(CDCGEN) tests/flink/diff.sh --seed 1 --filters 40 --events 300
	$(Q)CDCGEN=$(CDCGEN) tests/flink/golden.sh tests/golden/schema-types/every-type
	$(Q)for v in 1.20 2.2; do tests/flink/checkpoint-probe generated/flink.sql --flink $$v || exit 1; done
	$(Q)$(MAKE) --no-print-directory check-backfill

# The job of cdcgen backfill on real Flink 1.20 and 2.2 against a throwaway
# Kafka broker (tests/flink/backfill.sh): bounded by the offsets a group
# committed, it writes exactly what cdcgen eval routes under the change and
# not under the base, and moves no group. Part of check-flink.
check-backfill: $(CDCGEN) $(E2E_JAR)
	$(Q)CDCGEN=$(CDCGEN) tests/flink/backfill.sh

# The whole pipeline on the real engines: PostgreSQL -> Debezium (Kafka Connect)
# -> Kafka -> Flink 1.20 and 2.2, Kafka Streams; compared with cdcgen eval
# (tests/e2e/README.md). A few minutes; needs `make deps`.
e2e: $(CDCGEN) $(KSTREAMS_JAR) $(FLINK_RT_JAR) $(E2E_JAR) $(AVRO_CHECK_JAR)
	$(Q)CDCGEN=$(CDCGEN) $(E2E)/run.sh

# Start the whole pipeline on this machine, left running. PostgreSQL, Kafka,
# Kafka Connect with Debezium, Flink and Kafka Streams on the project's filters
# (tests/e2e/up.sh; PROCESSOR=flink|kstreams, KAFKA_PORT, PG_PORT, CONNECT_PORT;
# README, "Try it"); prints where each listens; a second make up prints the
# running stack.
up: $(CDCGEN) $(KSTREAMS_JAR) $(FLINK_RT_JAR) $(E2E_JAR)
	$(Q)CDCGEN=$(CDCGEN) $(E2E)/up.sh up

# Stop everything make up started and remove its state directory (.cdcgen-up/).
down:
	$(Q)$(E2E)/up.sh down

# make up and make down on the seed project (tests/up/). A row inserted with the
# printed psql command reaches its filtered topics; a second make up starts
# nothing; make down leaves no process and frees every port. About 2 minutes.
check-up: $(CDCGEN) $(KSTREAMS_JAR) $(FLINK_RT_JAR) $(E2E_JAR)
	$(Q)CDCGEN=$(CDCGEN) tests/up/run.sh

$(E2E_JAR): $(E2E_SRC)
	@echo "  MVN     $@"
	$(Q)cd $(E2E) && $(MVN) $(MVN_FLAGS) package

# cdcgen topics plan|apply and the generated topics.sh against a throwaway
# Kafka broker (tests/topics/): CreateTopics calls counted by the broker, topics
# and configs read back with kcat and Kafka's ConfigCommand. About 45 s.
check-topics: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/topics/run.sh

# cdcgen rollout --cluster and --apply against a Kafka broker, Kafka Connect with
# Debezium, PostgreSQL and a Flink session cluster, all throwaway (tests/cluster/).
check-cluster: $(CDCGEN) $(E2E_JAR) $(FLINK_RT_JAR)
	$(Q)CDCGEN=$(CDCGEN) tests/cluster/run.sh

# cdcgen backfill --processor kstreams against a throwaway Kafka broker
# (tests/backfill/): R from a group and as offsets, every Kafka Streams topic
# held to cdcgen eval split at R (keys, values, headers, timestamps, murmur2
# partitions, per-key order), the refusals. About 40 s.
check-ksbackfill: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/backfill/run.sh

# cdcgen audit and cdcgen consume against a throwaway Kafka broker
# (tests/audit/): a correct routing, an extra, a missing, a duplicated and a
# changed record produced with kcat, bad input, the seed's four consumers.
# About 90 s.
check-audit: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/audit/run.sh

# .pre-commit-hooks.yaml run by the pre-commit framework on a scratch git
# repository (tests/precommit/; pre-commit from PyPI, installed by make deps).
check-precommit: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/precommit/run.sh

# Every kind of SARIF log cdcgen writes, validated by Microsoft's SARIF
# Multitool (npm, installed in tests/validate by make deps).
check-sarif: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/validate/sarif.sh

# action.yml's steps run on a scratch pull request; the README's workflow
# example linted by actionlint (tests/action/).
check-action: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/action/run.sh

# filters/ and generated/ are the user's: the suites that once read them
# pass in a copy of the repository with a filter added there (tests/workspace/).
check-workspace: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/workspace/run.sh

# man/cdcgen.1 through mandoc's linter.
man-lint:
	$(Q)mandoc -T lint -W warning man/cdcgen.1
	@echo "man-lint: man/cdcgen.1 ok"

# Rewrites expected outputs from the current binary; review with git diff. Never in CI.
golden-update: $(CDCGEN)
	$(Q)UPDATE=1 CDCGEN=$(CDCGEN) tests/golden/run.sh

# The C suites again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-san:
	$(MAKE) BUILD=san check-unit check-golden check-cli check-fmt check-semantics check-hostile check-topics check-cluster check-audit check-ksbackfill \
	    check-fuzz

# Unit and golden tests run under valgrind (the CLI tests only build on them).
check-valgrind:
	$(Q)VALGRIND=1 $(MAKE) BUILD=debug check-unit check-golden

# The C files clang-format keeps in the house style (.clang-format).
FORMAT_FILES = $(wildcard src/*.c src/*/*.c include/cdcgen/*/*.h tests/unit/*.c tests/unit/*.h tests/bench/*.c \
                 tests/fuzz/*.c)

# Rewrite the C files in the house style (clang-format).
format:
	$(Q)clang-format -i $(FORMAT_FILES)

# Check the C files are in the house style (clang-format), changing nothing.
format-check:
	$(Q)clang-format --dry-run --Werror $(FORMAT_FILES)
	@echo "format-check: $(words $(FORMAT_FILES)) files formatted as .clang-format says"

# cppcheck over the sources as they are compiled; any finding fails.
lint:
	$(Q)cppcheck --quiet --error-exitcode=1 --std=c11 --language=c --inline-suppr \
		--enable=warning,portability,performance --suppress=missingIncludeSystem \
		-D__GNUC__ -D_POSIX_C_SOURCE=200809L -Iinclude src tests/unit tests/bench
	@echo "lint: cppcheck finds nothing in src/, tests/unit/, tests/bench/"

# Speed and memory figures beside the library floors (not a test: prints,
# asserts nothing). SIZES, EVENTS, RUNS: see tests/bench/run.sh; the Kafka
# Streams runtime per number of filters: tests/bench/runtime.sh
# (RUNTIME_BASELINE=REV adds the runtime of git revision REV beside it).
bench: $(CDCGEN) $(OUT)/bench/floor $(KSTREAMS_JAR)
	$(Q)CDCGEN=$(CDCGEN) FLOOR=$(OUT)/bench/floor KSTREAMS_JAR=$(KSTREAMS_JAR) tests/bench/run.sh
	$(Q)CDCGEN=$(CDCGEN) KSTREAMS_JAR=$(KSTREAMS_JAR) tests/bench/runtime.sh $(if $(RUNTIME_BASELINE),--baseline $(RUNTIME_BASELINE))

# Time to create 1,000 and 5,000 topics on a throwaway broker with cdcgen
# topics apply, beside the old topics.sh (a JVM per topic) measured on 50
# and extrapolated (not a test: prints, asserts nothing). TOPICS_SIZES, OLD_TOPICS.
bench-topics: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/bench/topics.sh

# The share of random filter changes diff leaves undecided, with this cdcgen and
# one of an earlier revision (not a test: prints, asserts nothing; about a
# minute). SEEDS, FILTERS, BEFORE_REV or BEFORE: see tests/bench/diff-undecided.sh.
bench-diff: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/bench/diff-undecided.sh

# The routing engines on a Kafka broker per number of filters, beside a plain
# copy of the same output: events/s, memory, threads, start-up, topics equal
# to cdcgen eval (tests/bench/engines.sh; a figure, not a test, in no CI step;
# tens of minutes at the default sizes). BENCH_SIZES, BENCH_EVENTS,
# BENCH_PROCESSORS, BENCH_SECONDS, BENCH_PARTITIONS, BENCH_PRODUCER,
# FLINK_VERSION, FLINK_LAYOUT: see tests/bench/engines.sh --help.
bench-engines: $(CDCGEN) $(KSTREAMS_JAR) $(FLINK_RT_JAR) $(E2E_JAR)
	$(Q)CDCGEN=$(CDCGEN) KSTREAMS_JAR=$(KSTREAMS_JAR) FLINK_JARS=$${FLINK_JARS-$(CURDIR)/$(FLINK_RT_JAR)} \
	    tests/bench/engines.sh

# cdcgen audit's throughput (events/s) and peak memory on a throwaway broker
# holding 1M raw events and their routed records (tests/bench/audit.sh; a
# figure, not a test: prints, asserts nothing). AUDIT_EVENTS, AUDIT_MEMORY.
bench-audit: $(CDCGEN)
	$(Q)CDCGEN=$(CDCGEN) tests/bench/audit.sh

$(OUT)/bench/floor: tests/bench/floor.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 $(CFLAGS) -o $@ $< \
		$(shell $(PKG_CONFIG) --cflags --libs yaml-0.1 jansson)

# Install what building and testing needs: Debian packages, npm validators,
# pre-commit, Maven dependencies (tests/install-deps.sh; a second run does nothing).
deps:
	tests/install-deps.sh

# Install cdcgen, its man page, completions, schemas and the Kafka Streams
# runtime with its launcher cdcgen-kstreams under PREFIX (default /usr/local).
install: all kstreams flink-runtime
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(CDCGEN) $(DESTDIR)$(BINDIR)/cdcgen
	install -m 644 man/cdcgen.1 $(DESTDIR)$(MANDIR)/man1/cdcgen.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 644 completion/cdcgen.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cdcgen
	install -m 644 completion/_cdcgen $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cdcgen
	install -d $(DESTDIR)$(SCHEMADIR)
	install -m 644 $(wildcard grammar/*.schema.json) $(DESTDIR)$(SCHEMADIR)
	install -d $(DESTDIR)$(JARDIR)
	install -m 644 $(KSTREAMS_JAR) $(DESTDIR)$(JARDIR)/cdcgen-kstreams.jar
	install -m 644 $(FLINK_RT_JAR) $(DESTDIR)$(JARDIR)/cdcgen-flink.jar
	sed 's|@JAR@|$(JARDIR)/cdcgen-kstreams.jar|' $(KSTREAMS)/cdcgen-kstreams.in >$(DESTDIR)$(BINDIR)/cdcgen-kstreams
	chmod 755 $(DESTDIR)$(BINDIR)/cdcgen-kstreams

# Remove what install installed.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cdcgen $(DESTDIR)$(MANDIR)/man1/cdcgen.1 \
		$(DESTDIR)$(BINDIR)/cdcgen-kstreams $(DESTDIR)$(JARDIR)/cdcgen-kstreams.jar \
		$(DESTDIR)$(JARDIR)/cdcgen-flink.jar \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/cdcgen \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cdcgen \
		$(patsubst grammar/%,$(DESTDIR)$(SCHEMADIR)/%,$(wildcard grammar/*.schema.json))
	rmdir $(DESTDIR)$(SCHEMADIR) $(DESTDIR)$(PREFIX)/share/cdcgen 2>/dev/null || true

# Remove build/ and the Maven projects' target/ directories.
clean:
	rm -rf build $(KSTREAMS)/target $(FLINK_RT)/target $(E2E)/target

-include $(OBJS:.o=.d)
