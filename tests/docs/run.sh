#!/usr/bin/env bash
# make check-docs: every YAML example of README.md and man/cdcgen.1 is what
# cdcgen accepts, in the layout `cdcgen fmt` writes, so copying an example
# never fails a check. Each example is classified by its content; a kind this
# script does not know fails, so a new kind of example gets a checker:
#   filter file  (version + filters)  cdcgen check, cdcgen fmt --check
#   test file    (version + tests)    cdcgen fmt --check, cdcgen test against
#                                      the filters of tests/docs/fixture/
#   cdcgen.yaml  (its top-level keys)  cdcgen check -c FILE
#   schema file  (table: + columns:)  cdcgen check --schema FILE of the fixture's
#                                      filters (keys_from: the seed's JSON Schema)
#   pre-commit   (repos:)             every hook id is in .pre-commit-hooks.yaml
#   workflow     (on: + jobs:)        linted by make check-action (counted here)
#   spring       (spring.*)           every class it names is in runtime/kstreams
#   fragment     (indented, or a list item): parses as YAML (js-yaml)
#   comment      (comments only)      nothing to check
. "$(dirname "$0")/../lib.sh"
set -e
need_cdcgen
need_node_modules js-yaml
scratch

# ---- extraction: one file per example, named after where it is -------------
mkdir -p "$tmp/ex"
awk -v dir="$tmp/ex" '/^```yaml/ { f = 1; n++; out = sprintf("%s/README.md:%d", dir, NR + 1); next }
     /^```/ { f = 0 } f { print > out }' "$root/README.md"
# man: literal displays that start like YAML (key: or - key:), unescaped.
awk -v dir="$tmp/ex" '/^\.Bd -literal/ { f = 1; first = 1; start = NR + 1; next } /^\.Ed/ { f = 0; next }
     f && first { first = 0; keep = ($0 ~ /^ *(- )?[A-Za-z_][A-Za-z0-9_.]*:( |$)/) ; out = sprintf("%s/man_cdcgen.1:%d", dir, start) }
     f && keep { line = $0; gsub(/\\e/, "\\", line); gsub(/\\\(aq/, "'\''", line); gsub(/\\-/, "-", line);
                 gsub(/\\&/, "", line); print line > out }' "$root/man/cdcgen.1"

declare -A kinds=()

kind_of() {
    local f=$1
    if grep -q '^version:' "$f" && grep -q '^filters:' "$f"; then echo filter-file
    elif grep -q '^version:' "$f" && grep -q '^tests:' "$f"; then echo test-file
    elif grep -q '^table:' "$f" && grep -q '^columns:' "$f"; then echo schema-file
    elif grep -q '^repos:' "$f"; then echo pre-commit
    elif grep -q '^on:' "$f" && grep -q '^jobs:' "$f"; then echo workflow
    elif grep -q '^spring\.' "$f"; then echo spring
    elif ! grep -qv '^ *#' "$f"; then echo comment
    elif head -1 "$f" | grep -q '^ \|^- '; then echo fragment
    elif grep -Eq '^(suppress|kafka|database|targets|topics|connectors|flink|kstreams|schema):' "$f"; then echo config
    else echo unknown
    fi
}

# Test and config examples run against the fixture: the filters the examples
# name (such as loan-created-filter).
mkdir -p "$tmp/project/filters" "$tmp/diag"
cp "$root/tests/docs/fixture/"*.yaml "$tmp/project/filters/"
cp "$root/tests/golden/schema/keys-from/event-header.json" "$tmp/project/"
seed_schema "$tmp"
seed_schema "$tmp/project"
seed_schema "$tmp/diag"

for f in "$tmp/ex"/*; do
    name=$(basename "$f")
    kind=$(kind_of "$f")
    kinds[$kind]=$((${kinds[$kind]:-0} + 1))
    case $kind in
    filter-file)
        cp "$f" "$tmp/example.yaml"
        check "$name: cdcgen check" "$cdcgen" check --schema "$tmp/schema.yaml" "$tmp/example.yaml"
        check "$name: cdcgen fmt --check" "$cdcgen" fmt --check "$tmp/example.yaml" ;;
    test-file)
        cp "$f" "$tmp/project/filters/example.test.yaml"
        check "$name: cdcgen fmt --check" "$cdcgen" fmt --check "$tmp/project/filters/example.test.yaml"
        check "$name: cdcgen test" sh -c "cd '$tmp/project' && '$cdcgen' test filters"
        rm "$tmp/project/filters/example.test.yaml" ;;
    config)
        cp "$f" "$tmp/project/cdcgen.yaml"
        check "$name: cdcgen check -c (a cdcgen.yaml example)" sh -c "cd '$tmp/project' && '$cdcgen' check -c cdcgen.yaml filters"
        rm "$tmp/project/cdcgen.yaml" ;;
    schema-file)
        cp "$f" "$tmp/project/example-schema.yaml"
        check "$name: cdcgen check --schema (a schema file example)" sh -c "cd '$tmp/project' && '$cdcgen' check --schema example-schema.yaml filters"
        rm "$tmp/project/example-schema.yaml" ;;
    pre-commit)
        for id in $(sed -n 's/^ *- id: *\([a-z-]*\).*/\1/p' "$f"); do
            check "$name: hook $id is in .pre-commit-hooks.yaml" grep -q "^- id: $id\$" "$root/.pre-commit-hooks.yaml"
        done ;;
    workflow) ;; # make check-action lints the README's workflow with actionlint
    spring)
        for cls in $(grep -o 'org\.cdcgen\.[A-Za-z.]*' "$f"); do
            check "$name: class $cls exists in runtime/kstreams" \
                test -f "$root/runtime/kstreams/src/main/java/$(echo "$cls" | tr . /).java"
        done ;;
    fragment)
        check "$name: the fragment parses as YAML" \
            node -e 'require(process.argv[1]).load(require("fs").readFileSync(process.argv[2], "utf8"))' \
            "$root/tests/validate/node_modules/js-yaml" "$f" ;;
    comment) ;;
    *) check "$name: an example of a kind tests/docs/run.sh knows (teach it a check)" false ;;
    esac
done

# The README's diagnostic example is what cdcgen prints for its filter example
# with the field misspelt.
awk '/^```$/ && !f { f = 1; next } f && /^```$/ { f = 0; if (keep) exit } f && /^filters\/big-loans.yaml:/ { keep = 1 }
     f && keep' "$root/README.md" >"$tmp/readme-diag.txt"
check "README has the diagnostic example" test -s "$tmp/readme-diag.txt"
readme_filter=$(grep -l '^  - id: big-loans' "$tmp/ex"/README.md:* | head -1)
mkdir -p "$tmp/diag/filters"
sed 's/field: event_type$/field: event_typ/' "$readme_filter" >"$tmp/diag/filters/big-loans.yaml"
(cd "$tmp/diag" && "$cdcgen" check filters/big-loans.yaml >/dev/null 2>"$tmp/diag.txt") || true
check "README's diagnostic example is cdcgen's output" diff "$tmp/readme-diag.txt" "$tmp/diag.txt"

summary=$(for k in "${!kinds[@]}"; do printf '%s %s, ' "${kinds[$k]}" "$k"; done | sed 's/, $//')
echo "docs: $pass checks passed, $fail failed over $(ls "$tmp/ex" | wc -l) examples ($summary)"
[ "$fail" -eq 0 ]
