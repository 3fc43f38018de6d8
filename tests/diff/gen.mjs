// Seeded random filters and events for cdcgen's differential tests.
//
//   node gen.mjs [--seed N] [--filters F] [--events E] [--corners LIST] [--typed-columns] OUTDIR
//
// writes OUTDIR/filters/*.yaml|*.json, OUTDIR/events.jsonl and
// OUTDIR/model.json (the filter trees the oracles translate). run.mjs imports
// generate() instead and keeps the trees in memory.
//
// Everything comes from one deterministic PRNG (mulberry32), so a seed names
// a test case on every machine. The generator knows the filter language
// (man/cdcgen.1: FILTER FILES) but shares no code with cdcgen: every filter
// it writes must pass `cdcgen check`, and the trees it returns are the input
// of the independent oracles (pg.mjs), never cdcgen's own output.
//
// Values are drawn from small pools so that equality, `in` and ordering hit
// often: strings over an alphabet with accents, a check mark, an astral
// emoji, a fullwidth tilde (above the surrogates in UTF-16, below the emoji
// in code points), quotes, backslashes, spaces, tabs and newlines; numbers
// with several spellings of the same double; instants around one base time
// written with many offsets and 0-6 fraction digits.
//
// --typed-columns: every column holds its declared JSON type or null and
// appears once, as Debezium writes them (a wrong-typed value becomes null,
// __ts_ms a JSON integer, no repeated column; header_data stays varied): the
// events of the Flink differential (tests/flink/), since Flink's json format
// reads a column of another JSON type leniently and loses the last columns
// of an event with a repeated key. The same draws are made, so the filters
// do not change.
//
// --corners LIST (comma-separated, or "all") adds inputs where cdcgen is
// known to differ from the documented semantics; off by default, see
// README.md:
//   line-ends  \r, U+0085, U+2028 and U+2029 in strings: Java's line
//              terminators for '.' and '$', which PCRE2 does not treat so;
//   big-json   integers beyond 64 bits and 1e400 in events and header
//              documents (valid JSON that jansson refuses);
//   nul        \u0000 in header documents (valid JSON that jansson refuses);
//   json-surrogates  astral characters written as \ud83d\ude00 in JSON
//              filter files (valid JSON that libyaml refuses).
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

// ---------------------------------------------------------------- PRNG ----

export function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export class Rng {
    constructor(seed) {
        this.next = mulberry32(seed);
    }
    int(n) {
        return Math.floor(this.next() * n);
    }
    range(lo, hi) {
        return lo + this.int(hi - lo + 1);
    }
    chance(p) {
        return this.next() < p;
    }
    pick(a) {
        return a[this.int(a.length)];
    }
    // weighted([[w, value], ...])
    weighted(pairs) {
        let total = 0;
        for (const [w] of pairs) total += w;
        let x = this.next() * total;
        for (const [w, v] of pairs) {
            if ((x -= w) < 0) return v;
        }
        return pairs[pairs.length - 1][1];
    }
}

// ------------------------------------------------------------ helpers ----

// Compares strings by code point (what the language means by string order).
export function cmpCodePoints(a, b) {
    const x = Array.from(a), y = Array.from(b);
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
        const d = x[i].codePointAt(0) - y[i].codePointAt(0);
        if (d) return d < 0 ? -1 : 1;
    }
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

// A double-quoted scalar that YAML (libyaml, 1.1 and 1.2) and JSON read the
// same way: only printable characters raw, the rest escaped. libyaml takes a
// raw U+0085, U+2028 or U+2029 for a line break, so those are escaped too.
export function quote(s) {
    let out = '"';
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if (ch === '"') out += '\\"';
        else if (ch === '\\') out += '\\\\';
        else if (ch === '\n') out += '\\n';
        else if (ch === '\t') out += '\\t';
        else if (ch === '\r') out += '\\r';
        else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff)
            out += '\\u' + c.toString(16).padStart(4, '0');
        else out += ch;
    }
    return out + '"';
}

const hex = (c, w) => c.toString(16).padStart(w, '0');

// How one string is written in a generated YAML file: double-quoted with
// JSON's escapes or with YAML's own (\x41, \U0001f600, \N, \L, \P, \/),
// single-quoted, or plain when a plain scalar reads back as the same string.
// All must load as the same text.
export function yamlStyler(rng) {
    return (s) => {
        const k = rng.weighted([[5, 'dq'], [2, 'dqy'], [2, 'sq'], [2, 'plain']]);
        if (k === 'plain' && plainSafe(s)) return s;
        if (k === 'sq' && !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u.test(s)) return "'" + s.replace(/'/g, "''") + "'";
        if (k !== 'dqy') return quote(s);
        let out = '"';
        for (const ch of s) {
            const c = ch.codePointAt(0);
            if (ch === '"' || ch === '\\') out += '\\' + ch;
            else if (c === 0x85) out += '\\N';
            else if (c === 0x2028) out += '\\L';
            else if (c === 0x2029) out += '\\P';
            else if (ch === '/' && rng.chance(0.5)) out += '\\/';
            else if (ch === '\t') out += rng.chance(0.5) ? '\\t' : '\t';
            else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff) out += '\\x' + hex(c, 2);
            else if (c > 0xffff) out += rng.chance(0.5) ? '\\U' + hex(c, 8) : ch;
            else if (c >= 0x80) out += rng.chance(0.5) ? '\\u' + hex(c, 4) : ch;
            else out += rng.chance(0.15) ? '\\x' + hex(c, 2) : ch;
        }
        return out + '"';
    };
}

