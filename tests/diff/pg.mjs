// The PostgreSQL oracle: generated filter trees (gen.mjs) -> SQL boolean
// expressions over a table of typed event columns, with the semantics of
// man/cdcgen.1 (SEMANTICS) written in PostgreSQL's own terms. It reads the
// generator's trees, never cdcgen's output, and the events are converted to
// typed columns by SQL (setupSql), not by cdcgen.
//
//   three-valued logic      SQL's own AND / OR / NOT, comparisons with NULL
//   strings                 text COLLATE "C": byte order of UTF-8 = code points
//   numbers                 float8
//   timestamps              timestamptz (microseconds; literals are whole ms)
//   __ts_ms                 bigint, only from a JSON integer (no fraction or
//                           exponent), read from the json type, which keeps
//                           the number's spelling
//   JSON paths              jsonb -> 'key' -> index, on the header document
//                           parsed by cdc_jsonb() (NULL when it is no JSON),
//                           typed by jsonb_typeof (a wrong type is NULL)
//   ISO-8601 text           cdc_instant(): only the strict shape cdcgen
//                           documents (date, T/t/space, hh:mm:ss, optional
//                           fraction, Z/z or +hh[[:]mm]), with ranges checked;
//                           anything else is NULL
//   matches                 ~ with the pattern rendered from the generator's
//                           regex tree in Java's meaning: '.' excludes Java's
//                           line terminators and '$' also matches before a
//                           final one (java.util.regex.Pattern, non-MULTILINE)

export const setupSql = String.raw`
SET client_min_messages = warning;
SET standard_conforming_strings = on;

-- JSON text -> jsonb, or NULL when it does not parse. PostgreSQL text
-- cannot hold NUL, so a \u0000 escape reads as U+FFFD: the document still
-- parses, as JSON says it does (only the nul corner writes one, in a key no
-- filter tests).
CREATE FUNCTION cdc_jsonb(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF strpos(t, '\u0000') > 0 THEN
        t := regexp_replace(t, '(^|[^\\])((\\\\)*)\\u0000', '\1\2\\ufffd', 'g');
    END IF;
    RETURN t::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- A JSON number as a double; beyond the double range it is what a decimal
-- to double conversion gives (+-Infinity, +-0).
CREATE FUNCTION cdc_float(j jsonb) RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE n numeric := j::numeric;
BEGIN
    RETURN n::float8;
EXCEPTION WHEN others THEN
    IF abs(n) > 1 THEN RETURN CASE WHEN n > 0 THEN 'Infinity'::float8 ELSE '-Infinity'::float8 END; END IF;
    RETURN CASE WHEN n >= 0 THEN 0::float8 ELSE '-0'::float8 END;
END $$;

-- ISO-8601 instant with a mandatory offset -> timestamptz, or NULL.
CREATE FUNCTION cdc_instant(s text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    m text[];
    y int; mo int; d int; h int; mi int; se int; oh int; om int; sign int;
    frac text; us bigint; dim int; t timestamp;
BEGIN
    IF s IS NULL THEN RETURN NULL; END IF;
    m := regexp_match(s, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)$');
    IF m IS NULL THEN RETURN NULL; END IF;
    y := m[1]::int; mo := m[2]::int; d := m[3]::int;
    h := m[4]::int; mi := m[5]::int; se := m[6]::int;
    IF m[8] IS NOT NULL THEN oh := 0; om := 0; sign := 1;
    ELSE
        sign := CASE WHEN m[9] = '-' THEN -1 ELSE 1 END;
        oh := m[10]::int; om := coalesce(m[11], '0')::int;
    END IF;
    IF mo < 1 OR mo > 12 OR h > 23 OR mi > 59 OR se > 59 OR oh > 23 OR om > 59 THEN RETURN NULL; END IF;
    dim := CASE WHEN mo = 2 THEN
                CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
           WHEN mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END;
    IF d < 1 OR d > dim THEN RETURN NULL; END IF;
    frac := coalesce(substr(m[7], 2), '');
    IF substr(frac, 7) ~ '[1-9]' THEN
        RAISE EXCEPTION 'cdc_instant: % has sub-microsecond digits the oracle cannot hold', s;
    END IF;
    us := rpad(substr(frac, 1, 6), 6, '0')::bigint;
    -- year 0000 is 1 BC, which PostgreSQL writes as -1
    t := make_timestamp(CASE WHEN y = 0 THEN -1 ELSE y END, mo, d, h, mi, 0)
         + se * interval '1 second' + us * interval '1 microsecond';
    RETURN (t AT TIME ZONE 'UTC') - sign * (oh * 60 + om) * interval '1 minute';
END $$;

-- Epoch milliseconds -> timestamptz, exactly: interval arithmetic multiplies
-- in double precision, so whole days and the milliseconds of the day go
-- separately (both products stay far below 2^53), in UTC (no DST).
CREATE FUNCTION cdc_ms(ms bigint) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE SET TimeZone = 'UTC' AS $$
DECLARE d bigint := floor(ms / 86400000.0);
BEGIN
    RETURN timestamptz '1970-01-01 00:00:00+00' + make_interval(days => d::int)
           + (ms - d * 86400000) * interval '1 millisecond';
END $$;

CREATE TABLE raw (line int PRIMARY KEY, j json NOT NULL);
`;

