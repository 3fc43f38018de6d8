// The differential test driver (started by run.sh, which owns the
// PostgreSQL server). Steps, all but 5c on the same generated world:
//   1. gen.mjs: random filter files and events from --seed;
//   2. `cdcgen check` must accept every filter file;
//   3. `cdcgen eval` routes the events (the reference);
//   4. PostgreSQL routes them with pg.mjs's translation of the generator's
//      own trees; every (event, filter) pair must agree;
//   5. topology-eval.mjs routes them from `cdcgen generate -t kstreams`;
//      every pair must agree;
//   5b. with --runtime, the Kafka Streams runtime replays them; every pair
//      must agree;
//   5c. semantics.mjs: every case of tests/semantics/ through cdcgen eval,
//      PostgreSQL, the topology interpreter and the runtime, each held to
//      the routing its test file expects;
//   6. every `-t flink` and `-t confluent` script, per filter file, parses
//      with dt-sql-parser's FlinkSQL grammar (tests/validate/flink-sql.mjs);
//   7. every `-t kstreams` document, per filter file and for all of them,
//      validates against grammar/topology.schema.json (ajv-cli).
// A disagreement prints the filter, the event, both routings, the SQL, the
// SQL value of every leaf, and `cdcgen eval --trace` of that event.
//
//   node run.mjs --cdcgen BIN --work DIR [--seed N] [--filters F] [--events E]
//                [--corners LIST] [--no-pg] [--max-report K] [--runtime JAR]
//                [--semantics DIR | --no-semantics]
// PostgreSQL: psql from $PSQL (default psql), connection from PGHOST etc.
// Exit status: 0 all agree, 1 a disagreement or invalid output, 2 trouble.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, writeWorld, filterDoc, toYaml, Raw, parseCorners } from './gen.mjs';
import { runIn, routingOf } from './proc.mjs';
import { setupSql, convertSql, insertSql, filterSql, leafSql, leaves, sqlString } from './pg.mjs';
import { loadTopology, route } from './topology-eval.mjs';
import { runSemantics, readFilterFile } from './semantics.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function parseArgs(argv) {
    const o = { seed: 1, nfilters: 200, nevents: 500, corners: new Set(), pg: true, maxReport: 3, semantics: join(root, 'tests/semantics') };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i], next = () => argv[++i];
        if (a === '--seed') o.seed = Number(next());
        else if (a === '--filters') o.nfilters = Number(next());
        else if (a === '--events') o.nevents = Number(next());
        else if (a === '--cdcgen') o.cdcgen = resolve(next());
        else if (a === '--work') o.work = resolve(next());
        else if (a === '--corners') o.corners = parseCorners(next() ?? '');
        else if (a === '--no-pg') o.pg = false;
        else if (a === '--max-report') o.maxReport = Number(next());
        else if (a === '--runtime') o.runtime = resolve(next());
        else if (a === '--semantics') o.semantics = resolve(next());
        else if (a === '--no-semantics') o.semantics = null;
        else throw new Error(`unknown argument '${a}'`);
    }
    for (const k of ['seed', 'nfilters', 'nevents'])
        if (!Number.isInteger(o[k]) || o[k] < (k === 'seed' ? 0 : 1)) throw new Error(`--${k === 'seed' ? 'seed' : k.slice(1)} needs a whole number${k === 'seed' ? '' : ' of at least 1'}`);
    if (!o.cdcgen || !o.work) throw new Error('--cdcgen and --work are required');
    return o;
}

const t0 = Date.now();
const log = (s) => console.log(`diff: ${s}${process.env.VERBOSE === '1' ? ` [${((Date.now() - t0) / 1000).toFixed(1)}s]` : ''}`);
let failures = 0;
const fail = (s) => {
    failures++;
    console.log(`diff: FAIL: ${s}`);
};

const run = (cmd, args, opts) => runIn(root, cmd, args, opts);

