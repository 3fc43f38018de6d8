#!/usr/bin/env bash
# make deps: installs what building and testing cdcgen needs on Debian 12.
#   1. Debian packages (skipped when all are installed already);
#   2. the npm validators of tests/validate/ (package-lock.json) into
#      tests/validate/node_modules (skipped when up to date);
#   3. the Maven dependencies and plugins of runtime/kstreams/ into the local
#      Maven repository (~/.m2/repository), so that later builds run offline
#      (mvn -o); MAVEN_ARGS passes extra options (-Dmaven.repo.local=DIR);
#   4. the Maven dependencies of the Flink harness (tests/flink/), for both
#      Flink lines, so that later builds run offline (mvn -o);
#   5. the Maven dependencies of the end-to-end harness (tests/e2e/: Kafka,
#      Kafka Connect, Debezium), copied to tests/e2e/target/lib.
#   6. the pre-commit framework from PyPI, pinned, into tests/precommit/.venv
#      (skipped when that version is there), for tests/precommit/.
# Runs as root, or through sudo when that exists. Safe to re-run.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
validate="$here/validate"

pkgs=(build-essential pkg-config libyaml-dev libjansson-dev
      libcmocka-dev libpcre2-dev mandoc valgrind postgresql diffutils git time bc jq
      clang-format cppcheck clang libclang-rt-dev curl python3 python3-venv graphviz zsh)
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

# ---- Maven (runtime/kstreams) ------------------------------------------------
# go-offline fetches the dependencies and the plugins' own; building and running
# one test class fetches what those resolve only when they run (surefire's
# JUnit provider). Cached artifacts are not downloaded again.
echo "deps: Maven dependencies of runtime/kstreams"
kstreams="$here/../runtime/kstreams"
# shellcheck disable=SC2086  # MAVEN_ARGS are words by design
(cd "$kstreams" &&
    mvn -B -q ${MAVEN_ARGS:-} dependency:go-offline &&
    mvn -B -q ${MAVEN_ARGS:-} -DskipTests package &&
    mvn -B -q ${MAVEN_ARGS:-} test -Dtest=TopologyShapeTest -Dsurefire.failIfNoSpecifiedTests=false) ||
    { echo "deps: fetching the Maven dependencies of runtime/kstreams failed" >&2; exit 1; }

# ---- Maven: the Flink harness ------------------------------------------------
# Builds tests/flink/ once per Flink line (online); tests/flink/lib.sh then
# rebuilds offline when its sources change.
for line in 1.20 2.2; do
    echo "deps: Maven dependencies of tests/flink (Flink $line)"
    (cd "$here/flink" && mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} -P "flink-$line" package) ||
        { echo "deps: mvn failed for tests/flink (Flink $line)" >&2; exit 1; }
done

# ---- Maven: the end-to-end harness -------------------------------------------
# Kafka (broker, Connect, tools) and Debezium's PostgreSQL connector, copied to
# tests/e2e/target/lib (online, once); `make e2e` then builds offline.
echo "deps: Maven dependencies of tests/e2e (Kafka, Kafka Connect, Debezium)"
# shellcheck disable=SC2086  # MAVEN_ARGS are words by design
(cd "$here/e2e" && rm -rf target/lib && mvn -B -q -Dstyle.color=never ${MAVEN_ARGS:-} package) ||
    { echo "deps: mvn failed for tests/e2e" >&2; exit 1; }
