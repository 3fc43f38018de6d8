// Inputs of tests/bench/engines.sh (make bench-engines: the routing engines on a broker):
//   node engines-gen.mjs events FILE N   N change events as Debezium writes them to
//                                        raw-event-headers (values, one a line)
//   node engines-gen.mjs filters DIR N   N seed-shaped filters in DIR/filters.yaml
//   node engines-gen.mjs floor DIR       the copy floor: one filter every event passes
// The events are one set for every number of filters: event types
// Event0Happened .. Event2499Happened (nine in ten events), the seed's four
// types and types no filter names; a row is created, and one in four is
// updated later (two records of one key); header_data is the seed's JSON
// text (uuid, eventName, eventType, createdDate, savedDate) plus an amount, a
// currency, a dealer and a booking time. The N filters split the 2,500 types
// into ceil(N/2) groups (an `in` on the group's types; an `equals` when it has
// one), two filters per group, each adding a comparison of header_data, so an
// event is a candidate of two filters and routed by about one (1.08 routings
// per event at 1,000 filters) whatever N is: what grows with N is the
// number of filters, not the output. Deterministic.
import fs from 'node:fs';

const [what, out, nArg] = process.argv.slice(2);
const n = +nArg;
const TYPES = 2500;
const SEED_TYPES = ['LoanCreated', 'LoanPaymentSubmitted', 'CarCreated', 'CarServiceDone'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'];
const type = (t) => `Event${t}Happened`;

function eventType(i) {
  const r = (i * 7919) % 100;
  if (r < 90) return type((i * 104729) % TYPES);
  if (r < 95) return SEED_TYPES[i % 4];
  return `Unrouted${i % 50}`;
}

// The instant i seconds after a fixed start, as Debezium writes timestamptz (microseconds, Z).
function instant(i) {
  return new Date(Date.UTC(2024, 0, 15, 10, 30) + i * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function events() {
  const fd = fs.openSync(out, 'w');
  let chunk = '';
  const updated = Math.floor(n / 5); // the last fifth of the records update earlier rows
  for (let i = 0; i < n; i++) {
    const row = i < n - updated ? i : (i - (n - updated)) * 4; // updates: every fourth row
    const t = eventType(row);
    const id = `evt-${String(row).padStart(7, '0')}`;
    const hd = JSON.stringify({
      uuid: id, eventName: t, eventType: t, createdDate: instant(row).replace('000Z', 'Z'),
      savedDate: instant(row + 5).replace('000Z', 'Z'),
      amount: (row * 31) % 6000 + 0.5 * (row % 2), currency: CURRENCIES[(row * 3) % 4],
      dealerId: `D-${row % 97}`, bookedAt: `2024-0${1 + (row % 9)}-15T10:30:00.${String(row % 1000).padStart(3, '0')}Z`,
    });
    chunk += JSON.stringify({
      id, event_name: t, event_type: t, created_date: instant(row), saved_date: instant(row + 5),
      header_data: hd, __deleted: 'false', __op: i === row ? (row < n / 20 ? 'r' : 'c') : 'u',
      __table: 'event_headers', __ts_ms: 1705314600000 + i,
    }) + '\n';
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

function filter(i, groups) {
  const g = i % groups;
  const ts = [];
  for (let t = g; t < TYPES; t += groups) ts.push(type(t));
  const first = ts.length === 1
    ? `{ field: event_type, operator: equals, value: ${ts[0]} }`
    : `{ field: event_type, operator: in, values: [${ts.join(', ')}] }`;
  const second = [
    `{ field: header_data.amount, operator: greaterThan, value: ${(i * 37) % 5000} }`,
    `{ field: header_data.currency, operator: in, values: [${CURRENCIES[i % 4]}, ${CURRENCIES[(i + 1) % 4]}] }`,
    `{ field: header_data.dealerId, operator: notIn, values: [D-${i % 97}, D-${(i + 1) % 97}] }`,
    `{ field: header_data.bookedAt, operator: greaterThanOrEqual, value: "2024-0${1 + (i % 6)}-01T00:00:00Z", valueType: timestamp }`,
  ][Math.floor(i / groups) % 4];
  return `  - id: bench-${i}\n    name: Bench ${i}\n    consumerId: consumer-${i % 50}\n`
    + `    outputTopic: bench-${i}\n    conditions:\n      - ${first}\n      - ${second}\n`;
}

if (what === 'events') {
  events();
} else if (what === 'filters') {
  fs.mkdirSync(out, { recursive: true });
  const groups = Math.ceil(n / 2);
  let s = 'version: 1\nfilters:\n';
  for (let i = 0; i < n; i++) s += filter(i, groups);
  fs.writeFileSync(`${out}/filters.yaml`, s);
} else if (what === 'floor') {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(`${out}/filters.yaml`, 'version: 1\nfilters:\n  - id: bench-all\n    name: Every event\n'
    + '    consumerId: bench\n    outputTopic: bench-all\n    conditions:\n'
    + '      - { field: id, operator: isNotNull }\n');
} else {
  throw new Error(`unknown: ${what} (events, filters or floor)`);
}
