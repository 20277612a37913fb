// Render counts: N components each read one nested path (grid.items[i].v); seeded random
// writes, one per task, each to one item. With the new manager, exactly the components whose
// path changed re-render; the legacy pattern (useGlobalState of the whole key) and a real
// valtio store (useSnapshot) are measured beside it and the table is printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStaticServer, PAGES_DIR, type StaticServer } from '../harness/index.js';
import { openTabs, type Kind, type Tabs } from './helpers.js';

const N = 100;
const WRITES = 50;

let browser: Browser;
let server: StaticServer;
const table: Array<{ framework: string; manager: string; hook: string; renders: number; perWrite: number; wakeups: number | null; exact: boolean }> = [];

beforeAll(async () => {
  server = await startStaticServer(PAGES_DIR);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (table.length > 0) {
    const lines = [
      `render counts: ${N} components, ${WRITES} writes to random items (ideal: ${WRITES} renders, 1 per write)`,
      '| framework | manager | hook | renders | renders per write | subscriber calls per write | only changed paths |',
      '|---|---|---|---:|---:|---:|---|',
      ...table.map(
        (r) =>
          `| ${r.framework} | ${r.manager} | ${r.hook} | ${r.renders} | ${r.perWrite.toFixed(1)} | ${r.wakeups === null ? 'n/a' : (r.wakeups / WRITES).toFixed(1)} | ${r.exact ? 'yes' : 'no'} |`,
      ),
    ];
    console.log(lines.join('\n'));
  }
});

interface Run {
  renders: number[];
  indices: number[];
  /** Subscriber callbacks the manager made during the writes. */
  wakeups: number;
}

/** Mounts the grid, writes, waits until every cell shows its last written value, returns counts. */
async function measure(page: Page, mode: string): Promise<Run> {
  const root = await page.evaluate(([n, m]) => (window as any).__a.mountGrid(n, m), [N, mode] as const);
  await page.waitForFunction((n) => (window as any).__a.cells().length === n, N);
  const indices = await page.evaluate(([n, w, m]) => (window as any).__a.gridWrites(n, w, m), [N, WRITES, mode] as const);
  const expected = new Array<number>(N).fill(0);
  indices.forEach((i: number, w: number) => (expected[i] = w + 1));
  await page.waitForFunction((e) => JSON.stringify((window as any).__a.cells()) === e, JSON.stringify(expected));
  const renders = await page.evaluate(() => (window as any).__a.renders());
  const wakeups = await page.evaluate(() => (window as any).__a.wakeups());
  await page.evaluate((id) => (window as any).__a.unmount(id), root);
  return { renders, indices, wakeups };
}

function writesPerIndex(indices: number[]): number[] {
  const counts = new Array<number>(N).fill(0);
  for (const i of indices) counts[i]! += 1;
  return counts;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const FRAMEWORKS: Array<{ framework: string; page: string; cases: Array<{ kind: Kind; mode: string; fine: boolean }> }> = [
  {
    framework: 'React',
    page: 'react.html',
    cases: [
      { kind: 'valtio', mode: 'useValtioStore', fine: true },
      { kind: 'valtio', mode: 'useValtioGlobalPath', fine: true },
      { kind: 'valtio', mode: 'useGlobalState', fine: false },
      { kind: 'legacy', mode: 'useGlobalState', fine: false },
      { kind: 'legacy', mode: 'useValtioStore', fine: true },
      { kind: 'valtio', mode: 'valtio.useSnapshot', fine: true },
    ],
  },
  {
    framework: 'Vue',
    page: 'vue.html',
    cases: [
      { kind: 'valtio', mode: 'useValtioStoreVue', fine: true },
      { kind: 'valtio', mode: 'useValtioGlobalPathVue', fine: true },
      { kind: 'valtio', mode: 'VueAdapter.useGlobalState', fine: false },
      { kind: 'legacy', mode: 'VueAdapter.useGlobalState', fine: false },
      { kind: 'legacy', mode: 'useValtioStoreVue', fine: true },
    ],
  },
];

describe.each(FRAMEWORKS)('$framework render counts', ({ framework, page, cases }) => {
  const tabs: Partial<Record<Kind, Tabs>> = {};
  beforeAll(async () => {
    for (const kind of new Set(cases.map((c) => c.kind))) tabs[kind] = await openTabs(browser, server.url, page, kind, 1);
  });
  afterAll(async () => {
    for (const t of Object.values(tabs)) {
      expect(t!.errors()).toEqual([]);
      await t!.ctx.close();
    }
  });

  it.each(cases)('$mode on the $kind manager', async ({ kind, mode, fine }) => {
    const { renders, indices, wakeups } = await measure(tabs[kind]!.pages[0]!, mode);
    const perIndex = writesPerIndex(indices);
    const exact = renders.every((r, i) => r === perIndex[i]);
    const label = mode === 'valtio.useSnapshot' ? 'valtio proxy (no manager)' : kind === 'valtio' ? 'ValtioStateManager' : 'UniversalStateManager';
    table.push({ framework, manager: label, hook: mode, renders: sum(renders), perWrite: sum(renders) / WRITES, wakeups: mode === 'valtio.useSnapshot' ? null : wakeups, exact });
    if (fine) {
      // Exactly the components whose path changed, once per write to them.
      expect(renders).toEqual(perIndex);
      // On the new manager a write also wakes only the subscribers of its path (plus at most
      // one store-wide listener), not every component of the key.
      if (kind === 'valtio' && mode !== 'valtio.useSnapshot') expect(wakeups).toBeLessThanOrEqual(2 * WRITES);
    } else {
      // Key granularity: every component re-renders on every write to the key.
      expect(renders).toEqual(new Array(N).fill(WRITES));
    }
  });
});
