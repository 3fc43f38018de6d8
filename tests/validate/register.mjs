// Registers resolve-hook.mjs for the validator scripts in this folder:
//   node --import ./register.mjs flink-sql.mjs FILE...
// dt-sql-parser's ES module build uses extension-less and directory imports
// ("./parser", "./lib"), which Node's ESM resolver rejects; the hook fixes them.
import { register } from 'node:module';

register('./resolve-hook.mjs', import.meta.url);
