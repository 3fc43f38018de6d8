// tests/backfill/murmur2.mjs: the partition the Java producer's default
// partitioner (and Kafka Streams' default stream partitioner) picks for a
// keyed record: toPositive(murmur2(key bytes)) % partitions, written here
// from Kafka's org.apache.kafka.common.utils.Utils.murmur2 and
// BuiltInPartitioner.partitionForKey, independently of librdkafka.
// Reads one key per line (as text, UTF-8) on stdin; prints its partition.
// Usage: node murmur2.mjs PARTITIONS <keys
import { readFileSync } from "node:fs";

function murmur2(data) {
    const m = 0x5bd1e995, r = 24;
    let h = (0x9747b28c ^ data.length) | 0;
    const n4 = data.length >> 2;
    for (let i = 0; i < n4; i++) {
        const j = i * 4;
        let k = (data[j] | (data[j + 1] << 8) | (data[j + 2] << 16) | (data[j + 3] << 24)) | 0;
        k = Math.imul(k, m);
        k ^= k >>> r;
        k = Math.imul(k, m);
        h = Math.imul(h, m);
        h ^= k;
    }
    const t = data.length & ~3;
    switch (data.length % 4) {
        case 3: h ^= data[t + 2] << 16; // falls through
        case 2: h ^= data[t + 1] << 8; // falls through
        case 1: h ^= data[t]; h = Math.imul(h, m);
    }
    h ^= h >>> 13;
    h = Math.imul(h, m);
    h ^= h >>> 15;
    return h | 0;
}

// Kafka's own test vectors (UtilsTest.testMurmur2): this code is Kafka's hash.
const vectors = { "21": -973932308, "foobar": -790332482, "a-little-bit-long-string": -985981536,
    "a-little-bit-longer-string": -1486304829,
    "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971, "abc": 479470107 };
for (const [s, want] of Object.entries(vectors)) {
    const got = murmur2(Buffer.from(s, "utf8"));
    if (got !== want) {
        console.error(`murmur2("${s}") = ${got}, Kafka says ${want}`);
        process.exit(2);
    }
}
const n = Number(process.argv[2]);
for (const key of readFileSync(0, "utf8").split("\n").filter((l) => l.length)) {
    console.log((murmur2(Buffer.from(key, "utf8")) & 0x7fffffff) % n);
}
