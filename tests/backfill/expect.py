"""tests/backfill/expect.py: what each Kafka Streams topic must hold after
`cdcgen backfill --processor kstreams`, from the source topic as kcat read
it and `cdcgen eval` of both versions (never from cdcgen backfill).

Usage: expect.py SOURCE.tsv R BASE.eval HEAD.eval EVENTS.idx FILTER PARTITIONS.txt
  SOURCE.tsv   kcat -f '%p\\t%o\\t%T\\t%k\\t%h\\t%s\\n' -Z of the source topic
  R            P:OFFSET,... (exclusive)
  BASE.eval, HEAD.eval  cdcgen eval's lines for the JSON events of SOURCE.tsv,
               in order (EVENTS.idx: the SOURCE.tsv line of each)
  PARTITIONS.txt  per SOURCE.tsv line, the partition murmur2.mjs computes
               for its key
Prints the expected records, one per line: partition, key, headers,
timestamp, value (tab-separated), sorted."""
import json
import sys

src, r, base, head, idx, f, parts = sys.argv[1:]
R = {int(p): int(o) for p, o in (e.split(":") for e in r.split(","))}
rows = [l.rstrip("\n").split("\t", 5) for l in open(src)]
part = [l.strip() for l in open(parts)]
b = [json.loads(l)["filters"] for l in open(base)]
h = [json.loads(l)["filters"] for l in open(head)]
out = []
for i, bf, hf in zip((int(l) for l in open(idx)), b, h):
    p, o, ts, key, hdrs, value = rows[i]
    if int(o) < R[int(p)] and f in hf and f not in bf:
        out.append("\t".join([part[i], key, hdrs, ts, value]))
for line in sorted(out):
    print(line)
