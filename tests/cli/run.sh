#!/usr/bin/env bash
# CLI tests: the command-line contract of man/cdcgen.1, end to end.
#   every command answers --help on stdout with exit 0 and nothing on stderr;
#   every command and long option is in the man page; exit statuses 0/1/2;
#   generate writes nothing on error, is deterministic, and --check reports
#   stale outputs with a diff; -o - needs exactly one target.
# The JSON, XML and source readers it needs are files beside this script
# (*.mjs, *.py), each saying what it checks.
# Usage: CDCGEN=path/to/cdcgen tests/cli/run.sh
. "$(dirname "$0")/../lib.sh"
need_cdcgen
scratch
here=$root/tests/cli

status_is() { # status_is EXPECTED COMMAND...
    local want=$1 got=0
    shift
    "$@" >"$tmp/sout" 2>"$tmp/serr" || got=$?
    [ "$got" = "$want" ] || { echo "exit $got, expected $want: $*" >&2; cat "$tmp/serr" >&2; return 1; }
}

# The seed project (tests/fixtures/seed-project/), not the repository's own
# filters/, which is the user's workspace.
cd "$tmp"
cp -r "$root/tests/fixtures/seed-project/filters" filters
seed_schema

# --help, --version, --list-commands
check "--version" sh -c "'$cdcgen' --version | grep -qx 'cdcgen [0-9.]*'"
check "--help lists every command" sh -c "for c in \$('$cdcgen' --list-commands); do '$cdcgen' --help | grep -q \"^  \$c \" || exit 1; done"
for cmd in $("$cdcgen" --list-commands); do
    check "$cmd --help: stdout, exit 0, empty stderr" \
        sh -c "'$cdcgen' $cmd --help >h.out 2>h.err && test -s h.out && ! test -s h.err && grep -q '^usage: cdcgen $cmd' h.out"
    check "man page documents '$cmd'" grep -q "^\.It Cm $cmd" "$root/man/cdcgen.1"
    for opt in $("$cdcgen" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        check "man page documents $cmd $opt" grep -qE -- "Fl \\\\?-${opt#--}" "$root/man/cdcgen.1"
    done
done
# The table of targets (--list-targets) is what the man page and generate's help list.
ntargets=$("$cdcgen" --list-targets | wc -l)
check "--list-targets lists targets" test "$ntargets" -ge 5
while read -r name file; do
    check "man page lists target '$name' -> $file" grep -qF ".It Cm $name No \\(-> Pa $file" "$root/man/cdcgen.1"
    check "man page: -t takes '$name'" sh -c "sed -n '/^\\.It Fl t Ar target/,/^May be repeated/p' '$root/man/cdcgen.1' | grep -q '^\\.Cm $name'"
    check "man page FILES: generated/$file" sh -c "sed -n '/^\\.Sh FILES/,/^\\.Sh EXIT/p' '$root/man/cdcgen.1' | grep -q '^\\.Pa $file'"
    check "man page: config targets takes '$name'" sh -c "sed -n '/^\\.It Ic targets/,/^\\.It Ic kafka/p' '$root/man/cdcgen.1' | grep -q '^\\.Cm $name'"
    check "generate --help names target '$name'" sh -c "'$cdcgen' generate --help | grep -q -- '-t, --target NAME.*[ ,]$name\\b'"
done < <("$cdcgen" --list-targets)
# The table of operators (--list-operators) is what the man page, the JSON
# Schema of filter files and the condition grammar list, each operator with
# its operands; and every operator has its golden case.
"$cdcgen" --list-operators >"$tmp/operators"
check "--list-operators lists operators" test "$(wc -l <"$tmp/operators")" -ge 11
check "filters.schema.json: every operator, with its operands" \
    sh -c "node '$root/tests/cli/operator-schema.mjs' '$root/grammar/filters.schema.json' <'$tmp/operators'"
while read -r name keys _; do
    case $keys in
    -) first='no operand' ;;
    min,max) first='\.Ic min' ;;
    *) first="\\.Ic $keys( ,)?" ;;
    esac
    check "man page: operator '$name' takes $keys" sh -c "sed -n '/^\\.Ss Operators/,/^\\.Ss Fields/p' '$root/man/cdcgen.1' | grep -A1 -x '\\.It Cm $name' | tail -n 1 | grep -qxE '$first'"
    check "conditions.ebnf: operator '$name'" grep -qF "\"$name\"" "$root/grammar/conditions.ebnf"
    check "golden case tests/golden/ops/$name" test -f "$root/tests/golden/ops/$name/input.yaml"
done <"$tmp/operators"
check "no command: usage, exit 2" status_is 2 "$cdcgen"
check "unknown command: exit 2" status_is 2 "$cdcgen" frobnicate
check "unknown option: exit 2" status_is 2 "$cdcgen" check --frobnicate
check "unknown target: exit 2" status_is 2 "$cdcgen" generate -t oracle
check "unknown format: exit 2" status_is 2 "$cdcgen" check --format xml
check "fmt reads no config: -c is a usage error" status_is 2 "$cdcgen" fmt -c cdcgen.yaml
check "fmt --help: exit 0" status_is 0 "$cdcgen" fmt --help
check "missing input: exit 2" status_is 2 "$cdcgen" check no-such-dir

# check
check "check filters/: exit 0, silent" sh -c "'$cdcgen' check >o 2>e && ! test -s o && ! test -s e"
printf 'version: 1\nfilters:\n  - id: x\n' >bad.yaml
check "check bad file: exit 1" status_is 1 "$cdcgen" check bad.yaml
check "check --format json: a JSON document on stdout" sh -c "'$cdcgen' check --format json bad.yaml >j.out; test \$? = 1 && node '$here/json-check.mjs' errors j.out"
check "check --format sarif: SARIF 2.1.0 on stdout" sh -c "'$cdcgen' check --format sarif bad.yaml >s.out; node '$here/json-check.mjs' sarif s.out"
check "check --format github: workflow commands" sh -c "'$cdcgen' check --format github bad.yaml 2>&1 | grep -q '^::error file=bad.yaml,line='"

