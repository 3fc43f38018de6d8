// The rules a suppress entry may name in a JSON Schema of grammar/
// (config.schema.json, filters.schema.json): $defs.suppressions' rule enum,
// one a line, in the schema's order.
// Usage: node suppress-rules.mjs SCHEMA.json
import { readFileSync } from 'node:fs';

const s = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(s.$defs.suppressions.items.properties.rule.enum.join('\n'));
