// What the differential harnesses (tests/diff/run.mjs, tests/flink/diff.mjs)
// share: running a command, and reading `cdcgen eval`'s routing lines.
import { spawnSync } from 'node:child_process';

// Runs cmd with args in opts.cwd (default root), feeding opts.input, with
// opts.env added to the environment; the output as text.
export function runIn(root, cmd, args, opts = {}) {
    const r = spawnSync(cmd, args, {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        cwd: opts.cwd ?? root,
        input: opts.input,
        env: { ...process.env, ...opts.env },
    });
    if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
    return r;
}

// {"line":N,"filters":[...]} lines -> Map(line -> [ids]).
export function routingOf(text) {
    const m = new Map();
    for (const l of text.split('\n')) if (l.trim()) {
        const j = JSON.parse(l);
        m.set(j.line, j.filters);
    }
    return m;
}
