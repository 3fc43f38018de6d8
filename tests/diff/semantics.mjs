// The semantics as data (tests/semantics/<topic>/: filter files and
// *.test.yaml cases) run through every oracle of the differential: each
// oracle's routing of every case's events must equal what the test file
// writes (expect: exactly these filters of the topic; expectNot: none of
// these), and agree with `cdcgen eval` on every (event, filter) pair.
//
// The files are read here with the `yaml` package (not by cdcgen): events
// become JSON lines by the YAML core schema as the manual states it for test
// files (plain true/false, null/~/empty, integers and reals; quoted scalars
// are strings), and the filters become the trees pg.mjs translates, as the
// generator's are (gen.mjs). The filters of all topics run as one program,
// so a filter id must be unique across tests/semantics/.
//
// An oracle that cannot express an event or a filter skips it with the
// reason printed and counted, never silently:
//   postgres       Debezium envelopes (the oracle reads flattened rows), NUL
//                  in text, fractions beyond microseconds, and filters
//                  outside what the tree reader below knows (printed)
//   topology-eval  Debezium envelopes (the topology reads the flattened topic)
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { runIn, routingOf } from './proc.mjs';
import { setupSql, convertSql, insertSql, filterSql, sqlString } from './pg.mjs';
import { loadTopology, parseIso, route } from './topology-eval.mjs';
import { STRING_COLUMNS, ENUMS, TS_COLUMNS, HEADER_STRINGS, HEADER_TIMESTAMPS } from './gen.mjs';

class Unsupported extends Error {}

// ---------------------------------------------------------------- YAML ----

// A YAML document as {t: 'map'|'seq'|'scalar'} nodes; scalars keep their
// text and whether they were plain (only plain scalars are typed).
function readYaml(root, file) {
    const YAML = createRequire(join(root, 'tests/validate/package.json'))('yaml');
    const doc = YAML.parseDocument(readFileSync(file, 'utf8'), { schema: 'failsafe', uniqueKeys: true });
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const conv = (n) => {
        if (n === null || n === undefined) return { t: 'scalar', text: '', plain: true };
        if (YAML.isMap(n)) return { t: 'map', pairs: n.items.map((p) => [conv(p.key).text, conv(p.value)]) };
        if (YAML.isSeq(n)) return { t: 'seq', items: n.items.map(conv) };
        if (YAML.isScalar(n)) return { t: 'scalar', text: n.value === null ? '' : String(n.value), plain: n.type === 'PLAIN' };
        throw new Error(`${file}: unexpected YAML node (alias or tag)`);
    };
    return conv(doc.contents);
}

const get = (m, k) => m.pairs.find(([key]) => key === k)?.[1];

