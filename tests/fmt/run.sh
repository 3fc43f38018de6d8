#!/usr/bin/env bash
# cdcgen fmt: its layout and its guarantees.
#   cases/NAME/input.yaml -> cases/NAME/expected.yaml: the canonical layout of
#     a messy file (reviewed by eye once, then guarded); the layout of the
#     layout is itself (idempotent), --check accepts it, and every comment
#     of the input is in it.
#   Every YAML file of the tests that loads (the seed project
#   tests/fixtures/seed-project/filters, tests/semantics, tests/golden, the
#   fuzz corpus): fmt succeeds, is idempotent, keeps the
#   comments, and `cdcgen generate` makes the same outputs, byte for byte,
#   from the laid-out file as from the original, for every target.
# Each command's stdout and stderr are kept apart; a check that fails shows
# the stderr of the command that failed.
# Usage: CDCGEN=path/to/cdcgen tests/fmt/run.sh
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch
here=$root/tests/fmt
# The seed project's filters and tests (not filters/, the user's workspace).
seed=tests/fixtures/seed-project/filters
targets=$("$cdcgen" --list-targets | cut -d' ' -f1)

same() { # same FILE FILE: byte for byte, or show the difference
    diff -u "$1" "$2" >"$tmp/diff" || { cat "$tmp/diff"; return 1; }
}

# runs WANT DIR COMMAND...: COMMAND, run in DIR, exits WANT; its stdout in
# $tmp/run.out, its stderr in $tmp/run.err, shown (on stderr) when it does not.
runs() {
    local want=$1 dir=$2 got=0
    shift 2
    (cd "$dir" && "$@") >"$tmp/run.out" 2>"$tmp/run.err" || got=$?
    [ "$got" = "$want" ] && return 0
    echo "exit $got, expected $want: $*" >&2
    head -c 2000 "$tmp/run.err" >&2
    return 1
}
# err_has REGEX: the last runs's stderr has a line matching REGEX, or is shown.
err_has() {
    grep -Eq -- "$1" "$tmp/run.err" && return 0
    echo "stderr lacks /$1/:" >&2
    head -c 2000 "$tmp/run.err" >&2
    return 1
}

# same_output TARGET ORIGINAL LAID-OUT: generate -t TARGET succeeds on both
# files and writes the same bytes.
# Files copied out of their projects compile against the seed's table.
schema=$root/tests/fixtures/schema.yaml
same_output() {
    runs 0 "$(dirname "$2")" "$cdcgen" generate --schema "$schema" -t "$1" -o - "$(basename "$2")" || return 1
    mv "$tmp/run.out" "$tmp/a.out"
    runs 0 "$(dirname "$3")" "$cdcgen" generate --schema "$schema" -t "$1" -o - "$(basename "$3")" || return 1
    same "$tmp/a.out" "$tmp/run.out"
}

# The comments of a file: '#' after a blank or at a line's start, to the
# end of the line, trailing blanks cut. The case inputs hold no '#'
# inside their strings, so this is exact for them.
comments_kept() { # comments_kept INPUT OUTPUT
    local line missing=0
    while IFS= read -r line; do
        grep -qF -- "$line" "$2" || { echo "comment lost: $line"; missing=1; }
    done < <(grep -oE '(^|[[:space:]])#.*' "$1" | sed -E 's/^[[:space:]]//; s/[[:space:]]+$//')
    return $missing
}

