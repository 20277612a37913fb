#!/usr/bin/env node
/**
 * The codemod's bin (`npx @mfe/universal-state-codemod migrate …`; also linked as
 * `universal-state`, the command's name when it shipped inside the main package): see
 * main.ts for commands and exit codes.
 */
import { main } from './main.js';

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
