#!/usr/bin/env bash
# The hooks of .pre-commit-hooks.yaml run by the real pre-commit framework
# (installed from PyPI by tests/install-deps.sh into tests/precommit/.venv)
# on a scratch git repository: `pre-commit try-repo` runs the hooks of this
# working tree, uncommitted changes included, on the files staged there.
# Usage: CDCGEN=path/to/cdcgen tests/precommit/run.sh
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch
precommit=$root/tests/precommit/.venv/bin/pre-commit
[ -x "$precommit" ] || { echo "precommit: $precommit missing; run make deps" >&2; exit 1; }

# cdcgen on PATH, as `language: system` hooks expect; pre-commit's cache and
# git identity kept inside the scratch directory.
mkdir -p "$tmp/bin" && ln -s "$cdcgen" "$tmp/bin/cdcgen"
export PATH="$tmp/bin:$PATH" PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
mkdir -p "$HOME"

hooks() { # hooks: runs every hook of the working tree on the staged files; output in hooks.out
    "$precommit" try-repo "$root" >"$tmp/hooks.out" 2>&1
}
expect() { # expect NAME STATUS HOOK-LINE-REGEX...: run the hooks, check status and lines
    local name=$1 want=$2 got=0 ok=1
    shift 2
    hooks || got=$?
    if [ "$want" = 0 ] && [ "$got" != 0 ]; then ok=0; fi
    if [ "$want" != 0 ] && [ "$got" = 0 ]; then ok=0; fi
    for re in "$@"; do grep -Eq -- "$re" "$tmp/hooks.out" || { ok=0; echo "    missing: $re"; }; done
    if [ "$ok" = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name (exit $got)"
        sed 's/^/    /' "$tmp/hooks.out" | head -40
    fi
}

repo=$tmp/repo
mkdir -p "$repo" && cd "$repo" && git init -q
mkdir filters
cat >cdcgen.yaml <<'YAML'
targets: [flink, kstreams]
YAML
seed_schema
cat >filters/loans.yaml <<'YAML'
version: 1
filters:
  - id: loans
    name: Loans
    consumerId: loan-service
    outputTopic: loans
    conditions:
      - field: event_type
        operator: equals
        value: LoanCreated
YAML
cat >filters/loans.test.yaml <<'YAML'
version: 1
tests:
  - name: a loan is routed
    event: { event_type: LoanCreated }
    expect: [loans]
YAML
cdcgen generate >/dev/null
git add -A
expect "a consistent project passes all four hooks" 0 '^cdcgen fmt\.+Passed' \
    '^cdcgen check\.+Passed' '^cdcgen test\.+Passed' '^cdcgen generate --check\.+Passed'
git commit -qm project

sed -i 's/field: event_type/field: event_typ/' filters/loans.yaml && git add -A
expect "a broken filter fails check, located" 1 '^cdcgen check\.+Failed' \
    "^filters/loans.yaml:8:16: error: unknown field 'event_typ'"
git reset -q && git checkout -q -- filters

sed -i 's/value: LoanCreated/value: LoanUpdated/' filters/loans.yaml && git add filters/loans.yaml
expect "a changed filter fails its test and the generate check" 1 '^cdcgen check\.+Passed' \
    '^cdcgen test\.+Failed' "test 'a loan is routed' failed" \
    '^cdcgen generate --check\.+Failed' '^--- a/generated/'
cdcgen generate >/dev/null && sed -i 's/LoanCreated/LoanUpdated/' filters/loans.test.yaml && git add -A
expect "regenerated with its test updated: passes" 0 '^cdcgen check\.+Passed' \
    '^cdcgen test\.+Passed' '^cdcgen generate --check\.+Passed'
git commit -qm update

printf '# edited\n' >>generated/flink.sql && git add -A
expect "an edited generated file fails the generate check only" 1 \
    '^cdcgen fmt\.+\(no files to check\)Skipped' '^cdcgen check\.+\(no files to check\)Skipped' '^cdcgen test\.+\(no files to check\)Skipped' \
    '^cdcgen generate --check\.+Failed'
git reset -q && git checkout -q -- generated

# A filter not in the layout: the fmt hook rewrites it and fails, as
# formatters do; staged as rewritten, every hook passes.
cp filters/loans.yaml "$tmp/loans.tidy"
cat >filters/loans.yaml <<'YAML'
filters:
- outputTopic: loans
  id: loans
  name: Loans
  consumerId: loan-service
  conditions: [{field: event_type, operator: equals, value: "LoanUpdated"}]
version: 1
# a comment fmt keeps
YAML
git add -A
expect "a filter not laid out: fmt rewrites it and fails" 1 '^cdcgen fmt\.+Failed' \
    'files were modified by this hook' '^cdcgen check\.+Passed'
check "the fmt hook wrote the layout, comment kept" \
    sh -c "{ cat '$tmp/loans.tidy'; echo '# a comment fmt keeps'; } | diff - filters/loans.yaml"
git add -A
expect "staged as rewritten: every hook passes" 0 '^cdcgen fmt\.+Passed' '^cdcgen check\.+Passed'
git reset -q && git checkout -q -- filters

printf 'version: 1\ntests:\n  - name: x\n   event: {}\n' >filters/broken.test.yaml && git add -A
expect "a test file that does not load fails fmt, located" 1 '^cdcgen fmt\.+Failed' \
    '^filters/broken.test.yaml:4:4: error: .*\[yaml-syntax\]'
git reset -q && rm filters/broken.test.yaml

printf 'notes\n' >README.md && git add -A
expect "unrelated files run no hook" 0 '^cdcgen fmt\.+\(no files to check\)Skipped' \
    '^cdcgen check\.+\(no files to check\)Skipped' \
    '^cdcgen generate --check\.+\(no files to check\)Skipped'

echo "precommit: $pass passed, $fail failed ($("$precommit" --version))"
[ "$fail" -eq 0 ]
