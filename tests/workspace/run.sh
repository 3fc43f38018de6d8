#!/usr/bin/env bash
# The project's filters/, generated/ and a cdcgen.yaml at the root are the
# user's workspace, not test fixtures: no suite may depend on what they hold.
# This copies the repository's files (git ls-files: tracked and untracked,
# not ignored) into a scratch directory, puts the seed filters
# (tests/fixtures/seed-project/) and a filter a user adds (big-loans.yaml
# and its tests, beside this script) into the copy's filters/, a
# configuration of the user's (cdcgen.yaml, beside this script) at its root,
# regenerates the copy's generated/ and runs there the fast suites that read
# projects: cli, golden, hostile, fmt, validate (cli, hostile, fmt and
# validate once read filters/ or generated/) and check-semantics (run from
# the root, where cdcgen.yaml is found). Each must pass.
# Usage: CDCGEN=path/to/cdcgen tests/workspace/run.sh
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch

copy=$tmp/repo
mkdir -p "$copy"
git -C "$root" rev-parse --git-dir >/dev/null 2>&1 ||
    { echo "workspace: $root is not a git checkout (git ls-files names the files to copy)" >&2; exit 2; }
# Files deleted in the working tree but still in the index are left out.
git -C "$root" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -f "$root/$f" ] && printf '%s\0' "$f"; done |
    tar -C "$root" --null -T - -cf - | tar -C "$copy" -xf -
# What make deps installs (ignored by git): the validators. The release
# build, whose make install validate runs: copied with its times, so that
# make finds it up to date (the sources kept theirs) instead of building
# it again.
ln -s "$root/tests/validate/node_modules" "$copy/tests/validate/node_modules"
if [ -d "$root/build/release" ]; then
    mkdir -p "$copy/build" && cp -a "$root/build/release" "$copy/build/"
fi

# The workspace: the seed filters and the user's new filter, generated with
# the user's configuration.
rm -rf "$copy/filters" "$copy/generated"
cp -r "$root/tests/fixtures/seed-project/filters" "$copy/filters"
cp "$root/tests/workspace/big-loans.yaml" "$root/tests/workspace/big-loans.test.yaml" "$copy/filters/"
cp "$root/tests/workspace/cdcgen.yaml" "$copy/cdcgen.yaml"
check "the new filter compiles, its tests pass" sh -c "cd '$copy' && '$cdcgen' check && '$cdcgen' test --min-coverage 100"
check "generated/ regenerated with the new filter and the configuration" \
    sh -c "cd '$copy' && '$cdcgen' generate && grep -q \"'topic' = 'filtered-big-loans-mine'\" generated/flink.sql"

# suite NAME COMMAND...: runs a suite in the copy; its last line is its count.
suite() {
    local name=$1 status=0 t0=$SECONDS
    (cd "$copy" && CDCGEN=$cdcgen "${@:2}") >"$tmp/$name.out" 2>&1 || status=$?
    if [ "$status" = 0 ]; then
        pass=$((pass + 1))
        echo "workspace: $(tail -n 1 "$tmp/$name.out") ($((SECONDS - t0)) s)"
    else
        fail=$((fail + 1))
        echo "FAIL: $name in a copy with a user's filter and configuration (exit $status)"
        grep -E -A3 '^(FAIL|---|validate:|[^ ].*: [0-9]+ passed)' "$tmp/$name.out" | head -40 | sed 's/^/    /'
    fi
}
suite cli tests/cli/run.sh
suite golden tests/golden/run.sh
suite hostile tests/hostile/run.sh
suite fmt tests/fmt/run.sh
suite validate tests/validate/run.sh
suite semantics make --no-print-directory check-semantics CDCGEN="$cdcgen"

echo "workspace: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
