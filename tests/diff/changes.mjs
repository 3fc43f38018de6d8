// Random changes of random filters through `cdcgen diff`, held to `cdcgen eval`.
//
//   node changes.mjs --cdcgen BIN --work DIR [--seed N] [--filters F] [--events E]
//                    [--measure] [--quiet]
//
// The base is F random filters of gen.mjs (every one generated, one per
// file); the change applies one random edit to each: a leaf replaced by
// another on the same field (its pattern, operator or literals), a subtree
// replaced, a condition added or removed at the top, a subtree negated, the
// logic flipped. Leaves and subtrees come from a second world of the same
// generator, so patterns (`matches`) meet other patterns and literals on the
// same fields. Edits whose file `cdcgen check` refuses are dropped from both
// versions. Then `cdcgen diff --against base --format json` classifies every
// changed condition, and each claim is held to `cdcgen eval` of both
// versions over the generator's random events and every witness event of
// the whole run:
//   - each witness is routed by the base and not by the change (lost), or
//     the reverse (gained), as reported;
//   - no event contradicts a claim: narrowed means no event routed by the
//     change alone, widened none routed by the base alone, unchanged none
//     routed by one of them alone.
// Exit 1 on any contradiction, with the filter, claim and event.
//
// --measure prints only the counts (one JSON line): routing changes, how
// many undecided, and the undecided by reason; tests/bench/diff-undecided.sh
// uses it to compare two binaries. Nothing here reads cdcgen's sources.
import { mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, Rng, filterDoc, toYaml, yamlStyler, Raw, ENUMS } from './gen.mjs';
import { runIn, routingOf } from './proc.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const run = (cmd, args, opts) => runIn(root, cmd, args, opts);

