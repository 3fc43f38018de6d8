# tests/backfill/scenario.sh: the rollout scenario both backfill tests run
# (tests/flink/backfill.sh for the Flink job, tests/backfill/run.sh for
# Kafka Streams'): a base and a head filter set with each kind of change,
# and the change events they route. Sourced; defines functions only.

# scenario_filter ID CONDITION-LINES...: one filter, its topic ID
scenario_filter() {
    local id=$1
    shift
    printf '  - id: %s\n    name: %s\n    consumerId: %s-service\n    outputTopic: %s\n    conditions:\n' \
        "$id" "$id" "$id" "$id"
    printf '      - %s\n' "$@"
}

# scenario_versions BASE HEAD: routes.yaml into BASE/filters and HEAD/filters
scenario_versions() {
    {
        echo 'version: 1'
        echo 'filters:'
        scenario_filter loans '{ field: event_type, operator: equals, value: LoanCreated }' \
            '{ field: __op, operator: equals, value: c }'
        scenario_filter cars '{ field: event_type, operator: equals, value: CarCreated }'
        scenario_filter payments '{ field: event_type, operator: equals, value: LoanPaymentSubmitted }'
    } >"$1/filters/routes.yaml"
    {
        echo 'version: 1'
        echo 'filters:'
        # widened: snapshot reads too
        scenario_filter loans '{ field: event_type, operator: equals, value: LoanCreated }' \
            '{ field: __op, operator: in, values: [c, r] }'
        # narrowed: no backfill
        scenario_filter cars '{ field: event_type, operator: equals, value: CarCreated }' \
            '{ field: __op, operator: equals, value: c }'
        # unchanged
        scenario_filter payments '{ field: event_type, operator: equals, value: LoanPaymentSubmitted }'
        # added, comparing a timestamp carried as text
        scenario_filter services '{ field: event_type, operator: equals, value: CarServiceDone }' \
            '{ field: created_date, operator: greaterThan, value: "2024-06-01T00:00:00Z" }'
    } >"$2/filters/routes.yaml"
}

# scenario_events FIRST COUNT [keyed]: change events with ids FIRST.., every
# combination of type, operation and date in turn, some with a NULL date;
# keyed: each line "KEY<TAB>EVENT", the keys repeating (20 of them).
scenario_events() {
    python3 - "$1" "$2" "${3:-}" <<'PY'
import json, sys
first, count, keyed = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "keyed"
types = ["LoanCreated", "CarCreated", "LoanPaymentSubmitted", "CarServiceDone"]
ops = ["c", "r", "u", "d"]
dates = ["2024-01-15T10:00:00Z", "2024-07-01T09:30:00+02:00", None, "2025-02-28T23:59:59.5Z"]
for i in range(first, first + count):
    e = {"id": "e%d" % i, "event_name": "n%d" % i, "event_type": types[i % 4],
         "created_date": dates[(i // 4) % 4], "saved_date": "2024-01-01T00:00:00Z",
         "header_data": json.dumps({"uuid": "u%d" % i}), "__op": ops[(i // 16) % 4],
         "__table": "event_headers", "__ts_ms": 1700000000000 + i, "__deleted": "false"}
    key = json.dumps({"id": "k%d" % (i % 20)}, separators=(",", ":")) + "\t" if keyed else ""
    print(key + json.dumps(e))
PY
}
