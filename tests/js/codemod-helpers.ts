/** Shared by the codemod tests: fixture copies in temp dirs and an in-process CLI runner. */
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../packages/codemod/src/main.js';

// Path arithmetic, not `new URL(..)`: under the happy-dom environment URL is the DOM's.
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = join(repoRoot, 'tests/fixtures/codemod');

const made: string[] = [];

/** A private copy of a fixture MFE (the codemod writes in place). */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `codemod-${name.replace(/\W/g, '-')}-`));
  made.push(dir);
  await cp(join(fixtures, name), dir, { recursive: true });
  return dir;
}

/** A temp dir holding exactly `files` (relative path -> text). */
export async function tempTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'codemod-tree-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

export async function cleanupTemp(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Every file under `dir` as relative path -> text, to prove what changed and what did not. */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out[relative(dir, full).split('\\').join('/')] = await readFile(full, 'utf8');
    }
  };
  await walk(dir);
  return out;
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `universal-state <argv>` in-process. */
export async function run(argv: string[], cwd = repoRoot): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `file:line rule` of each finding in a --json report, for compact assertions. */
export function locations(json: string): string[] {
  const report = JSON.parse(json) as { findings: { file: string; line: number; rule: string }[] };
  return report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
}
