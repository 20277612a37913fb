/**
 * `migrate --write` on realistic legacy MFEs: effects that seed state from get(), mirror
 * several keys with defaults applied in the listeners, register the MFE and log changes
 * (React function components; Vue `<script setup>` and `setup()`), a class component, and
 * code that handed getProxyStore() to valtio. The output is exactly the reviewed rewrite in
 * tests/fixtures/codemod/expected (type-checked by codemod-typecheck, rendered next to the
 * original by the Chromium codemod tier), a second run changes nothing, and what is left is
 * reported with its reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cleanupTemp, copyFixture, fixtures, readTree, run } from './codemod-helpers.js';

afterAll(cleanupTemp);

interface Report {
  changed: string[];
  findings: { file: string; line: number; rule: string; fix?: string; reason?: string }[];
}

const CASES = [
  {
    name: 'react-effects',
    summary: '5 files scanned, 2 rewritten: 3 patterns rewritten, 2 left alone',
    left: [
      ['src/Clock.tsx:20', 'manual-subscribe', /class component cannot call hooks.*stays as written and keeps working on both managers/],
      ['src/Header.tsx:27', 'manual-subscribe', /subscribeAll has no one-key hook/],
    ],
  },
  {
    name: 'vue-effects',
    summary: '4 files scanned, 2 rewritten: 3 patterns rewritten, 1 left alone',
    left: [['src/App.vue:29', 'manual-subscribe', /subscribeAll has no one-key composable/]],
  },
  {
    name: 'valtio-mfe',
    summary: '2 files scanned, 2 rewritten: 3 patterns rewritten, 1 left alone',
    left: [['src/sync.ts:25', 'valtio-import', /not applied to manager\.getProxyStore\(\).*keep valtio/]],
  },
] as const;

describe.each(CASES)('migrate --write on $name', ({ name, summary, left }) => {
  it('produces the expected rewrite, byte for byte, and reports what it left with the reason', async () => {
    const dir = await copyFixture(name);
    const res = await run(['migrate', '--write', dir]);
    expect(res.err).toBe('');
    expect(res.out.split('\n').at(-1)).toBe(summary);
    expect(res.code).toBe(1); // something is left for a human on purpose
    expect(await readTree(dir)).toEqual(await readTree(join(fixtures, 'expected', name)));
    // What is left, at its place in the original file.
    const report = JSON.parse((await run(['migrate', '--check', '--json', join(fixtures, name)])).out) as Report;
    const leftAlone = report.findings.filter((f) => !f.fix);
    expect(leftAlone.map((f) => `${f.file}:${f.line}`)).toEqual(left.map(([at]) => at));
    leftAlone.forEach((f, i) => {
      expect(f.rule).toBe(left[i]![1]);
      expect(f.reason).toMatch(left[i]![2]);
    });
  });

  it('is idempotent: a second --write changes nothing', async () => {
    const dir = await copyFixture(name);
    await run(['migrate', '--write', dir]);
    const once = await readTree(dir);
    const again = JSON.parse((await run(['migrate', '--write', dir, '--json'])).out) as Report;
    expect(again.changed).toEqual([]);
    expect(again.findings.every((f) => !f.fix)).toBe(true);
    expect(await readTree(dir)).toEqual(once);
  });
});

describe('the rewrites keep what the listeners did', () => {
  it("React: a transform becomes the read value's expression; the other statements keep their cleanup", async () => {
    const header = (await readTree(join(fixtures, 'expected/react-effects')))['src/Header.tsx']!;
    expect(header).toContain("const [themeValue] = useGlobalState<string>('theme');\n  const theme = themeValue || 'light';");
    expect(header).toContain("const [userValue] = useGlobalState<User>('user');\n  const user = userValue ?? null;");
    expect(header).toContain("stateManager.registerMFE('header'");
    expect(header).toContain("return () => {\n      unsubscribeAll();\n      stateManager.unregisterMFE('header');\n    };");
    expect(header).not.toMatch(/setTheme|setUser|unsubscribeTheme|useState/);
  });

  it('Vue: a transform becomes a computed over the composable; seeds in onMounted go', async () => {
    const tree = await readTree(join(fixtures, 'expected/vue-effects'));
    expect(tree['src/App.vue']).toContain("const { value: themeValue } = useValtioGlobalStateVue<string>('theme');\nconst theme = computed(() => themeValue.value || 'light');");
    expect(tree['src/App.vue']).not.toMatch(/theme\.value =|count\.value =/);
    expect(tree['src/UserCard.vue']).toContain("    const user = computed(() => userValue.value ?? null);");
    expect(tree['src/UserCard.vue']).toContain("document.body.dataset.userCard = 'mounted';");
  });

  it('uses the Valtio-named hook in a file that already uses the Valtio-named hooks', async () => {
    const { tempTree } = await import('./codemod-helpers.js');
    const dir = await tempTree({
      'C.tsx': `import { useEffect, useState } from 'react';
import { useValtioStore } from '@mfe/universal-state/react';

export function C({ m }: { m: any }) {
  const all = useValtioStore();
  const [n, setN] = useState(m.get('n') ?? 0);
  useEffect(() => {
    const off = m.subscribe('n', (v: number) => setN(v ?? 0));
    return off;
  }, [m]);
  return n + Object.keys(all).length;
}
`,
    });
    expect((await run(['migrate', '--write', dir])).code).toBe(0);
    const text = (await readTree(dir))['C.tsx']!;
    expect(text).toContain("import { useValtioStore, useValtioGlobalState } from '@mfe/universal-state/react';");
    expect(text).toContain("const [nValue] = useValtioGlobalState('n');\n  const n = nValue ?? 0;");
    expect(text).not.toContain('useEffect');
  });

  it.each([
    ['the listener returns early', `const [v, setV] = useState(m.get('k'));\n  useEffect(() => {\n    const off = m.subscribe('k', (x: any) => { if (!x) return; setV(x); });\n    return off;\n  }, [m]);`, /does more than copy/],
    ['the transform has side effects', `const [v, setV] = useState(m.get('k'));\n  useEffect(() => {\n    const off = m.subscribe('k', (x: any) => setV(track(x)));\n    return off;\n  }, [m]);`, /may have side effects/],
    ['a seed differs from the transform', `const [v, setV] = useState('a');\n  useEffect(() => {\n    setV(m.get('k') || 'b');\n    const off = m.subscribe('k', (x: any) => setV(x || 'a'));\n    return off;\n  }, [m]);`, /sets 'setV' to something other than the manager's 'k'/],
  ])('leaves it alone when %s', async (_what, body, reason) => {
    const { tempTree } = await import('./codemod-helpers.js');
    const source = `import { useEffect, useState } from 'react';\ndeclare const track: (x: unknown) => unknown;\n\nexport function C({ m }: { m: any }) {\n  ${body}\n  return v;\n}\n`;
    const dir = await tempTree({ 'C.tsx': source });
    const res = await run(['migrate', '--write', '--json', dir]);
    expect(res.code).toBe(1);
    expect((await readTree(dir))['C.tsx']).toBe(source);
    expect((JSON.parse(res.out) as Report).findings.map((f) => f.reason).join('\n')).toMatch(reason);
  });
});
