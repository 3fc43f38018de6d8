// An independent interpreter of cdcgen's Kafka Streams topology JSON
// (grammar/topology.schema.json): routes JSON records the way a Streams
// application built from the document would, following only what the
// document declares: its "semantics" block, the typed predicate trees of its
// "branches", the field references (column, path, type, encoding, jsonText)
// and the typed literals. It shares no code with cdcgen and never calls it.
//
//   node topology-eval.mjs TOPOLOGY.json [EVENTS.jsonl | -]
//
// prints one line per record, as `cdcgen eval` does:
//   {"line":N,"filters":["branch-filter-id", ...]}
// Exit status: 0 ok, 1 a line was no JSON (reported and skipped), 2 usage,
// or a document or pattern this interpreter does not support.
//
// Reading the semantics:
//   - JSON is parsed by a strict RFC 8259 parser written here, which keeps
//     each number's spelling: "a JSON integer" is a number written without
//     fraction or exponent (as Jackson's JsonNode.isIntegralNumber() sees
//     it); 1.0 is not one. Strings with unpaired surrogate escapes are not
//     Unicode text and do not parse. A repeated key: the last one counts.
//   - Strings compare by code point: JavaScript compares UTF-16 code units,
//     which orders U+FF5E after U+1F600; code points do not.
//   - iso-8601 timestamps: yyyy-MM-dd, 'T' (or 't' or ' '), HH:mm:ss, an
//     optional fraction of any length, and an offset: Z, z, +hh:mm, +hhmm or
//     +hh (the forms the filter language documents for instants). Compared
//     exactly, digit for digit, with the literals' milliseconds.
//   - matches: the pattern is java.util.regex syntax, run as a find. It is
//     translated to a JavaScript RegExp ('u' flag) that means the same in
//     Java: '.' excludes Java's line terminators (\n \r U+0085 U+2028
//     U+2029), '$' also matches before a final line terminator (not between
//     \r and \n), (?i) folds ASCII letters only, \s is [ \t\n\x0B\f\r].
//     Constructs outside the subset cdcgen's generator and filters use are
//     rejected loudly rather than guessed.
import { readFileSync } from 'node:fs';

// ------------------------------------------------------------------ JSON ----

export class JNum {
    constructor(text) {
        this.text = text;
        this.isInt = !/[.eE]/.test(text);
    }
    get double() {
        return Number(this.text);
    }
}

export class JsonError extends Error {}

// Parses JSON text; objects become Maps (insertion order, last key wins).
export function parseJson(text) {
    let i = 0;
    const fail = (msg) => {
        throw new JsonError(`${msg} at offset ${i}`);
    };
    const ws = () => {
        while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    };
    const value = (depth) => {
        if (depth > 1000) fail('too deep');
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            const m = new Map();
            ws();
            if (text[i] === '}') {
                i++;
                return m;
            }
            for (;;) {
                ws();
                if (text[i] !== '"') fail('expected a key');
                const k = string();
                ws();
                if (text[i++] !== ':') fail("expected ':'");
                const v = value(depth + 1);
                m.delete(k);
                m.set(k, v);
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === '}') {
                    i++;
                    return m;
                }
                fail("expected ',' or '}'");
            }
        }
        if (c === '[') {
            i++;
            const a = [];
            ws();
            if (text[i] === ']') {
                i++;
                return a;
            }
            for (;;) {
                a.push(value(depth + 1));
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === ']') {
                    i++;
                    return a;
                }
                fail("expected ',' or ']'");
            }
        }
        if (c === '"') return string();
        if (text.startsWith('true', i)) {
            i += 4;
            return true;
        }
        if (text.startsWith('false', i)) {
            i += 5;
            return false;
        }
        if (text.startsWith('null', i)) {
            i += 4;
            return null;
        }
        const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(text.slice(i, i + 400));
        if (!m) fail('unexpected character');
        i += m[0].length;
        return new JNum(m[0]);
    };
    const string = () => {
        i++; // opening quote
        let out = '';
        for (;;) {
            if (i >= text.length) fail('unterminated string');
            const c = text[i];
            const code = text.charCodeAt(i);
            if (c === '"') {
                i++;
                break;
            }
            if (code < 0x20) fail('control character in string');
            if (c !== '\\') {
                // Raw characters: well-formed UTF-16 only.
                if (code >= 0xd800 && code <= 0xdbff) {
                    const lo = text.charCodeAt(i + 1);
                    if (!(lo >= 0xdc00 && lo <= 0xdfff)) fail('unpaired surrogate');
                    out += text.slice(i, i + 2);
                    i += 2;
                    continue;
                }
                if (code >= 0xdc00 && code <= 0xdfff) fail('unpaired surrogate');
                out += c;
                i++;
                continue;
            }
            const e = text[i + 1];
            i += 2;
            const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
            if (e in simple) {
                out += simple[e];
                continue;
            }
            if (e !== 'u') fail('bad escape');
            const hex = () => {
                const h = text.slice(i, i + 4);
                if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
                i += 4;
                return parseInt(h, 16);
            };
            const u = hex();
            if (u >= 0xd800 && u <= 0xdbff) {
                if (text[i] !== '\\' || text[i + 1] !== 'u') fail('unpaired surrogate escape');
                i += 2;
                const lo = hex();
                if (!(lo >= 0xdc00 && lo <= 0xdfff)) fail('unpaired surrogate escape');
                out += String.fromCharCode(u, lo);
            } else if (u >= 0xdc00 && u <= 0xdfff) {
                fail('unpaired surrogate escape');
            } else {
                out += String.fromCharCode(u);
            }
        }
        return out;
    };
    const v = value(0);
    ws();
    if (i !== text.length) fail('trailing characters');
    return v;
}

