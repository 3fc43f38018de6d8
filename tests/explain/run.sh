#!/usr/bin/env bash
# Explain tests: `cdcgen explain CODE` gives every code of `cdcgen explain
# --list` an example that reports it and the fix, and the examples work.
#   Each explanation has one or more "Example (...):" paragraphs, each an
#   indented block, and then a "Fix:" paragraph.
#   Example filter and test files are in cdcgen fmt's layout.
#   The examples of one code are put into a scratch project holding
#   tests/explain/fixture/ (a filter and a cdcgen.yaml of defaults) and the
#   seed's schema.yaml (an example file of the same path replaces one):
#   "Example (PATH):" is the file PATH, "Example (eval input):"
#   standard input, "Example (command):" the command run there (with this
#   cdcgen first on PATH). Without a command: cdcgen eval -f filters when
#   there is eval input, else cdcgen test when there is a test file, else
#   cdcgen check. The command must report the code with the severity that
#   `cdcgen explain --list` gives it.
#   An example that cannot be run here is listed below with the reason; the
#   test fails when a listed code's example reports it after all, and when
#   an unlisted one's does not.
# Usage: CDCGEN=path/to/cdcgen tests/explain/run.sh [CODE...]
# (VERBOSE=1: print what each example's command printed)
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch

declare -A not_runnable=(
    [interrupted-output]="needs a generate run killed between writing its outputs and renaming them into place"
    [fmt-unsafe]="reported only when cdcgen fmt itself is at fault; no input is known to make it"
    # A live PostgreSQL: tests/pg/run.sh (make check-pg) makes each of these.
    [unmappable-type]="needs a live PostgreSQL table; tests/pg/run.sh reports it"
    [schema-drift]="needs a live PostgreSQL table; tests/pg/run.sh reports it"
    [db-wal-level]="needs a live PostgreSQL; tests/pg/run.sh reports it"
    [db-capacity]="needs a live PostgreSQL; tests/pg/run.sh reports it"
    [db-publication]="needs a live PostgreSQL; tests/pg/run.sh reports it"
    [db-role]="needs a live PostgreSQL; tests/pg/run.sh reports it"
    [db-replica-identity]="needs a live PostgreSQL; tests/pg/run.sh reports it"
    # A live Kafka, Kafka Connect and Flink: tests/cluster/run.sh (make check-cluster).
    [cluster-topic]="needs a live Kafka cluster; tests/cluster/run.sh reports it"
    [cluster-connector]="needs a live Kafka Connect; tests/cluster/run.sh reports it"
    [cluster-job]="needs a live Flink; tests/cluster/run.sh reports it"
)

export PATH="$(dirname "$cdcgen"):$PATH"
fixture=$root/tests/explain/fixture

# The fixture is valid: whatever an example reports comes from the example.
check "fixture: cdcgen check is silent" sh -c "cd '$fixture' && '$cdcgen' check --schema '$root/tests/fixtures/schema.yaml' >'$tmp/f.out' 2>&1 && ! test -s '$tmp/f.out'"
check "fixture: in cdcgen fmt's layout" sh -c "cd '$fixture' && '$cdcgen' fmt --check"

# parse DIR < explanation: writes DIR/files/PATH for each "Example (PATH):",
# DIR/stdin for "Example (eval input):", DIR/command for "Example
# (command):"; prints "bad: WHY" lines for a layout it does not accept, then
# "examples N", "fixes N".
parse() {
    awk -v dir="$1" '
        function flush_block() { if (out != "" && lines == 0) print "bad: empty example (" what ")"; close(out); out = "" }
        NR == 1 { next }
        /^  Example \(.*\):$/ {
            flush_block()
            if (fixes) print "bad: an example after the Fix paragraph"
            what = substr($0, 12, length($0) - 13)
            if (what == "eval input") out = dir "/stdin"
            else if (what == "command") out = dir "/command"
            else if (what ~ /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/ && what !~ /(^|\/)\.\.(\/|$)/) {
                out = dir "/files/" what
                system("mkdir -p \"$(dirname \"" out "\")\"")
            } else { print "bad: example of an unknown kind: " what; next }
            examples++; lines = 0; blanks = 0
            next
        }
        out != "" && /^$/ { blanks++; next }
        out != "" && /^    / {
            if (lines) for (; blanks > 0; blanks--) print "" >> out
            blanks = 0; lines++
            print substr($0, 5) >> out
            next
        }
        { flush_block() }
        /^  Fix: / { fixes++ }
        END { flush_block(); print "examples " examples + 0; print "fixes " fixes + 0 }'
}

