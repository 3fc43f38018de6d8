#!/usr/bin/env bash
# make deps: installs what building and testing cdcgen needs on Debian 12.
#   1. Debian packages (skipped when all are installed already);
#   2. the npm validators of tests/validate/ (package-lock.json) into
#      tests/validate/node_modules (skipped when up to date);
#   3. the Maven dependencies and plugins of runtime/kstreams/ into the local
#      Maven repository (~/.m2/repository), so that later builds run offline
#      (mvn -o); MAVEN_ARGS passes extra options (-Dmaven.repo.local=DIR);
#   4. the Maven dependencies of the Flink harness (tests/flink/), for both
#      Flink lines, and Flink 1.20's SQL client, so that later builds run
#      offline (mvn -o);
#   5. the Maven dependencies of the end-to-end harness (tests/e2e/: Kafka,
#      Kafka Connect, Debezium), copied to tests/e2e/target/lib.
#   6. the pre-commit framework from PyPI, pinned, into tests/precommit/.venv
#      (skipped when that version is there), for tests/precommit/.
# Runs as root, or through sudo when that exists. Safe to re-run.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
validate="$here/validate"

# libcurl4-openssl-dev: the HTTP client of rollout --cluster (the REST APIs
# of Kafka Connect and Flink; src/live/http.c).
pkgs=(build-essential pkg-config libyaml-dev libjansson-dev
      libcmocka-dev libpcre2-dev libpq-dev mandoc valgrind postgresql diffutils git time bc jq
      clang-format cppcheck clang libclang-rt-dev curl python3 python3-venv graphviz zsh
      librdkafka-dev kcat libcurl4-openssl-dev libxxhash-dev)
# Node 20 normally comes with the machine image; Debian's only when it is missing.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
# The Kafka Streams runtime (runtime/kstreams): Debian's JDK 17 and Maven where missing.
command -v javac >/dev/null 2>&1 || pkgs+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || pkgs+=(maven)

# ---- Debian packages ---------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${pkgs[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
        [ "${status:0:2}" = ii ] || missing+=("$p")
    done
else
    missing=("${pkgs[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: Debian packages already installed"
elif ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: no apt-get here; install the equivalents of: ${missing[*]}" >&2
    exit 1
else
    as_root=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 ||
            { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
        as_root=(sudo)
    fi
    echo "deps: installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
fi

# ---- npm validators ----------------------------------------------------------
# npm ci writes node_modules/.package-lock.json; older than the lock or the
# manifest means node_modules is stale.
stamp="$validate/node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ ! "$validate/package-lock.json" -nt "$stamp" ] &&
   [ ! "$validate/package.json" -nt "$stamp" ]; then
    echo "deps: tests/validate/node_modules up to date"
else
    echo "deps: npm ci in tests/validate"
    (cd "$validate" && npm ci --no-audit --no-fund)
fi

# ---- pre-commit (PyPI) -------------------------------------------------------
precommit_version=4.0.1
venv="$here/precommit/.venv"
if [ "$("$venv/bin/pre-commit" --version 2>/dev/null)" = "pre-commit $precommit_version" ]; then
    echo "deps: pre-commit $precommit_version already installed"
else
    echo "deps: pre-commit $precommit_version into tests/precommit/.venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$precommit_version"
fi

# ---- Maven ---------------------------------------------------------------------
# Each Maven step runs once per content of its inputs (the pom and MAVEN_ARGS):
# a stamp in the project's target/ remembers what was fetched, so a second
# `make deps` does nothing. Batch mode, no colours, no transfer progress: one
# line per step, with its time.
mvn_quiet=(-B -q -ntp -Dstyle.color=never)
# Maven 3.8's jansi writes colour resets even in quiet batch mode.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"
# maven_step NAME STAMP_DIR COMMAND...: runs COMMAND unless STAMP_DIR/.deps-stamp
# matches the inputs (NAME's pom files and MAVEN_ARGS).
maven_step() {
    local name=$1 dir=$2
    shift 2
    local want
    want=$(cat "$dir"/pom.xml 2>/dev/null | sha256sum | cut -d' ' -f1)-"${MAVEN_ARGS:-}"
    if [ "$(cat "$dir/target/.deps-stamp" 2>/dev/null)" = "$want" ]; then
        echo "deps: $name: up to date"
        return 0
    fi
    local t0=$SECONDS
    echo "deps: $name ..."
    "$@" || { echo "deps: $name failed" >&2; exit 1; }
    mkdir -p "$dir/target" && printf '%s' "$want" >"$dir/target/.deps-stamp"
    echo "deps: $name: done ($((SECONDS - t0)) s)"
}

# runtime/kstreams: go-offline fetches the dependencies and the plugins' own;
# building and running one test class fetches what those resolve only when
# they run (surefire's JUnit provider).
kstreams="$here/../runtime/kstreams"
kstreams_fetch() {
    # shellcheck disable=SC2086  # MAVEN_ARGS are words by design
    (cd "$kstreams" &&
        mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} dependency:go-offline &&
        mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} -DskipTests package &&
        mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} test -Dtest=TopologyShapeTest \
            -Dsurefire.failIfNoSpecifiedTests=false)
}
maven_step "Maven dependencies of runtime/kstreams" "$kstreams" kstreams_fetch

# tests/flink/, once per Flink line (online); tests/flink/lib.sh then rebuilds
# offline when its sources change. One stamp covers both lines.
flink_fetch() {
    local line
    for line in 1.20 2.2; do
        # shellcheck disable=SC2086
        (cd "$here/flink" && mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} -P "flink-$line" package) || return 1
    done
    # Flink 1.20's SQL client (tests/flink/sql-client, for tests/cluster/)
    # shellcheck disable=SC2086
    (cd "$here/flink" && mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} -P flink-1.20,sql-client package)
}
maven_step "Maven dependencies of tests/flink (Flink 1.20 and 2.2)" "$here/flink" flink_fetch

# runtime/flink/ (cdcgen-flink.jar), built in the runtime/ reactor with the
# Kafka Streams runtime's evaluator: Flink's table API (provided), online once.
flink_runtime_fetch() {
    # shellcheck disable=SC2086
    (cd "$here/../runtime" && mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} -DskipTests -pl flink -am package)
}
maven_step "Maven dependencies of runtime/flink" "$here/../runtime/flink" flink_runtime_fetch

# tests/e2e/: Kafka (broker, Connect, tools) and Debezium's PostgreSQL
# connector, copied to tests/e2e/target/lib (online, once); `make e2e` then
# builds offline.
e2e_fetch() {
    # shellcheck disable=SC2086
    (cd "$here/e2e" && rm -rf target/lib && mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} package)
}
[ -d "$here/e2e/target/lib" ] || rm -f "$here/e2e/target/.deps-stamp"
maven_step "Maven dependencies of tests/e2e (Kafka, Kafka Connect, Debezium)" "$here/e2e" e2e_fetch

# tests/avro/: Apache Avro for make check-avro, copied to tests/avro/target/lib
# (online, once); make check-avro then builds offline.
avro_fetch() {
    # shellcheck disable=SC2086
    (cd "$here/avro" && rm -rf target/lib && mvn "${mvn_quiet[@]}" ${MAVEN_ARGS:-} package)
}
[ -d "$here/avro/target/lib" ] || rm -f "$here/avro/target/.deps-stamp"
maven_step "Maven dependencies of tests/avro (Apache Avro)" "$here/avro" avro_fetch