const isObject = (v) => v instanceof Map;

// ---------------------------------------------------------- comparisons ----

export function cmpCodePoints(a, b) {
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
        const x = a.codePointAt(i), y = b.codePointAt(j);
        if (x !== y) return x < y ? -1 : 1;
        i += x > 0xffff ? 2 : 1;
        j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
}

// Instants: {sec: BigInt, frac: string of decimal digits}; exact order.
function cmpInstant(a, b) {
    if (a.sec !== b.sec) return a.sec < b.sec ? -1 : 1;
    const n = Math.max(a.frac.length, b.frac.length);
    const x = a.frac.padEnd(n, '0'), y = b.frac.padEnd(n, '0');
    return x === y ? 0 : x < y ? -1 : 1;
}

function instantOfMillis(ms) {
    let sec = ms / 1000n, r = ms % 1000n;
    if (r < 0n) {
        sec -= 1n;
        r += 1000n;
    }
    return { sec, frac: String(r).padStart(3, '0') };
}

// Days from 1970-01-01 of a proleptic Gregorian date (y may be 0).
function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

const ISO_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$/;

export function parseIso(s) {
    const m = ISO_RE.exec(s);
    if (!m) return null;
    const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (mo < 1 || mo > 12 || d < 1 || d > dim[mo - 1] || h > 23 || mi > 59 || se > 59) return null;
    let off = 0;
    if (m[8]) {
        const oh = Number(m[9]), om = m[10] ? Number(m[10]) : 0;
        if (oh > 23 || om > 59) return null;
        off = (m[8] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
    }
    const sec = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + se - off);
    return { sec, frac: (m[7] || '').replace(/0+$/, '') };
}

// --------------------------------------------------------------- regexes ----

const JS_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const JS_DOLLAR = '(?:$|(?=\\r\\n$)|(?=[\\r\\u0085\\u2028\\u2029]$)|(?<!\\r)(?=\\n$))';
const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

export class PatternError extends Error {}

function jsChar(cp, inClass) {
    const ch = String.fromCodePoint(cp);
    if (inClass) {
        if (ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-') return '\\' + ch;
    } else if (JS_SYNTAX.has(ch)) {
        return '\\' + ch;
    }
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029)
        return `\\u{${cp.toString(16)}}`;
    return ch;
}