// The core schema's reading of a plain scalar (a quoted one is a string).
function kindOf(s) {
    if (s.t !== 'scalar') return s.t;
    if (!s.plain) return 'string';
    const x = s.text;
    if (['', '~', 'null', 'Null', 'NULL'].includes(x)) return 'null';
    if (['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(x)) return 'bool';
    if (/^[-+]?[0-9]+$/.test(x)) return 'int';
    if (/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(x)) return 'float';
    if (/^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/.test(x)) return 'float';
    return 'string';
}

// An event node as one line of JSON; integers stay integers, reals stay
// reals (10000.0 is written 10000.0), as `cdcgen test` reads them.
function eventJson(n) {
    if (n.t === 'map') return '{' + n.pairs.map(([k, v]) => JSON.stringify(k) + ':' + eventJson(v)).join(',') + '}';
    if (n.t === 'seq') return '[' + n.items.map(eventJson).join(',') + ']';
    switch (kindOf(n)) {
        case 'null': return 'null';
        case 'bool': return /^t/i.test(n.text) ? 'true' : 'false';
        case 'int': return BigInt(n.text).toString();
        case 'float': {
            const v = Number(n.text);
            if (!Number.isFinite(v)) throw new Error(`${n.text} has no JSON form`);
            if (Object.is(v, -0)) return '-0.0';
            const s = String(v);
            return /[.eE]/.test(s) ? s : s + '.0';
        }
    }
    return JSON.stringify(n.text);
}

// --------------------------------------------------------- filter trees ----
// The trees of gen.mjs: {kind: 'leaf', field: {text, column, path, type,
// epochMs}, op, values: [{kind, value, ms, re}]} under all/any/not nodes.

const DECLARED = new Map([...HEADER_STRINGS.map((k) => [k, 'string']), ...HEADER_TIMESTAMPS.map((k) => [k, 'timestamp'])]);
const VALUE_TYPES = { string: 'string', number: 'float', int: 'float', integer: 'float', float: 'float', double: 'float', boolean: 'bool', timestamp: 'timestamp' };

function fieldOf(text, valueType, operands) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_$-]+|\[[0-9]+\])*)$/.exec(text);
    if (!m) throw new Unsupported(`field ${text}`);
    const column = m[1];
    const path = [...m[2].matchAll(/\.([A-Za-z0-9_$-]+)|\[([0-9]+)\]/g)].map((s) => (s[1] !== undefined ? s[1] : Number(s[2])));
    const f = { text, column, path };
    if (path.length) {
        if (column !== 'header_data') throw new Unsupported(`path into ${column}`);
        const declared = path.length === 1 && typeof path[0] === 'string' ? DECLARED.get(path[0]) : undefined;
        const k = operands.length ? kindOf(operands[0]) : null;
        f.type = declared ?? (valueType ? VALUE_TYPES[valueType] : k === 'int' || k === 'float' ? 'float' : k === 'bool' ? 'bool' : 'string');
        if (!f.type) throw new Unsupported(`valueType ${valueType}`);
    } else if (STRING_COLUMNS.includes(column) || column in ENUMS) f.type = 'string';
    else if (TS_COLUMNS.includes(column)) f.type = 'timestamp';
    else if (column === '__ts_ms') Object.assign(f, { type: 'timestamp', epochMs: true });
    else if (column === 'header_data') f.type = 'json';
    else throw new Unsupported(`column ${column}`);
    return f;
}

// An ISO-8601 literal as whole epoch milliseconds.
function literalMs(text) {
    const t = parseIso(text);
    if (!t || /[1-9]/.test(t.frac.slice(3))) throw new Unsupported(`timestamp literal ${text}`);
    return Number(t.sec * 1000n) + Number((t.frac + '000').slice(0, 3));
}

function literalOf(f, n) {
    const k = kindOf(n);
    switch (f.type) {
        case 'string':
            if (n.t === 'scalar') return { kind: 'string', value: n.text };
            break;
        case 'float':
            if (k === 'int' || k === 'float' || (n.t === 'scalar' && kindOf({ ...n, plain: true }) !== 'string')) return { kind: 'float', value: Number(n.text) };
            break;
        case 'bool':
            if (n.t === 'scalar' && kindOf({ ...n, plain: true }) === 'bool') return { kind: 'bool', value: /^t/i.test(n.text) };
            break;
        case 'timestamp':
            if (f.epochMs && (k === 'int' || (n.t === 'scalar' && /^-?[0-9]+$/.test(n.text)))) return { kind: 'ts', ms: Number(n.text), int: true };
            if (k === 'string') return { kind: 'ts', ms: literalMs(n.text) };
    }
    throw new Unsupported(`literal ${JSON.stringify(n.text ?? n.t)} for a ${f.type} field`);
}