codes=0 ran=0 listed=0
while read -r code severity; do
    [ $# -eq 0 ] || [[ " $* " == *" $code "* ]] || continue
    codes=$((codes + 1))
    dir=$tmp/ex/$code
    mkdir -p "$dir/files"
    "$cdcgen" explain "$code" >"$dir/explain"
    parse "$dir" <"$dir/explain" >"$dir/parsed"
    check "explain $code: layout ($(grep -m1 '^bad: ' "$dir/parsed" | cut -c6-))" sh -c "! grep -q '^bad: ' '$dir/parsed'"
    check "explain $code: an Example paragraph" grep -qx 'examples [1-9][0-9]*' "$dir/parsed"
    check "explain $code: one Fix paragraph" grep -qx 'fixes 1' "$dir/parsed"

    # Example filter and test files are in cdcgen fmt's layout, as a user
    # copies them (but for not-formatted's, which shows a file that is not).
    if [ "$code" != not-formatted ]; then
        while read -r f; do
            check "explain $code: example ${f#"$dir/files/"} in cdcgen fmt's layout" \
                sh -c "'$cdcgen' fmt --check '$f' 2>&1 | { ! grep '\\[not-formatted\\]'; }"
        done < <(find "$dir/files/filters" -name '*.y*ml' 2>/dev/null)
    fi

    # The scratch project: the fixture and the seed's table, then the
    # example's files.
    proj=$tmp/proj/$code
    mkdir -p "$proj"
    cp -r "$fixture/." "$proj/"
    seed_schema "$proj"
    cp -r "$dir/files/." "$proj/"
    if [ -f "$dir/command" ]; then
        cp "$dir/command" "$dir/run"
    elif [ -f "$dir/stdin" ]; then
        echo 'cdcgen eval -f filters' >"$dir/run"
    elif [ -n "$(find "$dir/files" -name '*.test.yaml' -o -name '*.test.yml')" ]; then
        echo 'cdcgen test' >"$dir/run"
    else
        echo 'cdcgen check' >"$dir/run"
    fi
    [ -f "$dir/stdin" ] || : >"$dir/stdin"
    (cd "$proj" && timeout 60 bash "$dir/run" <"$dir/stdin" >"$dir/out" 2>&1) || true
    # A diagnostic line: "where: SEVERITY: message [code]".
    case $severity in
    error | warning) sev=$severity ;;
    *) sev='(error|warning)' ;;
    esac
    [ "${VERBOSE:-0}" = 0 ] || { echo "== $code: $(tr '\n' ';' <"$dir/run")"; cat "$dir/out"; }
    reported=false
    grep -Eq "(^|: )$sev: .*\\[$code\\]\$" "$dir/out" && reported=true

    if [ -n "${not_runnable[$code]+set}" ]; then
        listed=$((listed + 1))
        check "explain $code: listed as not runnable (${not_runnable[$code]}), but its example reports it" \
            test "$reported" = false
    else
        ran=$((ran + 1))
        check "explain $code: the example reports $code as $severity ($(tr '\n' ';' <"$dir/run")), or the code is listed as not runnable" \
            sh -c "$reported || { sed 's/^/    | /' '$dir/out' | head -20; exit 1; }"
    fi
done < <("$cdcgen" explain --list | awk '{ sev = $2; if ($3 == "or") sev = sev " or " $4; print $1, sev }')

# Every listed code is a code.
for code in "${!not_runnable[@]}"; do
    check "not-runnable list: $code is a code of cdcgen explain --list" \
        sh -c "'$cdcgen' explain --list | awk '{print \$1}' | grep -qx -- '$code'"
done

echo "explain: $codes codes, $ran examples run, $listed not runnable (listed)"
echo "explain: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
