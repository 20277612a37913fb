/**
 * `migrate --check`: what it reports, where, and with which exit code; and that it never
 * writes. Line numbers are asserted exactly: CI output is only useful if it points at the
 * right line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cleanupTemp, copyFixture, fixtures, locations, readTree, run } from './codemod-helpers.js';

afterAll(cleanupTemp);

describe('migrate --check', () => {
  it('reports every React mirror with file and line, and exits 1', async () => {
    const dir = await copyFixture('react-mfe');
    const before = await readTree(dir);
    const res = await run(['migrate', '--check', dir, '--json']);
    expect(res.code).toBe(1);
    expect(locations(res.out)).toEqual([
      'src/App.tsx:18 react-subscribe-mirror',
      'src/App.tsx:21 react-subscribe-mirror',
      'src/Counter.tsx:9 react-subscribe-mirror',
    ]);
    const report = JSON.parse(res.out);
    expect(report.findings.map((f: { fix?: string }) => f.fix)).toEqual([
      "const [user] = useGlobalState('user')",
      "const [theme] = useGlobalState('theme')",
      "const [count] = useGlobalState('sharedCounter')",
    ]);
    expect(await readTree(dir)).toEqual(before);
  });

  it('reports every Vue onMounted mirror, in <script setup> and in setup()', async () => {
    const dir = await copyFixture('vue-mfe');
    const res = await run(['migrate', '--check', dir, '--json']);
    expect(res.code).toBe(1);
    expect(locations(res.out)).toEqual([
      'src/App.vue:19 vue-subscribe-mirror',
      'src/App.vue:22 vue-subscribe-mirror',
      'src/UserCard.vue:24 vue-subscribe-mirror',
    ]);
  });

  it('prints file:line:column lines a person (or an editor) can follow', async () => {
    const res = await run(['migrate', '--check', join(fixtures, 'react-mfe')]);
    expect(res.out).toContain("src/App.tsx:18:29  react-subscribe-mirror  subscribe('user') in an effect mirrored into useState [user, setUser]");
    expect(res.out).toContain("fixable with --write: const [user] = useGlobalState('user')");
    expect(res.out).toMatch(/4 files scanned: 3 legacy patterns \(3 fixable with --write, 0 need a human\)$/);
  });

  it('reports what needs a human, with the reason, and marks none fixable', async () => {
    const res = await run(['migrate', '--check', join(fixtures, 'needs-human'), '--json']);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.out) as { findings: { file: string; line: number; rule: string; fix?: string; reason?: string }[] };
    expect(report.findings.every((f) => !f.fix && f.reason)).toBe(true);
    const byPlace = Object.fromEntries(report.findings.map((f) => [`${f.file}:${f.line}`, `${f.rule}: ${f.reason}`]));
    expect(byPlace['src/LocalEdits.tsx:8']).toMatch(/'setDraft' is also called outside the subscription/);
    expect(byPlace['src/Transforms.tsx:10']).toMatch(/starts from a value other than the manager's 'name' \(through the same transform\)/);
    expect(byPlace['src/Transforms.tsx:15']).toMatch(/starts from a value other than the manager's 'sharedCounter'/);
    expect(byPlace['src/Defaults.tsx:7']).toMatch(/starts from a value other than the manager's 'clicks'/);
    expect(byPlace['src/Editor.vue:10']).toMatch(/v-model to 'title' \(line 18\)/);
    expect(byPlace['src/Leaky.vue:11']).toMatch(/unsubscribe function is not kept/);
    expect(byPlace['src/Leaky.vue:14']).toMatch(/^manual-subscribe: subscribeAll has no one-key composable/);
    expect(byPlace['src/flags.ts:5']).toMatch(/^instanceof-manager: /);
    expect(byPlace['src/flags.ts:10']).toMatch(/^window-debug-handle: /);
    expect(byPlace['src/flags.ts:15']).toMatch(/^window-debug-handle: /);
    expect(report.findings).toHaveLength(10);
  });

  it.each(['react-mfe', 'vue-mfe'])('exits 0 with nothing to report on a tree without legacy patterns (expected/%s)', async (mfe) => {
    const res = await run(['migrate', '--check', join(fixtures, 'expected', mfe)]);
    expect(res.out).toMatch(/: 0 legacy patterns/);
    expect(res.code).toBe(0);
  });
});