function parseArgs(argv) {
    const o = { seed: 1, filters: 300, events: 1500, measure: false, quiet: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = () => {
            if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--cdcgen') o.cdcgen = resolve(next());
        else if (a === '--work') o.work = resolve(next());
        else if (a === '--seed') o.seed = Number(next());
        else if (a === '--filters') o.filters = Number(next());
        else if (a === '--events') o.events = Number(next());
        else if (a === '--measure') o.measure = true;
        else if (a === '--quiet') o.quiet = true;
        else throw new Error(`unknown argument '${a}'`);
    }
    if (!o.cdcgen || !o.work) throw new Error('--cdcgen and --work are required');
    return o;
}

// ---- edits ----

function leavesOf(c, out = []) {
    if (c.kind === 'leaf') out.push(c);
    else for (const k of c.kids) leavesOf(k, out);
    return out;
}

// Every node of the filter's condition forest with the path to it:
// [index in conditions, kid index, kid index, ...].
function nodes(conditions) {
    const out = [];
    const walk = (c, path) => {
        out.push({ c, path });
        if (c.kind !== 'leaf') c.kids.forEach((k, i) => walk(k, [...path, i]));
    };
    conditions.forEach((c, i) => walk(c, [i]));
    return out;
}

// conditions with the node at path replaced by f(node); the rest shared.
function replaceAt(conditions, path, f) {
    const rebuild = (c, rest) => {
        if (!rest.length) return f(c);
        const kids = c.kids.slice();
        kids[rest[0]] = rebuild(kids[rest[0]], rest.slice(1));
        return { ...c, kids };
    };
    const out = conditions.slice();
    out[path[0]] = rebuild(out[path[0]], path.slice(1));
    return out;
}

// Constructs gen.mjs does not write: word boundaries, counted repetitions,
// \z, case folding, and some outside the regular subset (a back reference,
// a lookahead), which diff must report undecided with the reason.
const MORE_PATTERNS = ['\\bLoan\\b', '^(Loan|Car)[A-Z][a-z]+$', '(?i)^loan', 'Created\\z', '^[^a-z]{2,4}$',
    '^(a)\\1', 'a(?=b)', '\\Bb', '^\\d{3}-\\d{2}$', '(?i)\\bcar', '^.{3}$', '\\ba\\b|\\bb\\b'];

function edit(rng, f, pool) {
    const all = nodes(f.conditions);
    const leaves = all.filter((n) => n.c.kind === 'leaf');
    const kind = rng.weighted([[30, 'leaf'], [10, 'pattern'], [12, 'subtree'], [15, 'add'], [10, 'remove'],
        [10, 'negate'], [8, 'logic']]);
    const head = { ...f };
    switch (kind) {
        case 'leaf': { // another leaf on the same field where the pool has one
            const n = rng.pick(leaves);
            const same = pool.byField.get(n.c.field.text) || pool.leaves;
            head.conditions = replaceAt(f.conditions, n.path, () => rng.pick(same));
            break;
        }
        case 'pattern': { // another pattern on a field matched with one
            const m = leaves.filter((n) => n.c.op === 'matches');
            if (!m.length) return edit(rng, f, pool);
            const n = rng.pick(m);
            const values = rng.chance(0.25) ? [{ kind: 'regex', value: rng.pick(MORE_PATTERNS), yaml: undefined }]
                : rng.pick(pool.patterns).values;
            for (const v of values) if (v.yaml === undefined) v.yaml = v.value;
            head.conditions = replaceAt(f.conditions, n.path, (c) => ({ ...c, values }));
            break;
        }
        case 'subtree': {
            const n = rng.pick(all);
            head.conditions = replaceAt(f.conditions, n.path, () => rng.pick(pool.conds));
            break;
        }
        case 'add': head.conditions = [...f.conditions, rng.pick(pool.conds)]; break;
        case 'remove':
            if (f.conditions.length < 2) return edit(rng, f, pool);
            head.conditions = f.conditions.filter((_, i) => i !== rng.int(f.conditions.length));
            break;
        case 'negate': {
            const n = rng.pick(all);
            head.conditions = replaceAt(f.conditions, n.path, (c) => (c.kind === 'not' ? c.kids[0] : { kind: 'not', kids: [c] }));
            break;
        }
        case 'logic':
            head.logic = f.logic === 'AND' ? 'OR' : 'AND';
            head.logicKey = head.logic;
            break;
    }
    head.edit = kind;
    return head;
}

function poolOf(world) {
    const leaves = [], conds = [], byField = new Map();
    for (const f of world.filters)
        for (const c of f.conditions) {
            conds.push(c);
            for (const l of leavesOf(c)) {
                leaves.push(l);
                if (!byField.has(l.field.text)) byField.set(l.field.text, []);
                byField.get(l.field.text).push(l);
            }
        }
    return { leaves, conds, byField, patterns: leaves.filter((l) => l.op === 'matches') };
}

// ---- events the pipeline can carry ----

// diff decides over the events the connector writes: a column the schema
// declares NOT NULL (or a key) always holds a value of its type, and an
// enum field (__op, __deleted) holds one of its values or is absent. The
// generator's events break both on purpose (for the oracles of run.mjs);
// here they are left out, and witnesses, which hold only the fields their
// filter reads, get the NOT NULL columns they lack.
function notNullColumns(schemaText) {
    const cols = [];
    let cur = null;
    for (const line of schemaText.split('\n')) {
        const name = line.match(/^  - name: (\S+)/);
        if (name) cols.push((cur = { name: name[1], type: null, notNull: false }));
        else if (cur && /^    type: /.test(line)) cur.type = line.replace(/^    type: /, '').trim();
        else if (cur && /^    (nullable: false|key: true)\s*$/.test(line)) cur.notNull = true;
        else if (/^\S/.test(line)) cur = null;
    }
    return cols.filter((c) => c.notNull);
}

function possible(ev, notNull) {
    for (const c of notNull) {
        const v = ev[c.name];
        if (v === undefined || v === null || (c.type === 'string' && typeof v !== 'string')) return false;
    }
    for (const [k, vals] of Object.entries(ENUMS))
        if (ev[k] !== undefined && ev[k] !== null && !vals.includes(ev[k])) return false;
    return true;
}

function completed(ev, notNull) {
    const out = { ...ev };
    for (const c of notNull)
        if (out[c.name] === undefined) out[c.name] = c.type === 'json' ? '{}' : c.type === 'string' ? 'x' : null;
    return out;
}

// ---- files ----

function writeVersion(dir, filters, rng) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of filters) {
        const doc = { version: new Raw('1'), filters: [filterDoc(f)] };
        writeFileSync(join(dir, `${f.id}.yaml`), toYaml(doc, 0, yamlStyler(rng)).join('\n') + '\n');
    }
}