// Java regex (the subset) -> JavaScript RegExp source for the 'u' flag.
export function javaToJs(pattern) {
    const cps = Array.from(pattern, (c) => c.codePointAt(0));
    let i = 0, ci = false, out = '';
    const unsupported = (what) => {
        throw new PatternError(`unsupported in pattern ${JSON.stringify(pattern)}: ${what}`);
    };
    const ch = (k = 0) => (i + k < cps.length ? String.fromCodePoint(cps[i + k]) : undefined);
    if (pattern.startsWith('(?i)')) {
        ci = true;
        i = 4;
    }
    const fold = (cp) => {
        if (ci && cp >= 0x61 && cp <= 0x7a) return [cp, cp - 32];
        if (ci && cp >= 0x41 && cp <= 0x5a) return [cp, cp + 32];
        return [cp];
    };
    // An escape after '\': a code point, or a class shorthand (as a string).
    const escape = (inClass) => {
        const e = ch();
        if (e === undefined) unsupported('trailing backslash');
        i++;
        const simple = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, a: 0x07, e: 0x1b };
        if (e in simple) return simple[e];
        if (e === 'd') return inClass ? '0-9' : '[0-9]';
        if (e === 'D') return inClass ? unsupported('\\D in a class') : '[^0-9]';
        if (e === 's') return inClass ? ' \\t\\n\\x0B\\f\\r' : '[ \\t\\n\\x0B\\f\\r]';
        if (e === 'S') return inClass ? unsupported('\\S in a class') : '[^ \\t\\n\\x0B\\f\\r]';
        if (e === 'w') return inClass ? 'a-zA-Z0-9_' : '[a-zA-Z0-9_]';
        if (e === 'W') return inClass ? unsupported('\\W in a class') : '[^a-zA-Z0-9_]';
        if (e === 'u') {
            const hex = cps.slice(i, i + 4).map((c) => String.fromCodePoint(c)).join('');
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) unsupported('\\u without 4 hex digits');
            i += 4;
            return parseInt(hex, 16);
        }
        if (e === 'x') {
            if (ch() === '{') {
                let j = i + 1, hex = '';
                while (j < cps.length && ch(j - i) !== '}') hex += ch(j++ - i);
                if (!/^[0-9a-fA-F]+$/.test(hex)) unsupported('bad \\x{...}');
                i = j + 1;
                return parseInt(hex, 16);
            }
            const hex = (ch() ?? '') + (ch(1) ?? '');
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) unsupported('\\x without 2 hex digits');
            i += 2;
            return parseInt(hex, 16);
        }
        if (/[A-Za-z0-9]/.test(e)) unsupported(`\\${e}`);
        return e.codePointAt(0);
    };
    const klass = () => {
        i++; // '['
        let neg = false;
        if (ch() === '^') {
            neg = true;
            i++;
        }
        if (ch() === ']') unsupported("']' first in a class");
        const parts = [];
        const item = () => {
            const c = ch();
            if (c === undefined) unsupported('unterminated class');
            if (c === '[') unsupported('nested class');
            if (c === '&' && ch(1) === '&') unsupported('class intersection');
            if (c === '\\') {
                i++;
                return escape(true);
            }
            i++;
            return c.codePointAt(0);
        };
        while (ch() !== ']') {
            const lo = item();
            if (typeof lo === 'string') {
                parts.push(lo);
                continue;
            }
            if (ch() === '-' && ch(1) !== ']' && ch(1) !== undefined) {
                i++;
                const hi = item();
                if (typeof hi === 'string') unsupported('range to a shorthand');
                if (hi < lo) unsupported('reversed range');
                parts.push(jsChar(lo, true) + '-' + jsChar(hi, true));
                if (ci) {
                    // ASCII letters of the range, in the other case.
                    const add = (a, b, delta) => {
                        const x = Math.max(lo, a), y = Math.min(hi, b);
                        if (x <= y) parts.push(jsChar(x + delta, true) + '-' + jsChar(y + delta, true));
                    };
                    add(0x61, 0x7a, -32);
                    add(0x41, 0x5a, 32);
                }
            } else {
                for (const cp of fold(lo)) parts.push(jsChar(cp, true));
            }
        }
        i++; // ']'
        return '[' + (neg ? '^' : '') + parts.join('') + ']';
    };
    let lastAtom = false; // may a quantifier follow?
    while (i < cps.length) {
        const c = ch();
        if (c === '\\') {
            i++;
            const e = escape(false);
            if (typeof e === 'string') out += e;
            else {
                const f = fold(e);
                out += f.length > 1 ? '[' + f.map((x) => jsChar(x, true)).join('') + ']' : jsChar(e, false);
            }
            lastAtom = true;
        } else if (c === '[') {
            out += klass();
            lastAtom = true;
        } else if (c === '.') {
            out += JS_DOT;
            i++;
            lastAtom = true;
        } else if (c === '$') {
            out += JS_DOLLAR;
            i++;
            lastAtom = false;
        } else if (c === '^') {
            out += '^';
            i++;
            lastAtom = false;
        } else if (c === '(') {
            if (ch(1) === '?') {
                if (ch(2) !== ':') unsupported('(? other than (?: and a leading (?i)');
                out += '(?:';
                i += 3;
            } else {
                out += '(';
                i++;
            }
            lastAtom = false;
        } else if (c === ')') {
            out += ')';
            i++;
            lastAtom = true;
        } else if (c === '|') {
            out += '|';
            i++;
            lastAtom = false;
        } else if (c === '*' || c === '+' || c === '?' || c === '{') {
            if (!lastAtom) unsupported(`quantifier ${c} without an atom`);
            let q;
            if (c === '{') {
                const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(cps.slice(i, i + 24).map((x) => String.fromCodePoint(x)).join(''));
                if (!m) unsupported("'{' that is no repetition");
                q = m[0];
            } else q = c;
            i += q.length;
            if (ch() === '?') {
                q += '?';
                i++;
            } else if (ch() === '+') unsupported('possessive quantifier');
            out += q;
            lastAtom = false;
        } else {
            const cp = cps[i++];
            const f = fold(cp);
            out += f.length > 1 ? '[' + f.map((x) => jsChar(x, true)).join('') + ']' : jsChar(cp, false);
            lastAtom = true;
        }
    }
    return out;
}

