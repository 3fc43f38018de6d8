// The Flink differential: random filters and events from tests/diff/gen.mjs
// (with --typed-columns: every column of its declared JSON type or null, as
// Debezium writes them), routed by `cdcgen eval` and by cdcgen's generated
// SQL on real Flink (tests/flink/replay), per Flink line and SQL target.
// Every (event, filter) routing must agree, and no event may be lost.
// The same replays carry the cases of tests/semantics/ (filters and events
// beside the random ones), each held to the routing its test file expects
// (tests/diff/semantics.mjs); a case Flink's json format cannot read as
// Debezium writes rows is skipped with the reason printed.
//
//   node diff.mjs --cdcgen BIN --work DIR [--seed N] [--filters F] [--events E]
//                 [--flink 1.20,2.2] [--targets flink,fan-out,confluent] [--max-report K]
//                 [--semantics DIR | --no-semantics]
// Exit status: 0 all agree, 1 a disagreement, 2 trouble.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, writeWorld, filterDoc, toYaml, Raw, STRING_COLUMNS, ENUMS, TS_COLUMNS } from '../diff/gen.mjs';
import { runIn, routingOf } from '../diff/proc.mjs';
import { readSemantics, reference, judgeCases, isEnvelope } from '../diff/semantics.mjs';
import { parseJson, JNum } from '../diff/topology-eval.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function parseArgs(argv) {
    const o = { seed: 1, nfilters: 60, nevents: 300, lines: ['1.20', '2.2'], targets: ['flink', 'fan-out', 'confluent'], maxReport: 3,
        semantics: join(root, 'tests/semantics') };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i], next = () => {
            if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--seed') o.seed = Number(next());
        else if (a === '--filters') o.nfilters = Number(next());
        else if (a === '--events') o.nevents = Number(next());
        else if (a === '--cdcgen') o.cdcgen = resolve(next());
        else if (a === '--work') o.work = resolve(next());
        else if (a === '--flink') o.lines = next().split(',').filter(Boolean);
        else if (a === '--targets') o.targets = next().split(',').filter(Boolean);
        else if (a === '--max-report') o.maxReport = Number(next());
        else if (a === '--semantics') o.semantics = resolve(next());
        else if (a === '--no-semantics') o.semantics = null;
        else throw new Error(`unknown argument '${a}'`);
    }
    for (const k of ['seed', 'nfilters', 'nevents'])
        if (!Number.isInteger(o[k]) || o[k] < (k === 'seed' ? 0 : 1)) throw new Error(`--${k === 'seed' ? 'seed' : k.slice(1)} needs a whole number`);
    for (const t of o.targets) if (!['flink', 'fan-out', 'confluent'].includes(t)) throw new Error(`unknown target '${t}'`);
    if (!o.cdcgen || !o.work) throw new Error('--cdcgen and --work are required');
    return o;
}

const t0 = Date.now();
const log = (s) => console.log(`flink-diff: ${s} [${((Date.now() - t0) / 1000).toFixed(0)}s]`);
let failures = 0;
const fail = (s) => {
    failures++;
    console.log(`flink-diff: FAIL: ${s}`);
};

const run = (cmd, args, opts) => runIn(root, cmd, args, opts);

// Why Flink cannot read a semantics event as the row Debezium would write,
// or null: the source table reads flattened rows, and the json format reads
// a column of another JSON type leniently (README.md: not fixed).
const TEXT_COLUMNS = [...STRING_COLUMNS, ...Object.keys(ENUMS), ...TS_COLUMNS];
function flinkCannot(ev) {
    if (isEnvelope(ev.node)) return 'a Debezium envelope (the source table reads flattened rows)';
    const row = parseJson(ev.text);
    for (const [k, v] of row) {
        const ok = v === null || (TEXT_COLUMNS.includes(k) ? typeof v === 'string'
            : k === '__ts_ms' ? v instanceof JNum && v.isInt
            : k === 'header_data' ? !(v instanceof JNum) && typeof v !== 'boolean' : true);
        if (!ok) return 'a column of another JSON type than Debezium writes (the json format reads it leniently)';
    }
    return null;
}

// The INSERT of filter f in the flink target's script, up to its ';'.
function insertOf(sql, f) {
    const sink = `sink_${f.id.replace(/-/g, '_')}`;
    const lines = sql.split('\n');
    const at = lines.findIndex((l) => l.includes(`INSERT INTO \`${sink}\``));
    if (at < 0) return '(not found)';
    const out = [];
    for (let i = at; i < lines.length; i++) {
        out.push(lines[i]);
        if (lines[i].endsWith(';')) break;
    }
    return out.join('\n');
}

