#!/usr/bin/env node
// The `pipe` command. A committed file (not the compiled one) so that installing the workspace
// can link it before anything is built; it runs the compiled CLI.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('pipe: the CLI is not built yet; run `npm run setup` (or `npm run up`) in the repository first\n');
  process.exit(1);
}
await import(compiled.href);