function main() {
    const o = parseArgs(process.argv.slice(2));
    const world = generate({ seed: o.seed, nfilters: o.nfilters, nevents: o.nevents, corners: o.corners });
    writeWorld(world, o.work);
    const filtersDir = join(o.work, 'filters');
    const eventsFile = join(o.work, 'events.jsonl');
    const generated = world.filters.filter((f) => f.generated);
    const byId = new Map(world.filters.map((f) => [f.id, f]));
    const pairs = generated.length * world.events.length;
    log(`seed ${o.seed}${o.corners.size ? ` (corners: ${[...o.corners].join(', ')})` : ''}: ${world.filters.length} filters (${generated.length} generated) ` +
        `in ${world.files.length} files, ${world.events.length} events`);

    // ---- 2. check ----
    const chk = run(o.cdcgen, ['check', '--format', 'json', filtersDir]);
    let diags;
    try {
        diags = JSON.parse(chk.stdout);
    } catch {
        throw new Error(`cdcgen check printed no JSON (exit ${chk.status}): ${chk.stderr}`);
    }
    if (chk.status !== 0 || diags.errors) {
        for (const d of diags.diagnostics.filter((x) => x.severity === 'error').slice(0, 20))
            console.log(`  ${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`);
        fail(`cdcgen check rejects ${diags.errors} thing(s) in generated filters (exit ${chk.status}): ` +
            'a generator bug, or cdcgen rejecting what the language allows');
        return;
    }
    log(`cdcgen check: ${world.files.length} files ok (${diags.warnings} warnings)`);

    // ---- 3. the reference ----
    const ev = run(o.cdcgen, ['eval', '-f', filtersDir, eventsFile]);
    if (ev.status !== 0) {
        console.log(ev.stderr.split('\n').filter((l) => / error: /.test(l)).slice(0, 20).join('\n'));
        fail(`cdcgen eval exited ${ev.status} on generated events`);
    }
    const ref = routingOf(ev.stdout);
    if (ref.size !== world.events.length) fail(`cdcgen eval routed ${ref.size} of ${world.events.length} events`);
    let routed = 0;
    for (const ids of ref.values()) routed += ids.length;
    log(`cdcgen eval: ${ref.size} events, ${routed} routings TRUE of ${pairs}`);

    const compare = (name, other, explain) => {
        let bad = 0, reported = 0;
        for (let line = 1; line <= world.events.length; line++) {
            const a = new Set(ref.get(line) ?? []), b = new Set(other.get(line) ?? []);
            for (const f of generated) {
                if (a.has(f.id) === b.has(f.id)) continue;
                bad++;
                if (reported++ < o.maxReport) explain(line, f, a.has(f.id), b.has(f.id));
            }
        }
        if (bad) fail(`${name}: ${bad} of ${pairs} (event, filter) routings disagree with cdcgen eval`);
        else log(`${name}: ${pairs} routings agree`);
        return bad;
    };

    const explainCommon = (line, f, cdc, other, name) => {
        console.log(`\n---- disagreement: event line ${line}, filter ${f.id} (${f.file}) ----`);
        console.log(`cdcgen eval: ${cdc ? 'routes' : 'does not route'}; ${name}: ${other ? 'routes' : 'does not route'}`);
        console.log('filter:\n' + toYaml([filterDoc(f)], 2).join('\n'));
        console.log('event:\n  ' + world.events[line - 1]);
        console.log(`routing of line ${line}: cdcgen eval ${ref.has(line) ? JSON.stringify(ref.get(line)) : '(line rejected)'}`);
        const dir = join(o.work, 'mismatch');
        mkdirSync(dir, { recursive: true });
        const ff = join(dir, `${f.id}.yaml`), ef = join(dir, `line-${line}.jsonl`);
        writeFileSync(ff, toYaml({ version: new Raw('1'), filters: [filterDoc({ ...f, enabled: undefined, status: undefined })] }).join('\n') + '\n');
        writeFileSync(ef, world.events[line - 1] + '\n');
        const tr = run(o.cdcgen, ['eval', '--trace', '-f', ff, ef]);
        console.log('cdcgen eval --trace:\n  ' + (tr.stdout.trim() || tr.stderr.trim()));
    };

    // ---- 4. PostgreSQL ----
    if (o.pg) {
        const psql = process.env.PSQL || 'psql';
        const sql = [setupSql];
        world.events.forEach((e, k) => sql.push(insertSql(k + 1, e)));
        sql.push(convertSql);
        const exprs = new Map();
        for (const f of generated) {
            const x = filterSql(f);
            exprs.set(f.id, x);
            sql.push(`SELECT ${sqlString(f.id)}, coalesce(string_agg(line::text, ' ' ORDER BY line), '') FROM ev WHERE ${x};`);
        }
        // Coverage: how often each operator's leaves were TRUE, FALSE, UNKNOWN.
        for (const f of generated) {
            const cols = leaves(f).flatMap((c) => {
                const x = leafSql(c);
                return [`count(*) FILTER (WHERE ${x})`, `count(*) FILTER (WHERE NOT ${x})`, `count(*) FILTER (WHERE (${x}) IS NULL)`];
            });
            sql.push(`SELECT 'coverage:' || ${sqlString(f.id)}, concat_ws(' ', ${cols.join(', ')}) FROM ev;`);
        }
        const script = join(o.work, 'oracle.sql');
        writeFileSync(script, sql.join('\n') + '\n');
        const psqlArgs = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', '\t'];
        const r = run(psql, [...psqlArgs, '-f', script]);
        if (r.status !== 0) throw new Error(`psql failed (exit ${r.status}): ${r.stderr.slice(0, 4000)}`);
        const pg = new Map();
        const coverage = new Map();
        for (const l of r.stdout.split('\n')) if (l) {
            const [id, lines] = l.split('\t');
            if (id.startsWith('coverage:')) {
                const counts = lines.split(' ').map(Number);
                leaves(byId.get(id.slice(9))).forEach((c, k) => {
                    const f = c.field;
                    const key = `${c.op} ${f.epochMs ? 'epoch-ms' : f.type}${f.path.length ? ' path' : ''}`;
                    const v = coverage.get(key) ?? [0, 0, 0];
                    for (let t = 0; t < 3; t++) v[t] += counts[3 * k + t];
                    coverage.set(key, v);
                });
                continue;
            }
            for (const n of lines ? lines.split(' ') : []) {
                const k = Number(n);
                if (!pg.has(k)) pg.set(k, []);
                pg.get(k).push(id);
            }
        }
        // Per operator: leaf outcomes over all events. A column of zeros
        // means the generator never reaches that outcome.
        const byOp = new Map();
        for (const [key, v] of coverage) {
            const op = key.split(' ')[0];
            const w = byOp.get(op) ?? [0, 0, 0];
            for (let t = 0; t < 3; t++) w[t] += v[t];
            byOp.set(op, w);
        }
        log('leaf outcomes (TRUE/FALSE/UNKNOWN) per operator: ' +
            [...byOp].sort().map(([op, [t, f, u]]) => `${op} ${t}/${f}/${u}`).join(', '));
        const never = [...coverage].filter(([, [t, f]]) => t === 0 || f === 0).map(([k, [t]]) => `${k} (never ${t ? 'FALSE' : 'TRUE'})`);
        if (never.length) log(`note: never both TRUE and FALSE: ${never.sort().join('; ')}`);
        if (process.env.VERBOSE === '1')
            for (const [k, [t, f, u]] of [...coverage].sort()) console.log(`  ${k.padEnd(36)} ${t}/${f}/${u}`);
        // The leaf values for an explanation run in a second session over the same tables.
        compare('postgres', pg, (line, f, cdc, other) => {
            explainCommon(line, f, cdc, other, 'postgres');
            console.log(`postgres routing of line ${line}: ${JSON.stringify(pg.get(line) ?? [])}`);
            console.log('postgres expression:\n  ' + exprs.get(f.id));
            const ls = leaves(f);
            const q = `SELECT ${ls.map((c) => `coalesce((${leafSql(c)})::text, 'UNKNOWN')`).join(` || E'\\t' || `)}, ` +
                `hd::text, header_data FROM ev WHERE line = ${line};`;
            const lr = run(psql, [...psqlArgs, '-c', q]);
            const vals = lr.stdout.split('\t');
            console.log('postgres leaves:');
            ls.forEach((c, k) => console.log(`  ${vals[k] === 't' ? 'TRUE' : vals[k] === 'f' ? 'FALSE' : vals[k]}  ${leafSql(c)}`));
            if (lr.status !== 0) console.log(lr.stderr);
        });
    } else {
        log('postgres: skipped (--no-pg)');
    }

    // ---- 5. topology interpreter ----
    const topoDir = join(o.work, 'kstreams');
    mkdirSync(topoDir, { recursive: true });
    const all = run(o.cdcgen, ['generate', '-t', 'kstreams', '-o', '-', filtersDir]);
    if (all.status !== 0) throw new Error(`cdcgen generate -t kstreams failed: ${all.stderr.slice(0, 2000)}`);
    const allFile = join(topoDir, 'all.json');
    writeFileSync(allFile, all.stdout);
    const branches = loadTopology(all.stdout);
    if (branches.length !== generated.length || branches.some((b, k) => b.filter !== generated[k].id))
        fail(`topology branches ${branches.map((b) => b.filter).join(',')} are not the generated filters in order`);
    const te = new Map();
    world.events.forEach((e, k) => te.set(k + 1, route(branches, e)));
    compare('topology-eval', te, (line, f, cdc, other) => {
        explainCommon(line, f, cdc, other, 'topology-eval');
        console.log(`topology-eval routing of line ${line}: ${JSON.stringify(te.get(line))}`);
        const b = JSON.parse(all.stdout).branches.find((x) => x.filter === f.id);
        console.log('topology predicate:\n  ' + JSON.stringify(b.predicate));
    });

    // ---- 5b. the Kafka Streams runtime (runtime/kstreams), replaying the same events ----
    if (o.runtime) {
        const rt = run('java', ['-Xmx1g', '-jar', o.runtime, '--topology', allFile, '--replay', eventsFile]);
        if (rt.status !== 0 && rt.status !== 1) throw new Error(`kstreams runtime exited ${rt.status}: ${rt.stderr.slice(0, 2000)}`);
        const kr = routingOf(rt.stdout);
        const skipped = (m) => [...Array(world.events.length).keys()].map((k) => k + 1).filter((l) => !m.has(l));
        const a = skipped(ref).join(','), b = skipped(kr).join(',');
        if (a !== b) fail(`kstreams runtime skips lines [${b}], cdcgen eval [${a}]`);
        compare('kstreams-runtime', kr, (line, f, cdc, other) => {
            explainCommon(line, f, cdc, other, 'kstreams-runtime');
            console.log(`kstreams-runtime routing of line ${line}: ${JSON.stringify(kr.get(line))}`);
            const b = JSON.parse(all.stdout).branches.find((x) => x.filter === f.id);
            console.log('topology predicate:\n  ' + JSON.stringify(b.predicate));
        });
    } else {
        log('kstreams runtime: skipped (no --runtime)');
    }

    // ---- 5c. the semantics as data, through every oracle above ----
    // Their filters reach PostgreSQL through semantics.mjs's reader of filter
    // files; it must read every generated file back to the generator's trees.
    if (o.semantics) {
        let same = 0;
        for (const file of world.files) {
            for (const f of readFilterFile(root, join(filtersDir, file.name))) {
                const g = byId.get(f.id);
                const why = f.unsupported ?? (f.generated !== g.generated ? 'generated differs'
                    : filterSql(f) !== filterSql(g) ? `SQL differs:\n  read:      ${filterSql(f)}\n  generated: ${filterSql(g)}` : null);
                if (why) fail(`semantics.mjs reads filter ${f.id} (${file.name}) otherwise than generated: ${why}`);
                else same++;
            }
        }
        log(`semantics.mjs's filter reader: ${same} generated filters read back to the same SQL`);
        failures += runSemantics(root, o, log);
    } else log('semantics: skipped (--no-semantics)');

    // ---- 6. Flink SQL grammar ----
    const sqlDir = join(o.work, 'sql');
    mkdirSync(sqlDir, { recursive: true });
    const sqlFiles = [];
    const topoFiles = [allFile];
    for (const file of world.files) {
        const base = file.name.replace(/\.[a-z]+$/, '');
        for (const t of ['flink', 'confluent', 'kstreams']) {
            const g = run(o.cdcgen, ['generate', '-t', t, '-o', '-', join(filtersDir, file.name)]);
            if (g.status !== 0) {
                fail(`cdcgen generate -t ${t} ${file.name} exited ${g.status}: ${g.stderr.slice(0, 1000)}`);
                continue;
            }
            const out = t === 'kstreams' ? join(topoDir, `${base}.json`) : join(sqlDir, `${base}.${t}.sql`);
            writeFileSync(out, g.stdout);
            (t === 'kstreams' ? topoFiles : sqlFiles).push(out);
        }
    }
    const garbage = join(sqlDir, 'zz-garbage.sql');
    writeFileSync(garbage, 'CREATE TABLE t (id STRING) WITH (;\nSELECT FROM WHERE;\n');
    const fs = run('node', [join(root, 'tests/validate/flink-sql.mjs'), ...sqlFiles, garbage]);
    if (fs.status > 1) throw new Error(`flink-sql.mjs failed (exit ${fs.status}): ${fs.stderr.slice(0, 2000)}`);
    const okSql = new Set(fs.stdout.split('\n').filter((l) => l.startsWith('ok ')).map((l) => l.slice(3)));
    if (okSql.has(garbage)) fail('the Flink SQL validator accepts garbage');
    const badSql = sqlFiles.filter((f) => !okSql.has(f));
    if (badSql.length) {
        console.log(fs.stdout.split('\n').filter((l) => l && !l.startsWith('ok ') && !l.startsWith(garbage)).slice(0, 20).join('\n'));
        fail(`Flink SQL: ${badSql.length} of ${sqlFiles.length} scripts do not parse (${badSql.slice(0, 5).join(', ')})`);
    } else log(`flink sql: ${sqlFiles.length} scripts (flink and confluent) parse`);

    // ---- 7. topology JSON Schema ----
    const ajv = join(root, 'tests/validate/node_modules/ajv-cli/dist/index.js');
    const aj = run('node', [ajv, 'validate', '--spec=draft2020', '--allow-union-types', '--all-errors', '--errors=text',
        '-c', 'ajv-formats', '-s', 'grammar/topology.schema.json', ...topoFiles.flatMap((f) => ['-d', f])]);
    const valid = aj.stdout.split('\n').concat(aj.stderr.split('\n')).filter((l) => / valid$/.test(l)).length;
    if (aj.status !== 0 || valid !== topoFiles.length) {
        console.log((aj.stdout + aj.stderr).split('\n').filter((l) => !/ valid$/.test(l)).slice(0, 30).join('\n'));
        fail(`topology schema: ${topoFiles.length - valid} of ${topoFiles.length} documents invalid (ajv exit ${aj.status})`);
    } else log(`kstreams topology: ${topoFiles.length} documents valid against grammar/topology.schema.json`);

    const oracles = [o.pg && 'postgres', 'topology-eval', o.runtime && 'kstreams runtime'].filter(Boolean).join(', ');
    if (failures) console.log(`diff: FAILED: ${world.filters.length} filters x ${world.events.length} events, seed ${o.seed}: ${failures} check(s) failed`);
    else console.log(`diff: ${world.filters.length} filters x ${world.events.length} events, seed ${o.seed}: ` +
        `${pairs} routings agree (cdcgen eval, ${oracles}), ${routed} routed`);
}

try {
    main();
    process.exit(failures ? 1 : 0);
} catch (e) {
    console.error(`diff: error: ${process.env.VERBOSE === "1" ? e.stack : e.message}`);
    process.exit(2);
}