// The ids whose file `cdcgen check` refuses in dir.
function refused(o, dir) {
    const r = run(o.cdcgen, ['check', '--format', 'json', dir], { cwd: o.work });
    let d;
    try {
        d = JSON.parse(r.stdout);
    } catch {
        throw new Error(`cdcgen check printed no JSON (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    }
    const bad = new Set();
    for (const x of d.diagnostics || [])
        if (x.severity === 'error' && x.file) bad.add(x.file.replace(/^.*\//, '').replace(/\.yaml$/, ''));
    return bad;
}

function main() {
    const o = parseArgs(process.argv.slice(2));
    const log = (m) => { if (!o.quiet && !o.measure) console.log(`changes: ${m}`); };
    mkdirSync(o.work, { recursive: true });
    const schemaFile = join(root, 'tests/fixtures/schema.yaml');
    writeFileSync(join(o.work, 'cdcgen.yaml'), `schema: ${schemaFile}\n`);
    const notNull = notNullColumns(readFileSync(schemaFile, 'utf8'));
    if (!notNull.some((c) => c.name === 'event_name')) throw new Error('cannot read the NOT NULL columns of the schema');
    const world = generate({ seed: o.seed, nfilters: o.filters, nevents: o.events });
    const pool = poolOf(generate({ seed: o.seed + 7919, nfilters: 200, nevents: 0 }));
    const rng = new Rng(o.seed * 31 + 17);
    let base = world.filters.map((f) => ({ ...f, status: undefined, enabled: undefined, generated: true }));
    let head = base.map((f) => edit(rng, f, pool));

    const baseDir = join(o.work, 'base', 'filters'), headDir = join(o.work, 'filters');
    writeVersion(baseDir, base, new Rng(o.seed));
    writeVersion(headDir, head, new Rng(o.seed + 1));
    const bad = new Set([...refused(o, baseDir), ...refused(o, headDir)]);
    if (bad.size) {
        base = base.filter((f) => !bad.has(f.id));
        head = head.filter((f) => !bad.has(f.id));
        writeVersion(baseDir, base, new Rng(o.seed));
        writeVersion(headDir, head, new Rng(o.seed + 1));
        if (refused(o, baseDir).size + refused(o, headDir).size)
            throw new Error('cdcgen check still refuses filters after dropping the refused ones');
    }
    log(`${base.length} filters, one random edit each (${bad.size} edits cdcgen check refuses dropped)`);

    const t0 = Date.now();
    const d = run(o.cdcgen, ['diff', '--against', 'base', '--allow-breaking', '--format', 'json'], { cwd: o.work });
    const ms = Date.now() - t0;
    if (d.status !== 0) throw new Error(`cdcgen diff exited ${d.status}: ${d.stderr.slice(0, 2000)}`);
    const report = JSON.parse(d.stdout);
    const routing = report.changes.filter((c) => ['narrowed', 'widened', 'both', 'undecided', 'unchanged'].includes(c.change));
    const undecided = routing.filter((c) => c.change === 'undecided');
    const byReason = {};
    for (const c of undecided) {
        const r = /regular subset/.test(c.reason) ? (c.reason.match(/: the ([a-z() ]+?) '/) || [, 'outside the regular subset'])[1]
            : /automaton/.test(c.reason) ? 'automaton bound'
            : /regular expression/.test(c.reason) ? 'regular expression'
            : /combinations of values/.test(c.reason) ? 'too many combinations'
            : /overlap/.test(c.reason) ? 'overlapping paths' : 'other';
        byReason[r] = (byReason[r] || 0) + 1;
    }
    const counts = {};
    for (const c of routing) counts[c.change] = (counts[c.change] || 0) + 1;
    const withPattern = (f) => f.conditions.some((c) => leavesOf(c).some((l) => l.op === 'matches'));
    const ids = new Map(head.map((f, i) => [f.id, i]));
    const patternChanges = routing.filter((c) => withPattern(base[ids.get(c.filter)]) || withPattern(head[ids.get(c.filter)]));
    const summary = {
        seed: o.seed, filters: base.length, routingChanges: routing.length, undecided: undecided.length,
        share: routing.length ? +(undecided.length / routing.length).toFixed(4) : 0,
        withPattern: patternChanges.length,
        undecidedWithPattern: patternChanges.filter((c) => c.change === 'undecided').length,
        counts, byReason, diffMs: ms,
    };
    if (o.measure) {
        console.log(JSON.stringify(summary));
        return 0;
    }
    log(`cdcgen diff: ${routing.length} routing changes in ${ms} ms: ${JSON.stringify(counts)}; ` +
        `undecided ${undecided.length} (${(100 * summary.share).toFixed(1)}%) ${JSON.stringify(byReason)}`);

    // ---- every claim held to cdcgen eval ----
    const witnesses = [];
    for (const c of routing)
        for (const w of c.witnesses || []) witnesses.push({ c, w, line: JSON.stringify(completed(w.event, notNull)) });
    const events = world.events.filter((l) => {
        try {
            return possible(JSON.parse(l), notNull);
        } catch {
            return false;
        }
    });
    const lines = [...events, ...witnesses.map((x) => x.line)];
    const eventsFile = join(o.work, 'events.jsonl');
    writeFileSync(eventsFile, lines.join('\n') + '\n');
    const evalOf = (dir) => {
        const r = run(o.cdcgen, ['eval', '-f', dir, eventsFile], { cwd: o.work });
        if (r.status !== 0 && r.status !== 1) throw new Error(`cdcgen eval exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
        return routingOf(r.stdout);
    };
    const rb = evalOf(baseDir), rh = evalOf(headDir);
    const failures = [];
    const routes = (m, line, id) => (m.get(line) || []).includes(id);
    // Witnesses: routed as reported.
    witnesses.forEach((x, i) => {
        const line = events.length + i + 1;
        if (!rb.has(line) || !rh.has(line)) {
            failures.push(`${x.c.filter} (${x.c.change}): witness ${x.line} is no event cdcgen eval reads`);
            return;
        }
        const b = routes(rb, line, x.c.filter), h = routes(rh, line, x.c.filter);
        if (b !== x.w.base || h !== x.w.change)
            failures.push(`${x.c.filter} (${x.c.change}): witness ${x.line}: base routes it ${b} (claimed ${x.w.base}), change ${h} (claimed ${x.w.change})`);
    });
    // Claims: no event contradicts them.
    let checked = 0;
    for (const c of routing) {
        if (c.change === 'undecided' || c.change === 'both') continue;
        for (let line = 1; line <= lines.length; line++) {
            if (!rb.has(line) || !rh.has(line)) continue;
            checked++;
            const b = routes(rb, line, c.filter), h = routes(rh, line, c.filter);
            const bad = (c.change === 'narrowed' && h && !b) || (c.change === 'widened' && b && !h) ||
                (c.change === 'unchanged' && b !== h);
            if (bad) failures.push(`${c.filter} (${c.change}): event ${lines[line - 1]} routed by base ${b}, by the change ${h}`);
        }
    }
    for (const f of failures.slice(0, 10)) console.log(`changes: FAIL ${f}`);
    log(`cdcgen eval: ${witnesses.length} witnesses, ${checked} (event, claim) pairs over ${events.length} random ` +
        `events the pipeline can carry (of ${world.events.length}) and the witnesses: ` +
        `${failures.length} contradictions`);
    if (!witnesses.length || checked < 1000) {
        console.log('changes: FAIL too few witnesses or claims to check: the run proves nothing');
        return 1;
    }
    return failures.length ? 1 : 0;
}

try {
    process.exitCode = main();
} catch (e) {
    console.error(`changes: ${e.message}`);
    process.exitCode = 2;
}
