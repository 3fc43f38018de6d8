// The diagnostic codes cdcgen's sources report, sorted, one a line: in every
// .c file under SRC-DIR (its subdirectories too; diag.c, the collector,
// left out), the first string literal among the arguments of each call of
// cdc_diag_error, cdc_diag_warning, ERROR, WARN or finding_add (rollout's
// findings, reported later under their code) at depth 1, not one inside a
// nested call such as key_pos(..., "flink"), when it has a code's shape
// (a call that passes its code in a variable has a format there, "%s");
// #define lines skipped;
// and the codes of the lint table's rows (sem/lint.c: {"code", CDC_LINT_...}),
// whose lints report under their row's code.
// Usage: node diag-codes.mjs SRC-DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function* cFiles(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) yield* cFiles(join(dir, e.name));
        else if (e.name.endsWith('.c') && e.name !== 'diag.c') yield join(dir, e.name);
    }
}

const set = new Set();
for (const f of cFiles(process.argv[2])) {
    const t = readFileSync(f, 'utf8').replace(/^#define.*$/gm, '');
    for (const m of t.matchAll(/\b(?:cdc_diag_error|cdc_diag_warning|ERROR|WARN|finding_add)\s*\(/g)) {
        let depth = 1, i = m.index + m[0].length;
        for (; i < t.length && depth > 0; i++) {
            const c = t[i];
            if (c === '(') depth++;
            else if (c === ')') depth--;
            else if (c === '"') {
                const end = t.indexOf('"', i + 1);
                if (depth === 1) {
                    const code = t.slice(i + 1, end);
                    if (/^[a-z][a-z0-9-]*$/.test(code)) set.add(code);
                    break;
                }
                i = end;
            }
        }
    }
    for (const m of t.matchAll(/^\s*\{"([a-z-]+)", CDC_LINT_/gm)) set.add(m[1]);
}
console.log([...set].sort().join('\n'));