# generate
check "generate writes one file per target" sh -c "'$cdcgen' generate -o out1 && test \$(ls out1 | wc -l) = $ntargets"
check "generate is deterministic (other process, time zone, locale)" sh -c "TZ=Pacific/Chatham LC_ALL=C.UTF-8 '$cdcgen' generate -o out2 && diff -r out1 out2"
check "generate --check: up to date, exit 0" status_is 0 "$cdcgen" generate --check -o out1
printf -- '-- edited\n' >>out1/flink.sql
check "generate --check: stale, exit 1 and a diff" sh -c "'$cdcgen' generate --check -o out1 >d.out 2>d.err; test \$? = 1 && grep -qx -- '--- edited' d.out && grep -q '^--- a/out1/flink.sql' d.out"
check "generate --check wrote nothing" grep -q '^-- edited' out1/flink.sql
rm out1/kstreams-topology.json
check "generate --check: missing file is stale" status_is 1 "$cdcgen" generate --check -o out1
check "generate -t flink -o -: SQL on stdout" sh -c "'$cdcgen' generate -t flink -o - >f.sql && cmp f.sql out2/flink.sql"
check "-o - with two targets: exit 2" status_is 2 "$cdcgen" generate -t flink -t kstreams -o -
check "-o - without a target: exit 2" status_is 2 "$cdcgen" generate -o -
mkdir -p broken && cp filters/*.yaml broken/ && cp bad.yaml broken/
check "generate with an error writes nothing" sh -c "'$cdcgen' generate -o out3 broken; test \$? = 1 && ! test -e out3"
check "generate over existing outputs on error leaves them" sh -c "cp -r out2 out4 && '$cdcgen' generate -o out4 broken; test \$? = 1 && diff -r out2 out4"
check "generate leaves no temporary files" sh -c "test -z \"\$(ls out2 | grep -v -e '\.sql\$' -e '\.json\$' -e '\.sh\$')\""
printf 'targets: [kstreams]\n' >only.yaml
check "config selects targets" sh -c "'$cdcgen' generate -c only.yaml -o out5 && test \"\$(ls out5)\" = kstreams-topology.json"
printf 'database:\n  password: hunter2\n' >secret.yaml
check "literal secret in config: exit 1" status_is 1 "$cdcgen" check -c secret.yaml
check "literal secret is named in the diagnostic" grep -q "literal-secret" "$tmp/serr"
check "missing -c file: exit 2" status_is 2 "$cdcgen" check -c no-such.yaml

# Findings go through the diagnostics collector in every format, on one
# stream: a json/sarif document on stdout (eval and generate -o -, whose
# stdout is their product: on stderr); write errors are io errors, exit 2.
json_has() { # json_has FILE CODE: FILE is one JSON document with a diagnostic CODE
    node "$here/json-check.mjs" code "$1" "$2"
}
cp -r out2 out6 && printf -- '-- edited\n' >>out6/confluent.sql
check "generate --check --format github: stale file is an ::error" sh -c "'$cdcgen' generate --check --format github -o out6 >g.out 2>g.err; test \$? = 1 && grep -q '^::error file=out6/confluent.sql,title=stale-output::' g.err"
check "generate --check --format json: document on stdout, diff on stderr" sh -c "'$cdcgen' generate --check --format json -o out6 >j.out 2>j.err; test \$? = 1 && grep -q '^--- a/out6/confluent.sql' j.err"
check "generate --check --format json: names the stale file" json_has j.out stale-output
printf '{"event_type": "LoanCreated", "__op": "c"}\n{bad\n[1]\n' >ev.jsonl
check "eval --format json: routing on stdout, exit 1" sh -c "'$cdcgen' eval -f filters --format json ev.jsonl >e.out 2>e.err; test \$? = 1 && test \$(wc -l <e.out) = 1 && grep -q '\"line\":1' e.out"
check "eval --format json: malformed lines in the document on stderr" json_has e.err bad-event
check "eval --format github: malformed lines as ::error" sh -c "'$cdcgen' eval -f filters --format github ev.jsonl 2>&1 >/dev/null | grep -q '^::error file=ev.jsonl,line=2,col=[0-9]*,title=bad-event::'"
check "eval text: malformed line located" sh -c "'$cdcgen' eval -f filters ev.jsonl 2>&1 >/dev/null | grep -q '^ev.jsonl:3:1: error: an event must be a JSON object \[bad-event\]'"
check "test --format json: document on stdout, report on stderr" sh -c "'$cdcgen' test --format json >t.out 2>t.err; test \$? = 0 && grep -q '^tests: ' t.err && node '$here/json-check.mjs' parses t.out"
# A full disk (Linux's /dev/full, as tests/hostile uses).
check "check --format json > /dev/full: exit 2, said on stderr" sh -c "'$cdcgen' check --format json >/dev/full 2>f.err; test \$? = 2 && grep -q '^<stdout>: error: cannot write: .*\[io\]' f.err"
check "eval > /dev/full: exit 2" sh -c "'$cdcgen' eval -f filters ev.jsonl >/dev/full 2>/dev/null; test \$? = 2"
check "generate -o - > /dev/full: exit 2" sh -c "'$cdcgen' generate -t flink -o - >/dev/full 2>f.err; test \$? = 2 && grep -q 'cannot write' f.err"
check "test > /dev/full: exit 2" sh -c "'$cdcgen' test >/dev/full 2>/dev/null; test \$? = 2"
printf 'x\n' >not-a-dir
check "generate into an unwritable place: exit 2, located" sh -c "'$cdcgen' generate -o not-a-dir/out 2>w.err; test \$? = 2 && grep -q '^not-a-dir/out: error: cannot write: .*\[io\]' w.err"

# topics: a compacted filtered topic is refused (Flink writes keyless records)
printf 'topics:\n  filtered: { cleanup_policy: compact }\n' >compact.yaml
check "topics.filtered.cleanup_policy compact: exit 1, located" sh -c "'$cdcgen' generate -c compact.yaml -o out7 2>e; test \$? = 1 && grep -q \"^compact.yaml:2:[0-9]*: error: 'topics.filtered.cleanup_policy' must be delete\" e && ! test -e out7"
printf 'topics:\n  source: { partitions: 0 }\n' >zero.yaml
check "topics.source.partitions 0: exit 1, located" sh -c "'$cdcgen' check -c zero.yaml 2>e; test \$? = 1 && grep -q \"^zero.yaml:2:[0-9]*: error: 'topics.source.partitions' must be at least 1 \\[config-value\\]\" e"

# resolve: secret references of a connector config, to standard output only
printf 'db_password=from-file\n' >secrets.properties
printf '{"a": "${env:CDCGEN_T_PW}", "b": ["x ${file:%s/secrets.properties:db_password} y"], "c": 5}\n' "$tmp" >refs.json
check "resolve: env and file references replaced" sh -c "CDCGEN_T_PW='p\"w' '$cdcgen' resolve refs.json >r.out && node '$here/json-check.mjs' equals r.out '{\"a\": \"p\\\"w\", \"b\": [\"x from-file y\"], \"c\": 5}'"
check "resolve: unset variable, exit 2, named by pointer" sh -c "'$cdcgen' resolve refs.json >r.out 2>e; test \$? = 2 && grep -q '^refs.json: error: at #/a: environment variable .CDCGEN_T_PW. is not set \[unresolved-reference\]' e && ! test -s r.out"
check "resolve --format json: diagnostics on stderr, nothing on stdout" sh -c "'$cdcgen' resolve --format json refs.json >r.out 2>rj.err; test \$? = 2 && ! test -s r.out"
# The commands that read a live PostgreSQL (tests/pg/ runs them against one):
# here only what needs no server.
nodb="host=$tmp/no-server-here dbname=events user=cdc password=cli-secret-9"
check "schema pull: no CONNINFO, or no subcommand, exit 2 with the usage" sh -c "'$cdcgen' schema pull 2>u.err; test \$? = 2 && grep -q '^usage: cdcgen schema pull' u.err && '$cdcgen' schema 2>/dev/null; test \$? = 2"
check "schema pull: no server, exit 2, one database error on stderr, nothing on stdout, no password" sh -c "'$cdcgen' schema pull '$nodb' >p.out 2>p.err; test \$? = 2 && ! test -s p.out && test \$(grep -c 'error: .*\\[database\\]' p.err) = 1 && ! grep -q cli-secret p.err"
# schema ddl: the SQL itself is applied to a real PostgreSQL in tests/pg/; here
# its streams, exit statuses and refusals.
check "schema ddl: the seed's table on stdout, its key and NOT NULL columns, nothing on stderr" sh -c "'$cdcgen' schema ddl --schema schema.yaml >ddl.out 2>ddl.err && ! test -s ddl.err && grep -qx 'CREATE TABLE public.event_headers (' ddl.out && grep -qx '    PRIMARY KEY (id)' ddl.out && grep -q '^    header_data  *jsonb NOT NULL,\$' ddl.out && grep -qx 'COMMIT;' ddl.out"
check "schema ddl -o FILE: the same bytes, written whole" sh -c "'$cdcgen' schema ddl --schema schema.yaml -o ddl.sql && cmp ddl.sql ddl.out"
printf 'table: public.t\ncolumns:\n  - name: id\n    type: int\n    pg_type: integer\n  - name: note\n    type: string\n' >nopg.yaml
check "schema ddl: a column without pg_type is located, exit 2, nothing written" sh -c "'$cdcgen' schema ddl --schema nopg.yaml -o nopg.sql >n.out 2>n.err; test \$? = 2 && ! test -e nopg.sql && ! test -s n.out && grep -q \"^nopg.yaml:6:11: error: column 'note' has no pg_type\" n.err"
printf 'table: t\ncolumns:\n  - {name: a, type: string, pg_type: "text); DROP TABLE t; --"}\n  - {name: b, type: string, pg_type: "text, c int"}\n  - {name: c, type: string, pg_type: "varchar(3"}\n' >evil.yaml
check "schema ddl: a pg_type that is no type (a semicolon, a comma, a parenthesis left open) is refused, each located, exit 2" sh -c "'$cdcgen' schema ddl --schema evil.yaml >e.out 2>e.err; test \$? = 2 && ! test -s e.out && test \$(grep -c \"^evil.yaml:[345]:.*is no PostgreSQL type\" e.err) = 3"
printf 'table: t\ncolumns:\n  - {name: a, type: string, pg_type: kind, pg_enum: true, values: [x, y], closed: true}\n  - {name: b, type: string, pg_type: kind, pg_enum: true, values: [y, x], closed: true}\n  - {name: c, type: int, pg_type: cents, pg_domain: bigint}\n  - {name: d, type: int, pg_type: cents, pg_domain: integer}\n' >twice.yaml
check "schema ddl: a type two columns define otherwise is refused at the second, exit 2" sh -c "'$cdcgen' schema ddl --schema twice.yaml >t.out 2>t.err; test \$? = 2 && grep -q \"^twice.yaml:4:.*column 'b' defines type 'kind' otherwise than column 'a' (line 3)\" t.err && grep -q \"^twice.yaml:6:.*column 'd' defines type 'cents' otherwise than column 'c'\" t.err"
printf 'table: t\ncolumns:\n  - {name: a, type: string, pg_type: kind, pg_enum: true}\n  - {name: b, type: int, pg_domain: bigint}\n' >noenum.yaml
check "schema file: pg_enum without its labels, pg_domain without pg_type, located; ddl exit 2" sh -c "'$cdcgen' schema ddl --schema noenum.yaml >ne.out 2>ne.err; test \$? = 2 && grep -q '^noenum.yaml:3:.*pg_enum.*values' ne.err && grep -q '^noenum.yaml:4:.*pg_domain' ne.err"
check "schema ddl: a type used by two columns is created once" sh -c "printf 'table: t\ncolumns:\n  - {name: a, type: string, pg_type: kind, pg_enum: true, values: [x], closed: true}\n  - {name: b, type: string, pg_type: kind, pg_enum: true, values: [x], closed: true}\n' >once.yaml && '$cdcgen' schema ddl --schema once.yaml | grep -c '^CREATE TYPE kind AS ENUM' | grep -qx 1"
check "schema ddl: --table, or an argument, is a usage error" sh -c "'$cdcgen' schema ddl --table a.b 2>/dev/null; test \$? = 2 && '$cdcgen' schema ddl x 2>u.err; test \$? = 2 && grep -q '^usage: cdcgen schema pull' u.err"
check "schema ddl: no schema file is exit 2" status_is 2 "$cdcgen" schema ddl --schema no-such.yaml
check "doctor: no server, exit 2, the json document on stdout" sh -c "'$cdcgen' doctor '$nodb' --format json >d.out 2>d.err; test \$? = 2 && node '$here/json-check.mjs' code d.out database"
check "check --schema-from: no server, exit 2" status_is 2 "$cdcgen" check --schema-from "$nodb"
check "resolve --format json: names the unresolved reference" json_has rj.err unresolved-reference
printf '{"a": "x",\n  "a": "y"}\n' >dup.json
check "resolve: malformed JSON located, exit 2" sh -c "'$cdcgen' resolve dup.json >r.out 2>e; test \$? = 2 && grep -q '^dup.json:2:[0-9]*: error: malformed JSON: .*\[bad-json\]' e && ! test -s r.out"
check "resolve: missing file, exit 2" sh -c "'$cdcgen' resolve no-such.json 2>e; test \$? = 2 && grep -q '^no-such.json: error: cannot read: .*\[io\]' e"
check "resolve: connect-confluent.json resolves" sh -c "CONFLUENT_API_KEY=k CONFLUENT_API_SECRET=s DB_PASSWORD=p '$cdcgen' resolve out1/connect-confluent.json | grep -q '\"database.password\": \"p\"'"

# diff: every witness in the golden cases (tests/golden/diff/) is routed
# differently by `cdcgen eval` under the base and under the change, as the
# report says; a git revision as the base, read without a checkout.
witnesses() { # witnesses CASE-DIR: "id<TAB>base<TAB>change<TAB>event" per witness
    (cd "$1" && "$cdcgen" diff --against base --allow-breaking --format json) | node "$here/diff-witnesses.mjs"
}
routes() { # routes FILTERS-DIR ID EVENT: true when eval routes EVENT to ID
    printf '%s\n' "$3" | "$cdcgen" eval -f "$1" | node "$here/routes.mjs" "$2"
}
nwitness=0
for case in "$root"/tests/golden/diff/*/; do
    while IFS=$'\t' read -r id in_base in_change event; do
        nwitness=$((nwitness + 1))
        check "diff witness ${case#"$root"/}: base routes it: $in_base" \
            test "$(cd "$case" && routes base/filters "$id" "$event")" = "$in_base"
        check "diff witness ${case#"$root"/}: change routes it: $in_change" \
            test "$(cd "$case" && routes filters "$id" "$event")" = "$in_change"
    done < <(witnesses "$case")
