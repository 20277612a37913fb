/**
 * Diagnostics, not part of `npm run bench`: one core workload in Chromium for ours as built
 * from another checkout (BEFORE, e.g. a `git worktree` of main), ours from this one, and
 * legacy, each in its own browser context, rounds interleaved so a burst of load from other
 * processes hits all three alike. Prints the fastest round and the median per contestant;
 * for W10 (start-up) the median load time, its range and spread.
 *   BEFORE=/path/to/other/checkout node node_modules/vite-node/vite-node.mjs \
 *     -c bench/node/vite.config.ts bench/browser/compare-checkouts.ts -- W3 20
 * The other checkout needs its node_modules (a symlink to this one's is enough) and its
 * built wasm (js-shim/wasm/generated). `W3_PASSES=1000` runs W3 with ten times the passes
 * per commit, which leaves mostly the JS side of `set` in the figure.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../../tests/browser/harness/browser.ts';
import { startStaticServer } from '../../tests/browser/harness/server.ts';
import { median } from '../lib/stats.ts';
import { FULL_SIZES, type CoreWorkloadId, type Sizes } from '../workloads/core.ts';

const [workload, roundsArg] = process.argv.slice(-2) as [CoreWorkloadId | 'W10', string];
const rounds = Number(roundsArg) || 20;
const before = process.env.BEFORE;
if (!before || !/^W([1-6]|10)$/.test(workload)) throw new Error('usage: BEFORE=<checkout> ... compare-checkouts.ts -- W3 20 (W1-W6 or W10)');
const here = fileURLToPath(new URL('../..', import.meta.url));
const passes = Number(process.env.W3_PASSES ?? FULL_SIZES.w3Passes);
const sizes: Sizes = { ...FULL_SIZES, w3Passes: passes, blocks: { ...FULL_SIZES.blocks, W3: Math.max(1, Math.round((FULL_SIZES.blocks.W3 * FULL_SIZES.w3Passes) / passes)) } };

const roots = [before, here];
for (const root of roots) await build({ configFile: `${root}/bench/browser/vite.config.ts`, logLevel: 'warn' });
const servers = await Promise.all(roots.map((root) => startStaticServer(`${root}/build/bench-pages`)));
const browser = await launchBrowser();
try {
  if (workload === 'W10') {
    await compareStartup();
  } else {
    await compareCore();
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}

/**
 * W10: a fresh page per load, as the benchmark runs it (one browser context per contestant,
 * so each keeps the storage its earlier loads left). W10_EMPTY=1 empties localStorage before
 * every load instead, for the start-up of a page with nothing stored.
 */
async function compareStartup(): Promise<void> {
  const lineup = [
    { label: 'ours (BEFORE)', url: servers[0]!.url, name: 'ours' },
    { label: 'ours (here)', url: servers[1]!.url, name: 'ours' },
    { label: 'legacy', url: servers[1]!.url, name: 'legacy' },
  ];
  const runners: Array<(typeof lineup)[number] & { context: BrowserContext; ms: number[]; syncMs: number[] }> = [];
  for (const entry of lineup) runners.push({ ...entry, context: await browser.newContext(), ms: [], syncMs: [] });
  for (let r = 0; r < rounds + 2; r++) {
    for (const runner of runners) {
      if (process.env.W10_EMPTY) {
        const blank = await runner.context.newPage();
        await blank.goto(`${runner.url}/w10.html?c=limit`);
        await blank.evaluate(() => localStorage.clear());
        await blank.close();
      }
      const page = await runner.context.newPage();
      await page.goto(`${runner.url}/w10.html?c=${runner.name}`);
      const result = await page.evaluate(() => window.w10);
      await page.close();
      if (result.error) throw new Error(`${runner.label}: ${result.error}`);
      if (r >= 2) { // the first two loads warm up the browser and the server
        runner.ms.push(result.ms);
        runner.syncMs.push(result.syncMs);
      }
    }
  }
  const legacy = median(runners[2]!.ms);
  for (const { label, ms, syncMs } of runners) {
    const m = median(ms);
    // Each load against the legacy load of the same round, which met the same machine load.
    const paired = median(ms.map((v, i) => v / runners[2]!.ms[i]!));
    console.log(`W10 ${label.padEnd(14)} median ${m.toFixed(1)} ms (${(m / legacy).toFixed(2)}x legacy; per round ${paired.toFixed(2)}x)  min ${Math.min(...ms).toFixed(1)}  max ${Math.max(...ms).toFixed(1)}` +
      `  spread ${((Math.max(...ms) - Math.min(...ms)) / m).toFixed(2)}  constructor returned ${median(syncMs).toFixed(1)} ms`);
  }
}

async function compareCore(): Promise<void> {
  const lineup = [
    { label: 'ours (BEFORE)', url: servers[0]!.url, name: 'ours' },
    { label: 'ours (here)', url: servers[1]!.url, name: 'ours' },
    { label: 'legacy', url: servers[1]!.url, name: 'legacy' },
  ];
  const runners = [];
  for (const { label, url, name } of lineup) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/bench.html`);
    await page.waitForFunction(() => 'bench' in window);
    const error = await page.evaluate((n) => window.bench.load(n), name as 'ours' | 'legacy');
    if (error) throw new Error(error);
    runners.push({ label, page, rates: [] as number[] });
  }
  for (let r = 0; r < rounds + 2; r++) {
    for (const runner of runners) {
      const { ms, ops } = await runner.page.evaluate(([id, s]) => window.bench.round(id, s), [workload as CoreWorkloadId, sizes] as const);
      if (r >= 2) runner.rates.push(ops / ms / 1000); // the first two rounds warm up
    }
  }
  const legacy = runners[2]!.rates;
  for (const { label, rates } of runners) {
    const best = Math.max(...rates);
    console.log(`${workload} ${label.padEnd(14)} fastest ${best.toFixed(2)}M/s (${(best / Math.max(...legacy)).toFixed(2)}x legacy)` +
      `  median ${median(rates).toFixed(2)}M/s (${(median(rates) / median(legacy)).toFixed(2)}x)  slowest ${Math.min(...rates).toFixed(2)}M/s`);
  }
}