// Typed columns from the raw lines: a value of the wrong JSON type is NULL.
export const convertSql = String.raw`
CREATE TABLE ev AS
SELECT line,
    CASE WHEN json_typeof(j->'id') = 'string' THEN (j->'id') #>> '{}' END COLLATE "C" AS id,
    CASE WHEN json_typeof(j->'event_name') = 'string' THEN (j->'event_name') #>> '{}' END COLLATE "C" AS event_name,
    CASE WHEN json_typeof(j->'event_type') = 'string' THEN (j->'event_type') #>> '{}' END COLLATE "C" AS event_type,
    cdc_instant(CASE WHEN json_typeof(j->'created_date') = 'string' THEN (j->'created_date') #>> '{}' END) AS created_date,
    cdc_instant(CASE WHEN json_typeof(j->'saved_date') = 'string' THEN (j->'saved_date') #>> '{}' END) AS saved_date,
    -- the column as text: a string as it is, any other non-null JSON value as JSON text
    CASE WHEN json_typeof(j->'header_data') = 'string' THEN (j->'header_data') #>> '{}'
         WHEN json_typeof(j->'header_data') <> 'null' THEN (j->'header_data')::text END AS header_data,
    -- its document: a string is parsed, an object or array given inline is
    -- the document itself, a number or boolean has none
    CASE WHEN json_typeof(j->'header_data') = 'string' THEN cdc_jsonb((j->'header_data') #>> '{}')
         WHEN json_typeof(j->'header_data') IN ('object', 'array') THEN cdc_jsonb((j->'header_data')::text) END AS hd,
    CASE WHEN json_typeof(j->'__op') = 'string' THEN (j->'__op') #>> '{}' END COLLATE "C" AS __op,
    CASE WHEN json_typeof(j->'__table') = 'string' THEN (j->'__table') #>> '{}' END COLLATE "C" AS __table,
    -- epoch milliseconds: a JSON integer only (no fraction, no exponent)
    CASE WHEN json_typeof(j->'__ts_ms') = 'number' AND btrim((j->'__ts_ms')::text, E' \t\n\r') ~ '^-?[0-9]{1,19}$'
          AND btrim((j->'__ts_ms')::text, E' \t\n\r')::numeric BETWEEN -9223372036854775808 AND 9223372036854775807
         THEN btrim((j->'__ts_ms')::text, E' \t\n\r')::bigint END AS __ts_ms,
    CASE WHEN json_typeof(j->'__deleted') = 'string' THEN (j->'__deleted') #>> '{}' END COLLATE "C" AS __deleted
FROM raw;
`;

