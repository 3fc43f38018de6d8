#!/usr/bin/env bash
# make check-sarif: every SARIF log cdcgen writes passes Microsoft's SARIF
# Multitool (`validate`: the SARIF 2.1.0 schema and its rules), an
# independent validator installed by make deps (npm, tests/validate): check
# on every golden error and suppress case (one log each: errors, warnings,
# notes, suppressed warnings),
# check without findings (the seed project, tests/fixtures/seed-project),
# test with failures, eval with malformed lines,
# fmt --check on a file not laid out and fmt on a JSON file.
# A log with an error-level finding fails; the validator must first reject
# a broken log. Usage: CDCGEN=path/to/cdcgen tests/validate/sarif.sh
. "$(dirname "$0")/../lib.sh"
me=sarif
need_cdcgen
need_tools node
scratch

# Writes the logs into $tmp/logs/NAME.sarif.
mkdir -p "$tmp/logs"
n=0
for dir in "$root"/tests/golden/errors/*/ "$root"/tests/golden/yaml/*/ "$root"/tests/golden/suppress/*/; do
    files=()
    for f in "$dir"*.yaml "$dir"*.json; do
        [ -f "$f" ] && [ "$(basename "$f")" != cdcgen.yaml ] && files+=("$(basename "$f")")
    done
    [ ${#files[@]} -gt 0 ] || continue
    n=$((n + 1))
    (cd "$dir" && "$cdcgen" check --format sarif "${files[@]}" >"$tmp/logs/check-$n.sarif" 2>/dev/null)
done
seed=$root/tests/fixtures/seed-project
(cd "$seed" && "$cdcgen" check --format sarif >"$tmp/logs/clean.sarif")
(cd "$root/tests/golden/test-cmd/fail" && "$cdcgen" test --format sarif risk.yaml fail.test.yaml \
    >"$tmp/logs/test-failures.sarif" 2>/dev/null)
printf '{"event_type": "LoanCreated"}\n{bad\n' >"$tmp/events.jsonl"
(cd "$seed" && "$cdcgen" eval -f filters --format sarif "$tmp/events.jsonl" >/dev/null \
    2>"$tmp/logs/eval.sarif")
(cd "$root/tests/golden/fmt/check-text" && "$cdcgen" fmt --check --format sarif input.yaml \
    >"$tmp/logs/fmt-check.sarif")
(cd "$root/tests/golden/fmt/json-skipped" && "$cdcgen" fmt --format sarif input.json \
    >"$tmp/logs/fmt-skipped.sarif")

printf '{"version": "2.0.0", "runs": [{"tool": {}}]}\n' >"$tmp/broken.sarif"
if sarif_valid "$tmp/broken.sarif" >/dev/null; then
    echo "sarif: the validator accepts a broken log" >&2
    exit 1
fi
failed=0
count=0
for log in "$tmp"/logs/*.sarif; do
    count=$((count + 1))
    sarif_valid "$log" >"$tmp/errors" || { echo "sarif: $(basename "$log"):"; sed 's/^/    /' "$tmp/errors"; failed=1; }
done
echo "sarif: $count logs validated by SARIF Multitool $("$sarif_multitool" --version 2>&1 | grep -o '[0-9][0-9.]*' | head -1)"
[ "$failed" = 0 ] && [ "$count" -ge 10 ]
