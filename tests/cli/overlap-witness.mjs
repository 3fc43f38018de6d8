// Every duplicate-route and shadowed-route warning `cdcgen check` gives on
// the golden cases named is true under the reference semantics, found
// without the lint's own procedure: for each warned pair, events are built
// from a grid of values of the fields the two filters read (each literal,
// its neighbours, another value, absent), routed by `cdcgen eval`, and
//   duplicate-route: the two filters route the same grid events;
//   shadowed-route:  every grid event the narrower routes, the wider
//                    routes too, and some the wider routes, it does not.
// Each filter must route some grid event, so no check holds vacuously.
// Usage: node overlap-witness.mjs CDCGEN JS_YAML_DIR CASE_DIR...
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [cdcgen, jsYamlDir, ...cases] = process.argv.slice(2);
const yaml = createRequire(import.meta.url)(jsYamlDir);
const schema = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/schema.yaml');
const GRID_MAX = 200000;
let failed = 0, pairs = 0;

function leaves(c, out) {
  if (c.all || c.any) for (const k of c.all || c.any) leaves(k, out);
  else if (c.not) leaves(c.not, out);
  else out.push(c);
  return out;
}

// The values tried for one field: what the conditions name and around it.
function valuesOf(field, conds) {
  const vals = new Set(['other-value', '', null]);
  if (field === '__op') ['c', 'u', 'd', 'r'].forEach((v) => vals.add(v));
  for (const c of conds) {
    const lits = [c.value, ...(c.values || []), c.min, c.max].filter((v) => v !== undefined);
    for (const v of lits) {
      vals.add(v);
      if (typeof v === 'number') [v - 1, v + 1, v - 0.5, v + 0.5, 0].forEach((x) => vals.add(x));
      if (typeof v === 'string') { vals.add(v + 'x'); vals.add(v.slice(0, -1)); }
      if (c.operator === 'matches') { // a text the pattern finds, when it is a plain one
        const plain = v.replace(/^\^|\$$/g, '');
        if (/^[A-Za-z0-9_ -]*$/.test(plain)) { vals.add(plain); vals.add(plain + 'Created'); }
      }
    }
  }
  return [...vals];
}

function grid(filters) {
  const byField = new Map();
  for (const f of filters)
    for (const c of leaves({ all: f.conditions }, []))
      byField.set(c.field, [...(byField.get(c.field) || []), c]);
  const fields = [...byField.keys()];
  const choices = fields.map((f) => valuesOf(f, byField.get(f)));
  const total = choices.reduce((n, v) => n * v.length, 1);
  if (total > GRID_MAX) throw new Error(`grid of ${total} events is too large`);
  const events = [];
  const pick = new Array(fields.length).fill(0);
  for (let n = 0; n < total; n++) {
    const row = {}, header = {};
    fields.forEach((f, i) => {
      const v = choices[i][pick[i]];
      if (v === null) return; // absent
      if (f.startsWith('header_data.')) header[f.slice('header_data.'.length)] = v;
      else row[f] = v;
    });
    if (Object.keys(header).length) row.header_data = JSON.stringify(header);
    events.push(JSON.stringify(row));
    for (let k = 0; k < pick.length && ++pick[k] === choices[k].length; k++) pick[k] = 0;
  }
  return events;
}

function fail(msg) {
  console.log(`FAIL ${msg}`);
  failed++;
}

for (const dir of cases) {
  const files = fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'cdcgen.yaml');
  const check = spawnSync(cdcgen, ['check', '--format', 'json', ...files], { cwd: dir, encoding: 'utf8' });
  const diags = JSON.parse(check.stdout).diagnostics
    .filter((d) => d.code === 'duplicate-route' || d.code === 'shadowed-route');
  const all = new Map();
  for (const f of files)
    for (const flt of yaml.load(fs.readFileSync(path.join(dir, f), 'utf8')).filters) all.set(flt.id, flt);
  for (const d of diags) {
    pairs++;
    const one = d.message.match(/^filter '([^']+)'/)[1];
    const other = d.notes[0].message.match(/^filter '([^']+)'/)[1];
    const a = all.get(one), b = all.get(other);
    const events = grid([a, b]);
    const tmp = fs.mkdtempSync('/tmp/overlap-');
    fs.writeFileSync(path.join(tmp, 'f.yaml'), yaml.dump({ version: 1, filters: [a, b] }));
    fs.writeFileSync(path.join(tmp, 'e.jsonl'), events.join('\n') + '\n');
    const out = execFileSync(cdcgen, ['eval', '-c', '/dev/null', '--schema', schema, '-f', 'f.yaml', 'e.jsonl'],
      { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    fs.rmSync(tmp, { recursive: true });
    let onlyOne = 0, onlyOther = 0, both = 0;
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line).filters;
      const x = r.includes(one), y = r.includes(other);
      if (x && y) both++; else if (x) onlyOne++; else if (y) onlyOther++;
    }
    const what = `${path.basename(dir)}: ${d.code} '${one}' / '${other}' over ${events.length} events`;
    if (both === 0) fail(`${what}: no event routed by both`);
    else if (d.code === 'duplicate-route' && (onlyOne || onlyOther))
      fail(`${what}: ${onlyOne} routed only by '${one}', ${onlyOther} only by '${other}'`);
    else if (d.code === 'shadowed-route' && (onlyOne || !onlyOther))
      fail(`${what}: ${onlyOne} routed only by the narrower, ${onlyOther} only by the wider`);
  }
}
console.log(`overlap-witness: ${pairs} warnings checked, ${failed} wrong`);
process.exit(failed || pairs === 0 ? 1 : 0);