// ------------------------------------------------------------ predicates ----

const T = 1, F = 0, U = 2; // TRUE, FALSE, UNKNOWN
const truth = (b) => (b ? T : F);

function literal(v) {
    switch (v.type) {
        case 'string': return v.value;
        case 'int': return BigInt(v.value.text);
        case 'float': return v.value.double;
        case 'boolean': return v.value;
        case 'timestamp': return instantOfMillis(BigInt(v.value.text));
    }
    throw new Error(`literal of type ${v.type}`);
}

function comparator(type) {
    switch (type) {
        case 'string': return cmpCodePoints;
        case 'int': return (a, b) => (a === b ? 0 : a < b ? -1 : 1);
        case 'float': return (a, b) => (a === b ? 0 : a < b ? -1 : 1);
        case 'boolean': return (a, b) => (a === b ? 0 : a ? 1 : -1);
        case 'timestamp': return cmpInstant;
    }
    throw new Error(`comparison of type ${type}`);
}

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

// A reader: record (Map) -> value at the field's type, or undefined (NULL).
function reader(f) {
    const parseText = (v) => {
        if (typeof v === 'string') {
            try {
                return parseJson(v);
            } catch (e) {
                if (e instanceof JsonError) return undefined;
                throw e;
            }
        }
        return isObject(v) || Array.isArray(v) ? v : undefined; // inline document
    };
    const int64 = (v) => {
        if (!(v instanceof JNum) || !v.isInt) return undefined;
        const n = BigInt(v.text);
        return n < INT64_MIN || n > INT64_MAX ? undefined : n;
    };
    const read = (v) => {
        switch (f.type) {
            case 'string': return typeof v === 'string' ? v : undefined;
            case 'int': return int64(v);
            case 'float': return v instanceof JNum ? v.double : undefined;
            case 'boolean': return typeof v === 'boolean' ? v : undefined;
            case 'timestamp':
                if (f.encoding === 'epoch-millis') {
                    const n = int64(v);
                    return n === undefined ? undefined : instantOfMillis(n);
                }
                if (f.encoding === 'iso-8601') return typeof v === 'string' ? parseIso(v) ?? undefined : undefined;
                throw new Error(`timestamp encoding ${f.encoding}`);
            case 'json': return v; // the column itself: NULL only when absent or null
        }
        throw new Error(`field type ${f.type}`);
    };
    return (record) => {
        if (!isObject(record)) return undefined;
        let v = record.get(f.column);
        if (v === undefined || v === null) return undefined;
        if (f.jsonText) v = parseText(v);
        for (const step of f.path) {
            if (v === undefined || v === null) return undefined;
            if (step instanceof JNum) v = Array.isArray(v) ? v[Number(step.text)] : undefined;
            else v = isObject(v) ? v.get(step) : undefined;
        }
        if (v === undefined || v === null) return undefined;
        return read(v);
    };
}