export function sqlString(s) {
    return "'" + s.replace(/'/g, "''") + "'";
}

// SQL for one raw event line. PostgreSQL's json functions refuse \u0000
// (text cannot hold NUL), so it reads as U+FFFD here too.
export function insertSql(line, text) {
    const t = text.includes('\\u0000') ? text.replace(/(^|[^\\])((?:\\\\)*)\\u0000/g, '$1$2\\ufffd') : text;
    return `INSERT INTO raw VALUES (${line}, ${sqlString(t)});`;
}

// --------------------------------------------------------------- regex ----

// Java's '.' (no DOTALL) and '$' (no MULTILINE), java.util.regex.Pattern:
// line terminators are \n, \r, \r\n, U+0085, U+2028, U+2029; '$' matches at
// the end and before a final terminator, but not between \r and \n.
const PG_JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const PG_JAVA_DOLLAR = '(?:$|(?=\\r\\n$)|(?=[\\r\\u0085\\u2028\\u2029]$)|(?<!\\r)(?=\\n$))';

function pgChar(ch) {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    const c = ch.codePointAt(0);
    if (c === 0x85 || c === 0x2028 || c === 0x2029) return '\\u' + c.toString(16).padStart(4, '0');
    if (c < 0x80 && !/[A-Za-z0-9]/.test(ch)) return '\\' + ch; // ARE: \ + non-alphanumeric is that character
    return ch;
}

export function regexPg(node) {
    switch (node.t) {
        case 'root': return (node.ci ? '(?i)' : '') + regexPg(node.alt);
        case 'alt': return node.branches.map(regexPg).join('|');
        case 'seq': return node.items.map(regexPg).join('');
        case 'bol': return '^';
        case 'eol': return PG_JAVA_DOLLAR;
        case 'dot': return PG_JAVA_DOT;
        case 'esc': return node.k === 'd' ? '[0-9]' : '[ \\t\\n\\v\\f\\r]';
        case 'lit': return pgChar(node.ch);
        case 'cls':
            return '[' + (node.neg ? '^' : '') +
                node.items.map(([lo, hi]) => (lo === hi ? pgChar(lo) : pgChar(lo) + '-' + pgChar(hi))).join('') + ']';
        case 'grp': return '(?:' + regexPg(node.alt) + ')';
        case 'q': {
            const q = node.max === Infinity ? `{${node.min},}` : `{${node.min},${node.max}}`;
            return regexPg(node.atom) + q + (node.lazy ? '?' : '');
        }
    }
    throw new Error('regex node ' + node.t);
}

// ------------------------------------------------------------- leaves ----

// The field's value at its type, as SQL.
export function valueSql(f) {
    if (f.path.length === 0) {
        if (f.column === 'header_data') return 'ev.header_data';
        return `ev.${f.column}`;
    }
    // Each step checks the container's type: PostgreSQL reads a scalar
    // document as a one-element array ('"x"'::jsonb -> 0 is "x").
    let j = 'ev.hd';
    for (const st of f.path)
        j = typeof st === 'number' ? `(CASE WHEN jsonb_typeof(${j}) = 'array' THEN ${j} -> ${st} END)`
            : `(CASE WHEN jsonb_typeof(${j}) = 'object' THEN ${j} -> ${sqlString(st)} END)`;
    switch (f.type) {
        case 'string': return `(CASE WHEN jsonb_typeof(${j}) = 'string' THEN ${j} #>> '{}' END COLLATE "C")`;
        case 'float': return `(CASE WHEN jsonb_typeof(${j}) = 'number' THEN cdc_float(${j}) END)`;
        case 'bool': return `(CASE WHEN jsonb_typeof(${j}) = 'boolean' THEN (${j})::boolean END)`;
        case 'timestamp': return `cdc_instant(CASE WHEN jsonb_typeof(${j}) = 'string' THEN ${j} #>> '{}' END)`;
    }
    throw new Error('path type ' + f.type);
}

function floatSql(x) {
    if (Object.is(x, -0)) return "'-0'::float8";
    return `'${String(x)}'::float8`;
}

export function literalSql(f, v) {
    switch (v.kind) {
        case 'string': return `(${sqlString(v.value)} COLLATE "C")`;
        case 'float': return floatSql(v.value);
        case 'bool': return v.value ? 'TRUE' : 'FALSE';
        case 'ts': return f.epochMs ? `${v.ms}::bigint` : `cdc_ms(${v.ms})`;
    }
    throw new Error('literal ' + v.kind);
}

const CMP = { equals: '=', greaterThan: '>', lessThan: '<', greaterThanOrEqual: '>=', lessThanOrEqual: '<=' };

export function leafSql(c) {
    const x = valueSql(c.field);
    const lit = (v) => literalSql(c.field, v);
    switch (c.op) {
        case 'isNull': return `(${x} IS NULL)`;
        case 'isNotNull': return `(${x} IS NOT NULL)`;
        case 'in': return `(${x} IN (${c.values.map(lit).join(', ')}))`;
        case 'notIn': return `(${x} NOT IN (${c.values.map(lit).join(', ')}))`;
        case 'between': return `(${x} BETWEEN ${lit(c.values[0])} AND ${lit(c.values[1])})`;
        case 'matches': return `(${x} ~ ${sqlString(regexPg(c.values[0].re))})`;
        default: return `(${x} ${CMP[c.op]} ${lit(c.values[0])})`;
    }
}

export function condSql(c) {
    if (c.kind === 'leaf') return leafSql(c);
    if (c.kind === 'not') return `(NOT ${condSql(c.kids[0])})`;
    const op = c.kind === 'all' ? ' AND ' : ' OR ';
    return '(' + c.kids.map(condSql).join(op) + ')';
}

export function filterSql(f) {
    return '(' + f.conditions.map(condSql).join(f.logic === 'OR' ? ' OR ' : ' AND ') + ')';
}

// Every leaf of a filter, depth first (for explaining a disagreement).
export function leaves(f) {
    const out = [];
    const walk = (c) => (c.kind === 'leaf' ? out.push(c) : c.kids.forEach(walk));
    f.conditions.forEach(walk);
    return out;
}

