// Checks a JSON document cdcgen wrote (the --format json or sarif document
// of a command, or resolve's output); exit 0 when the check holds, else 1
// with the reason on standard error.
//   node json-check.mjs parses FILE           FILE is one JSON document
//   node json-check.mjs errors FILE           cdcgen's JSON report: at least
//                                             one error, diagnostics listed
//   node json-check.mjs sarif FILE            SARIF 2.1.0 with results
//   node json-check.mjs code FILE CODE        cdcgen's JSON report has a
//                                             diagnostic with the code CODE
//   node json-check.mjs suppressed FILE N     cdcgen's JSON report counts N
//                                             suppressed diagnostics and lists
//                                             N, each suppressed in the source
//                                             with a reason
//   node json-check.mjs equals FILE JSON      FILE holds the value JSON
//                                             (deep equality, key order ignored)
// FILE - is standard input.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const [what, file, arg] = process.argv.slice(2);
const fail = (why) => { console.error(`json-check ${what} ${file}: ${why}`); process.exit(1); };
let d;
try {
    d = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
} catch (e) {
    fail(`not a JSON document: ${e.message}`);
}
switch (what) {
case 'parses':
    break;
case 'errors':
    if (!(d.errors >= 1)) fail(`errors is ${d.errors}, expected at least 1`);
    if (!d.diagnostics?.length) fail('no diagnostics');
    break;
case 'sarif':
    if (d.version !== '2.1.0') fail(`version ${JSON.stringify(d.version)}, expected "2.1.0"`);
    if (!d.runs?.[0]?.results?.length) fail('no results in the first run');
    break;
case 'code':
    if (!(d.diagnostics || []).some((x) => x.code === arg)) fail(`no diagnostic with the code ${arg}`);
    break;
case 'suppressed': {
    const s = (d.diagnostics || []).filter((x) => x.suppressed);
    if (d.suppressed !== Number(arg)) fail(`suppressed is ${d.suppressed}, expected ${arg}`);
    if (s.length !== Number(arg)) fail(`${s.length} suppressed diagnostics listed, expected ${arg}`);
    const bad = s.find((x) => x.suppressed.kind !== 'inSource' || !x.suppressed.reason);
    if (bad) fail(`not suppressed in the source with a reason: ${JSON.stringify(bad)}`);
    break;
}
case 'equals':
    if (!isDeepStrictEqual(d, JSON.parse(arg))) fail(`holds ${JSON.stringify(d)}, expected ${arg}`);
    break;
default:
    console.error(`json-check: unknown check '${what}'`);
    process.exit(2);
}
