/**
 * `migrate --write` on the legacy fixtures: the output is exactly the reviewed rewrite in
 * tests/fixtures/codemod/expected (also what the browser test renders), a second run changes
 * nothing, and --check afterwards is clean.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cleanupTemp, copyFixture, fixtures, readTree, run } from './codemod-helpers.js';

afterAll(cleanupTemp);

describe.each(['react-mfe', 'vue-mfe'])('migrate --write on %s', (name) => {
  it('produces the expected rewrite, byte for byte, and exits 0', async () => {
    const dir = await copyFixture(name);
    const res = await run(['migrate', '--write', dir]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/4 files scanned, 2 rewritten: 3 patterns rewritten, 0 left alone$/);
    expect(await readTree(dir)).toEqual(await readTree(join(fixtures, 'expected', name)));
  });

  it('is idempotent: a second --write changes nothing and --check finds nothing', async () => {
    const dir = await copyFixture(name);
    await run(['migrate', '--write', dir]);
    const once = await readTree(dir);
    const again = await run(['migrate', '--write', dir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ changed: [], findings: [] });
    expect(await readTree(dir)).toEqual(once);
    const check = await run(['migrate', '--check', dir]);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/0 legacy patterns/);
  });
});

describe('migrate --write on code that needs a human', () => {
  it('changes no file, reports each pattern as left alone, and exits 1', async () => {
    const dir = await copyFixture('needs-human');
    const before = await readTree(dir);
    const res = await run(['migrate', '--write', dir]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/6 files scanned, 0 rewritten: 0 patterns rewritten, 10 left alone$/);
    expect(res.out.match(/ {4}left alone: /g)).toHaveLength(10);
    expect(await readTree(dir)).toEqual(before);
  });
});

describe('rewritten code', () => {
  it('imports the hook from the React subpath and drops only the imports it made unused', async () => {
    const counter = (await readTree(join(fixtures, 'expected/react-mfe')))['src/Counter.tsx']!;
    expect(counter).toContain("import React, { useMemo } from 'react';");
    expect(counter).toContain("import { useGlobalState } from '@mfe/universal-state/react';");
    expect(counter).toContain("const [count] = useGlobalState<number | undefined>('sharedCounter');");
    expect(counter).not.toContain('useEffect');
  });

  it('keeps the inferred type of a mirror initialised from get<T>()', async () => {
    const app = (await readTree(join(fixtures, 'expected/react-mfe')))['src/App.tsx']!;
    expect(app).toContain("const [theme] = useGlobalState<string>('theme');");
  });

  it('keeps Vue refs as refs (destructured value) and removes the lifecycle plumbing', async () => {
    const tree = await readTree(join(fixtures, 'expected/vue-mfe'));
    expect(tree['src/App.vue']).toContain("const { value: theme } = useValtioGlobalStateVue<string | undefined>('theme');");
    expect(tree['src/App.vue']).not.toMatch(/onMounted|onUnmounted|unsubscribe/);
    expect(tree['src/App.vue']).toContain("import { inject, onBeforeUpdate } from 'vue';");
    expect(tree['src/UserCard.vue']).toContain("import { defineComponent, onBeforeUpdate, type PropType } from 'vue';");
  });
});
