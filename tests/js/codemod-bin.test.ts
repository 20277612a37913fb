/**
 * The shipped bin of @mfe/universal-state-codemod, as CI runs it: compiled by tsc, started
 * with node, judged by its exit code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtures, repoRoot } from './codemod-helpers.js';

const exec = promisify(execFile);
const outDir = join(repoRoot, 'build/codemod-cli');
const bin = join(outDir, 'bin.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  await exec(process.execPath, [
    tsc, join(repoRoot, 'packages/codemod/src/bin.ts'),
    '--outDir', outDir, '--rootDir', join(repoRoot, 'packages/codemod/src'),
    '--target', 'ES2022', '--module', 'ES2022', '--moduleResolution', 'Bundler',
    '--strict', '--skipLibCheck', '--types', 'node', '--verbatimModuleSyntax',
  ], { cwd: repoRoot });
});

describe('universal-state bin', () => {
  it('keeps the node shebang, so npx can run it', async () => {
    expect((await readFile(bin, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('exits 1 with findings on legacy code', async () => {
    const res = await cli(['migrate', '--check', join(fixtures, 'react-mfe')]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('src/Counter.tsx:9:19  react-subscribe-mirror');
  });

  it('exits 0 on migrated code (the Vue SFC compiler loads lazily from the bin too)', async () => {
    // The fully migrated fixture (expected/ also holds rewrites that leave patterns on purpose).
    const res = await cli(['migrate', '--check', join(fixtures, 'expected/vue-mfe')]);
    expect(res.stdout).toMatch(/4 files scanned: 0 legacy patterns/);
    expect(res.code).toBe(0);
  });

  it('exits 2 on a missing directory, with the message on stderr', async () => {
    const res = await cli(['migrate', '--check', 'no/such/dir']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('universal-state: no such directory: ');
    expect(res.stdout).toBe('');
  });
});