function compile(p) {
    switch (p.get('op')) {
        case 'and':
        case 'or': {
            const args = p.get('args').map(compile);
            const dominant = p.get('op') === 'and' ? F : T;
            return (r) => {
                let unknown = false, hit = false;
                for (const a of args) {
                    const v = a(r); // no short cut: every argument is evaluated
                    if (v === dominant) hit = true;
                    else if (v === U) unknown = true;
                }
                return hit ? dominant : unknown ? U : dominant === F ? T : F;
            };
        }
        case 'not': {
            const a = compile(p.get('arg'));
            return (r) => {
                const v = a(r);
                return v === U ? U : v === T ? F : T;
            };
        }
    }
    const op = p.get('op');
    const fm = p.get('field');
    const f = {
        column: fm.get('column'), path: fm.get('path'), type: fm.get('type'),
        encoding: fm.get('encoding'), jsonText: fm.get('jsonText') === true,
    };
    for (const k of ['value', 'min', 'max']) {
        const v = p.get(k);
        if (v && v.get('type') !== (op === 'matches' ? 'string' : f.type))
            throw new Error(`literal of type ${v.get('type')} for a ${f.type} field`);
    }
    const get = reader(f);
    const lit = (v) => literal({ type: v.get('type'), value: v.get('value') });
    if (op === 'isNull') return (r) => truth(get(r) === undefined);
    if (op === 'isNotNull') return (r) => truth(get(r) !== undefined);
    if (op === 'matches') {
        const re = new RegExp(javaToJs(p.get('value').get('value')), 'u');
        return (r) => {
            const v = get(r);
            return v === undefined ? U : truth(re.test(v));
        };
    }
    const cmp = comparator(f.type);
    const test = {
        equals: (v, [a]) => cmp(v, a) === 0,
        greaterThan: (v, [a]) => cmp(v, a) > 0,
        lessThan: (v, [a]) => cmp(v, a) < 0,
        greaterThanOrEqual: (v, [a]) => cmp(v, a) >= 0,
        lessThanOrEqual: (v, [a]) => cmp(v, a) <= 0,
        between: (v, [a, b]) => cmp(v, a) >= 0 && cmp(v, b) <= 0,
        in: (v, list) => list.some((a) => cmp(v, a) === 0),
        notIn: (v, list) => !list.some((a) => cmp(v, a) === 0),
    }[op];
    if (!test) throw new Error(`operator ${op}`);
    const operands = op === 'in' || op === 'notIn' ? p.get('values').map(lit)
        : op === 'between' ? [lit(p.get('min')), lit(p.get('max'))] : [lit(p.get('value'))];
    return (r) => {
        const v = get(r);
        return v === undefined ? U : truth(test(v, operands));
    };
}

// The semantics this interpreter implements; a document declaring others is refused.
const EXPECTED = {
    logic: 'sql-three-valued', routeWhen: 'TRUE', missingField: 'NULL', malformedValue: 'NULL',
    strings: 'code-point-order', numbers: 'numeric', timestamps: 'instant, millisecond literals',
};

export function loadTopology(text) {
    const doc = parseJson(text);
    if (doc.get('formatVersion')?.text !== '1') throw new Error('formatVersion is not 1');
    const sem = doc.get('semantics');
    for (const [k, v] of Object.entries(EXPECTED))
        if (sem.get(k) !== v) throw new Error(`semantics.${k} is ${JSON.stringify(sem.get(k))}, not ${JSON.stringify(v)}`);
    const rx = sem.get('regex');
    if (rx.get('dialect') !== 'java' || rx.get('match') !== 'find') throw new Error('semantics.regex is not java find');
    return doc.get('branches').map((b) => ({ filter: b.get('filter'), topic: b.get('sink').get('topic'), test: compile(b.get('predicate')) }));
}

// Branches a record (JSON text) is routed to; throws JsonError for no JSON.
export function route(branches, line) {
    const record = parseJson(line);
    return branches.filter((b) => b.test(record) === T).map((b) => b.filter);
}

// ------------------------------------------------------------------- CLI ----

if (import.meta.url === `file://${process.argv[1]}`) {
    const args = process.argv.slice(2);
    if (args.length < 1 || args.length > 2) {
        console.error('usage: node topology-eval.mjs TOPOLOGY.json [EVENTS.jsonl | -]');
        process.exit(2);
    }
    let branches;
    try {
        branches = loadTopology(readFileSync(args[0], 'utf8'));
    } catch (e) {
        console.error(`topology-eval: ${args[0]}: ${e.message}`);
        process.exit(2);
    }
    const input = readFileSync(args[1] && args[1] !== '-' ? args[1] : 0, 'utf8');
    let status = 0;
    const out = [];
    input.split('\n').forEach((line, k) => {
        if (/^[ \t\r]*$/.test(line)) return;
        try {
            out.push(JSON.stringify({ line: k + 1, filters: route(branches, line) }));
        } catch (e) {
            if (!(e instanceof JsonError)) throw e;
            console.error(`topology-eval: line ${k + 1}: ${e.message}`);
            status = 1;
        }
    });
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    process.exit(status);
}
