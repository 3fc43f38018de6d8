// Inputs of `make bench` (tests/bench/run.sh):
//   node gen.mjs filters DIR N FILES   N seed-shaped filters in FILES files
//   node gen.mjs json DIR N FILES      the same filters as JSON, the original
//                                      system's format (for the Python floor)
//   node gen.mjs events FILE N         N raw-event-headers messages, one a line
//   node gen.mjs jq FILE N             a jq program routing events like the
//                                      first N filters (the same routing
//                                      cdcgen eval does, for the jq floor)
// Filters look like the seed's (shared/seed-data/filters.json): every key,
// two or three conditions, the first an equality or `in` on event_type;
// some compare a JSON path, a regex or a timestamp. Deterministic.
import fs from 'node:fs';

const [what, out, nArg, filesArg] = process.argv.slice(2);
const n = +nArg;
const TYPES = 2000;
const type = (k) => `Event${k % TYPES}Happened`;

// Filter i's conditions, as data, so YAML and jq come from one description.
function conditions(i) {
  const first = i % 4 === 3
    ? { field: 'event_type', op: 'in', values: [type(i), type(i + 1)] }
    : { field: 'event_type', op: 'equals', value: type(i) };
  const c = [first, { field: '__op', op: 'in', values: ['c', 'u'] }];
  if (i % 10 === 1) c.push({ field: 'event_name', op: 'matches', value: `^${type(i)}` });
  else if (i % 10 === 2) c.push({ field: 'created_date', op: 'greaterThan', value: '2024-01-01T00:00:00Z' });
  else if (i % 2 === 0) c.push({ field: 'header_data.amount', op: 'greaterThan', value: i % 5000 });
  return c;
}

function filterYaml(i) {
  let s = `  - id: bench-filter-${i}
    name: Bench filter ${i}
    description: Routes ${type(i)} events that are created or updated
    consumerId: consumer-${i % 50}
    outputTopic: bench-events-${i}
    enabled: true
    status: deployed
    version: 1
    conditionLogic: AND
    conditions:
`;
  for (const c of conditions(i)) {
    s += `      - field: ${c.field}\n        operator: ${c.op}\n`;
    if (c.values) s += `        values: [${c.values.join(', ')}]\n`;
    else if (typeof c.value === 'number') s += `        value: ${c.value}\n`;
    else s += `        value: "${c.value}"\n        valueType: ${c.field === 'created_date' ? 'timestamp' : 'string'}\n`;
  }
  return s;
}

// The filter as the original system wrote it (shared/seed-data/filters.json).
function filterJson(i) {
  return {
    id: `bench-filter-${i}`, name: `Bench filter ${i}`,
    description: `Routes ${type(i)} events that are created or updated`,
    consumerId: `consumer-${i % 50}`, outputTopic: `bench-events-${i}`, enabled: true,
    conditions: conditions(i).map((c) => {
      const o = { field: c.field, operator: c.op };
      if (c.values) o.values = c.values;
      else o.value = c.value;
      if (typeof c.value === 'string') o.valueType = c.field === 'created_date' ? 'timestamp' : 'string';
      return o;
    }),
    conditionLogic: 'AND', status: 'deployed', version: 1,
  };
}

// jq: the same three-valued routing for these shapes (a missing or
// wrong-typed field never matches; header_data is JSON text).
function conditionJq(c) {
  const v = (x) => JSON.stringify(x);
  switch (c.op) {
  case 'equals': return `.${c.field} == ${v(c.value)}`;
  case 'in': return `(.${c.field} as $x | ${c.values.map((x) => `$x == ${v(x)}`).join(' or ')})`;
  case 'matches': return `((.${c.field} | strings | test(${v(c.value)})) // false)`;
  case 'greaterThan':
    if (c.field === 'created_date') return `((.created_date | strings | (try fromdateiso8601 catch null)) as $t | $t != null and $t > 1704067200)`;
    return `((.header_data | strings | (try fromjson catch null) | .amount? | numbers) // null) as $a | $a != null and $a > ${c.value}`;
  }
  throw new Error(c.op);
}

if (what === 'filters') {
  const files = +filesArg;
  fs.mkdirSync(out, { recursive: true });
  for (let f = 0; f < files; f++) {
    let s = 'version: 1\nfilters:\n';
    for (let i = f; i < n; i += files) s += filterYaml(i);
    fs.writeFileSync(`${out}/f${String(f).padStart(4, '0')}.yaml`, s);
  }
} else if (what === 'json') {
  const files = +filesArg;
  fs.mkdirSync(out, { recursive: true });
  for (let f = 0; f < files; f++) {
    const filters = [];
    for (let i = f; i < n; i += files) filters.push(filterJson(i));
    fs.writeFileSync(`${out}/f${String(f).padStart(4, '0')}.json`,
      `${JSON.stringify({ version: 1, filters }, null, 2)}\n`);
  }
} else if (what === 'events') {
  const fd = fs.openSync(out, 'w');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const t = type((i * 7919) % TYPES);
    const hd = JSON.stringify({ uuid: `u-${i}`, amount: (i * 31) % 6000, dealerId: `D-${i % 97}` });
    chunk += JSON.stringify({ id: `e-${i}`, event_name: t, event_type: t,
      created_date: i % 3 ? '2024-01-15T10:30:00Z' : '2023-12-31T21:00:00Z',
      header_data: hd, __op: 'cudr'[i % 4], __table: 'event_headers', __ts_ms: 1705312205000 + i }) + '\n';
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
} else if (what === 'jq') {
  // One function per filter: jq limits the size of one compiled function.
  let prog = '';
  const calls = [];
  for (let i = 0; i < n; i++) {
    prog += `def f${i}: if ${conditions(i).map((c) => `(${conditionJq(c)})`).join(' and ')} then "bench-filter-${i}" else empty end;\n`;
    calls.push(`f${i}`);
  }
  // input_line_number counts the lines read so far: the event's own line.
  fs.writeFileSync(out, `${prog}{line: input_line_number, filters: [${calls.join(', ')}]}\n`);
} else {
  throw new Error(`unknown: ${what}`);
}
