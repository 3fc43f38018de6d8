// Writes N filters as one minified JSON document (a single line of about
// 200 bytes per filter): each an `in` on event_type and an `any` of a
// `between` on header_data.amount and a `matches` on event_name; ids f-0 ...
// Usage: node many-filters.mjs N FILE
import { writeFileSync } from 'node:fs';

const [n, file] = [Number(process.argv[2]), process.argv[3]];
const filters = [];
for (let i = 0; i < n; i++) filters.push({ id: `f-${i}`, name: `F ${i}`, consumerId: 'c',
    outputTopic: `t-${i}`, conditions: [{ field: 'event_type', operator: 'in', values: ['A', 'B'] },
    { any: [{ field: 'header_data.amount', operator: 'between', min: i, max: i + 9 },
            { field: 'event_name', operator: 'matches', value: '^x' }] }] });
writeFileSync(file, JSON.stringify({ version: 1, filters }));
