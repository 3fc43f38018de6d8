// Inputs of tests/bench/runtime.sh (the Kafka Streams runtime's benchmark):
//   node runtime-gen.mjs filters DIR N   N filters in DIR/filters.yaml
//   node runtime-gen.mjs events FILE N K events routed by filters of a run
//                                        with K filters, one a line
// Filters look like the seed's: the first condition an equality (three in
// four) or an `in` on event_type, then one or two comparisons of header_data
// (JSON text): an amount, a currency, a dealer, a booking time. Two filters
// share an event type, so an event type routes to about two filters; one
// event in ten has a type no filter names. Deterministic.
import fs from 'node:fs';

const [what, out, nArg, kArg] = process.argv.slice(2);
const n = +nArg;
const types = (k) => Math.max(1, Math.ceil(k / 2));
const type = (t) => `Event${t}Happened`;
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'];

function conditions(i, k) {
  const t = i % types(k);
  const c = [i % 4 === 3
    ? `{ field: event_type, operator: in, values: [${type(t)}, ${type((t + 1) % types(k))}] }`
    : `{ field: event_type, operator: equals, value: ${type(t)} }`];
  const hd = [
    `{ field: header_data.amount, operator: greaterThan, value: ${(i * 37) % 5000} }`,
    `{ field: header_data.currency, operator: equals, value: ${CURRENCIES[i % 4]} }`,
    `{ field: header_data.dealerId, operator: in, values: [D-${i % 97}, D-${(i + 1) % 97}, D-${(i + 2) % 97}] }`,
    `{ field: header_data.bookedAt, operator: greaterThanOrEqual, value: "2024-0${1 + (i % 6)}-01T00:00:00Z", valueType: timestamp }`,
  ];
  c.push(hd[i % 4]);
  if (i % 3 === 0) c.push(hd[(i + 1) % 4]);
  return c;
}

if (what === 'filters') {
  fs.mkdirSync(out, { recursive: true });
  let s = 'version: 1\nfilters:\n';
  for (let i = 0; i < n; i++) {
    s += `  - id: bench-${i}\n    name: Bench ${i}\n    consumerId: consumer-${i % 50}\n`
      + `    outputTopic: bench-${i}\n    conditions:\n`;
    for (const c of conditions(i, n)) s += `      - ${c}\n`;
  }
  fs.writeFileSync(`${out}/filters.yaml`, s);
} else if (what === 'events') {
  const k = +kArg;
  const fd = fs.openSync(out, 'w');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const t = (i * 7919) % (types(k) + Math.ceil(types(k) / 9)); // a tenth unknown
    const hd = JSON.stringify({
      uuid: `u-${i}`, amount: (i * 31) % 6000 + 0.5 * (i % 2), currency: CURRENCIES[(i * 3) % 4],
      dealerId: `D-${i % 97}`, bookedAt: `2024-0${1 + (i % 9)}-15T10:30:00.${String(i % 1000).padStart(3, '0')}Z`,
    });
    chunk += JSON.stringify({
      id: `e-${i}`, event_name: type(t), event_type: type(t), created_date: '2024-01-15T10:30:00Z',
      header_data: hd, __op: 'cudr'[i % 4], __table: 'event_headers', __ts_ms: 1705312205000 + i,
    }) + '\n';
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
} else {
  throw new Error(`unknown: ${what}`);
}