done
check "diff: the golden cases hold witnesses ($nwitness)" test "$nwitness" -ge 10
mkdir repo && (cd repo && git init -q && mkdir filters && cp ../filters/*.yaml filters/ && seed_schema &&
    git add filters && git -c user.name=t -c user.email=t@t commit -qm base)
sed -i 's/value: LoanCreated/value: LoanUpdated/' repo/filters/loan-created.yaml
check "diff --against HEAD (git): narrowed, exit 1" sh -c "cd repo && '$cdcgen' diff --against HEAD >d.out; test \$? = 1 && grep -q '^filters/loan-created.yaml:[0-9:]* loan-created-filter: narrowed and widened' d.out"
check "diff --against HEAD from a subdirectory, PATH spelled ../filters" sh -c "mkdir -p repo/sub && cd repo/sub && '$cdcgen' diff --against HEAD --schema ../schema.yaml ../filters >d.out; test \$? = 1 && grep -q '^../filters/loan-created.yaml:.*narrowed and widened' d.out"
check "diff --against HEAD: working tree untouched" sh -c "cd repo && git diff --quiet HEAD -- filters; test \$? = 1"
check "diff --against an unknown revision: exit 2" status_is 2 sh -c "cd repo && '$cdcgen' diff --against no-such-rev"
check "diff without --against: exit 2" status_is 2 "$cdcgen" diff
check "diff --format sarif: exit 2" status_is 2 "$cdcgen" diff --against . --format sarif
mkdir -p badbase/filters && cp bad.yaml badbase/filters/
check "diff against a base that does not compile: exit 2, located" sh -c "'$cdcgen' diff --against badbase >/dev/null 2>b.err; test \$? = 2 && grep -q '^badbase/filters/bad.yaml:' b.err"
check "diff against itself: no change, exit 0" sh -c "'$cdcgen' diff --against . >s.out && grep -q '0 break a consumer' s.out && test \$(wc -l <s.out) = 1"

# diff and rollout read the base's cdcgen.yaml too (here from git): a key
# that changed is a located change.
mkdir cfgrepo && (cd cfgrepo && git init -q && mkdir filters && cp ../filters/*.yaml filters/ && seed_schema &&
    printf 'kafka:\n  group_id: g1\n' >cdcgen.yaml && git add -A && git -c user.name=t -c user.email=t@t commit -qm base)
sed -i 's/g1/g2/' cfgrepo/cdcgen.yaml
check "diff --against HEAD: a changed group id is located and breaking, exit 1" sh -c "cd cfgrepo && '$cdcgen' diff --against HEAD >d.out; test \$? = 1 && grep -q \"^cdcgen.yaml:2:13: kafka.group_id: changed from 'g1' to 'g2'.*\\[breaking\\]\$\" d.out"
check "diff --allow kafka.group_id: allowed, exit 0" sh -c "cd cfgrepo && '$cdcgen' diff --against HEAD --allow kafka.group_id | grep -q 'allowed by --allow kafka.group_id'"
check "rollout --against HEAD: a new group is rollout-group-moved, exit 1" sh -c "cd cfgrepo && '$cdcgen' rollout --against HEAD >r.out 2>r.err; test \$? = 1 && grep -q '^cdcgen.yaml:2:13: error: .*\\[rollout-group-moved\\]\$' r.err && grep -q '\\[rollout-group-moved\\]' r.out"
mkdir -p badcfg/filters && cp filters/*.yaml badcfg/filters/ && printf 'kafka:\n  grup_id: g1\n' >badcfg/cdcgen.yaml && printf 'kafka:\n  group_id: g1\n' >cdcgen.yaml
check "rollout against a base whose cdcgen.yaml does not load: exit 2, located" sh -c "'$cdcgen' rollout --against badcfg >/dev/null 2>c.err; s=\$?; rm -f cdcgen.yaml; test \$s = 2 && grep -q '^badcfg/cdcgen.yaml:2:3: error: unknown key' c.err && grep -q \"cannot compare with 'badcfg': its cdcgen.yaml does not load\" c.err"
rm -f cdcgen.yaml
check "rollout --format json: the finding, every engine, the bound" sh -c "cd cfgrepo && '$cdcgen' rollout --against HEAD --format json >r.json 2>/dev/null; test \$? = 1 && python3 -c 'import json,sys; d=json.load(open(\"r.json\")); assert [f[\"code\"] for f in d[\"findings\"]] == [\"rollout-group-moved\"]; assert [e[\"engine\"] for e in d[\"engines\"]] == [\"topics\", \"flink\", \"confluent\", \"kstreams\", \"connect\"]; assert d[\"duplicateBound\"]'"

# rollout and backfill on the git repository above (loan-created narrowed
# and widened)
check "rollout --against HEAD: the filter needs a backfill, no finding, exit 0" sh -c "cd repo && '$cdcgen' rollout --against HEAD >r.out && grep -q 'loan-created-filter: narrowed and widened.*\\[backfill\\]' r.out && grep -q '^rollout against HEAD: 1 change, 1 backfill, 0 findings' r.out"
check "rollout -o FILE: the plan in the file, nothing on stdout" sh -c "cd repo && '$cdcgen' rollout --against HEAD -o plan.md --format markdown >o.out && grep -q '^### cdcgen rollout against' plan.md && ! test -s o.out"
check "rollout -o into a missing directory: exit 2" status_is 2 sh -c "cd repo && '$cdcgen' rollout --against HEAD -o no/such/plan.txt"
check "rollout without --against: exit 2" status_is 2 "$cdcgen" rollout
check "rollout --format sarif: exit 2" status_is 2 "$cdcgen" rollout --against . --format sarif
check "rollout --against an unknown revision: exit 2, named" sh -c "cd repo && '$cdcgen' rollout --against no-such-rev 2>u.err; test \$? = 2 && grep -q \"'no-such-rev' is neither a directory nor a git revision\" u.err"
check "rollout --against a revision without git: exit 2, says so" sh -c "cd repo && PATH=/nonexistent '$cdcgen' rollout --against HEAD >g.out 2>g.err; test \$? = 2 && grep -q 'git, which reads a revision, does not run' g.err && ! test -s g.out"
printf '{"event_type":"LoanCreated","__op":"c"}\nnot json\n' >dump.jsonl
check "rollout --dump with a line that is no event: exit 1, located" sh -c "cd repo && '$cdcgen' rollout --against HEAD --dump ../dump.jsonl >/dev/null 2>d.err; test \$? = 1 && grep -q '^../dump.jsonl:2:1: error: line 2 is no event' d.err"
check "rollout --dump of a missing file: exit 2" status_is 2 sh -c "cd repo && '$cdcgen' rollout --against HEAD --dump no-such.jsonl"
check "backfill --until: the job routes new IS TRUE AND old IS NOT TRUE" sh -c "cd repo && '$cdcgen' backfill --against HEAD --until 0:5 >b.sql && grep -q \"^  WHERE (\\\`event_type\\\` = 'LoanUpdated'\" b.sql && grep -q \"^    AND (\\\`event_type\\\` = 'LoanCreated' .*) IS NOT TRUE;\" b.sql && ! grep -q \"'properties.group.id'\" b.sql"
check "backfill without --until: exit 2" status_is 2 "$cdcgen" backfill --against .
check "backfill without --against: exit 2" status_is 2 "$cdcgen" backfill --until 0:1
check "backfill --until and --until-group: exit 2" status_is 2 "$cdcgen" backfill --against . --until 0:1 --until-group g
for bad in '' 0 0: :5 0:5, 0:5,0:6 0:-1 a:1 '0:1;1:2' '0:1 1:2' 0:1,2:1; do
    check "backfill --until '$bad': exit 2, says what is wrong" sh -c "'$cdcgen' backfill --against . --until '$bad' >u.out 2>u.err; test \$? = 2 && grep -q \"^cdcgen backfill: --until '$bad': \" u.err && ! test -s u.out"
done
for bad in yesterday 2026-13-01T00:00:00Z 0:x; do
    check "backfill --from '$bad': exit 2" status_is 2 "$cdcgen" backfill --against . --until 0:1 --from "$bad"
done
echo 'previous job' >job.sql
check "backfill -o FILE: a base that does not compile leaves FILE, exit 2" sh -c "'$cdcgen' backfill --against badbase --until 0:1 -o job.sql 2>/dev/null; test \$? = 2 && test \"\$(cat job.sql)\" = 'previous job'"
port=$(free_port)
check "backfill --until-group with no broker: exit 2 within the timeout, nothing written" sh -c "cd repo && start=\$(date +%s) && '$cdcgen' backfill --against HEAD --until-group g --bootstrap-servers 127.0.0.1:$port --timeout 3 -o nb.sql 2>nb.err; s=\$?; test \$s = 2 && test \$((\$(date +%s) - start)) -le 15 && grep -q 'no Kafka broker' nb.err && ! test -e nb.sql"
check "backfill --timeout 0: exit 2" status_is 2 "$cdcgen" backfill --against . --until-group g --timeout 0

# explain: the codes the sources report, the codes `cdcgen explain` knows
# and the codes the man page lists are the same set.
node "$here/diag-codes.mjs" "$root/src" >codes.src
"$cdcgen" explain --list | awk '{print $1}' >codes.explain
sed -n '/^The codes are:/,/^\.El/p' "$root/man/cdcgen.1" | grep '^\.Cm ' | sed 's/^\.Cm //; s/ , /\n/g; s/ ,$//; s/ *$//' | grep -v '^$' | sort >codes.man
check "codes: the sources report some ($(wc -l <codes.src))" test "$(wc -l <codes.src)" -ge 50
check "codes: every code the sources report has an explanation" diff codes.src codes.explain
check "codes: every code the sources report is in the man page" diff codes.src codes.man
while read -r code; do
    check "explain $code: summary line and help" sh -c "'$cdcgen' explain $code >x.out && head -1 x.out | grep -q '^$code (\(error\|warning\|error or warning\)): ' && test \$(wc -l <x.out) -ge 3"
done <codes.explain
check "explain [code] as a diagnostic prints it" sh -c "'$cdcgen' explain '[unknown-field]' | grep -q '^unknown-field (error)'"
check "explain an unknown code: did you mean, exit 2" sh -c "'$cdcgen' explain unknwn-field 2>x.err; test \$? = 2 && grep -q \"did you mean 'unknown-field'\" x.err"
check "explain without a code: exit 2" status_is 2 "$cdcgen" explain

# The rules a suppress entry may name in the JSON Schemas are the warnings
# `cdcgen explain` lists (in a filter, all but unused-suppression).
"$cdcgen" explain --list | awk '$2 == "warning" {print $1}' >codes.warn
grep -vx unused-suppression codes.warn >codes.warn-filter
check "config schema: suppress takes every warning" sh -c "node '$here/suppress-rules.mjs' '$root/grammar/config.schema.json' | diff codes.warn -"
check "filter schema: suppress takes every warning but unused-suppression" sh -c "node '$here/suppress-rules.mjs' '$root/grammar/filters.schema.json' | diff codes.warn-filter -"

# test --format junit: JUnit XML that an XML parser other than cdcgen's reads,
# with the counts of the run; -W takes only 'error'.
check "test --format junit: all pass, XML on stdout, report on stderr" sh -c "'$cdcgen' test --format junit >ju.xml 2>ju.err && grep -q '^tests: ' ju.err"
check "test --format junit: counts agree" sh -c "test \"\$(python3 '$here/junit-counts.py' ju.xml)\" = \"\$('$cdcgen' test 2>/dev/null | sed -n 's/^tests: \([0-9]*\) passed, 0 failed\$/\1 0 0/p')\""
check "test --format junit with failures: exit 1, failures in the XML" sh -c "'$cdcgen' test --format junit '$root/tests/golden/test-cmd/fail' >jf.xml 2>/dev/null; test \$? = 1 && test \"\$(python3 '$here/junit-counts.py' jf.xml)\" = '7 6 0'"
check "test --format junit, filters with errors: one error in the XML, exit 1" sh -c "'$cdcgen' test --format junit broken >jb.xml 2>/dev/null; test \$? = 1 && test \"\$(python3 '$here/junit-counts.py' jb.xml)\" = '1 0 1'"
check "-W with something else than error: exit 2" status_is 2 "$cdcgen" check -W all
check "--fail-on-warning without warnings: exit 0" status_is 0 "$cdcgen" check --fail-on-warning

# Rules turned off (suppress): a suppressed warning neither prints nor
# fails -W error, stays in json with its reason, and an entry without a
# reason is an error; the overlap lints' warnings hold under eval.
mkdir sup && cat >sup/f.yaml <<'EOF'
version: 1
filters:
  - id: a
    name: A
    consumerId: c
    outputTopic: t
    conditions: [{ field: event_type, operator: in, values: [A, B] }]
  - id: b
    name: B
    consumerId: c
    outputTopic: t
    suppress:
      - { rule: shared-topic, reason: fan-in on purpose }
      - { rule: shadowed-route, reason: counted twice on purpose }
    conditions: [{ field: event_type, operator: equals, value: A }]
EOF
check "suppress: warnings of the filter turned off, -W error passes" sh -c "'$cdcgen' check -W error sup/f.yaml 2>e; test \$? = 0 && grep -qx '0 errors, 0 warnings, 2 suppressed' e"
check "suppress: json keeps them with the reason" sh -c "'$cdcgen' check --format json sup/f.yaml | node '$here/json-check.mjs' suppressed - 2"
sed '/shadowed-route/d' sup/f.yaml >sup/g.yaml
check "suppress: without it, shadowed-route fails -W error" sh -c "'$cdcgen' check -W error sup/g.yaml 2>e; test \$? = 1 && grep -q 'shadowed-route' e"
sed 's/, reason: counted twice on purpose//' sup/f.yaml >sup/h.yaml
check "suppress: an entry without a reason is an error" sh -c "'$cdcgen' check sup/h.yaml 2>e; test \$? = 1 && grep -q \"needs 'reason'.*bad-suppression\" e"
printf 'schema: ../schema.yaml\nsuppress:\n  - { rule: shadowed-route, reason: project-wide }\n  - { rule: shared-topic, reason: fan-in }\n' >sup/cdcgen.yaml
check "suppress: cdcgen.yaml turns a rule off in every command" sh -c "'$cdcgen' check -c sup/cdcgen.yaml -W error sup/g.yaml 2>e && grep -qx '0 errors, 0 warnings, 2 suppressed' e && '$cdcgen' generate -c sup/cdcgen.yaml -W error -o sup/out sup/g.yaml"
check "overlap warnings hold under eval (golden cases)" node "$root/tests/cli/overlap-witness.mjs" "$cdcgen" \
    "$root/tests/validate/node_modules/js-yaml" "$root/tests/golden/errors/shadowed-route" \
    "$root/tests/golden/errors/duplicate-route" "$root/tests/golden/suppress/overlap"

# The project root: filters/ here, else the directory of the cdcgen.yaml
# found upward; the spelling of a path never changes the outputs.
mkdir -p proj/a/b && cp -r filters proj/ && seed_schema proj && printf 'targets: [flink, kstreams]\n' >proj/cdcgen.yaml
check "generate in the project root writes its generated/" sh -c "cd proj && '$cdcgen' generate && test -f generated/flink.sql"
check "generate --check from a subdirectory: the root's filters/ and generated/, up to date" sh -c "cd proj/a/b && '$cdcgen' generate --check"
check "test from a subdirectory runs the project's tests" sh -c "cd proj/a/b && '$cdcgen' test | grep -q '^tests: [1-9][0-9]* passed, 0 failed'"
check "check from a subdirectory names files from the root" sh -c "cd proj/a/b && printf 'version: 1\nfilters: []\nbad: 1\n' >../../filters/zz.yaml; '$cdcgen' check 2>&1 | grep -q '^filters/zz.yaml:3:1: error'; s=\$?; rm ../../filters/zz.yaml; exit \$s"
check "./filters/ and filters generate the same bytes" sh -c "'$cdcgen' generate -o sp1 ./filters/ && '$cdcgen' generate -o sp2 filters && diff -r sp1 sp2"

check "a misspelled command gets a did-you-mean, exit 2" sh -c "'$cdcgen' chek 2>x.err; test \$? = 2 && grep -qx \"cdcgen: unknown command 'chek'; did you mean 'check'?\" x.err"

check "a test file given to check points to cdcgen test" sh -c "'$cdcgen' check filters/loan-created.test.yaml 2>x.err; test \$? = 2 && grep -q \"^filters/loan-created.test.yaml: error: a filter test file; run it with 'cdcgen test filters/loan-created.test.yaml' \[bad-file\]\" x.err"

# init: a project that check, test --min-coverage 100 and generate accept;
# never overwrites.
check "init writes a working project" sh -c "'$cdcgen' init newproj 2>/dev/null && cd newproj && '$cdcgen' check && '$cdcgen' test --min-coverage 100 >/dev/null && '$cdcgen' generate && test -f generated/flink.sql"
check "init over an existing project: exit 2, nothing written" sh -c "echo keep >newproj/filters/loan-created.test.yaml; '$cdcgen' init newproj 2>/dev/null; test \$? = 2 && test \"\$(cat newproj/filters/loan-created.test.yaml)\" = keep"

# graph: Graphviz renders what graph prints (and rejects a broken graph, so
# the check can fail).
check "graph: dot renders it, every filter a node" sh -c "'$cdcgen' graph >g.dot && dot -Tsvg g.dot >g.svg && for id in \$(grep -ho '^  - id: [a-z0-9-]*' filters/*.yaml | sed 's/.*: //'); do grep -q \">\$(echo \$id | sed 's/-/\&#45;/g')</text>\" g.svg || exit 1; done"
check "graph: dot rejects a broken graph" sh -c "sed 's/->/-->/' g.dot | dot -Tsvg >/dev/null 2>&1; test \$? != 0"
check "graph --format mermaid: a flowchart" sh -c "'$cdcgen' graph --format mermaid | head -1 | grep -qx 'flowchart LR'"
check "graph --format svg: exit 2" status_is 2 "$cdcgen" graph --format svg

# Shell completion: bash's completes from cdcgen's own lists; zsh's parses.
comp() { # comp WORD...: what bash completion offers for the last word
    bash -c 'source "$1/completion/cdcgen.bash"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cdcgen; printf "%s\n" "${COMPREPLY[@]}"' _ "$root" "$@"
}
PATH="$(dirname "$cdcgen"):$PATH"
check "bash completion: commands" test "$(comp cdcgen ch)" = check
check "bash completion: a command's options" test "$(comp cdcgen diff --allow | tr '\n' ' ')" = "--allow --allow-breaking "
check "bash completion: targets" test "$(comp cdcgen generate -t kst)" = kstreams
check "bash completion: explain codes" test "$(comp cdcgen explain null-l)" = null-literal
check "bash completion: fmt options" test "$(comp cdcgen fmt --d)" = --diff
check "bash completion: schema's subcommands" test "$(comp cdcgen schema p) $(comp cdcgen schema d)" = "pull ddl"
check "bash completion: doctor's options" test "$(comp cdcgen doctor --fail | tr '\n' ' ')" = "--fail-on-warning "
check "bash completion: test formats" test "$(comp cdcgen test --format j | tr '\n' ' ')" = "json junit "
check "bash completion: resolve's formats are those it accepts" test "$(PATH="$(dirname "$cdcgen"):$PATH" comp cdcgen resolve --format '' | tr '\n' ' ')" = "text json github sarif markdown "
check "bash completion: graph's formats" test "$(PATH="$(dirname "$cdcgen"):$PATH" comp cdcgen graph --format '' | tr '\n' ' ')" = "dot mermaid "
check "bash completion: diff --against offers git refs" sh -c "cd '$root' && test \"\$(PATH='$(dirname "$cdcgen")':\$PATH; export PATH; bash -c 'source completion/cdcgen.bash; COMP_WORDS=(cdcgen diff --against HE); COMP_CWORD=3; _cdcgen; printf \"%s\\n\" \"\${COMPREPLY[@]}\"')\" = HEAD"
check "bash completion: topics actions" test "$(comp cdcgen topics '' | tr '\n' ' ')" = "plan apply "
check "bash completion: topics formats are those it accepts" test "$(PATH="$(dirname "$cdcgen"):$PATH" comp cdcgen topics --format '' | tr '\n' ' ')" = "text json markdown "
check "zsh completion parses" zsh -n "$root/completion/_cdcgen"   # zsh: make deps

# tests/README.md maps the targets that test something: every check-*
# target of the Makefile and every step make check runs (CHECK_STEPS) is in its table,
# and every target the table names is one of the Makefile's.
mk_targets=$(sed -n 's/^\([a-z][a-z0-9-]*\):.*/\1/p' "$root/Makefile" | sort -u)
test_targets=$({
    sed -n 's/^\(check-[a-z0-9-]*\):.*/\1/p' "$root/Makefile"
    awk '/^CHECK_STEPS *=/ { f = 1 } f { print; if (!/\\$/) exit }' "$root/Makefile" | sed 's/^CHECK_STEPS *=//; s/\\$//' | tr ' ' '\n'
} | grep . | sort -u)
mapped=$(sed -n 's/^| `\([a-z0-9-]*\)` |.*/\1/p' "$root/tests/README.md" | sort -u)
check "the Makefile's test targets are found ($(wc -l <<<"$test_targets"))" test "$(wc -l <<<"$test_targets")" -ge 15
for t in $test_targets; do
    check "tests/README.md maps make $t" grep -qx -- "$t" <<<"$mapped"
done
for t in $mapped; do
    check "tests/README.md's $t is a target of the Makefile" grep -qx -- "$t" <<<"$mk_targets"
done

# The project is found once, for every command: diff from a subdirectory of
# a project made by `cdcgen init` reads the same filters/ and the same
# revision as from its root.
mkdir initrepo && (cd initrepo && git init -q && "$cdcgen" init 2>/dev/null && git add . &&
    git -c user.name=t -c user.email=t@t commit -qm init && mkdir -p sub/deeper)
sed -i 's/value: c$/value: u/' initrepo/filters/loan-created.yaml
diff_from() { # diff_from DIR: diff --against HEAD run in DIR; its output, then "exit N"
    (cd "$1" && { "$cdcgen" diff --against HEAD 2>&1; echo "exit $?"; })
}
diff_from initrepo >root.diff
check "diff --against HEAD in an init project: the change found, exit 1" \
    sh -c "grep -q '^filters/loan-created.yaml:[0-9:]* loan-created: narrowed and widened' root.diff && tail -1 root.diff | grep -qx 'exit 1'"
check "diff --against HEAD from a subdirectory: as from the root" sh -c "$(declare -f diff_from); cdcgen='$cdcgen' diff_from initrepo/sub/deeper | diff root.diff -"

# generate leaves alone a file that only looks like an old version's
# temporary file (no .sql or .json before .tmpXXXXXX), and removes those
# that are one.
mkdir tmpnames && touch tmpnames/a.tmp123456 tmpnames/.tmp123456 tmpnames/flink.sql.tmp123456 tmpnames/topics.json.tmp654321
check "generate beside short *.tmpXXXXXX names: exit 0" status_is 0 "$cdcgen" generate -o tmpnames
check "generate keeps a.tmp123456 and .tmp123456" test -e tmpnames/a.tmp123456 -a -e tmpnames/.tmp123456
check "generate removes an old version's flink.sql.tmp123456 and topics.json.tmp654321" \
    sh -c "! test -e tmpnames/flink.sql.tmp123456 && ! test -e tmpnames/topics.json.tmp654321"

# Options anywhere before "--", as git takes them, in every command.
printf '{"event_type": "LoanCreated", "__op": "c"}\n' >ev1.jsonl
printf '{"a": 1}\n' >plain.json
check "check PATH --format json: the option taken" sh -c "'$cdcgen' check filters --format json >late.json && grep -q '\"errors\": 0' late.json"
check "generate PATH -o DIR: the option taken" sh -c "'$cdcgen' generate filters -o late-out && test \$(ls late-out | wc -l) = $ntargets"
check "eval EVENTS -f PATH --summary: the options taken" sh -c "'$cdcgen' eval ev1.jsonl -f filters --summary | grep -q '^events: 1, routed: 1 '"
check "test PATH --coverage: the option taken" sh -c "'$cdcgen' test filters --coverage | grep -q '^coverage: '"
check "diff PATH --against DIR: the option taken" sh -c "'$cdcgen' diff filters --against . | grep -q '0 break a consumer'"
check "graph PATH --format mermaid: the option taken" sh -c "'$cdcgen' graph filters --format mermaid | head -1 | grep -qx 'flowchart LR'"
check "fmt PATH --check: the option taken" sh -c "cp -r filters late-fmt && '$cdcgen' fmt late-fmt --check"
check "resolve FILE --max-errors 5: the option taken" sh -c "'$cdcgen' resolve plain.json --max-errors 5 | grep -q '\"a\": 1'"
check "explain CODE --help: the option taken" sh -c "'$cdcgen' explain null-literal --help | grep -q '^usage: cdcgen explain'"
check "init DIR --help: the option taken, nothing written" sh -c "'$cdcgen' init late-init --help >/dev/null && ! test -e late-init"
cp filters/loan-created.yaml ./--x.yaml
check "-- ends the options: a file named --x.yaml is read" status_is 0 "$cdcgen" check -- --x.yaml
check "without --, --x.yaml is an unknown option: exit 2" status_is 2 "$cdcgen" check --x.yaml

# eval reads the project's filters/ when no -f is given, from any subdirectory.
check "eval without -f: the project's filters, as -f filters" sh -c "'$cdcgen' eval ev1.jsonl >e1.out && '$cdcgen' eval -f filters ev1.jsonl >e2.out && grep -q '\"filters\":\[\"' e1.out && cmp e1.out e2.out"
check "eval without -f from a subdirectory of a project" sh -c "cd proj/a/b && '$cdcgen' eval '$tmp/ev1.jsonl' | cmp - '$tmp/e1.out'"

# Every command's --help names exactly the options its table takes
# (--list-options, hidden): its option lines (after the first blank line)
# each long one, the whole text no other, and its usage lines each but
# --help and the short aliases (-W).
help_lists_table() { # help_lists_table OPTIONS-FILE HELP-FILE
    grep -o -- '^--[a-z-]*' "$1" | sort -u >table.long
    grep -o -- '--[a-z][a-z-]*' "$2" | sort -u >help.long
    diff table.long help.long || return 1
    sed '1,/^$/d' "$2" | grep -o -- '--[a-z][a-z-]*' | sort -u >body.long
    diff table.long body.long || return 1
    grep -oE -- '(^| )-[a-zA-Z]$' "$1" | tr -d ' ' | sort -u >table.short
    grep -oE -- '(^|[ [(])-[a-zA-Z]\b' "$2" | tr -d ' [(' | sort -u >help.short
    diff table.short help.short || return 1
    sed '/^$/q' "$2" >synopsis
    while read -r long short; do
        case $long in --help | -?) continue ;; esac
        grep -qE -- "(^|[^a-z-])($long|${short:-$long})([^a-z-]|\$)" synopsis || { echo "the usage lines lack $long"; return 1; }
    done <"$1"
}
for cmd in $("$cdcgen" --list-commands); do
    "$cdcgen" "$cmd" --list-options >"opts.$cmd"
    "$cdcgen" "$cmd" --help >"help.$cmd"
    check "$cmd --list-options: exit 0, its options" test -s "opts.$cmd"
    check "$cmd --help lists exactly the options it takes" sh -c "$(declare -f help_lists_table); help_lists_table opts.$cmd help.$cmd"
