#!/usr/bin/env node
/** The `universal-state` bin (package.json "bin"): see main.ts for commands and exit codes. */
import { main } from './main.js';

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
