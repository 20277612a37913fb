/**
 * The `universal-state` command line, as a function so tests can call it without a child
 * process. Exit codes are for CI:
 *   0  nothing found (--check) / nothing left for a human (--write)
 *   1  findings (--check) / findings the codemod left alone (--write)
 *   2  bad usage, missing directory or unparseable file: nothing was changed
 */
import { resolve } from 'node:path';
import { migrate, UsageError, type MigrateResult } from './migrate.js';
import { ParseFailure } from './source.js';
import type { CodemodOptions } from './findings.js';

export interface Io {
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export const USAGE = `usage: universal-state migrate (--check | --write) <dir> [--json] [--react-hook=useGlobalState|useValtioGlobalState] [--subpath-imports]

  --check   report legacy state patterns with file:line; exit 1 if any
  --write   rewrite the safe ones to the hooks/composables, report the rest; exit 1 if any are left
  --json    print the report as JSON
  --react-hook  hook name written for React mirrors (default useGlobalState)
  --subpath-imports  also move imports of '@mfe/universal-state' to /core, /react and /vue

  run with: npx @mfe/universal-state-codemod migrate …`;

interface Args {
  write: boolean;
  dir: string;
  json: boolean;
  options: Partial<CodemodOptions>;
}

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'migrate') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  let mode: 'check' | 'write' | null = null;
  let json = false;
  const options: Partial<CodemodOptions> = {};
  const dirs: string[] = [];
  for (const arg of rest) {
    if (arg === '--check' || arg === '--write') {
      if (mode && mode !== arg.slice(2)) throw new UsageError('--check and --write exclude each other');
      mode = arg.slice(2) as 'check' | 'write';
    } else if (arg === '--json') json = true;
    else if (arg === '--subpath-imports') options.subpathImports = true;
    else if (arg.startsWith('--react-hook=')) {
      const hook = arg.slice('--react-hook='.length);
      if (hook !== 'useGlobalState' && hook !== 'useValtioGlobalState') throw new UsageError(`--react-hook must be useGlobalState or useValtioGlobalState, not '${hook}'`);
      options.reactHook = hook;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else dirs.push(arg);
  }
  if (!mode) throw new UsageError('say --check or --write');
  if (dirs.length !== 1) throw new UsageError(dirs.length === 0 ? 'missing <dir>' : 'give exactly one <dir>');
  return { write: mode === 'write', dir: dirs[0]!, json, options };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function printReport(result: MigrateResult, write: boolean, io: Io): void {
  for (const f of result.findings) {
    io.out(`${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`);
    if (f.fix) io.out(`    ${write ? 'rewritten to' : 'fixable with --write:'} ${f.fix}`);
    else io.out(`    left alone: ${f.reason}`);
  }
  for (const note of result.notes) io.out(`note: ${note}`);
  const fixable = result.findings.filter((f) => f.fix).length;
  const left = result.findings.length - fixable;
  if (write) {
    io.out(`${plural(result.filesScanned, 'file')} scanned, ${result.changed.length} rewritten: ${plural(fixable, 'pattern')} rewritten, ${left} left alone`);
  } else {
    io.out(`${plural(result.filesScanned, 'file')} scanned: ${plural(result.findings.length, 'legacy pattern')} (${fixable} fixable with --write, ${left} need a human)`);
  }
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    const args = parseArgs(argv);
    const result = await migrate(resolve(io.cwd, args.dir), { write: args.write, options: args.options });
    if (args.json) {
      io.out(JSON.stringify({ mode: args.write ? 'write' : 'check', filesScanned: result.filesScanned, changed: result.changed.map((c) => c.relPath), findings: result.findings, notes: result.notes }, null, 2));
    } else {
      printReport(result, args.write, io);
    }
    const pending = args.write ? result.findings.filter((f) => !f.fix) : result.findings;
    return pending.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`universal-state: ${error.message}`);
      io.err(USAGE);
      return 2;
    }
    if (error instanceof ParseFailure) {
      io.err(`universal-state: ${error.message}`);
      io.err('universal-state: nothing was changed');
      return 2;
    }
    io.err(`universal-state: ${(error as Error).message}`);
    io.err('universal-state: nothing was changed');
    return 2;
  }
}
