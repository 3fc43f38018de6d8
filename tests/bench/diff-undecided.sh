#!/usr/bin/env bash
# make bench-diff: how many random filter changes `cdcgen diff` leaves
# undecided, with this cdcgen and with the one of an earlier revision.
# Prints figures; asserts nothing (tests/diff/changes.mjs, run by make
# check-diff, holds every decided claim to cdcgen eval).
#
# For each seed of SEEDS (default "1 2 3 4 5"), tests/diff/changes.mjs
# --measure makes FILTERS (default 400) random filters of tests/diff/gen.mjs
# and one random edit of each (a leaf, a pattern, a subtree, a condition
# added or removed, a negation, the logic), runs `cdcgen diff` on them and
# counts the routing changes (narrowed, widened, both, unchanged, undecided),
# the undecided ones by reason, and those in filters with a `matches`. The
# same seeds run with BEFORE_REV's cdcgen (default e480590, before diff
# decided patterns), built from `git archive` in a scratch directory, or
# with the binary BEFORE (a path) if set.
# Usage: CDCGEN=build/release/cdcgen tests/bench/diff-undecided.sh [--keep]
set -eu -o pipefail
. "$(dirname "$0")/../lib.sh"
need_cdcgen "$root/build/release/cdcgen"
need_tools node git make
[ "${1:-}" = --keep ] && keep=1
seeds=${SEEDS:-1 2 3 4 5}
nfilters=${FILTERS:-400}
before_rev=${BEFORE_REV:-e480590}
scratch bench-diff

before=${BEFORE:-}
if [ -z "$before" ]; then
    echo "bench-diff: building cdcgen at $before_rev ..."
    mkdir -p "$tmp/before"
    git -C "$root" archive "$before_rev" | tar -x -C "$tmp/before"
    make -C "$tmp/before" -j"$(nproc)" build/release/cdcgen >"$tmp/before.log" 2>&1 ||
        die "cannot build $before_rev (see $tmp/before.log with --keep)"
    before=$tmp/before/build/release/cdcgen
fi

measure() { # measure LABEL BINARY: one JSON line per seed into $tmp/LABEL.jsonl
    local s
    for s in $seeds; do
        node "$root/tests/diff/changes.mjs" --cdcgen "$2" --work "$tmp/work-$1-$s" --seed "$s" \
            --filters "$nfilters" --measure >>"$tmp/$1.jsonl"
    done
}
measure before "$before"
measure after "$cdcgen"

node - "$tmp/before.jsonl" "$tmp/after.jsonl" "$before_rev" <<'JS'
const fs = require('fs');
const [b, a, rev] = process.argv.slice(2);
const read = (f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const before = read(b), after = read(a);
const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) + '%' : '-');
console.log(`bench-diff: undecided share of random filter changes (tests/diff/changes.mjs), ${before[0].filters}± filters per seed`);
console.log('  seed  changes  undecided before        undecided after         with matches: undecided before -> after');
let tb = 0, ta = 0, tc = 0, tp = 0, tpb = 0, tpa = 0;
before.forEach((x, i) => {
    const y = after[i];
    tc += x.routingChanges, tb += x.undecided, ta += y.undecided;
    tp += x.withPattern, tpb += x.undecidedWithPattern, tpa += y.undecidedWithPattern;
    console.log(`  ${String(x.seed).padEnd(5)} ${String(x.routingChanges).padEnd(8)} ` +
        `${(x.undecided + ' (' + pct(x.undecided, x.routingChanges) + ')').padEnd(23)} ` +
        `${(y.undecided + ' (' + pct(y.undecided, y.routingChanges) + ')').padEnd(23)} ` +
        `${x.withPattern}: ${x.undecidedWithPattern} -> ${y.undecidedWithPattern}`);
});
console.log(`  all   ${String(tc).padEnd(8)} ${(tb + ' (' + pct(tb, tc) + ')').padEnd(23)} ` +
    `${(ta + ' (' + pct(ta, tc) + ')').padEnd(23)} ${tp}: ${tpb} (${pct(tpb, tp)}) -> ${tpa} (${pct(tpa, tp)})`);
const reasons = (rows) => {
    const r = {};
    for (const x of rows) for (const [k, v] of Object.entries(x.byReason)) r[k] = (r[k] || 0) + v;
    return Object.entries(r).sort((p, q) => q[1] - p[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
};
console.log(`  undecided by reason, before (${rev}): ${reasons(before)}`);
console.log(`  undecided by reason, after: ${reasons(after)}`);
const ms = (rows) => rows.reduce((s, x) => s + x.diffMs, 0);
console.log(`  cdcgen diff time over all seeds: before ${ms(before)} ms, after ${ms(after)} ms`);
JS
