#!/usr/bin/env bash
# make check-avro: the avro target's schemas read by Apache Avro (Java, the
# implementation a Schema Registry parses them with; tests/avro/pom.xml pins
# it), not by cdcgen (AvroCheck.java says what it checks):
#   - the seed project's avro-schemas.json against the records of
#     tests/validate/records/ (the seed's samples, Debezium-shaped records);
#   - every golden avro-schemas.json, against the records.jsonl of its case
#     where it has one (the schema must parse either way);
# each record must convert, validate, encode and read back; each record
# broken must be refused. Before trusting it, AvroCheck must refuse a schema
# with a type Avro does not have, and a record a schema cannot hold.
# Exit status: 0 all holds, 1 something does not, 2 missing tools or jars.
set -eu
. "$(dirname "$0")/../lib.sh"
here=$root/tests/avro
jar=$here/target/cdcgen-avro-check-1.jar
need_cdcgen
need_tools java
[ -f "$jar" ] && [ -d "$here/target/lib" ] || die "no $jar (run make deps, then make check-avro)"
cd "$root"
scratch

avro() {
    java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar:$here/target/lib/*" \
        io.cdcgen.avro.AvroCheck "$@"
}

gen=$tmp/seed
(cd tests/fixtures/seed-project && "$cdcgen" generate -t avro -o "$gen") ||
    die "cdcgen generate -t avro failed in tests/fixtures/seed-project"

pass=0 fail=0
check "seed project: Avro reads the schemas, encodes the records" \
    avro "$gen/avro-schemas.json" tests/validate/records/*.jsonl
sed 's/^avro: /avro: seed project: /' "$tmp/out"
mapfile -d '' goldens < <(find tests/golden -path '*/expected/avro-schemas.json' -print0 | sort -z)
[ ${#goldens[@]} -gt 0 ] || die "no avro-schemas.json under tests/golden"
for f in "${goldens[@]}"; do
    records=$(dirname "$(dirname "$f")")/records.jsonl
    if [ -f "$records" ]; then
        check "$f: Avro reads the schemas, encodes $records" avro "$f" "$records"
    else
        check "$f: Avro reads the schemas" avro "$f"
    fi
done

# The checker must be able to fail: an unknown type, and a record that is
# valid JSON but not the schema's (a number where text belongs).
sed 's/"type": "long"/"type": "int64"/' "$gen/avro-schemas.json" >"$tmp/bad-type.json"
check "AvroCheck refuses a schema with the type int64" \
    sh -c "java -cp '$jar:$here/target/lib/*' io.cdcgen.avro.AvroCheck '$tmp/bad-type.json' 2>&1 >/dev/null |
        grep -q \"schema 'event_headers': Undefined schema: public.int64\""
head -n 1 tests/validate/records/seed-raw.jsonl | sed 's/"id":"[^"]*"/"id":42/' >"$tmp/bad-record.jsonl"
check "AvroCheck refuses a record whose id is a number" \
    sh -c "java -cp '$jar:$here/target/lib/*' io.cdcgen.avro.AvroCheck '$gen/avro-schemas.json' '$tmp/bad-record.jsonl' 2>&1 >/dev/null |
        grep -q 'bad-record.jsonl:1: /id: 42 is not'"

echo "avro: $pass passed, $fail failed"
[ "$fail" = 0 ]