// The same for JSON files: JSON's escapes, ASCII too, and with the
// json-surrogates corner astral characters as surrogate pairs.
export function jsonStyler(rng, surrogates) {
    return (s) => {
        if (rng.chance(0.5)) return quote(s);
        let out = '"';
        for (const ch of s) {
            const c = ch.codePointAt(0);
            if (ch === '"' || ch === '\\') out += '\\' + ch;
            else if (ch === '/' && rng.chance(0.5)) out += '\\/';
            else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += '\\u' + hex(c, 4);
            else if (c > 0xffff && surrogates) {
                const v = c - 0x10000;
                out += '\\u' + hex(0xd800 + (v >> 10), 4) + '\\u' + hex(0xdc00 + (v & 0x3ff), 4);
            } else if (c < 0x80 && rng.chance(0.15)) out += '\\u' + hex(c, 4);
            else if (c >= 0x80 && c <= 0xffff && rng.chance(0.3)) out += '\\u' + hex(c, 4);
            else out += ch;
        }
        return out + '"';
    };
}

// A plain scalar that cdcgen reads as this string: no indicator, no ': ' or
// ' #', nothing the core schema reads as null, boolean or number. (yes, no,
// on and off are strings in cdcgen, as its manual says.)
function plainSafe(s) {
    return /^[A-Za-z_$Ééü✓😀～][A-Za-z0-9_$Ééü✓😀～ .\\'"-]*$/u.test(s) && !/ $/.test(s) && !looksTyped(s) &&
        !/^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(s);
}

// A token written as is (numbers, booleans) in YAML or JSON.
export class Raw {
    constructor(text) {
        this.text = text;
    }
}

// Block YAML for a tree of objects, arrays, strings (always double-quoted)
// and Raw tokens.
export function toYaml(node, indent = 0, style = quote) {
    const pad = ' '.repeat(indent);
    const lines = [];
    const scalar = (v) => (v instanceof Raw ? v.text : style(v));
    const isScalar = (v) => typeof v === 'string' || v instanceof Raw;
    if (Array.isArray(node)) {
        for (const item of node) {
            if (isScalar(item)) {
                lines.push(`${pad}- ${scalar(item)}`);
            } else {
                const sub = toYaml(item, indent + 2, style);
                lines.push(`${pad}- ${sub[0].slice(indent + 2)}`, ...sub.slice(1));
            }
        }
        return lines;
    }
    for (const [k, v] of Object.entries(node)) {
        if (isScalar(v)) lines.push(`${pad}${k}: ${scalar(v)}`);
        else lines.push(`${pad}${k}:`, ...toYaml(v, indent + 2, style));
    }
    return lines;
}

export function toJson(node, indent = 0, style = quote) {
    const pad = ' '.repeat(indent + 2), end = ' '.repeat(indent);
    if (node instanceof Raw) return node.text;
    if (typeof node === 'string') return style(node);
    if (Array.isArray(node))
        return `[\n${node.map((v) => pad + toJson(v, indent + 2, style)).join(',\n')}\n${end}]`;
    const kv = Object.entries(node).map(([k, v]) => `${pad}${quote(k)}: ${toJson(v, indent + 2, style)}`);
    return `{\n${kv.join(',\n')}\n${end}}`;
}

// ---------------------------------------------------------- the schema ----

// The built-in event_headers table (man/cdcgen.1, SCHEMA), restated here.
export const STRING_COLUMNS = ['id', 'event_name', 'event_type', '__table'];
export const ENUMS = { __op: ['c', 'u', 'd', 'r'], __deleted: ['true', 'false'] };
export const TS_COLUMNS = ['created_date', 'saved_date'];
export const HEADER_STRINGS = ['uuid', 'eventType', 'eventName'];
export const HEADER_TIMESTAMPS = ['createdDate', 'savedDate'];

// Undeclared paths below header_data, typed by their literal (or valueType).
// None goes below a declared key that is no JSON (createdDate.x): check
// rejects such a path, as it rejects a path below a column that is no JSON.
const FREE_PATHS = [
    ['amount'], ['count'], ['flag'], ['note'], ['a-b'], ['$ref'], ['_x'], ['n1'],
    ['items', 0], ['items', 1], ['items', 0, 'sku'], ['items', 1, 'qty'],
    ['meta', 'level'], ['meta', 'tags', 0], [0],
];

function pathText(steps) {
    let s = 'header_data';
    for (const st of steps) s += typeof st === 'number' ? `[${st}]` : `.${st}`;
    return s;
}

// --------------------------------------------------------------- pools ----

const BASE_ALPHABET = ['a', 'b', 'c', 'A', 'x', '1', ' ', 'é', 'ü', '✓', '😀', '～', "'", '"', '\\', '\n', '\t', '-', '.'];
const CORNER_CHARS = ['\r', '\u0085', '\u2028', '\u2029'];

const FIXED_STRINGS = ['', 'LoanCreated', 'CarCreated', 'a', 'b', 'abc', 'é', 'É', '😀', '～', `'"`, '\\', 'a b',
    'true', '1', '1.50', 'event_headers', 'a\n', 'a\nb', '\n', 'abc\n', 'yes', 'no'];

// Numbers: [value, spellings usable in YAML literals, spellings in JSON events].
const NUMBERS = [
    [0, ['0', '-0', '0.0', '0e5'], ['0', '-0', '0.0', '0E0']],
    [1, ['1', '1.0', '+1', '1e0', '1.'], ['1', '1.0', '1e0', '10E-1']],
    [1.5, ['1.5', '15e-1'], ['1.5', '0.15e1']],
    [-1, ['-1', '-1.0'], ['-1', '-1.00']],
    [2.5, ['2.5'], ['2.5', '25e-1']],
    [10, ['10', '1e1'], ['10', '1E1', '10.0']],
    [100, ['100', '1e2'], ['100', '1e+2']],
    [0.1, ['0.1', '.1'], ['0.1', '1e-1']],
    [0.30000000000000004, ['0.30000000000000004'], ['0.30000000000000004']],
    [0.3, ['0.3'], ['0.3']],
    // (an integer beyond 64 bits in an event is a --corners input)
    [1e21, ['1e21', '1000000000000000000000'], ['1e21', '1000000000000000000000.0']],
    [-273.15, ['-273.15'], ['-273.15']],
    [9007199254740992, ['9007199254740993', '9007199254740992'], ['9007199254740993', '9007199254740992']],
    [42, ['42'], ['42', '42.0']],
    [1.7976931348623157e308, ['1.7976931348623157e308'], ['1.7976931348623157e308']],
    [5e-324, ['5e-324'], ['5e-324', '4.9e-324']],
];

const BASE_MS = Date.UTC(2024, 0, 15, 10, 30, 0); // the seed events' created_date
const INSTANTS_MS = [
    BASE_MS, BASE_MS + 1, BASE_MS - 1, BASE_MS + 999, BASE_MS + 1000, BASE_MS + 5000, BASE_MS - 3600000,
    BASE_MS + 19800000, BASE_MS + 86400000, 0, -1, 951782400000 /* 2000-02-29 */,
    253402300799999 /* 9999-12-31T23:59:59.999Z */, -62167219200000 /* 0000-01-01 */,
    -62162121600000 /* 0000-02-29 */, 1705312205000,
];
// Offsets in minutes east of UTC, and how each may be written.
const OFFSETS = [0, 0, 0, 330, -480, 345, 60, -60, 840, -720, 23 * 60 + 59, -(23 * 60 + 59), -0];

const MALFORMED_TS = [
    '2024-13-01T00:00:00Z', 'yesterday', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z',
    '2024-01-15T24:00:00Z', '2024-01-15T10:60:00Z', '2024-01-15T10:30:60Z', '2024-01-15T10:30:00',
    '2024-01-15', '2024-01-15T10:30Z', '2024-01-15T10:30:00.Z', '2024-01-15T10:30:00+24:00',
    '2024-01-15T10:30:00+05:60', '2024-01-15T10:30:00+5:30', '2024-01-15T10:30:00+05:3',
    '2024-01-15T10:30:00+05:', '2024-01-15T10:30:00 Z', ' 2024-01-15T10:30:00Z', '2024-01-15T10:30:00Z ',
    '2024-01-15X10:30:00Z', '+2024-01-15T10:30:00Z', '2024-1-15T10:30:00Z', '', '2024-01-15T10:30:00+05:30:00',
    '1705312205000', '2024-01-15T10:30:00Zjunk', '２０２４-01-15T10:30:00Z', '2024-01-15T10:30:00−05:00',
    '2024-01-15T10:30:00.123456789012+00:00x', '2024-01-15T10:30:00,5Z', '2024-00-10T10:30:00Z',
    '2024-01-00T10:30:00Z', '2024-04-31T10:30:00Z', '2024-01-15T10:30:00\nZ', '2024-01-15T10:30:00Z\n',
    '10000-01-01T00:00:00Z', '-0001-01-01T00:00:00Z',
];

const MALFORMED_JSON = ['{not json', '', ' ', '{"a":1,}', "{'a':1}", '{"a":01}', '{"a":NaN}', '{"a":1} x',
    '{a:1}', '[1,2', '{"a":"\\ud800"}', '{"a":"\\x41"}', '{"a":.5}', '{"a":+1}', '{"a":1.}', '{"a":tru}',
    '// c\n{}', '{"a":"\t"}', 'null', '5', '"str"', 'true', '[]', '{}'];

// ------------------------------------------------------------ instants ----

function pad(n, w) {
    return String(n).padStart(w, '0');
}

// ISO-8601 text of an instant (BigInt microseconds) at an offset, with the
// given fraction digits (which must represent it exactly), or null when the
// local date falls outside years 0000-9999.
function isoText(us, offMin, digits, style) {
    const localUs = us + BigInt(offMin) * 60000000n;
    let ms = localUs / 1000n, sub = localUs % 1000n;
    if (sub < 0n) {
        ms -= 1n;
        sub += 1000n;
    }
    const d = new Date(Number(ms));
    const y = d.getUTCFullYear();
    if (!(y >= 0 && y <= 9999)) return null;
    const frac6 = pad(d.getUTCMilliseconds(), 3) + pad(Number(sub), 3);
    let frac = '';
    if (digits > 0) frac = '.' + (frac6 + '000000000000').slice(0, digits);
    if (digits < 6 && /[1-9]/.test(frac6.slice(digits))) throw new Error('fraction digits too few');
    const sep = style.sep ?? 'T';
    let off;
    const a = Math.abs(offMin), sign = offMin < 0 || Object.is(offMin, -0) ? '-' : '+';
    if (offMin === 0 && !Object.is(offMin, -0) && style.z !== false) off = style.lowerZ ? 'z' : 'Z';
    else if (style.off === 'hhmm') off = `${sign}${pad(Math.floor(a / 60), 2)}${pad(a % 60, 2)}`;
    else if (style.off === 'hh' && a % 60 === 0) off = `${sign}${pad(a / 60, 2)}`;
    else off = `${sign}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
    return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}${sep}` +
        `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}${frac}${off}`;
}

function digitsNeeded(us) {
    let r = ((us % 1000000n) + 1000000n) % 1000000n;
    if (r === 0n) return 0;
    let d = 6;
    while (r % 10n === 0n) {
        r /= 10n;
        d--;
    }
    return d;
}

function isoStyle(rng) {
    return {
        sep: rng.weighted([[8, 'T'], [1, 't'], [1, ' ']]),
        lowerZ: rng.chance(0.1),
        z: rng.chance(0.8),
        off: rng.weighted([[6, 'colon'], [2, 'hhmm'], [2, 'hh']]),
    };
}

// ----------------------------------------------------- regex patterns ----
// A tiny AST, rendered by the oracles for their engines. The subset: literal
// characters, '.', classes with ranges and negation, groups, alternation,
// greedy and lazy quantifiers, ^ and $, \d and \s (ASCII in Java, PCRE2
// without UCP, PostgreSQL under C), and a leading (?i) over ASCII.

const REGEX_META = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const CLASS_META = new Set(['\\', ']', '[', '^', '-', '&']);

export function regexJava(node) {
    switch (node.t) {
        case 'root': return (node.ci ? '(?i)' : '') + regexJava(node.alt);
        case 'alt': return node.branches.map(regexJava).join('|');
        case 'seq': return node.items.map(regexJava).join('');
        case 'bol': return '^';
        case 'eol': return '$';
        case 'dot': return '.';
        case 'esc': return '\\' + node.k;
        case 'lit':
            if (node.esc && node.ch === '\n') return '\\n';
            if (node.esc && node.ch === '\t') return '\\t';
            return REGEX_META.has(node.ch) ? '\\' + node.ch : node.ch;
        case 'cls': {
            const one = (c) => (CLASS_META.has(c) ? '\\' + c : c === '\n' ? '\\n' : c === '\t' ? '\\t' : c);
            return '[' + (node.neg ? '^' : '') +
                node.items.map(([lo, hi]) => (lo === hi ? one(lo) : one(lo) + '-' + one(hi))).join('') + ']';
        }
        case 'grp': return '(' + regexJava(node.alt) + ')';
        case 'q': {
            const q = node.min === 0 && node.max === Infinity ? '*'
                : node.min === 1 && node.max === Infinity ? '+'
                : node.min === 0 && node.max === 1 ? '?'
                : node.max === Infinity ? `{${node.min},}`
                : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`;
            return regexJava(node.atom) + q + (node.lazy ? '?' : '');
        }
    }
    throw new Error('regex node ' + node.t);
}

function genRegex(rng, chars, ci, targets) {
    // Letters under (?i) must be ASCII (cdcgen rejects others: PCRE2 folds
    // them and Java does not).
    const pool = ci ? chars.filter((c) => c.codePointAt(0) < 0x80 || c === '✓') : chars;
    const lit = () => {
        const ch = rng.pick(pool.length ? pool : ['a']);
        return { t: 'lit', ch, esc: (ch === '\n' || ch === '\t') && rng.chance(0.5) };
    };
    const cls = () => {
        const items = [];
        const n = rng.range(1, 3);
        for (let i = 0; i < n; i++) {
            const r = rng.int(ci ? 3 : 6);
            if (r === 0) items.push(['a', 'c']);
            else if (r === 1) items.push(['0', '9']);
            else if (r === 2) { const c = rng.pick(pool); items.push([c, c]); }
            else if (r === 3) items.push(['é', 'ü']);
            else if (r === 4) items.push(['✓', '😀']);
            else { const c = rng.pick(chars); items.push([c, c]); }
        }
        return { t: 'cls', neg: rng.chance(0.35), items };
    };
    const atom = (depth) => {
        const k = rng.weighted([[50, 'lit'], [15, 'dot'], [20, 'cls'], [depth < 2 ? 12 : 0, 'grp'], [4, 'esc']]);
        if (k === 'lit') return lit();
        if (k === 'esc') return { t: 'esc', k: rng.pick(['d', 's']) }; // ASCII-only in every engine here
        if (k === 'dot') return { t: 'dot' };
        if (k === 'cls') return cls();
        return { t: 'grp', alt: alt(depth + 1) };
    };
    const quant = (a) => {
        if (!rng.chance(0.3)) return a;
        const [min, max] = rng.pick([[0, Infinity], [1, Infinity], [0, 1], [2, 2], [1, 3], [0, 2], [2, Infinity]]);
        return { t: 'q', atom: a, min, max, lazy: rng.chance(0.15) };
    };
    const seq = (depth) => {
        const items = [];
        if (rng.chance(0.25)) items.push({ t: 'bol' });
        const n = rng.range(1, depth ? 2 : 4);
        for (let i = 0; i < n; i++) items.push(quant(atom(depth)));
        if (rng.chance(0.25)) items.push({ t: 'eol' });
        return { t: 'seq', items };
    };
    const alt = (depth) => {
        const n = rng.chance(0.75) ? 1 : rng.range(2, 3);
        const branches = [];
        for (let i = 0; i < n; i++) branches.push(seq(depth));
        return { t: 'alt', branches };
    };
    // A pattern shaped after one of the pool's strings, so that it matches
    // some values and the fine points ('.', '$', classes, a newline at the
    // end) decide often: each character becomes itself, '.', a class with it
    // or a negated class without it; the pattern may be anchored or cut.
    const derived = () => {
        const target = Array.from(rng.pick(targets)).filter((c) => !ci || pool.includes(c));
        if (!target.length) return null;
        const from = rng.chance(0.6) ? 0 : rng.int(target.length);
        const to = rng.chance(0.6) ? target.length : from + 1 + rng.int(target.length - from);
        const items = [];
        if (from === 0 && rng.chance(0.5)) items.push({ t: 'bol' });
        for (const c of target.slice(from, to)) {
            const k = rng.weighted([[4, 'lit'], [3, 'dot'], [2, 'cls'], [1, 'neg']]);
            const a = k === 'lit' ? { t: 'lit', ch: c, esc: rng.chance(0.5) }
                : k === 'dot' ? { t: 'dot' }
                : k === 'cls' ? { t: 'cls', neg: false, items: [[c, c], ...(rng.chance(0.5) ? [['a', 'c']] : [])] }
                : { t: 'cls', neg: true, items: [Array(2).fill(rng.pick(pool))] };
            items.push(rng.chance(0.15) ? { t: 'q', atom: a, ...rng.pick([{ min: 0, max: 1 }, { min: 1, max: Infinity }, { min: 0, max: Infinity }]), lazy: false } : a);
        }
        if (!items.some((x) => x.t !== 'bol')) return null;
        if (to === target.length && rng.chance(0.5)) items.push({ t: 'eol' });
        return { t: 'root', ci, alt: { t: 'alt', branches: [{ t: 'seq', items }] } };
    };
    if (rng.chance(0.05)) return { t: 'root', ci: false, alt: { t: 'alt', branches: [{ t: 'seq', items: [{ t: 'bol' }, { t: 'eol' }] }] } };
    if (rng.chance(0.5)) {
        const d = derived();
        if (d) return d;
    }
    return { t: 'root', ci, alt: alt(0) };
}

// ------------------------------------------------------------ the world ----

export const CORNERS = ['line-ends', 'big-json', 'nul', 'json-surrogates'];

export function parseCorners(text) {
    const set = new Set(text === 'all' ? CORNERS : text.split(',').filter(Boolean));
    for (const c of set) if (!CORNERS.includes(c)) throw new Error(`unknown corner '${c}' (${CORNERS.join(', ')} or all)`);
    return set;
}

export function generate({ seed = 1, nfilters = 200, nevents = 500, corners = new Set(), perFile = 10, typedColumns = false } = {}) {
    const rng = new Rng(seed);
    const alphabet = corners.has('line-ends') ? [...BASE_ALPHABET, ...CORNER_CHARS] : BASE_ALPHABET;
    const randStr = (max = 4) => {
        let s = '';
        const n = rng.range(0, max);
        for (let i = 0; i < n; i++) s += rng.pick(alphabet);
        return s;
    };
    const strings = [...FIXED_STRINGS];
    while (strings.length < 32) strings.push(randStr());
    if (corners.has('line-ends')) strings.push('a\r', 'a\r\n', 'a\u2028b', 'x\u0085');
    const anyString = () => (rng.chance(0.85) ? rng.pick(strings) : randStr());
    const chars = Array.from(new Set(strings.flatMap((s) => Array.from(s)).concat(alphabet)));

    // Instants as BigInt microseconds.
    const instantsUs = INSTANTS_MS.map((ms) => BigInt(ms) * 1000n);
    for (let i = 0; i < 6; i++) instantsUs.push(BigInt(BASE_MS + rng.range(-7200000, 7200000)) * 1000n);

    // ---- literals ----
    const tsLiteral = () => {
        for (;;) {
            const ms = rng.chance(0.9) ? rng.pick(INSTANTS_MS) : BASE_MS + rng.range(-86400000, 86400000);
            const us = BigInt(ms) * 1000n;
            const need = digitsNeeded(us);
            const digits = need === 0 ? rng.pick([0, 0, 3, 6, 9]) : rng.pick([3, 3, 6, 9]);
            const text = isoText(us, rng.pick(OFFSETS), digits, isoStyle(rng));
            if (text) return { kind: 'ts', ms, text };
        }
    };
    const numLiteral = () => {
        const [value, spellings] = rng.pick(NUMBERS);
        const text = rng.pick(spellings);
        return { kind: 'float', value: Number(text), text, jsonSafe: /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text), nominal: value };
    };
    const strLiteral = () => ({ kind: 'string', value: anyString() });
    const boolLiteral = () => {
        const b = rng.chance(0.5);
        return { kind: 'bool', value: b, text: rng.weighted([[6, String(b)], [1, b ? 'True' : 'False'], [1, b ? 'TRUE' : 'FALSE']]) };
    };

    // ---- fields ----
    // {text, column, path, type: string|float|bool|timestamp|json, epochMs, enum, declared}
    const field = () => {
        const k = rng.weighted([[20, 'str'], [6, 'enum'], [10, 'ts'], [7, 'tsms'], [2, 'json'], [10, 'hstr'],
            [6, 'hts'], [25, 'free']]);
        switch (k) {
            case 'str': { const c = rng.pick(STRING_COLUMNS); return { text: c, column: c, path: [], type: 'string' }; }
            case 'enum': { const c = rng.pick(Object.keys(ENUMS)); return { text: c, column: c, path: [], type: 'string', enum: ENUMS[c] }; }
            case 'ts': { const c = rng.pick(TS_COLUMNS); return { text: c, column: c, path: [], type: 'timestamp' }; }
            case 'tsms': return { text: '__ts_ms', column: '__ts_ms', path: [], type: 'timestamp', epochMs: true };
            case 'json': return { text: 'header_data', column: 'header_data', path: [], type: 'json' };
            case 'hstr': { const p = [rng.pick(HEADER_STRINGS)]; return { text: pathText(p), column: 'header_data', path: p, type: 'string', declared: true }; }
            case 'hts': { const p = [rng.pick(HEADER_TIMESTAMPS)]; return { text: pathText(p), column: 'header_data', path: p, type: 'timestamp', declared: true }; }
            default: {
                const p = rng.pick(FREE_PATHS);
                const type = p[0] === 'flag' && rng.chance(0.6) ? 'bool'
                    : rng.weighted([[4, 'float'], [2, 'bool'], [4, 'string'], [1, 'timestamp']]);
                return { text: pathText(p), column: 'header_data', path: p, type, free: true };
            }
        }
    };

    const OPS_ORDERED = ['equals', 'in', 'notIn', 'greaterThan', 'lessThan', 'greaterThanOrEqual',
        'lessThanOrEqual', 'between', 'isNull', 'isNotNull'];
    const leaf = () => {
        const f = field();
        let ops;
        if (f.type === 'json') ops = ['isNull', 'isNotNull'];
        else if (f.type === 'bool') ops = ['equals', 'in', 'notIn', 'isNull', 'isNotNull'];
        else if (f.type === 'string') ops = [...OPS_ORDERED, 'matches', 'matches'];
        else ops = OPS_ORDERED;
        // A free path with no operand is a string unless valueType says otherwise.
        let op = rng.pick(ops);
        if (f.enum && op === 'matches') op = 'equals'; // see README: enum columns and patterns
        const l = { kind: 'leaf', field: f, op, values: [] };
        const lit = () => {
            if (f.enum) return { kind: 'string', value: rng.pick(f.enum) };
            switch (f.type) {
                case 'string': return strLiteral();
                case 'float': return numLiteral();
                case 'bool': return boolLiteral();
                case 'timestamp':
                    if (f.epochMs && rng.chance(0.5)) {
                        const ms = rng.chance(0.8) ? rng.pick(INSTANTS_MS) : BASE_MS + rng.range(-5000, 5000);
                        return { kind: 'ts', ms, text: String(ms), int: true };
                    }
                    return tsLiteral();
            }
            throw new Error('type ' + f.type);
        };
        const n = op === 'in' || op === 'notIn' ? rng.range(1, 4) : op === 'between' ? 2 : op === 'isNull' || op === 'isNotNull' ? 0 : 1;
        if (op === 'matches') {
            const ci = rng.chance(0.1);
            const re = genRegex(rng, chars, ci, strings);
            l.values.push({ kind: 'regex', value: regexJava(re), re });
        } else {
            for (let i = 0; i < n; i++) l.values.push(lit());
        }
        if (op === 'between') {
            const [a, b] = l.values;
            if (cmpLit(a, b) > 0) l.values = [b, a];
        }
        // valueType: needed for free timestamps and free paths tested without operands.
        if (f.free && f.type === 'timestamp') l.valueType = 'timestamp';
        else if (f.free && n === 0 && f.type !== 'string') l.valueType = f.type === 'float' ? 'number' : 'boolean';
        else if (f.free && n === 0 && rng.chance(0.3)) l.valueType = 'string';
        else if (rng.chance(0.2)) {
            l.valueType = f.type === 'string' ? 'string'
                : f.type === 'float' ? rng.pick(['number', 'int', 'integer', 'float', 'double'])
                : f.type === 'bool' ? 'boolean'
                : f.type === 'timestamp' ? (f.epochMs && l.values.every((v) => v.int) ? 'number' : f.epochMs && l.values.some((v) => v.int) ? undefined : 'timestamp')
                : undefined;
        }
        // Free string paths compared with a literal spelled like a number need valueType string.
        if (f.free && f.type === 'string' && l.values.some((v) => v.kind === 'string' && looksTyped(v.value))) l.valueType = 'string';
        if (f.free && f.type === 'string' && !l.valueType && l.values.length === 0 && rng.chance(0.5)) l.valueType = 'string';
        // How each literal is written: quoted under a valueType that allows it.
        for (const v of l.values) {
            // (a JS string is written quoted, a Raw as it is)
            if (v.kind === 'string' || v.kind === 'regex') v.yaml = v.value;
            else if (v.kind === 'ts') v.yaml = v.int && !(l.valueType === 'number' && rng.chance(0.5)) ? new Raw(v.text) : v.text;
            else if (v.kind === 'float') v.yaml = l.valueType && l.valueType !== 'string' && rng.chance(0.3) ? v.text : new Raw(v.text);
            else if (v.kind === 'bool') v.yaml = l.valueType === 'boolean' && rng.chance(0.4) ? v.text : new Raw(v.text);
        }
        // A plain number or boolean written for a string field under valueType string is text.
        if (f.type === 'string' && l.valueType === 'string' && op !== 'matches') {
            for (const v of l.values) if (/^(-?[0-9]+(\.[0-9]+)?|true|false|True|FALSE)$/.test(v.value) && rng.chance(0.5)) v.yaml = new Raw(v.value);
        }
        return l;
    };

    const cond = (depth) => {
        if (depth < 3 && rng.chance(depth === 0 ? 0.35 : 0.25)) {
            const kind = rng.weighted([[4, 'all'], [4, 'any'], [3, 'not']]);
            if (kind === 'not') return { kind, kids: [cond(depth + 1)] };
            const n = rng.range(1, 3);
            const kids = [];
            for (let i = 0; i < n; i++) kids.push(cond(depth + 1));
            return { kind, kids };
        }
        return leaf();
    };

    const filters = [];
    for (let i = 0; i < nfilters; i++) {
        const id = `s${seed}-f${pad(i, 4)}`;
        const n = rng.weighted([[3, 1], [4, 2], [3, 3], [1, 4]]);
        const conditions = [];
        for (let k = 0; k < n; k++) conditions.push(cond(0));
        const status = rng.weighted([[30, undefined], [10, 'approved'], [6, 'active'], [3, 'deprecated'], [2, 'deployed'],
            [1, 'disabled'], [1, 'pending_deletion'], [1, 'deleted']]);
        const enabled = rng.weighted([[20, undefined], [4, true], [1, false]]);
        const logic = rng.weighted([[4, undefined], [3, 'AND'], [3, 'OR']]);
        const generated = enabled !== false && !['disabled', 'pending_deletion', 'deleted'].includes(status);
        filters.push({ id, logic: logic ?? 'AND', logicKey: logic, status, enabled, generated, conditions });
    }

    // ---- files ----
    const files = [];
    for (let i = 0; i * perFile < filters.length; i++) {
        const chunk = filters.slice(i * perFile, (i + 1) * perFile);
        const json = rng.chance(0.2) && chunk.every(jsonSafeFilter);
        const name = `f${pad(i, 3)}.${json ? 'json' : 'yaml'}`;
        const doc = { version: new Raw('1'), filters: chunk.map(filterDoc) };
        for (const f of chunk) f.file = name;
        const text = json ? toJson(doc, 0, jsonStyler(rng, corners.has('json-surrogates'))) + '\n'
            : toYaml(doc, 0, yamlStyler(rng)).join('\n') + '\n';
        files.push({ name, text });
    }

    // ---- events ----
    const events = [];
    for (let i = 0; i < nevents; i++) events.push(eventLine(rng, { anyString, randStr, instantsUs, corners, chars, typedColumns }));
    return { seed, filters, files, events };
}

function looksTyped(s) {
    return /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s) || /^(true|false|null|~)$/i.test(s) || s === '';
}

function cmpLit(a, b) {
    if (a.kind === 'string') return cmpCodePoints(a.value, b.value);
    if (a.kind === 'ts') return Math.sign(a.ms - b.ms);
    if (a.kind === 'float') return Math.sign(a.value - b.value);
    return 0;
}

function jsonSafeFilter(f) {
    const ok = (c) => (c.kind === 'leaf' ? c.values.every((v) => !(v.yaml instanceof Raw) || v.kind !== 'float' || v.jsonSafe) &&
        c.values.every((v) => !(v.yaml instanceof Raw) || v.kind !== 'bool' || v.text === 'true' || v.text === 'false') &&
        c.values.every((v) => !(v.yaml instanceof Raw) || v.kind !== 'string' || /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?|true|false)$/.test(v.value))
        : c.kids.every(ok));
    return f.conditions.every(ok);
}

export function condDoc(c) {
    if (c.kind === 'not') return { not: condDoc(c.kids[0]) };
    if (c.kind === 'all' || c.kind === 'any') return { [c.kind]: c.kids.map(condDoc) };
    const d = { field: c.field.text, operator: c.op };
    if (c.op === 'in' || c.op === 'notIn') d.values = c.values.map((v) => v.yaml);
    else if (c.op === 'between') {
        d.min = c.values[0].yaml;
        d.max = c.values[1].yaml;
    } else if (c.values.length) d.value = c.values[0].yaml;
    if (c.valueType) d.valueType = c.valueType;
    return d;
}

export function filterDoc(f) {
    const d = { id: f.id, name: `Random filter ${f.id}`, consumerId: 'cdcgen-diff', outputTopic: `diff.${f.id}` };
    if (f.status) d.status = f.status;
    if (f.enabled !== undefined) d.enabled = new Raw(String(f.enabled));
    if (f.logicKey) d.conditionLogic = f.logicKey;
    d.conditions = f.conditions.map(condDoc);
    return d;
}

// -------------------------------------------------------------- events ----
// JSON text is written by hand so that numbers keep their spelling (1.0 is a
// real, 1 an integer), objects may repeat a key, and strings may use \u
// escapes, surrogate pairs included.

class Num {
    constructor(text) {
        this.text = text;
    }
}
class Obj {
    constructor(pairs) {
        this.pairs = pairs;
    }
}

function jsonString(rng, s) {
    let out = '"';
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if (ch === '"') out += '\\"';
        else if (ch === '\\') out += rng.chance(0.1) ? '\\u005c' : '\\\\';
        else if (ch === '\n') out += rng.chance(0.2) ? '\\u000a' : '\\n';
        else if (ch === '\t') out += '\\t';
        else if (ch === '\r') out += '\\r';
        else if (c < 0x20 || c === 0x2028 || c === 0x2029 || c === 0x85) out += '\\u' + c.toString(16).padStart(4, '0');
        else if (c > 0xffff && rng.chance(0.3)) {
            const v = c - 0x10000;
            out += '\\u' + (0xd800 + (v >> 10)).toString(16) + '\\u' + (0xdc00 + (v & 0x3ff)).toString(16).toUpperCase();
        } else if (c >= 0x80 && c <= 0xffff && rng.chance(0.2)) out += '\\u' + c.toString(16).padStart(4, '0');
        else if (ch === '/' && rng.chance(0.5)) out += '\\/';
        else if (c < 0x80 && rng.chance(0.02)) out += '\\u' + c.toString(16).padStart(4, '0');
        else out += ch;
    }
    return out + '"';
}

function jsonText(rng, v, oneLine = false) {
    if (v === null) return 'null';
    if (v === true || v === false) return String(v);
    if (v instanceof Num) return v.text;
    if (typeof v === 'string') return jsonString(rng, v);
    // Whitespace between tokens; an event stays on one line.
    const ws = () => (rng.chance(0.1) ? rng.pick(oneLine ? [' ', '\t', '  '] : [' ', '\n', '\t', '\r\n']) : '');
    const sub = (x) => jsonText(rng, x, oneLine);
    if (Array.isArray(v)) return '[' + ws() + v.map(sub).join(',' + ws()) + ws() + ']';
    if (v instanceof Obj)
        return '{' + ws() + v.pairs.map(([k, x]) => jsonString(rng, k) + ws() + ':' + ws() + sub(x)).join(',' + ws()) + ws() + '}';
    throw new Error('json value ' + v);
}

function eventLine(rng, ctx) {
    const { anyString, instantsUs } = ctx;
    const num = () => {
        const [, , spellings] = rng.pick(NUMBERS);
        return new Num(rng.pick(spellings));
    };
    const isoValue = () => {
        if (rng.chance(0.12)) return rng.pick(MALFORMED_TS);
        let us = rng.pick(instantsUs);
        if (rng.chance(0.3)) us += BigInt(rng.range(-999, 999));
        const need = digitsNeeded(us);
        const digits = rng.range(need, 6);
        let text = null;
        while (!text) text = isoText(us, rng.pick(OFFSETS), digits, isoStyle(rng));
        // Zeros beyond the sixth digit change nothing.
        if (rng.chance(0.05)) text = text.replace(/(\.[0-9]{6})/, '$1' + '0'.repeat(rng.range(1, 6)));
        return text;
    };
    const wrong = () => rng.weighted([[3, num()], [2, true], [1, false], [1, []], [1, new Obj([['a', 'b']])], [1, [anyString()]],
        [ctx.corners.has('big-json') ? 1 : 0, new Num('1000000000000000000000')]]);
    const value = (good) => {
        const k = rng.weighted([[75, 'good'], [9, 'missing'], [8, 'null'], [8, 'wrong']]);
        if (k === 'good') return good();
        if (k === 'null') return null;
        if (k === 'wrong') {
            const w = wrong();
            return ctx.typedColumns ? null : w;
        }
        return undefined;
    };
    const pairs = [];
    const put = (k, v) => {
        if (v !== undefined) pairs.push([k, v]);
    };
    for (const c of ['id', 'event_name', 'event_type', '__table']) put(c, value(anyString));
    put('__op', value(() => (rng.chance(0.85) ? rng.pick(ENUMS.__op) : rng.pick(['x', 'C', '', 'c ']))));
    put('__deleted', value(() => (rng.chance(0.9) ? rng.pick(ENUMS.__deleted) : rng.pick(['TRUE', '', 'yes']))));
    for (const c of TS_COLUMNS) put(c, value(isoValue));
    put('__ts_ms', value(() => {
        const base = rng.chance(0.8) ? Number(rng.pick(instantsUs) / 1000n) : BASE_MS + rng.range(-5000, 5000);
        const v = rng.weighted([[12, new Num(String(base))], [1, new Num(`${base}.0`)], [1, new Num(`${base / 1000}e3`)],
            [1, String(base)], [1, new Num(String(base) + '.5')]]);
        return ctx.typedColumns ? new Num(String(base)) : v;
    }));
    put('header_data', header(rng, ctx, num, isoValue, wrong));
    if (rng.chance(0.05)) put('extra', anyString());
    // A repeated column: the last one counts (jansson, PostgreSQL's json, JSON.parse).
    if (rng.chance(0.03) && pairs.length) {
        const dup = [rng.pick(pairs)[0], rng.pick([null, anyString(), num()])];
        if (!ctx.typedColumns) pairs.unshift(dup);
    }
    // Shuffle the keys.
    for (let i = pairs.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    return jsonText(rng, new Obj(pairs), true);
}

function header(rng, ctx, num, isoValue, wrong) {
    const { anyString, corners } = ctx;
    const k = rng.weighted([[70, 'doc'], [6, 'bad'], [5, 'inline'], [5, 'missing'], [5, 'null'], [3, 'wrong'], [2, 'array']]);
    if (k === 'missing') return undefined;
    if (k === 'null') return null;
    if (k === 'wrong') {
        const w = rng.pick([num(), true, false]);
        return ctx.typedColumns ? null : w;
    }
    if (k === 'bad') return rng.pick(MALFORMED_JSON);
    const scalar = () => rng.weighted([[4, num()], [4, anyString()], [2, rng.chance(0.5)], [1, null]]);
    const anyValue = (depth = 0) => depth > 1 ? scalar() : rng.weighted([[6, scalar()], [1, [scalar(), scalar()]], [1, new Obj([['k', scalar()]])]]);
    const pairs = [];
    const maybe = (key, gen, p = 0.7) => {
        if (rng.chance(p)) pairs.push([key, rng.chance(0.9) ? gen() : rng.weighted([[3, wrong()], [1, null]])]);
    };
    for (const key of HEADER_STRINGS) maybe(key, anyString);
    for (const key of HEADER_TIMESTAMPS) maybe(key, () => (rng.chance(0.1) ? new Obj([['x', anyString()]]) : isoValue()));
    for (const key of ['amount', 'count', 'n1', '_x', '$ref', 'a-b'])
        maybe(key, () => rng.weighted([[5, num()], [3, anyString()], [3, rng.chance(0.5)], [1, isoValue()]]), 0.6);
    maybe('flag', () => rng.weighted([[5, rng.chance(0.5)], [1, anyString()], [1, num()]]), 0.6);
    maybe('note', anyString, 0.5);
    maybe('items', () => {
        const n = rng.range(0, 3);
        const a = [];
        for (let i = 0; i < n; i++)
            a.push(rng.chance(0.6) ? new Obj([['sku', anyString()], ['qty', rng.chance(0.7) ? num() : anyString()]]) : anyValue(1));
        return rng.chance(0.9) ? a : new Obj([['0', anyString()], ['1', anyString()]]);
    }, 0.6);
    maybe('meta', () => new Obj([['level', rng.chance(0.5) ? num() : anyString()], ['tags', [anyString(), anyString()]]]), 0.5);
    if (rng.chance(0.05) && pairs.length) pairs.push([pairs[0][0], anyValue()]); // a repeated key: the last one counts
    if (corners.has('big-json') && rng.chance(0.05)) pairs.push(['big', rng.pick([new Num('12345678901234567890'), new Num('1e400')])]);
    if (corners.has('nul') && rng.chance(0.05)) pairs.push(['nul', 'a\u0000']);
    for (let i = pairs.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    if (k === 'array') {
        const arr = [new Obj(pairs), anyValue()];
        return rng.chance(0.5) ? arr : jsonText(rng, arr);
    }
    const doc = new Obj(pairs);
    if (k === 'inline') return doc;
    const text = jsonText(rng, doc);
    return rng.chance(0.05) ? text + rng.pick([' ', '\n', '  \t']) : text;
}

// ----------------------------------------------------------------- CLI ----

function parseArgs(argv) {
    const o = { seed: 1, nfilters: 200, nevents: 500, corners: new Set(), out: null };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--seed') o.seed = Number(argv[++i]);
        else if (a === '--filters') o.nfilters = Number(argv[++i]);
        else if (a === '--events') o.nevents = Number(argv[++i]);
        else if (a === '--corners') o.corners = parseCorners(argv[++i] ?? '');
        else if (a === '--typed-columns') o.typedColumns = true;
        else if (!a.startsWith('-') && !o.out) o.out = a;
        else throw new Error(`unknown argument ${a}`);
    }
    if (!o.out) throw new Error('usage: node gen.mjs [--seed N] [--filters F] [--events E] [--corners LIST] [--typed-columns] OUTDIR');
    return o;
}

export function writeWorld(world, out) {
    mkdirSync(join(out, 'filters'), { recursive: true });
    for (const f of world.files) writeFileSync(join(out, 'filters', f.name), f.text);
    writeFileSync(join(out, 'events.jsonl'), world.events.join('\n') + '\n');
    writeFileSync(join(out, 'model.json'), JSON.stringify(world.filters, (k, v) =>
        v instanceof Raw ? v.text : typeof v === 'bigint' ? String(v) : v === Infinity ? 'Infinity' : v, 2) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
    try {
        const o = parseArgs(process.argv.slice(2));
        writeWorld(generate(o), o.out);
    } catch (e) {
        console.error(`gen: ${e.message}`);
        process.exit(2);
    }
}
