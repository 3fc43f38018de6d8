// Runs the steps of a composite action (action.yml) the way the GitHub
// runner does, for the expression forms action.yml uses: ${{ inputs.x }},
// ${{ github.action_path }}, !cancelled(), ==, !=, && and string literals.
// Each `run` goes to `bash -e -o pipefail` (the runner's bash) in its
// working-directory with its env and GITHUB_STEP_SUMMARY set; a step whose
// `if` is false is skipped. Prints one line per step and exits 1 when a
// step failed.
// Usage: node run-steps.mjs ACTION.yml INPUTS.json
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(resolve(dirname(fileURLToPath(import.meta.url)), "../validate/package.json"));
const yaml = require("js-yaml");

const [actionPath, inputsPath] = process.argv.slice(2);
const action = yaml.load(readFileSync(actionPath, "utf8"));
if (action.runs?.using !== "composite") throw new Error("not a composite action");
const given = JSON.parse(readFileSync(inputsPath, "utf8"));
const github = { action_path: dirname(resolve(actionPath)), event: { pull_request: { base: { sha: "" } } } };

function evaluate(expr, inputs) {
    const js = expr
        .replace(/\binputs\.([A-Za-z0-9_-]+)/g, (_, k) => {
            if (!(k in inputs)) throw new Error(`undeclared input ${k}`);
            return JSON.stringify(inputs[k]);
        })
        .replace(/\bgithub\.([A-Za-z0-9_.]+)/g, (_, k) => JSON.stringify(k.split(".").reduce((o, p) => o?.[p], github) ?? ""))
        .replace(/!cancelled\(\)/g, "true");
    if (/[^\s"'A-Za-z0-9_.\/:=!&|()-]/.test(js.replace(/"[^"]*"|'[^']*'/g, "")))
        throw new Error(`unsupported expression: ${expr}`);
    return Function(`"use strict"; return (${js});`)();
}
const interpolate = (text, inputs) =>
    String(text).replace(/\$\{\{(.*?)\}\}/g, (_, e) => String(evaluate(e, inputs)));

const inputs = {};
for (const [name, spec] of Object.entries(action.inputs ?? {}))
    inputs[name] = name in given ? given[name] : interpolate(spec.default ?? "", {});
for (const name of Object.keys(given))
    if (!(name in inputs)) throw new Error(`input ${name} is not declared`);

let failed = false;
for (const step of action.runs.steps) {
    const cond = step.if === undefined ? true : evaluate(String(step.if).replace(/^\$\{\{|\}\}$/g, ""), inputs);
    if (!cond || (failed && step.if === undefined)) {
        console.log(`skipped: ${step.name}`);
        continue;
    }
    if (step.shell !== "bash") throw new Error(`step ${step.name}: shell ${step.shell}`);
    const env = { ...process.env };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(v, inputs);
    const cwd = resolve(interpolate(step["working-directory"] ?? ".", inputs));
    const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", interpolate(step.run, inputs)],
        { cwd, env, encoding: "utf8" });
    process.stderr.write(r.stdout + r.stderr);
    console.log(`${r.status === 0 ? "passed" : "failed"}: ${step.name}`);
    failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
