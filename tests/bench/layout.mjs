// The layout figure of `make bench` (tests/bench/run.sh): N filters as one
// JSON document twice, DIR/minified.json (one line) and DIR/pretty.json
// (indented), with the same content, so that checking them should cost the
// same. Each filter has an `in` on event_type, a `notIn` on __op and an
// `any` of a `between`, a `matches` and a `not` of an `isNull`. Deterministic.
// Usage: node layout.mjs DIR N
import { writeFileSync } from 'node:fs';

const [dir, n] = [process.argv[2], +process.argv[3]];
const types = ['LoanCreated', 'LoanPaymentSubmitted', 'CarCreated', 'CarServiceDone'];
const filters = [];
for (let i = 0; i < n; i++) filters.push({
    id: `bench-${i}`, name: `Bench ${i}`, consumerId: 'bench', outputTopic: `bench-${i}`,
    conditions: [
        { field: 'event_type', operator: 'in', values: [types[i % 4], types[(i + 1) % 4]] },
        { field: '__op', operator: 'notIn', values: ['d'] },
        { any: [{ field: 'header_data.amount', operator: 'between', min: i, max: i + 1000 },
                { field: 'event_name', operator: 'matches', value: `^Loan.*${i % 10}$` },
                { not: { field: 'header_data.dealerId', operator: 'isNull' } }] },
    ] });
const doc = { version: 1, filters };
writeFileSync(`${dir}/minified.json`, JSON.stringify(doc) + '\n');
writeFileSync(`${dir}/pretty.json`, JSON.stringify(doc, null, 2) + '\n');
