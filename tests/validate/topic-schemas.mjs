// Checks a json-schemas.json written by cdcgen with ajv (JSON Schema draft
// 2020-12), independently of cdcgen.
//
//   node topic-schemas.mjs [--no-content] JSON_SCHEMAS_JSON [RECORDS.jsonl...]
//
// - "schemaType" is JSON; every schema of "schemas" is a valid draft 2020-12
//   JSON Schema (ajv's meta-schema and strict mode: an unknown keyword or
//   format is an error; strictTypes aside, see below) and compiles; every subject is its topic plus
//   "-value" and names one of the schemas;
// - every line of each RECORDS file, a record as the connector writes it, is
//   valid against each schema; and, unless --no-content, the text of each
//   column with contentMediaType application/json parses as JSON and is
//   valid against its contentSchema (an annotation ajv does not enforce by
//   itself), but in a rewritten delete ("__deleted": "true"), where the
//   connector writes "" for the NOT NULL columns it does not have;
// - each record of the first 20 lines of a file broken (each required member
//   removed in turn, each member given a value of another JSON type in turn,
//   a member the schema lacks added) must be invalid, so the check above can
//   fail.
// Prints one line of counts. Exit status: 0 all holds, 1 something does not
// (each problem on standard error), 2 usage or I/O error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const args = process.argv.slice(2);
const content = args[0] !== '--no-content';
if (!content) args.shift();
if (args.length < 1) {
    console.error('usage: topic-schemas.mjs [--no-content] JSON_SCHEMAS_JSON [RECORDS.jsonl...]');
    process.exit(2);
}

let doc;
try {
    doc = JSON.parse(readFileSync(args[0], 'utf8'));
} catch (e) {
    console.error(`topic-schemas: ${args[0]}: ${e.message}`);
    process.exit(2);
}

const problems = [];
// Strict, but for strictTypes: a contentSchema lists the declared keys of a
// JSON column with "properties" and "required" and no "type", since the text
// may hold any JSON value (a path into anything but an object is NULL to
// cdcgen); ajv's strictTypes lint asks for "type": "object" there.
const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
addFormats(ajv);
const text = (errors) => ajv.errorsText(errors, { dataVar: 'record' });

if (doc.schemaType !== 'JSON') problems.push(`${args[0]}: schemaType is not JSON`);
const schemas = new Map(); // name -> { validate, contents: [[member, validate]] }
for (const [name, schema] of Object.entries(doc.schemas ?? {})) {
    if (!ajv.validateSchema(schema)) {
        problems.push(`${args[0]}: schema '${name}' is no JSON Schema: ${text(ajv.errors)}`);
        continue;
    }
    try {
        const contents = [];
        for (const [member, s] of Object.entries(schema.properties ?? {}))
            if (s.contentMediaType === 'application/json' && s.contentSchema)
                contents.push([member, ajv.compile(s.contentSchema)]);
        schemas.set(name, { validate: ajv.compile(schema), schema, contents });
    } catch (e) {
        problems.push(`${args[0]}: schema '${name}' does not compile: ${e.message}`);
    }
}
if (schemas.size === 0) problems.push(`${args[0]}: no schema compiled`);
const used = new Set();
let subjects = 0;
for (const s of doc.subjects ?? []) {
    subjects++;
    if (s.subject !== `${s.topic}-value`)
        problems.push(`${args[0]}: subject '${s.subject}' is not topic '${s.topic}' + -value`);
    if (!schemas.has(s.schema)) problems.push(`${args[0]}: subject '${s.subject}' names no schema of 'schemas'`);
    else used.add(s.schema);
}
if (subjects === 0) problems.push(`${args[0]}: no subjects`);

// Records broken per file: those of its first lines (a topic dump has
// thousands of records alike).
const BROKEN_LINES = 20;

// A value of another JSON type than v.
const other = (v) => (typeof v === 'string' ? { x: 1 } : String(v));

function broken(schema, record) {
    const out = [];
    for (const name of schema.required ?? []) {
        if (!(name in record)) continue;
        const r = { ...record };
        delete r[name];
        out.push([`'${name}' removed`, r]);
    }
    for (const [name, v] of Object.entries(record)) {
        if (v === null) continue;
        out.push([`'${name}' as ${JSON.stringify(other(v))}`, { ...record, [name]: other(v) }]);
    }
    out.push(['a member the schema lacks', { ...record, __not_a_column: 'x' }]);
    return out;
}

let records = 0, documents = 0, refused = 0;
for (const file of args.slice(1)) {
    let lines;
    try {
        lines = readFileSync(file, 'utf8').split('\n');
    } catch (e) {
        console.error(`topic-schemas: ${file}: ${e.message}`);
        process.exit(2);
    }
    lines.forEach((line, i) => {
        if (!line.trim()) return;
        const where = `${file}:${i + 1}`;
        const record = JSON.parse(line);
        for (const name of used) {
            const { validate, schema, contents } = schemas.get(name);
            if (!validate(record)) {
                problems.push(`${where}: invalid against '${name}': ${text(validate.errors)}`);
                continue;
            }
            records++;
            if (content && record.__deleted !== 'true') {
                for (const [member, check] of contents) {
                    if (record[member] === null || record[member] === undefined) continue;
                    let value;
                    try {
                        value = JSON.parse(record[member]);
                    } catch (e) {
                        problems.push(`${where}: '${member}' is no JSON text: ${e.message}`);
                        continue;
                    }
                    if (!check(value)) problems.push(`${where}: '${member}' against its contentSchema: ${text(check.errors)}`);
                    else documents++;
                }
            }
            if (i >= BROKEN_LINES) continue;
            for (const [what, r] of broken(schema, record)) {
                if (validate(r)) problems.push(`${where}: valid with ${what}`);
                else refused++;
            }
        }
    });
}

for (const p of problems) console.error(`topic-schemas: ${p}`);
console.log(`topic-schemas: ${schemas.size} schemas compiled for ${subjects} subjects, ${records} records valid ` +
    `(${documents} JSON texts valid against their contentSchema), ${refused} broken records invalid`);
process.exit(problems.length ? 1 : 0);
