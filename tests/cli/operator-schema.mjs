// The JSON Schema of filter files knows every operator of `cdcgen
// --list-operators` with the operands cdcgen gives it: the operator is in
// the leaf's enum, and the one allOf branch naming it requires exactly its
// operand keys and forbids the others. Prints what disagrees; exit 1 if
// anything does.
// Usage: node operator-schema.mjs FILTERS_SCHEMA < LIST_OPERATORS_OUTPUT
import fs from 'node:fs';

const OPERAND_KEYS = ['value', 'values', 'min', 'max'];
const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const leaf = schema.$defs.leaf;
const rows = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
let failed = 0;

function fail(msg) {
  console.error(`operator-schema: ${msg}`);
  failed++;
}

// The operators an allOf branch's `if` names.
function named(branch) {
  const op = branch.if?.properties?.operator;
  return op ? (op.enum ?? [op.const]) : [];
}

if (rows.length === 0) fail('no operators listed');
const listed = new Set();
for (const row of rows) {
  const [name, keys] = row.split(/\s+/);
  listed.add(name);
  const takes = keys === '-' ? [] : keys.split(',');
  if (!leaf.properties.operator.enum.includes(name)) fail(`${name}: not in the leaf's operator enum`);
  const branches = leaf.allOf.filter((b) => named(b).includes(name) && b.then.required);
  const shape = branches.find((b) => b.then.required.every((k) => OPERAND_KEYS.includes(k)));
  const noOperand = leaf.allOf.find(
    (b) => named(b).includes(name) && !b.then.required &&
      OPERAND_KEYS.every((k) => b.then.properties?.[k] === false));
  if (takes.length === 0) {
    if (!noOperand) fail(`${name}: no branch forbids every operand`);
    if (shape) fail(`${name}: takes no operand, but a branch requires ${shape.then.required}`);
    continue;
  }
  if (!shape) {
    fail(`${name}: no branch requires its operands ${takes}`);
    continue;
  }
  if (shape.then.required.join() !== takes.join())
    fail(`${name}: the schema requires ${shape.then.required}, cdcgen takes ${takes}`);
  for (const k of OPERAND_KEYS.filter((k) => !takes.includes(k)))
    if (shape.then.properties?.[k] !== false) fail(`${name}: the schema does not forbid '${k}'`);
}
for (const name of leaf.properties.operator.enum)
  if (!listed.has(name)) fail(`${name}: in the schema, not an operator of cdcgen`);
process.exit(failed ? 1 : 0);
