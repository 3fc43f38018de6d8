// The witnesses of a `cdcgen diff --format json` report (standard input),
// one line per witness: "FILTER-ID<TAB>BASE<TAB>CHANGE<TAB>EVENT", where BASE
// and CHANGE say whether the base and the change route the event (true or
// false) and EVENT is the event as one JSON line.
// Usage: cdcgen diff --format json ... | node diff-witnesses.mjs
import { readFileSync } from 'node:fs';

const d = JSON.parse(readFileSync(0, 'utf8'));
for (const c of d.changes)
    for (const w of c.witnesses || [])
        console.log([c.filter, w.base, w.change, JSON.stringify(w.event)].join('\t'));
