// Checks Flink SQL scripts against dt-sql-parser's FlinkSQL grammar,
// independently of cdcgen.
//
//   node --import ./register.mjs flink-sql.mjs FILE...
//   node flink-sql.mjs --self-test
//
// Prints "ok FILE" per valid file and "FILE:LINE:COL: message" per syntax
// error. Exit status: 0 all valid, 1 some file has errors, 2 usage or I/O error.
// (The resolve hook is also registered here, so --import is optional.)
import './register.mjs';
import { readFileSync } from 'node:fs';

const { FlinkSQL } = await import('dt-sql-parser');
const parser = new FlinkSQL();

function check(name, text) {
    const errors = parser.validate(text);
    for (const e of errors) {
        const msg = String(e.message).replace(/\s+/g, ' ').trim();
        console.log(`${name}:${e.startLine}:${e.startColumn}: ${msg}`);
    }
    if (errors.length === 0) console.log(`ok ${name}`);
    return errors.length;
}

// The validator must accept a typical script and reject garbage; otherwise
// checking cdcgen's output with it proves nothing.
function selfTest() {
    const good = [
        "CREATE TABLE src (id STRING, header_data STRING) WITH ('connector' = 'kafka', 'topic' = 'raw');",
        "CREATE TABLE dst (id STRING) WITH ('connector' = 'kafka', 'topic' = 'out');",
        'EXECUTE STATEMENT SET BEGIN',
        "INSERT INTO dst SELECT id FROM src WHERE JSON_VALUE(header_data, '$.dealerId') = 'x''y';",
        'END;',
    ].join('\n');
    const bad = ['SELECT FROM WHERE', 'CREATE TABLE (;', "INSERT INTO dst SELECT id FROM src WHERE a = 'unterminated;"];
    let failed = 0;
    if (parser.validate(good).length !== 0) {
        console.log('self-test: valid script rejected');
        failed++;
    }
    for (const text of bad) {
        if (parser.validate(text).length === 0) {
            console.log(`self-test: garbage accepted: ${text}`);
            failed++;
        }
    }
    console.log(failed ? 'self-test: FAILED' : 'self-test: ok');
    return failed ? 1 : 0;
}

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--self-test') {
    process.exit(selfTest());
}
if (args.length === 0 || args.some((a) => a.startsWith('-'))) {
    console.error('usage: node flink-sql.mjs FILE...   |   node flink-sql.mjs --self-test');
    process.exit(2);
}

let status = 0;
for (const file of args) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    } catch (err) {
        console.error(`${file}: ${err.message}`);
        status = 2;
        continue;
    }
    if (check(file, text) > 0 && status === 0) status = 1;
}
process.exit(status);