done
check "the help check fails on a help that lacks an option" sh -c "$(declare -f help_lists_table); grep -v -- '--max-errors N   show' help.eval >help.short-eval; ! help_lists_table opts.eval help.short-eval"
check "the help check fails on a usage line that lacks an option" sh -c "$(declare -f help_lists_table); sed '1s/ \[--summary\]//' help.eval >help.short-eval; ! help_lists_table opts.eval help.short-eval"
check "--list-options is hidden: in no --help, not in the man page" sh -c "! grep -l -- --list-options help.* && ! grep -q 'list-options' '$root/man/cdcgen.1'"

# check and generate end a run that went well with one line on a terminal
# (script(1) gives them one), never in a pipe; -q leaves it out.
on_tty() { # on_tty DIR COMMAND-LINE: what it prints on a terminal (stdout and stderr)
    (cd "$1" && script -qec "$2" /dev/null </dev/null) | tr -d '\r'
}
"$cdcgen" init ttyproj 2>/dev/null
check "check on a terminal: one summary line" test "$(on_tty ttyproj "'$cdcgen' check")" = "1 filter checked"
check "check -q on a terminal: nothing" test -z "$(on_tty ttyproj "'$cdcgen' check -q")"
check "check with an error on a terminal: no summary line" sh -c "$(declare -f on_tty); on_tty ttyproj \"'$cdcgen' check '$tmp/bad.yaml'\" | grep -c 'checked' | grep -qx 0"
nout=$("$cdcgen" --list-targets | wc -l) # init writes every target
check "generate on a terminal: files written, all changed" test "$(on_tty ttyproj "'$cdcgen' generate")" = "$nout files written to generated/, $nout changed"
check "generate again: none changed" test "$(on_tty ttyproj "'$cdcgen' generate")" = "$nout files written to generated/, 0 changed"
check "generate --check on a terminal: up to date" test "$(on_tty ttyproj "'$cdcgen' generate --check")" = "$nout files in generated/ up to date"
check "generate from a subdirectory names the root's generated/" sh -c "mkdir -p ttyproj/sub && $(declare -f on_tty); test \"\$(on_tty ttyproj/sub \"'$cdcgen' generate --quiet\")\" = '' && test \"\$(on_tty ttyproj/sub \"'$cdcgen' generate\")\" = '$nout files written to ../generated/, 0 changed'"
check "generate in a pipe: nothing on stderr" sh -c "cd ttyproj && '$cdcgen' generate 2>g.err && ! test -s g.err"

