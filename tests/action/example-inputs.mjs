// Every input the workflow example (WORKFLOW.yml, from the README) passes
// to the cdcgen action (the step whose `uses` names .../cdcgen@...) is an
// input action.yml declares; prints the first unknown one and exits 1.
// YAML read with js-yaml (tests/validate/node_modules).
// Usage: node example-inputs.mjs ROOT WORKFLOW.yml   (ROOT: the repository)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [root, file] = process.argv.slice(2);
const yaml = createRequire(import.meta.url)(`${root}/tests/validate/node_modules/js-yaml`);
const action = yaml.load(readFileSync(`${root}/action.yml`, 'utf8'));
const wf = yaml.load(readFileSync(file, 'utf8'));
const step = wf.jobs.cdcgen.steps.find((s) => /\/cdcgen@/.test(s.uses || ''));
for (const k of Object.keys(step.with || {}))
    if (!(k in action.inputs)) { console.log(`unknown input ${k}`); process.exit(1); }