function main() {
    const o = parseArgs(process.argv.slice(2));
    const world = generate({ seed: o.seed, nfilters: o.nfilters, nevents: o.nevents, typedColumns: true });
    writeWorld(world, o.work);
    const filtersDir = join(o.work, 'filters');
    const eventsFile = join(o.work, 'events.jsonl');
    const generated = world.filters.filter((f) => f.generated);
    const pairs = generated.length * world.events.length;
    log(`seed ${o.seed}: ${world.filters.length} filters (${generated.length} generated), ${world.events.length} events (typed columns)`);

    const ev = run(o.cdcgen, ['eval', '-f', filtersDir, eventsFile]);
    if (ev.status !== 0) {
        console.log(ev.stderr.split('\n').filter((l) => / error: /.test(l)).slice(0, 20).join('\n'));
        throw new Error(`cdcgen eval exited ${ev.status}`);
    }
    const ref = routingOf(ev.stdout);
    let routed = 0;
    for (const ids of ref.values()) routed += ids.length;
    log(`cdcgen eval: ${ref.size} events, ${routed} of ${pairs} routings TRUE`);
    if (routed === 0) fail('cdcgen eval routes nothing: the comparison would prove nothing');

    // The flink target in each layout (flink.layout): 'flink' is per-filter,
    // 'fan-out' the routing function's single sink; confluent per-filter.
    const layout = {};
    for (const l of ['per-filter', 'fan-out']) {
        layout[l] = join(o.work, `cdcgen-${l}.yaml`);
        // -c names the project: the seed's table, as the default project has it
        writeFileSync(layout[l], `schema: ${join(root, 'tests/fixtures/schema.yaml')}\nflink:\n  layout: ${l}\n`);
    }
    const configOf = (target) => ['-c', layout[target === 'fan-out' ? 'fan-out' : 'per-filter']];
    const flinkSql = run(o.cdcgen, ['generate', ...configOf('flink'), '-t', 'flink', '-o', '-', filtersDir]).stdout;

    // The semantics cases ride along: their filter files beside the random
    // ones, the events Flink can read after the random events.
    // The fan-out layout reads records as bytes and decides them with the
    // Kafka Streams runtime's reader, so it takes every semantics event, the
    // ones Flink's json format cannot read included: a file of its own.
    let replayFilters = filtersDir, replayEvents = eventsFile, replayEventsAll = eventsFile, S = null, semRef = null;
    const semLine = new Map(), semLineAll = new Map(), cannot = new Map();
    if (o.semantics) {
        S = readSemantics(root, o.semantics);
        const r = reference(root, S, o.cdcgen, join(o.work, 'semantics'));
        if (r.status !== 0) throw new Error(`cdcgen eval exited ${r.status} on the semantics: ${r.stderr.slice(0, 2000)}`);
        semRef = r.ref;
        replayFilters = join(o.work, 'replay-filters');
        mkdirSync(replayFilters, { recursive: true });
        for (const f of world.files) copyFileSync(join(filtersDir, f.name), join(replayFilters, f.name));
        for (const f of S.filterFiles) copyFileSync(f, join(replayFilters, `semantics-${basename(dirname(f))}-${basename(f)}`));
        const lines = [...world.events], linesAll = [...world.events];
        S.events.forEach((e, k) => {
            linesAll.push(e.text);
            semLineAll.set(linesAll.length, k + 1);
            const why = flinkCannot(e);
            if (why) cannot.set(k + 1, why);
            else {
                lines.push(e.text);
                semLine.set(lines.length, k + 1);
            }
        });
        replayEvents = join(o.work, 'replay-events.jsonl');
        writeFileSync(replayEvents, lines.join('\n') + '\n');
        replayEventsAll = join(o.work, 'replay-events-all.jsonl');
        writeFileSync(replayEventsAll, linesAll.join('\n') + '\n');
        log(`semantics: ${S.cases.length} cases, ${S.events.length} events (${semLine.size} readable by Flink) in the same replays`);
    }

    // The comparison must be able to fail: with two filters' sinks swapped in
    // the script, exactly the routings where they differ must disagree.
    {
        const routes = (f) => new Set([...ref].filter(([, ids]) => ids.includes(f.id)).map(([l]) => l));
        let a, b, expect = 0;
        for (const f of generated) {
            if (!a) { a = f; continue; }
            const ra = routes(a), rb = routes(f);
            expect = [...ra].filter((l) => !rb.has(l)).length + [...rb].filter((l) => !ra.has(l)).length;
            if (expect) { b = f; break; }
        }
        if (!b) throw new Error('no two filters route differently: nothing to check the comparison with');
        const sink = (f) => `INSERT INTO \`sink_${f.id.replace(/-/g, '_')}\``;
        const swapped = flinkSql.replace(sink(a), '\u0000').replace(sink(b), sink(a)).replace('\u0000', sink(b));
        const file = join(o.work, 'swapped.sql');
        writeFileSync(file, swapped);
        const r = run(join(here, 'replay'), ['--sql', file, eventsFile, '--flink', o.lines[0]], { env: { CDCGEN: o.cdcgen } });
        if (r.status !== 0) throw new Error(`replay of the swapped script exited ${r.status}: ${r.stderr.slice(-2000)}`);
        const got = routingOf(r.stdout);
        let bad = 0, others = 0;
        for (let ln = 1; ln <= world.events.length; ln++) {
            const x = new Set(ref.get(ln) ?? []), y = new Set(got.get(ln) ?? []);
            for (const f of generated)
                if (x.has(f.id) !== y.has(f.id)) (f === a || f === b ? bad++ : others++);
        }
        // a's and b's sinks traded rows: each differs where the two filters differ
        if (bad !== 2 * expect || others) fail(`negative control: swapping the sinks of ${a.id} and ${b.id} gave ${bad} disagreements (want ${2 * expect}) and ${others} elsewhere`);
        else log(`negative control: with the sinks of ${a.id} and ${b.id} swapped, Flink ${o.lines[0]} disagrees on exactly their ${2 * expect} differing routings`);
    }
    let semPairs = 0;
    for (const line of o.lines) {
        for (const target of o.targets) {
            const name = `Flink ${line} ${target}`;
            const fanOut = target === 'fan-out';
            const r = run(join(here, 'replay'), [replayFilters, fanOut ? replayEventsAll : replayEvents, '--flink', line,
                '--target', target === 'fan-out' ? 'flink' : target, ...configOf(target)],
                { env: { CDCGEN: o.cdcgen } });
            writeFileSync(join(o.work, `replay-${line}-${target}.out`), r.stdout);
            writeFileSync(join(o.work, `replay-${line}-${target}.err`), r.stderr);
            if (r.status !== 0) {
                console.log(r.stderr.split('\n').filter((l) => /Exception|Caused by|error/.test(l)).slice(0, 15).join('\n'));
                fail(`${name}: tests/flink/replay exited ${r.status} (log: ${join(o.work, `replay-${line}-${target}.err`)})`);
                continue;
            }
            const got = routingOf(r.stdout);
            let bad = 0, reported = 0;
            for (let ln = 1; ln <= world.events.length; ln++) {
                if (!got.has(ln)) {
                    bad++;
                    if (reported++ < o.maxReport) console.log(`\n---- ${name}: event line ${ln} was dropped ----\n  ${world.events[ln - 1]}`);
                    continue;
                }
                const a = new Set(ref.get(ln) ?? []), b = new Set(got.get(ln));
                for (const f of generated) {
                    if (a.has(f.id) === b.has(f.id)) continue;
                    bad++;
                    if (reported++ >= o.maxReport) continue;
                    console.log(`\n---- ${name}: event line ${ln}, filter ${f.id} (${f.file}) ----`);
                    console.log(`cdcgen eval: ${a.has(f.id) ? 'routes' : 'does not route'}; Flink: ${b.has(f.id) ? 'routes' : 'does not route'}`);
                    console.log('filter:\n' + toYaml([filterDoc(f)], 2).join('\n'));
                    console.log('event:\n  ' + world.events[ln - 1]);
                    console.log('flink SQL:\n' + insertOf(flinkSql, f));
                    const dir = join(o.work, 'mismatch');
                    mkdirSync(dir, { recursive: true });
                    const ff = join(dir, `${f.id}.yaml`), ef = join(dir, `line-${ln}.jsonl`);
                    writeFileSync(ff, toYaml({ version: new Raw('1'), filters: [filterDoc({ ...f, enabled: undefined, status: undefined })] }).join('\n') + '\n');
                    writeFileSync(ef, world.events[ln - 1] + '\n');
                    const tr = run(o.cdcgen, ['eval', '--trace', '-f', ff, ef]);
                    console.log('cdcgen eval --trace:\n  ' + (tr.stdout.trim() || tr.stderr.trim()));
                    console.log(`replay it: tests/flink/replay ${ff} ${ef} --flink ${line} --target ${target === 'fan-out' ? 'flink' : target} ${configOf(target).join(' ')}`);
                }
            }
            if (bad) fail(`${name}: ${bad} of ${pairs} (event, filter) routings disagree with cdcgen eval`);
            else log(`${name}: ${pairs} routings agree with cdcgen eval (${world.events.length} events, ${routed} routed)`);
            if (S) {
                const sem = new Map();
                for (const [ln, k] of fanOut ? semLineAll : semLine) if (got.has(ln)) sem.set(k, got.get(ln));
                const skip = fanOut ? () => null : (k) => cannot.get(k) ?? null;
                const j = judgeCases(S, { name, routing: sem, skip, ref: semRef, fail, log });
                semPairs += j.pairs;
            }
        }
    }
    if (failures) console.log(`flink-diff: FAILED: seed ${o.seed}, ${generated.length} filters x ${world.events.length} events: ${failures} check(s) failed`);
    else console.log(`flink-diff: ${o.lines.length * o.targets.length} runs (Flink ${o.lines.join(', ')}; ${o.targets.join(', ')}) x ${pairs} routings agree, seed ${o.seed}` +
        (S ? `; semantics: ${semPairs} (event, filter) pairs as tests/semantics expects, ${cannot.size} of ${S.events.length} events skipped by the json-format runs (the fan-out runs take all)` : ''));
}

try {
    main();
    process.exit(failures ? 1 : 0);
} catch (e) {
    console.error(`flink-diff: error: ${e.message}`);
    process.exit(2);
}
