/**
 * The Chromium engine: W1-W6 (W5 only here), W7 (React re-renders), W8 (two tabs) and W10
 * (import to usable manager). Pages are built by bench/browser/vite.config.ts and served by
 * the test harness's static server; Debian's chromium is driven by playwright-core.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
// The harness's modules directly: its index also exports vitest helpers, which only load
// inside a vitest run.
import { launchBrowser } from '../../tests/browser/harness/browser.ts';
import { startStaticServer } from '../../tests/browser/harness/server.ts';
import { interleave, toRows, type ScheduleOptions } from '../lib/schedule.ts';
import { median, percentile } from '../lib/stats.ts';
import { runsWorkload, type ContestantName, type Row } from '../lib/types.ts';
import { CORE_WORKLOADS, type Sizes } from '../workloads/core.ts';
import type { W7Result } from './pages/react-page.ts';
import type { W10Result } from './pages/w10-page.ts';

export interface ChromiumSizes extends Sizes {
  w7Writes: number;
  w8Samples: number;
  w8Burst: number;
  w8BurstKeys: number;
  /** How long after a burst a late (coalesced) post still counts. */
  w8QuietMs: number;
}

export const CHROMIUM_EXTRA_FULL = { w7Writes: 1000, w8Samples: 200, w8Burst: 1000, w8BurstKeys: 100, w8QuietMs: 300 };
export const CHROMIUM_EXTRA_TINY = { w7Writes: 20, w8Samples: 10, w8Burst: 50, w8BurstKeys: 10, w8QuietMs: 100 };

export interface ChromiumReport {
  rows: Row[];
  missing: Partial<Record<ContestantName, string>>;
  /** Per workload, contestants whose rounds failed (no row), with the error. */
  failures: Record<string, Partial<Record<ContestantName, string>>>;
}

/** A schedule that records a failing contestant under `workload` and goes on without it. */
function tolerant(schedule: ScheduleOptions, failures: ChromiumReport['failures'], workload: string, log: (l: string) => void): ScheduleOptions {
  return {
    ...schedule,
    onFailure(c, error) {
      (failures[workload] ??= {})[c] = error.message.split('\n')[0];
      log(`chromium ${workload}: ${c} failed: ${error.message.split('\n')[0]}`);
    },
  };
}

const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const pagesDir = fileURLToPath(new URL('../../build/bench-pages', import.meta.url));

/** A page that never answers must fail its contestant, not hang the whole run. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Serves the context's pages cross-origin isolated (COOP + COEP headers added in flight):
 * Chromium then times with 5 us resolution instead of 100 us, which W8's sub-millisecond
 * latencies and the short W1-W6 blocks need. Not used for W10, whose load timing the
 * interception would change.
 */
async function isolate(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
    });
  });
}

async function newPage(browser: Browser, context?: BrowserContext, isolated = true): Promise<{ context: BrowserContext; page: Page }> {
  let ctx = context;
  if (!ctx) {
    ctx = await browser.newContext();
    if (isolated) await isolate(ctx);
  }
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return { context: ctx, page };
}

