/**
 * Bad input: exit code 2, a message that says what is wrong, and nothing changed on disk,
 * even for the files that could have been rewritten.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanupTemp, copyFixture, fixtures, readTree, run } from './codemod-helpers.js';

afterAll(cleanupTemp);

describe('migrate: bad input', () => {
  it('an unparseable file stops --write before anything is written', async () => {
    const dir = await copyFixture('react-mfe');
    await writeFile(join(dir, 'src/Broken.tsx'), 'export function Broken() {\n  return <div>;\n}\n');
    const before = await readTree(dir);
    const res = await run(['migrate', '--write', dir]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/src\/Broken\.tsx:2:\d+: cannot parse: /);
    expect(res.err).toContain('nothing was changed');
    expect(await readTree(dir)).toEqual(before);
  });

  it('an unparseable Vue script block is reported with its line in the .vue file', async () => {
    const dir = await copyFixture('vue-mfe');
    await writeFile(join(dir, 'src/Bad.vue'), '<template><p /></template>\n\n<script setup lang="ts">\nconst a = ;\n</script>\n');
    const res = await run(['migrate', '--check', dir]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/src\/Bad\.vue:4:\d+: cannot parse: /);
  });

  it('a broken SFC (unclosed tag) is reported too', async () => {
    const dir = await copyFixture('vue-mfe');
    await writeFile(join(dir, 'src/Bad.vue'), '<template><div></template>\n');
    const res = await run(['migrate', '--check', dir]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/Bad\.vue:\d+:\d+: cannot parse: /);
  });

  it('a missing directory', async () => {
    const res = await run(['migrate', '--check', join(fixtures, 'no-such-dir')]);
    expect(res.code).toBe(2);
    expect(res.err).toContain(`no such directory: ${join(fixtures, 'no-such-dir')}`);
  });

  it('a file where a directory is expected', async () => {
    const res = await run(['migrate', '--check', join(fixtures, 'README.md')]);
    expect(res.code).toBe(2);
    expect(res.err).toContain('not a directory');
  });

  it.each([
    [[], 'missing command'],
    [['upgrade', '--check', '.'], "unknown command 'upgrade'"],
    [['migrate', '.'], 'say --check or --write'],
    [['migrate', '--check'], 'missing <dir>'],
    [['migrate', '--check', 'a', 'b'], 'give exactly one <dir>'],
    [['migrate', '--check', '--write', '.'], '--check and --write exclude each other'],
    [['migrate', '--check', '--fast', '.'], "unknown option '--fast'"],
    [['migrate', '--check', '--react-hook=useStore', '.'], "--react-hook must be useGlobalState or useValtioGlobalState, not 'useStore'"],
  ])('usage error %j', async (argv, message) => {
    const res = await run(argv as string[]);
    expect(res.code).toBe(2);
    expect(res.err).toContain(message);
    expect(res.err).toContain('usage: universal-state migrate');
  });

  it('--help prints the usage and exits 0', async () => {
    const res = await run(['--help']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('usage: universal-state migrate (--check | --write) <dir>');
  });
});
