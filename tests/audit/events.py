#!/usr/bin/env python3
"""tests/audit/events.py: the raw events of a scenario, KEY<TAB>VALUE per
line as Debezium's ExtractNewRecordState writes them to raw-event-headers
(key: the primary key as JSON; value: the row, header_data a JSON string,
__op, __table, __ts_ms): the seed's four sample events, then N events of
every event type and operation from a fixed seed.
Usage: events.py SEED_EVENTS_DIR N RANDOM_SEED (tests/fixtures/seed-raw-events)"""
import json
import random
import sys

seed_dir, n, rseed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(rseed)
out = []
for name in ("car-created", "loan-created", "loan-payment", "service-done"):
    with open(f"{seed_dir}/raw-event-{name}.json") as f:
        v = json.load(f)
    out.append((v["id"], v))
types = ["CarCreated", "LoanCreated", "LoanPaymentSubmitted", "CarServiceDone", "CarSold"]
for i in range(n):
    t = rng.choice(types)
    op = rng.choice(["c", "c", "c", "u", "d", "r"])
    eid = f"ev-{rseed}-{i:04d}"
    created = f"2024-02-{1 + i % 28:02d}T{i % 24:02d}:15:00Z"
    header = {"uuid": eid, "eventName": t, "eventType": t, "createdDate": created,
              "savedDate": created, "dealerId": f"d-{rng.randint(1, 5)}"}
    out.append((eid, {"id": eid, "event_name": t, "event_type": t, "created_date": created,
                      "saved_date": created, "header_data": json.dumps(header, separators=(",", ":")),
                      "__op": op, "__table": "event_headers", "__ts_ms": 1706745600000 + i}))
for eid, v in out:
    print(json.dumps({"id": eid}, separators=(",", ":")) + "\t" + json.dumps(v, separators=(",", ":")))