// java.util.regex, the subset the generator writes, -> its regex tree.
export function parseJavaRegex(pattern) {
    const cs = Array.from(pattern);
    let i = 0;
    const no = (what) => {
        throw new Unsupported(`pattern ${JSON.stringify(pattern)}: ${what}`);
    };
    let ci = false;
    if (pattern.startsWith('(?i)')) {
        ci = true;
        i = 4;
    }
    const S_CLASS = [[' ', ' '], ['\t', '\r']];
    const escaped = () => {
        const e = cs[i++];
        if (e === undefined) no('trailing backslash');
        if (e === 'n') return { t: 'lit', ch: '\n', esc: true };
        if (e === 't') return { t: 'lit', ch: '\t', esc: true };
        if (e === 'd' || e === 's') return { t: 'esc', k: e };
        if (/[A-Za-z0-9]/.test(e)) no(`\\${e}`);
        return { t: 'lit', ch: e };
    };
    const cls = () => {
        const neg = cs[i] === '^';
        if (neg) i++;
        const items = [];
        const one = () => {
            const c = cs[i++];
            if (c === undefined) no('unclosed class');
            if (c === '[' || (c === '&' && cs[i] === '&')) no('nested class or intersection');
            if (c !== '\\') return c;
            const e = escaped();
            if (e.t === 'esc') return e;
            return e.ch;
        };
        while (cs[i] !== ']' || items.length === 0) {
            const lo = one();
            if (typeof lo !== 'string') {
                items.push(...(lo.k === 'd' ? [['0', '9']] : S_CLASS));
                continue;
            }
            if (cs[i] === '-' && cs[i + 1] !== ']' && cs[i + 1] !== undefined) {
                i++;
                const hi = one();
                if (typeof hi !== 'string') no('a range to a class shorthand');
                items.push([lo, hi]);
            } else items.push([lo, lo]);
        }
        i++;
        return { t: 'cls', neg, items };
    };
    const atom = () => {
        const c = cs[i++];
        if (c === '^') return { t: 'bol' };
        if (c === '$') return { t: 'eol' };
        if (c === '.') return { t: 'dot' };
        if (c === '\\') return escaped();
        if (c === '[') return cls();
        if (c === '(') {
            if (cs[i] === '?') {
                if (cs[i + 1] !== ':') no('a group construct other than (?:');
                i += 2;
            }
            const a = alt();
            if (cs[i++] !== ')') no('unclosed group');
            return { t: 'grp', alt: a };
        }
        if ('*+?{})]'.includes(c)) no(`a dangling ${c}`);
        return { t: 'lit', ch: c };
    };
    const quant = (a) => {
        let min, max;
        const c = cs[i];
        if (c === '*') [min, max] = [0, Infinity];
        else if (c === '+') [min, max] = [1, Infinity];
        else if (c === '?') [min, max] = [0, 1];
        else if (c === '{') {
            const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(cs.slice(i).join(''));
            if (!m) no('a { that is no quantifier');
            min = Number(m[1]);
            max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
            i += m[0].length - 1;
        } else return a;
        i++;
        if (a.t === 'bol' || a.t === 'eol') no('a quantified anchor');
        if (cs[i] === '+') no('a possessive quantifier');
        const lazy = cs[i] === '?';
        if (lazy) i++;
        return quant({ t: 'q', atom: a, min, max, lazy });
    };
    const seq = () => {
        const items = [];
        while (i < cs.length && cs[i] !== '|' && cs[i] !== ')') items.push(quant(atom()));
        return { t: 'seq', items };
    };
    const alt = () => {
        const branches = [seq()];
        while (cs[i] === '|') {
            i++;
            branches.push(seq());
        }
        return { t: 'alt', branches };
    };
    const a = alt();
    if (i < cs.length) no(`an unmatched ${cs[i]}`);
    return { t: 'root', ci, alt: a };
}

function condOf(n) {
    if (n.t !== 'map') throw new Unsupported('a condition that is no mapping');
    for (const kind of ['all', 'any']) {
        const g = get(n, kind);
        if (g) return { kind, kids: g.items.map(condOf) };
    }
    const not = get(n, 'not');
    if (not) return { kind: 'not', kids: [condOf(not)] };
    const op = get(n, 'operator').text;
    const valueType = get(n, 'valueType')?.text;
    const operands = op === 'in' || op === 'notIn' ? get(n, 'values').items
        : op === 'between' ? [get(n, 'min'), get(n, 'max')]
        : op === 'isNull' || op === 'isNotNull' ? [] : [get(n, 'value')];
    const field = fieldOf(get(n, 'field').text, valueType, operands);
    if (op === 'matches') return { kind: 'leaf', field, op, values: [{ kind: 'regex', re: parseJavaRegex(operands[0].text) }] };
    if (!['equals', 'in', 'notIn', 'greaterThan', 'lessThan', 'greaterThanOrEqual', 'lessThanOrEqual', 'between', 'isNull', 'isNotNull'].includes(op))
        throw new Unsupported(`operator ${op}`);
    return { kind: 'leaf', field, op, values: operands.map((v) => literalOf(field, v)) };
}

// The filters of one filter file as trees (an unsupported one carries the
// reason instead of conditions).
export function readFilterFile(root, file) {
    return get(readYaml(root, file), 'filters').items.map(filterOf);
}

