"""tests/backfill/held.py: a topic's records as kcat read them
(-f '%p\\t%o\\t%T\\t%k\\t%h\\t%s\\n'), in expect.py's form (partition, key,
headers, timestamp, value; sorted); exit 1 when the records of one key are
not in the order of the source topic (SOURCE.tsv's offsets of each value).
Usage: held.py TOPIC.tsv SOURCE.tsv"""
import sys

held = [l.rstrip("\n").split("\t", 5) for l in open(sys.argv[1])]
source = {}
for l in open(sys.argv[2]):
    p, o, ts, key, hdrs, value = l.rstrip("\n").split("\t", 5)
    source[value] = (int(p), int(o))
last = {}
bad = 0
for p, o, ts, key, hdrs, value in sorted(held, key=lambda x: (int(x[0]), int(x[1]))):
    at = source.get(value)
    if at is None:
        print("a record that is no source event:", value, file=sys.stderr)
        bad = 1
        continue
    if key in last and last[key] >= at:
        print("key", key, "out of order:", at, "after", last[key], file=sys.stderr)
        bad = 1
    last[key] = at
for line in sorted("\t".join([p, key, hdrs, ts, value]) for p, o, ts, key, hdrs, value in held):
    print(line)
sys.exit(bad)