export async function runChromiumEngine(
  contestants: readonly ContestantName[],
  sizes: ChromiumSizes,
  schedule: ScheduleOptions,
  log: (line: string) => void = () => {},
  only?: ReadonlySet<string>,
): Promise<ChromiumReport> {
  const want = (w: string) => !only || only.has(w);
  await build({ configFile, logLevel: 'warn' });
  const server = await startStaticServer(pagesDir);
  const browser = await launchBrowser();
  const rows: Row[] = [];
  const missing: ChromiumReport['missing'] = {};
  const failures: ChromiumReport['failures'] = {};
  try {
    // W1-W6: one context (isolate, storage, channel scope) per contestant.
    const pages = new Map<ContestantName, Page>();
    for (const c of contestants) {
      const { page } = await newPage(browser);
      await page.goto(`${server.url}/bench.html`);
      await page.waitForFunction(() => 'bench' in window);
      if (!(await page.evaluate(() => crossOriginIsolated))) log(`chromium: ${c} page is not cross-origin isolated (timer resolution 100 us)`);
      const error = await page.evaluate((name) => window.bench.load(name), c);
      if (error) {
        missing[c] = error;
        await page.context().close();
      } else pages.set(c, page);
    }
    const live = [...pages.keys()];
    for (const w of CORE_WORKLOADS) {
      if (!want(w.id)) continue;
      const started = performance.now();
      const calls = new Map<ContestantName, Record<string, number>>();
      const values = await interleave(live.filter((c) => runsWorkload(c, w.id)), tolerant(schedule, failures, w.id, log), async (c) => {
        const { ms, ops, calls: made } = await within(pages.get(c)!.evaluate(([id, s]) => window.bench.round(id, s), [w.id, sizes] as const), 120_000, `${w.id} round`);
        calls.set(c, made); // the same every round: the workloads are deterministic
        return (ops / ms) * 1000;
      });
      // Storage and channel calls per round tell why a persistent workload costs what it does.
      const extra = w.config === undefined ? Object.fromEntries([...calls].map(([c, made]) => [c, { callsPerRound: made }])) : undefined;
      rows.push(
        ...toRows({ engine: 'chromium', workload: w.id, unit: 'ops/s', higherIsBetter: true, extra: { title: w.title } }, values, extra),
      );
      log(`chromium ${w.id} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    for (const page of pages.values()) await page.context().close();

    const takingPart = (w: string) => live.filter((c) => runsWorkload(c, w));
    if (want('W7')) rows.push(...(await runW7(browser, server.url, takingPart('W7'), sizes, tolerant(schedule, failures, 'W7', log), log)));
    if (want('W8')) rows.push(...(await runW8(browser, server.url, takingPart('W8'), sizes, tolerant(schedule, failures, 'W8', log), log)));
    if (want('W10')) rows.push(...(await runW10(browser, server.url, takingPart('W10'), tolerant(schedule, failures, 'W10', log), log)));
  } finally {
    await browser.close();
    await server.close();
  }
  return { rows, missing, failures };
}

async function runW7(browser: Browser, url: string, contestants: readonly ContestantName[], sizes: ChromiumSizes, schedule: ScheduleOptions, log: (l: string) => void): Promise<Row[]> {
  const started = performance.now();
  const pages = new Map<ContestantName, Page>();
  for (const c of contestants) {
    const { page } = await newPage(browser);
    await page.goto(`${url}/react.html`);
    await page.waitForFunction(() => 'reactBench' in window);
    const error = await page.evaluate((name) => window.reactBench.available(name), c);
    if (error) {
      schedule.onFailure?.(c, new Error(`unavailable: ${error}`));
      await page.context().close();
    } else pages.set(c, page);
  }
  const details = new Map<ContestantName, W7Result[]>();
  const keyStyle: W7Result[] = [];
  // Render counts are deterministic: one warm-up round is enough for the timing extra.
  const values = await interleave([...pages.keys()], { ...schedule, warmup: Math.min(1, schedule.warmup) }, async (c, r) => {
    const result = await within(pages.get(c)!.evaluate(([name, writes, seed]) => window.reactBench.run(name, writes, seed), [c, sizes.w7Writes, 7 + r] as const), 120_000, 'W7 round');
    if (c === 'ours') {
      // The experiment: legacy-style whole-key writes on ours; structural sharing should
      // still re-render only the row that changed.
      try {
        keyStyle.push(await within(pages.get(c)!.evaluate(([name, writes, seed]) => window.reactBench.run(name, writes, seed, 'key'), [c, sizes.w7Writes, 7 + r] as const), 120_000, 'W7 key-style round'));
      } catch (error) {
        log(`W7 key-style experiment: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (!details.has(c)) details.set(c, []);
    details.get(c)!.push(result);
    return result.renders;
  });
  for (const page of pages.values()) await page.context().close();
  const extra: Partial<Record<ContestantName, Record<string, unknown>>> = {};
  for (const [c, list] of details) {
    extra[c] = {
      ideal: list[0].ideal,
      exact: list.every((d) => d.renders === d.ideal),
      msPerWrite: median(list.map((d) => d.ms / d.ideal)),
      wrongRows: Math.max(...list.map((d) => d.mismatches)),
      ...(c === 'ours' && keyStyle.length ? { rendersWithKeySets: median(keyStyle.map((d) => d.renders)), wrongRowsWithKeySets: Math.max(...keyStyle.map((d) => d.mismatches)) } : {}),
    };
  }
  log(`chromium W7 done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return toRows(
    { engine: 'chromium', workload: 'W7', unit: 'renders', higherIsBetter: false, extra: { title: `React: 100 rows, ${sizes.w7Writes} random path writes` } },
    values,
    extra,
  );
}

async function runW8(browser: Browser, url: string, contestants: readonly ContestantName[], sizes: ChromiumSizes, schedule: ScheduleOptions, log: (l: string) => void): Promise<Row[]> {
  const started = performance.now();
  // Two pages of one context share BroadcastChannel and localStorage: two tabs.
  const tabs = new Map<string, { a: Page; b: Page }>();
  const open = async (label: string, c: ContestantName, extra?: Record<string, unknown>) => {
    const { context, page: a } = await newPage(browser);
    try {
      const { page: b } = await newPage(browser, context);
      for (const p of [a, b]) {
        await p.goto(`${url}/bench.html`);
        await p.waitForFunction(() => 'bench' in window);
        const error = await p.evaluate((name) => window.bench.load(name), c);
        if (error) throw new Error(error);
      }
      await a.evaluate((x) => window.bench.openTab(x), extra);
      await b.evaluate((x) => window.bench.openTab(x), extra);
      await b.evaluate(() => window.bench.tab().listen());
      tabs.set(label, { a, b });
    } catch (error) {
      await context.close();
      throw error;
    }
  };
  for (const c of contestants) {
    try {
      await open(c, c);
    } catch (error) {
      schedule.onFailure?.(c, error as Error);
    }
  }
  // Experiments on ours, interleaved with its rounds: the legacy bridge off (no tab runs the
  // legacy manager), and persistence off (does storage work in the tabs delay delivery?).
  const VARIANTS = [
    { label: 'legacyBridgeOff', extra: { legacyBridge: false } },
    { label: 'persistentOff', extra: { persistent: false } },
  ];
  const variant: Record<string, { p50: number[]; p99: number[]; messages: number[] }> = {};
  if (tabs.has('ours')) {
    for (const v of VARIANTS) {
      await open(v.label, 'ours', v.extra).then(
        () => void (variant[v.label] = { p50: [], p99: [], messages: [] }),
        (e: Error) => log(`W8 variant ${v.label}: ${e.message}`),
      );
    }
  }
  const channels = new Map<ContestantName, Record<string, number>>();
  const sendParts = new Map<ContestantName, number[]>();
  const receiveParts = new Map<ContestantName, number[]>();
  const bytes = new Map<ContestantName, number[]>();
  const p50 = new Map<ContestantName, number[]>();
  const p99 = new Map<ContestantName, number[]>();
  /** One W8 round on a pair of tabs: latency samples, then the burst. */
  const round = async (label: string) => {
    const { a, b } = tabs.get(label)!;
    await within(a.evaluate((n) => window.bench.tab().sendSamples(n), sizes.w8Samples), 120_000, 'W8 samples');
    const latencies = await b.evaluate(() => window.bench.tab().latencies());
    const split = await b.evaluate(() => window.bench.tab().parts());
    const burst = await a.evaluate(([n, k, q]) => window.bench.tab().burst(n, k, q), [sizes.w8Burst, sizes.w8BurstKeys, sizes.w8QuietMs] as const);
    // The burst must have reached tab B intact, or its message count means nothing.
    const lastKey = `w8:burst:${(sizes.w8Burst - 1) % sizes.w8BurstKeys}`;
    await b.waitForFunction(([key, v]) => window.bench.tab().read(key) === v, [lastKey, burst.lastValue] as const, { timeout: 10_000 });
    return { latencies, burst, split };
  };
  const live = contestants.filter((c) => tabs.has(c));
  const messages = await interleave(live, schedule, async (c, r) => {
    const { latencies, burst, split } = await round(c);
    for (const label of c === 'ours' ? Object.keys(variant) : []) {
      if (!tabs.has(label)) continue;
      try {
        const v = await round(label);
        if (r >= schedule.warmup) {
          variant[label].p50.push(percentile(v.latencies, 50));
          variant[label].p99.push(percentile(v.latencies, 99));
          variant[label].messages.push(v.burst.messages);
        }
      } catch (error) {
        // An experiment failing must not cost ours its own row.
        log(`W8 variant ${label}: ${(error as Error).message.split('\n')[0]}`);
        await tabs.get(label)!.a.context().close();
        tabs.delete(label);
        delete variant[label];
      }
    }
    if (r >= schedule.warmup) {
      if (!sendParts.has(c)) (sendParts.set(c, []), receiveParts.set(c, []));
      sendParts.get(c)!.push(...split.map((p) => p[0]));
      receiveParts.get(c)!.push(...split.map((p) => p[1]));
      channels.set(c, burst.byChannel);
      if (!bytes.has(c)) bytes.set(c, []);
      bytes.get(c)!.push(burst.bytes);
      for (const [map, p] of [[p50, 50], [p99, 99]] as const) {
        if (!map.has(c)) map.set(c, []);
        map.get(c)!.push(percentile(latencies, p));
      }
    }
    return burst.messages;
  });
  for (const { a } of tabs.values()) await a.context().close();
  // A contestant that failed in a later round has partial latency lists: drop them too.
  for (const c of [...p50.keys()]) if (!messages.has(c)) (p50.delete(c), p99.delete(c));
  // Per contestant: the latency split at this percentile, over every measured sample.
  const split = (p: number, c: ContestantName) => ({
    sendAndDeliverMs: percentile(sendParts.get(c) ?? [], p),
    receiverWorkMs: percentile(receiveParts.get(c) ?? [], p),
  });
  const experiment = (key: 'p50' | 'p99' | 'messages') => {
    const out: Partial<Record<ContestantName, Record<string, unknown>>> = {};
    for (const c of p50.keys()) out[c] = key === 'messages' ? {} : split(key === 'p50' ? 50 : 99, c);
    const ours = Object.fromEntries(Object.entries(variant).filter(([, v]) => v[key].length).map(([label, v]) => [label, median(v[key])]));
    out.ours = { ...out.ours, ...ours };
    return out;
  };
  log(`chromium W8 done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return [
    ...toRows({ engine: 'chromium', workload: 'W8', unit: 'ms', higherIsBetter: false, extra: { metric: 'p50', title: 'cross-tab set -> listener, p50' } }, p50, experiment('p50')),
    ...toRows({ engine: 'chromium', workload: 'W8', unit: 'ms', higherIsBetter: false, extra: { metric: 'p99', title: 'cross-tab set -> listener, p99' } }, p99, experiment('p99')),
    ...toRows(
      { engine: 'chromium', workload: 'W8', unit: 'messages', higherIsBetter: false, extra: { metric: 'messages', title: `messages posted for a ${sizes.w8Burst}-write burst on ${sizes.w8BurstKeys} keys` } },
      messages,
      Object.fromEntries([...channels].map(([c, byChannel]) => [c, { byChannel, bytesPosted: median(bytes.get(c) ?? []), ...(c === 'ours' ? experiment('messages').ours : {}) }])),
    ),
  ];
}

async function runW10(browser: Browser, url: string, contestants: readonly ContestantName[], schedule: ScheduleOptions, log: (l: string) => void): Promise<Row[]> {
  const started = performance.now();
  const syncMs = new Map<ContestantName, number[]>();
  const parts = new Map<ContestantName, W10Result[]>();
  // One context for all rounds, a fresh page (new document, new realm) per round. A fresh
  // context per round was tried: its cold network stack added 20-60 ms of fetch setup per
  // chunk on this shared machine, drowning the code's own cost. The server sends no-store,
  // so every round still fetches, compiles and instantiates everything again.
  const context = await browser.newContext();
  try {
    const parallel: number[] = [];
    const values = await interleave(contestants, schedule, async (c, r) => {
      // The experiment, interleaved with the rest: ours with the core loading in parallel
      // with the manager's chunk (as an app's preload would), instead of from the constructor.
      if (c === 'ours') {
        const variant = await context.newPage();
        try {
          await variant.goto(`${url}/w10.html?c=ours&variant=parallel`);
          const result = await within(variant.evaluate(() => window.w10), 30_000, 'W10 parallel load');
          if (!result.error && r >= schedule.warmup) parallel.push(result.ms);
        } finally {
          await variant.close();
        }
      }
      const page = await context.newPage();
      try {
        await page.goto(`${url}/w10.html?c=${c}`);
        const result = await within(page.evaluate(() => window.w10), 30_000, 'W10 load');
        if (result.error) throw new Error(`W10 ${c}: ${result.error}`);
        if (r >= schedule.warmup) {
          if (!syncMs.has(c)) syncMs.set(c, []);
          syncMs.get(c)!.push(result.syncMs);
          if (!parts.has(c)) parts.set(c, []);
          parts.get(c)!.push(result);
        }
        return result.ms;
      } finally {
        await page.close();
      }
    });
    log(`chromium W10 done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const med = (list: W10Result[], f: (r: W10Result) => number | undefined) => {
      const v = list.map(f).filter((x): x is number => typeof x === 'number');
      return v.length ? median(v) : undefined;
    };
    const extra = Object.fromEntries(
      [...syncMs].map(([c, v]) => {
        const list = parts.get(c) ?? [];
        return [c, {
          syncUsableMs: median(v),
          jsLoadedAtMs: med(list, (r) => r.jsLoadedAt),
          wasmLoadedAtMs: med(list, (r) => r.wasmLoadedAt),
          wasmFetchMs: med(list, (r) => r.wasmFetchMs),
          ...(c === 'ours' && parallel.length ? { parallelCoreLoadMs: median(parallel) } : {}),
        }];
      }),
    );
    return toRows({ engine: 'chromium', workload: 'W10', unit: 'ms', higherIsBetter: false, extra: { title: 'import() to a usable manager (ours: ready)' } }, values, extra);
  } finally {
    await context.close();
  }
}