for dir in "$here"/cases/*/; do
    name=$(basename "$dir")
    in=$dir/input.yaml exp=$dir/expected.yaml
    check "$name: input -> expected" bash -c '"$1" fmt - <"$2" >"$3" && diff -u "$4" "$3"' _ \
        "$cdcgen" "$in" "$tmp/$name.out" "$exp"
    check "$name: idempotent" bash -c '"$1" fmt - <"$2" | diff -u "$2" -' _ "$cdcgen" "$exp"
    check "$name: --check accepts the layout" "$cdcgen" fmt --check "$exp"
    check "$name: comments kept" comments_kept "$in" "$exp"
done

# Every file of the tests that loads.
mapfile -t files < <(cd "$root" && find "$seed" tests/semantics tests/golden tests/fuzz/corpus \
    -type f \( -name '*.yaml' -o -name '*.yml' -o -path '*/corpus/filters/*' \
    -o -path '*/corpus/test/*' \) ! -name 'expected*' ! -path '*/expected/*' | sort)
formatted=0 compiled=0 invalid=0
for f in "${files[@]}"; do
    a=$tmp/orig/$f b=$tmp/fmt/$f
    mkdir -p "$(dirname "$a")" "$(dirname "$b")"
    cp "$root/$f" "$a"
    status=0
    "$cdcgen" fmt - <"$a" >"$b" 2>"$tmp/fmt.err" || status=$?
    if [ "$status" = 1 ]; then
        invalid=$((invalid + 1)) # does not load as YAML: nothing to lay out
        continue
    fi
    if [ "$status" != 0 ]; then
        fail=$((fail + 1))
        echo "FAIL: $f: fmt exit $status"
        sed 's/^/    /' "$tmp/fmt.err" | head -5
        continue
    fi
    formatted=$((formatted + 1))
    check "$f: idempotent" bash -c '"$1" fmt - <"$2" | diff -u "$2" -' _ "$cdcgen" "$b"
    # Only files that compile have outputs to compare.
    (cd "$(dirname "$a")" && "$cdcgen" check --schema "$schema" "$(basename "$a")") >/dev/null 2>&1 || continue
    compiled=$((compiled + 1))
    for t in $targets; do
        check "$f: generate -t $t unchanged" same_output "$t" "$a" "$b"
    done
done
echo "fmt: $formatted files laid out ($compiled compiled and compared on every target), $invalid not YAML"
[ "$compiled" -gt 20 ] || { echo "FAIL: too few files compiled to compare"; fail=$((fail + 1)); }

# Writing: a project laid out in place, from a subdirectory, with no PATH.
proj=$tmp/project
mkdir -p "$proj/sub"
cp -r "$root/$seed" "$proj/filters"
: >"$proj/cdcgen.yaml"
seed_schema "$proj"
cp "$here/cases/filter-messy/input.yaml" "$proj/filters/messy.yaml"
cp "$here/cases/filter-messy/expected.yaml" "$proj/filters/tidy.yaml"
sed -i 's/loan-filter/messy-loans/; s/second/messy-second/' "$proj/filters/messy.yaml"
sed -i 's/loan-filter/tidy-loans/; s/second/tidy-second/' "$proj/filters/tidy.yaml"
echo '{"version": 1, "filters": []}' >"$proj/filters/seed.json"
chmod 640 "$proj/filters/messy.yaml"
touch -d '2001-01-01 00:00:00' "$proj"/filters/*
listed_once() { # the messy file is listed, the tidy one is not
    runs 1 "$proj/sub" "$cdcgen" fmt --check && err_has 'filters/messy.yaml:.*\[not-formatted\]' &&
        ! err_has tidy.yaml 2>/dev/null
}
check "fmt --check lists what would change" listed_once
check "fmt --check writes nothing" bash -c '[ "$(find "$1/filters" -type f -newer "$1/cdcgen.yaml")" = "" ]' _ "$proj"
check "fmt rewrites from a subdirectory" bash -c 'cd "$1/sub" && "$2" fmt' _ "$proj" "$cdcgen"
check "the rewritten file is the layout" same "$proj/filters/messy.yaml" \
    <(sed 's/loan-filter/messy-loans/; s/second/messy-second/' "$here/cases/filter-messy/expected.yaml")
check "the rewritten file keeps its mode" test "$(stat -c %a "$proj/filters/messy.yaml")" = 640
check "a file already laid out keeps its time" test "$(stat -c %Y "$proj/filters/tidy.yaml")" = \
    "$(date -d '2001-01-01 00:00:00' +%s)"
check "a JSON file is left alone" test "$(stat -c %Y "$proj/filters/seed.json")" = \
    "$(date -d '2001-01-01 00:00:00' +%s)"
check "no temporary file is left" bash -c '[ -z "$(find "$1" -name ".*fmt-*")" ]' _ "$proj"
check "then --check passes" bash -c 'cd "$1" && "$2" fmt --check' _ "$proj" "$cdcgen"
check "a named JSON file: a warning, no change" \
    eval 'runs 0 "$proj" "$cdcgen" fmt filters/seed.json && err_has "skipped-file"'

# The seed project's filter tests give the same results, test by test and
# condition by condition, once their files are laid out.
# So do the semantics suites (tests/semantics/<topic>/: filters and tests).
# test_results DIR OUT: cdcgen test's coverage table and JUnit report
# (stdout) into OUT.out, its summaries (stderr) into OUT.err, lines and
# columns left out; a run that fails leaves its status and stderr in OUT.failed.
test_results() {
    local opts
    : >"$2.out"; : >"$2.err"; rm -f "$2.failed"
    for opts in --coverage '--format junit'; do
        # shellcheck disable=SC2086 # opts are words
        runs 0 "$1" "$cdcgen" test $opts filters 2>"$2.failed" || return 0
        rm -f "$2.failed"
        sed -E 's/ line="[0-9]+"//; s/:[0-9]+(:[0-9]+)?//g' "$tmp/run.out" | tr -s ' ' >>"$2.out"
        sed -E 's/:[0-9]+(:[0-9]+)?//g' "$tmp/run.err" >>"$2.err"
    done
}
# same_results BEFORE AFTER: both runs passed, with the same stdout and stderr.
same_results() {
    local r
    for r in "$1" "$2"; do
        [ -f "$r.failed" ] || continue
        echo "cdcgen test failed ($([ "$r" = "$1" ] && echo before || echo after) fmt):" >&2
        cat "$r.failed" >&2
        return 1
    done
    same "$1.out" "$2.out" && same "$1.err" "$2.err"
}
for suite in "$root/$seed" "$root"/tests/semantics/*/; do
    name=${suite#"$root"/}
    suite_proj=$tmp/tests-project/$name
    mkdir -p "$suite_proj" && cp -r "$suite" "$suite_proj/filters" && : >"$suite_proj/cdcgen.yaml" &&
        seed_schema "$suite_proj"
    test_results "$suite_proj" "$tmp/test.before"
    check "$name: fmt lays the files out" bash -c 'cd "$1" && "$2" fmt' _ "$suite_proj" "$cdcgen"
    test_results "$suite_proj" "$tmp/test.after"
    check "$name: the tests give the same results after fmt" same_results "$tmp/test.before" "$tmp/test.after"
    check "$name: results to compare" grep -q '<testcase ' "$tmp/test.after.out"
done

# The seed project's filters and tests are in the layout.
check "$seed is in the layout" bash -c 'cd "$1" && "$2" fmt --check "$3"' _ "$root" "$cdcgen" "$seed"

# What `cdcgen init` writes is already laid out.
check "init's files are in the layout" bash -c 'mkdir "$1/init" && cd "$1/init" && "$2" init >/dev/null && "$2" fmt --check' _ "$tmp" "$cdcgen"

# Through a symbolic link: the target is rewritten, the link stays a link.
cp "$here/cases/generic/input.yaml" "$tmp/target.yaml"
ln -s "$tmp/target.yaml" "$tmp/link.yaml"
check "fmt writes through a symbolic link" bash -c \
    '"$1" fmt "$2/link.yaml" && test -L "$2/link.yaml" && diff -u "$3" "$2/target.yaml"' \
    _ "$cdcgen" "$tmp" "$here/cases/generic/expected.yaml"

# A file that does not load: its diagnostics, exit 1, the file untouched.
printf 'filters:\n  - id: a\n   name: b\n' >"$tmp/broken.yaml"
cp "$tmp/broken.yaml" "$tmp/broken.orig"
check "a broken file: exit 1 with its diagnostic" \
    eval 'runs 1 "$tmp" "$cdcgen" fmt broken.yaml && err_has "\[yaml-syntax\]"'
check "a broken file stays as it was" same "$tmp/broken.orig" "$tmp/broken.yaml"
check "a missing file: exit 2" runs 2 "$tmp" "$cdcgen" fmt nope.yaml
# Root writes anywhere: as root, fmt runs as nobody (a copy of the binary
# in a directory nobody can reach).
ro=$tmp/ro as_user=("$cdcgen")
mkdir "$ro"
if [ "$(id -u)" = 0 ]; then
    chmod 711 "$tmp" && chmod 755 "$ro" && cp "$cdcgen" "$ro/cdcgen"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups "$ro/cdcgen")