# Outside any project (no filters/ here, no cdcgen.yaml here or above), a
# command without a PATH says so and points at cdcgen init.
mkdir nowhere
check "no cdcgen.yaml above the scratch directory" sh -c "d='$tmp'; while [ \"\$d\" != / ]; do d=\$(dirname \"\$d\"); ! test -e \"\$d/cdcgen.yaml\" || exit 1; done"
for args in check generate test eval graph fmt "diff --against ."; do
    check "$args outside a project: exit 2, points at cdcgen init" sh -c "cd nowhere && '$cdcgen' $args </dev/null >/dev/null 2>np.err; test \$? = 2 && grep -q \"not in a cdcgen project.*'cdcgen init' starts one.*\[no-project\]\" np.err && ! grep -q \"cannot read 'filters'\" np.err"
done
check "outside a project, named files still work" status_is 0 sh -c "cd nowhere && '$cdcgen' check --schema ../schema.yaml ../filters"

# eval --trace: text for people (the default on a terminal), json for scripts.
printf '%s\n' '{"event_type": "LoanCreated", "__op": "c"}' '{"event_type": "CarCreated", "__op": "u"}' >ttyproj/ev.jsonl
(cd ttyproj && "$cdcgen" eval --trace=text ev.jsonl >trace.txt 2>/dev/null)
check "eval --trace=text: the routing per event" sh -c "grep -qx 'line 1: routed to loan-created' ttyproj/trace.txt && grep -qx 'line 2: routed to no filter' ttyproj/trace.txt"
check "eval --trace=text: each filter's result and the conditions behind it, located" sh -c "grep -q '^  [a-z0-9-]*: \(TRUE\|FALSE\|UNKNOWN\), because\$' ttyproj/trace.txt && grep -q '^    FALSE   .*  (filters/[a-z0-9-]*.yaml:[0-9]*:[0-9]*; the field holds \"u\")\$' ttyproj/trace.txt"
check "eval --trace in a pipe is json, the same as --trace=json" sh -c "cd ttyproj && '$cdcgen' eval --trace ev.jsonl >t1.json && '$cdcgen' eval --trace=json ev.jsonl >t2.json && cmp t1.json t2.json && node -e 'for (const l of require(\"fs\").readFileSync(\"t1.json\", \"utf8\").trim().split(\"\\n\")) if (!Array.isArray(JSON.parse(l).trace)) process.exit(1)'"
check "eval --trace on a terminal is text" sh -c "$(declare -f on_tty); on_tty ttyproj \"'$cdcgen' eval --trace ev.jsonl\" | grep -q '^line 1: '"
check "eval --trace=xml: exit 2, the forms named" sh -c "'$cdcgen' eval --trace=xml </dev/null 2>tr.err; test \$? = 2 && grep -q 'text, json' tr.err"

