#!/usr/bin/env python3
"""tests/audit/routed.py: what a correct processor writes, from the raw
events (events.py's KEY<TAB>VALUE lines), `cdcgen eval`'s routing of their
values (one {"filters": [...]} line per event) and the topics manifest the
topics target writes (filter -> topic, per processor): per filtered topic
OUTDIR/TOPIC.tsv, KEY<TAB>VALUE per routed record, the value re-serialized
with its keys sorted (a processor may change key order; audit must not
care). Prints "TOPIC COUNT" per topic of the processor.
Usage: routed.py EVENTS.tsv EVAL.jsonl TOPICS.json PROCESSOR OUTDIR"""
import json
import sys

events, routing, manifest, processor, outdir = sys.argv[1:6]
topic_of = {}
for t in json.load(open(manifest))["topics"]:
    if t.get("processor") == processor:
        for f in t["filters"]:
            topic_of[f] = t["name"]
files = {t: open(f"{outdir}/{t}.tsv", "w") for t in set(topic_of.values())}
counts = {t: 0 for t in files}
for line, route in zip(open(events), open(routing)):
    key, value = line.rstrip("\n").split("\t", 1)
    for f in json.loads(route)["filters"]:
        t = topic_of[f]
        files[t].write(key + "\t" + json.dumps(json.loads(value), sort_keys=True, separators=(",", ":")) + "\n")
        counts[t] += 1
for t in sorted(files):
    files[t].close()
    print(t, counts[t])
