// The error-level findings of the log SARIF Multitool's `validate` wrote
// (FILE): results of level error and error notifications of its
// invocations, one a line as "RULE: MESSAGE". Exit 1 when there is one.
// Usage: node sarif-errors.mjs FILE
import { readFileSync } from 'node:fs';

const log = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const errors = log.runs.flatMap((r) => (r.results || []).filter((x) => (x.level || 'warning') === 'error')
    .concat((r.invocations || []).flatMap((i) => i.toolExecutionNotifications || [])
        .filter((x) => x.level === 'error')));
for (const e of errors) console.log(`${e.ruleId || 'notification'}: ${JSON.stringify(e.message)}`);
process.exit(errors.length ? 1 : 0);