# init writes every target, a .gitignore, the README's CI workflow and
# pre-commit config (each optional), and prints the next commands.
"$cdcgen" init fullproj 2>init.err
check "init: cdcgen.yaml names every target" sh -c "grep -qx \"targets: \[$("$cdcgen" --list-targets | cut -d' ' -f1 | paste -sd, - | sed 's/,/, /g')\]\" fullproj/cdcgen.yaml"
check "init: generate writes topics.sh, the README's next step" sh -c "cd fullproj && '$cdcgen' generate && test -f generated/topics.sh && sh -n generated/topics.sh"
readme_workflow() { awk '/^<!-- cdcgen-workflow-example -->$/ { m = 1; next } m && /^```yaml$/ { f = 1; next } f && /^```$/ { exit } f' "$root/README.md"; }
readme_precommit() { awk '/^```yaml$/ { f = 1; b = ""; next } /^```$/ { if (f && b ~ /^# .pre-commit-config.yaml/) printf "%s", b; f = 0 } f { b = b $0 "\n" }' "$root/README.md"; }
check "init: the workflow is the README's example" sh -c "$(declare -f readme_workflow); root='$root'; readme_workflow | diff - fullproj/.github/workflows/cdcgen.yml"
check "init: the pre-commit config is the README's example" sh -c "$(declare -f readme_precommit); root='$root'; readme_precommit | diff - fullproj/.pre-commit-config.yaml"
check "init: the .gitignore keeps the JUnit report out" grep -qx 'cdcgen-junit.xml' fullproj/.gitignore
check "init: the next three commands are printed" sh -c "grep -A4 '^next:' init.err | grep -q 'cd fullproj' && grep -q 'sh generated/topics.sh' init.err"
"$cdcgen" init --no-gitignore --no-workflow --no-pre-commit bareproj 2>/dev/null
check "init --no-gitignore --no-workflow --no-pre-commit: only the project" test "$(cd bareproj && find . -type f | sort | tr '\n' ' ')" = "./cdcgen.yaml ./filters/loan-created.test.yaml ./filters/loan-created.yaml ./schema.yaml "
check "init writes the seed's table, the tests' tests/fixtures/schema.yaml" cmp bareproj/schema.yaml "$root/tests/fixtures/schema.yaml"
check "init over an existing workflow: exit 2, nothing written" sh -c "mkdir -p wfproj/.github/workflows && echo keep >wfproj/.github/workflows/cdcgen.yml; '$cdcgen' init wfproj 2>/dev/null; test \$? = 2 && ! test -e wfproj/cdcgen.yaml"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
