// Whether one `cdcgen eval` routing line (standard input,
// {"line":N,"filters":[...]}) routes its event to the filter ID: prints
// true or false.
// Usage: cdcgen eval -f FILTERS <event | node routes.mjs ID
import { readFileSync } from 'node:fs';

const l = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(String(l.filters.includes(process.argv[2])));