function filterOf(n) {
    const id = get(n, 'id').text;
    const status = get(n, 'status')?.text;
    const enabled = get(n, 'enabled');
    const generated = !(enabled && kindOf(enabled) === 'bool' && /^f/i.test(enabled.text)) &&
        !['disabled', 'pending_deletion', 'deleted'].includes(status);
    const f = { id, generated, logic: get(n, 'conditionLogic')?.text ?? 'AND' };
    try {
        f.conditions = get(n, 'conditions').items.map(condOf);
    } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        f.unsupported = e.message;
    }
    return f;
}

// ------------------------------------------------------------ the cases ----

// Every topic's filters and cases; events numbered as lines of one file.
export function readSemantics(root, dir) {
    const topics = readdirSync(dir).filter((t) => statSync(join(dir, t)).isDirectory()).sort();
    const filters = [], filterFiles = [], cases = [], events = [];
    const owner = new Map();
    for (const topic of topics) {
        const tdir = join(dir, topic);
        const names = readdirSync(tdir).sort();
        const ids = new Set();
        for (const name of names.filter((x) => /\.(ya?ml|json)$/.test(x) && !/\.test\.ya?ml$/.test(x))) {
            const file = join(tdir, name);
            filterFiles.push(file);
            for (const f of readFilterFile(root, file)) {
                if (owner.has(f.id)) throw new Error(`filter id '${f.id}' is in ${owner.get(f.id)} and ${topic}: ids must be unique across ${relative(root, dir)}/`);
                owner.set(f.id, topic);
                ids.add(f.id);
                filters.push({ ...f, topic });
            }
        }
        for (const name of names.filter((x) => /\.test\.ya?ml$/.test(x))) {
            const file = join(tdir, name);
            for (const c of get(readYaml(root, file), 'tests').items) {
                const ev = get(c, 'event'), evs = get(c, 'events');
                const idSet = (k) => (get(c, k) ? new Set(get(c, k).items.map((x) => x.text)) : null);
                const test = get(c, 'name').text;
                const tc = { where: `${relative(root, file)}: test '${test}'`, short: `${topic}: '${test}'`, topic, ids,
                    expect: idSet('expect'), expectNot: idSet('expectNot') ?? new Set(), lines: [] };
                for (const e of ev ? [ev] : evs.items) {
                    events.push({ text: eventJson(e), node: e });
                    tc.lines.push(events.length);
                }
                cases.push(tc);
            }
        }
    }
    return { topics, filters, filterFiles, cases, events };
}

// The documented Debezium change-event shape: {"schema", "payload"} or an
// "op" text with an "after" or "before" key.
export function isEnvelope(node) {
    if (node.t !== 'map') return false;
    const payload = get(node, 'payload');
    if (payload?.t === 'map' && get(node, 'schema')) return true;
    const op = get(node, 'op');
    return !!op && kindOf(op) === 'string' && (!!get(node, 'after') || !!get(node, 'before'));
}