fi
mkdir -p "$ro/d" && cp "$here/cases/generic/input.yaml" "$ro/d/x.yaml" && chmod 555 "$ro/d"
check "an unwritable directory: exit 2, file untouched" \
    eval 'runs 2 "$ro" "${as_user[@]}" fmt d/x.yaml && err_has "cannot write" &&
          same "$here/cases/generic/input.yaml" "$ro/d/x.yaml"'
check "--diff on standard input" bash -c \
    '"$1" fmt --diff - <"$2" >"$3"; [ $? = 1 ] && grep -q "^+alpha: \[1, 2, 3\]" "$3"' \
    _ "$cdcgen" "$here/cases/generic/input.yaml" "$tmp/diff.out"

# Hostile files: large, deep, endless. Time limits are hang guards only.
node -e 'console.log("values: [" + Array.from({length: 200000}, (_, i) => "v" + i).join(", ") + "]")' >"$tmp/long-list.yaml"
check "a list of 200,000 items: one a line" bash -c \
    'timeout 60 "$1" fmt - <"$2" >"$3" && [ "$(grep -c "^  - v" "$3")" = 200000 ]' _ "$cdcgen" "$tmp/long-list.yaml" "$tmp/long.out"
node -e 'let s = "x"; for (let i = 0; i < 31; i++) s = "{k: [" + s + "]}"; console.log("a: " + s)' >"$tmp/deep.yaml"
check "62 levels of nesting: laid out, idempotent" bash -c \
    'timeout 30 "$1" fmt - <"$2" >"$3" && timeout 30 "$1" fmt - <"$3" | diff -q "$3" -' _ "$cdcgen" "$tmp/deep.yaml" "$tmp/deep.out"
check "an endless input is refused: exit 2" \
    eval 'runs 2 "$tmp" timeout 30 "$cdcgen" fmt /dev/zero && err_has "16 MiB"'

echo "fmt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
