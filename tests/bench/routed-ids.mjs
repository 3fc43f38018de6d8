// `cdcgen eval`'s routing lines (or jq's, in the same shape) on standard
// input, {"line":N,"filters":[...]}, as the sorted filter ids of each
// line, comma-separated, one line per event: what to compare between two
// routers.
// Usage: cdcgen eval -f FILTERS EVENTS | node routed-ids.mjs
import { readFileSync } from 'node:fs';

for (const l of readFileSync(0, 'utf8').trim().split('\n'))
    console.log(JSON.parse(l).filters.sort().join(','));