// Why PostgreSQL cannot hold an event, or null.
function pgCannot(ev) {
    if (isEnvelope(ev.node)) return 'a Debezium envelope (the oracle reads flattened rows)';
    if (/\\u0000/.test(ev.text)) return 'NUL in text (PostgreSQL text cannot hold it)';
    if (/[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[0-9]*[1-9]/.test(ev.text)) return 'a fraction beyond microseconds (PostgreSQL timestamps hold microseconds)';
    return null;
}

// Holds one oracle's routing (line -> filter ids) of the cases' events to
// the expectations and, given ref (cdcgen eval's routing), to the
// reference; skip(line, filter) names why a pair is not asked (filter null:
// the whole event), or null. Failures go to fail(text); returns the pairs
// judged and the events skipped.
export function judgeCases(S, { name, routing, skip = () => null, ref = null, fail, log }) {
    let pairs = 0, bad = 0;
    const skipped = new Map();
    for (const c of S.cases) {
        c.lines.forEach((line, k) => {
            const got = routing.get(line);
            const at = `${c.where} event ${k + 1}`;
            if (!got && !skip(line, null)) {
                bad++;
                fail(`${name}: ${at}: the event is rejected or lost: ${S.events[line - 1].text}`);
                return;
            }
            const errs = [];
            for (const f of S.filters.filter((x) => x.topic === c.topic)) {
                const why = skip(line, f);
                if (why) {
                    if (!skipped.has(why)) skipped.set(why, new Set());
                    skipped.get(why).add(c.lines.length > 1 ? `${c.short} #${k + 1}` : c.short);
                    continue;
                }
                pairs++;
                const routes = got.includes(f.id);
                if (c.expect && routes !== c.expect.has(f.id)) errs.push(`${f.id} ${routes ? 'routes' : 'does not route'}, expected ${c.expect.has(f.id) ? 'to route' : 'not to'}`);
                else if (c.expectNot.has(f.id) && routes) errs.push(`${f.id} routes, listed in expectNot`);
                else if (ref && ref.has(line) && routes !== ref.get(line).includes(f.id)) errs.push(`${f.id} ${routes ? 'routes' : 'does not route'}, cdcgen eval ${routes ? 'does not' : 'does'}`);
            }
            if (errs.length) {
                bad += errs.length;
                fail(`${name}: ${at}: ${errs.join('; ')}\n  event: ${S.events[line - 1].text}\n  ${name} routes (of topic ${c.topic}): ` +
                    JSON.stringify(got.filter((id) => c.ids.has(id))) + (c.expect ? `; expected ${JSON.stringify([...c.expect])}` : ''));
            }
        });
    }
    let nskipped = 0;
    for (const [why, where] of skipped) {
        nskipped += where.size;
        log(`semantics: ${name} skips ${where.size} event(s), ${why}: ${[...where].join('; ')}`);
    }
    if (!bad) log(`semantics: ${name}: ${pairs} (event, filter) pairs as the tests expect` +
        (nskipped ? `, ${nskipped} event(s) skipped (above)` : ''));
    return { pairs, skipped: nskipped, bad };
}

// ---------------------------------------------------------------- run ----

// Writes the cases' events to WORK/events.jsonl and routes them with
// `cdcgen eval` over the topics' filter files.
export function reference(root, S, cdcgen, work) {
    mkdirSync(work, { recursive: true });
    const eventsFile = join(work, 'events.jsonl');
    writeFileSync(eventsFile, S.events.map((e) => e.text).join('\n') + '\n');
    const ev = runIn(root, cdcgen, ['eval', ...S.filterFiles.flatMap((f) => ['-f', f]), eventsFile]);
    return { eventsFile, ref: routingOf(ev.stdout), status: ev.status, stderr: ev.stderr };
}

// Runs the cases through cdcgen eval, PostgreSQL (o.pg; psql from $PSQL),
// the topology interpreter and the Kafka Streams runtime (o.runtime).
// Returns the number of failed checks.
export function runSemantics(root, o, log) {
    let failures = 0;
    const fail = (s) => {
        failures++;
        console.log(`diff: FAIL: semantics: ${s}`);
    };
    const run = (cmd, args, opts) => runIn(root, cmd, args, opts);
    const S = readSemantics(root, o.semantics);
    const work = join(o.work, 'semantics');
    const { eventsFile, ref: evRouting, status, stderr } = reference(root, S, o.cdcgen, work);
    const generated = S.filters.filter((f) => f.generated);
    const nevents = S.events.length;
    log(`semantics: ${S.topics.length} topics, ${S.filters.length} filters, ${S.cases.length} cases, ${nevents} events (${relative(root, o.semantics)}/)`);

    // One oracle's routings (line -> ids) against the expectations and the
    // reference; skip(line, filter) gives the reason a pair is not asked.
    let ref = null;
    const summary = [];
    const judge = (name, routing, skip) => {
        const r = judgeCases(S, { name, routing, skip, ref, fail, log });
        summary.push(`${name} ${r.pairs}${r.skipped ? ` (${r.skipped} events skipped)` : ''}`);
    };
    const none = () => null;

    // ---- cdcgen eval: the reference, held to the expectations too ----
    if (status !== 0) fail(`cdcgen eval exited ${status}: ${stderr.slice(0, 2000)}`);
    judge('cdcgen eval', evRouting, none);

    // Negative control: the routing the expectations write passes the judge;
    // with one expected filter taken from one event and an unexpected one
    // added to another, it fails on exactly those two events.
    {
        const written = new Map();
        for (const c of S.cases) for (const l of c.lines) written.set(l, [...(c.expect ?? [])]);
        const c1 = S.cases.find((c) => c.expect?.size);
        const c2 = S.cases.find((c) => c !== c1 && c.expect && [...c.ids].some((id) => !c.expect.has(id)));
        if (!c1 || !c2) throw new Error('the semantics cases expect too little to check the judge with');
        const count = (routing) => {
            let n = 0;
            judgeCases(S, { name: 'negative control', routing, fail: () => n++, log: () => {} });
            return n;
        };
        const base = count(written);
        const gone = [...c1.expect][0], extra = [...c2.ids].find((id) => !c2.expect.has(id));
        written.set(c1.lines[0], written.get(c1.lines[0]).filter((id) => id !== gone));
        written.get(c2.lines[0]).push(extra);
        const n = count(written);
        if (base !== 0 || n !== 2) fail(`negative control: the judge fails ${base} events of the routing the tests write (want 0), ` +
            `and ${n} (want 2) without ${gone} in ${c1.where} and with ${extra} in ${c2.where}`);
        else log(`semantics: negative control: the judge passes the routing the tests write, and fails it on exactly two events without ${gone} in one and with ${extra} in another`);
    }

    // ---- PostgreSQL ----
    if (o.pg) {
        const psql = process.env.PSQL || 'psql';
        const psqlArgs = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', '\t'];
        const cannot = new Map();
        S.events.forEach((e, k) => {
            const why = pgCannot(e);
            if (why) cannot.set(k + 1, why);
        });
        const sql = [setupSql];
        S.events.forEach((e, k) => cannot.has(k + 1) || sql.push(insertSql(k + 1, e.text)));
        sql.push(convertSql);
        for (const f of generated.filter((x) => !x.unsupported))
            sql.push(`SELECT ${sqlString(f.id)}, coalesce(string_agg(line::text, ' ' ORDER BY line), '') FROM ev WHERE ${filterSql(f)};`);
        const script = join(work, 'oracle.sql');
        writeFileSync(script, sql.join('\n') + '\n');
        const db = run(psql, [...psqlArgs, '-c', 'CREATE DATABASE semantics']);
        if (db.status !== 0) throw new Error(`psql: cannot create the database semantics: ${db.stderr}`);
        const r = run(psql, [...psqlArgs, '-f', script], { env: { PGDATABASE: 'semantics' } });
        if (r.status !== 0) throw new Error(`psql failed on the semantics (exit ${r.status}): ${r.stderr.slice(0, 4000)}`);
        const pg = new Map();
        for (let line = 1; line <= nevents; line++) if (!cannot.has(line)) pg.set(line, []);
        for (const l of r.stdout.split('\n')) if (l) {
            const [id, lines] = l.split('\t');
            for (const n of lines ? lines.split(' ') : []) pg.get(Number(n)).push(id);
        }
        judge('postgres', pg, (line, f) => cannot.get(line) ?? (f?.unsupported ? `filter ${f.id}: ${f.unsupported}` : null));
    } else log('semantics: postgres: skipped (--no-pg)');

    // ---- the topology: interpreter and Kafka Streams runtime ----
    const g = run(o.cdcgen, ['generate', '-t', 'kstreams', '-o', '-', ...S.filterFiles]);
    if (g.status !== 0) throw new Error(`cdcgen generate -t kstreams (semantics) failed: ${g.stderr.slice(0, 2000)}`);
    const topoFile = join(work, 'kstreams.json');
    writeFileSync(topoFile, g.stdout);
    const branches = loadTopology(g.stdout);
    if (branches.map((b) => b.filter).join() !== generated.map((f) => f.id).join())
        fail(`topology branches ${branches.map((b) => b.filter).join(',')} are not the generated filters in order`);
    const envelope = (line) => (isEnvelope(S.events[line - 1].node) ? 'a Debezium envelope (the topology reads the flattened topic)' : null);
    const te = new Map();
    S.events.forEach((e, k) => envelope(k + 1) || te.set(k + 1, route(branches, e.text)));
    judge('topology-eval', te, envelope);

    if (o.runtime) {
        const rt = run('java', ['-Xmx1g', '-jar', o.runtime, '--topology', topoFile, '--replay', eventsFile]);
        if (rt.status !== 0) fail(`kstreams runtime exited ${rt.status} on the semantics: ${rt.stderr.slice(0, 2000)}`);
        judge('kstreams-runtime', routingOf(rt.stdout), none);
    } else log('semantics: kstreams runtime: skipped (no --runtime)');
    if (!failures) log(`semantics: ${S.cases.length} cases, ${nevents} events as ${relative(root, o.semantics)}/ expects; (event, filter) pairs per oracle: ${summary.join(', ')}`);
    return failures;
}
