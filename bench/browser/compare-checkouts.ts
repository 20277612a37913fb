/**
 * Diagnostics, not part of `npm run bench`: one core workload in Chromium for ours as built
 * from another checkout (BEFORE, e.g. a `git worktree` of main), ours from this one, and
 * legacy, each in its own browser context, rounds interleaved so a burst of load from other
 * processes hits all three alike. Prints the fastest round and the median per contestant.
 *   BEFORE=/path/to/other/checkout node node_modules/vite-node/vite-node.mjs \
 *     -c bench/node/vite.config.ts bench/browser/compare-checkouts.ts -- W3 20
 * The other checkout needs its node_modules (a symlink to this one's is enough) and its
 * built wasm (js-shim/wasm/generated). `W3_PASSES=1000` runs W3 with ten times the passes
 * per commit, which leaves mostly the JS side of `set` in the figure.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchBrowser } from '../../tests/browser/harness/browser.ts';
import { startStaticServer } from '../../tests/browser/harness/server.ts';
import { median } from '../lib/stats.ts';
import { FULL_SIZES, type CoreWorkloadId, type Sizes } from '../workloads/core.ts';

const [workload, roundsArg] = process.argv.slice(-2) as [CoreWorkloadId, string];
const rounds = Number(roundsArg) || 20;
const before = process.env.BEFORE;
if (!before || !/^W[1-6]$/.test(workload)) throw new Error('usage: BEFORE=<checkout> ... compare-checkouts.ts -- W3 20');
const here = fileURLToPath(new URL('../..', import.meta.url));
const passes = Number(process.env.W3_PASSES ?? FULL_SIZES.w3Passes);
const sizes: Sizes = { ...FULL_SIZES, w3Passes: passes, blocks: { ...FULL_SIZES.blocks, W3: Math.max(1, Math.round((FULL_SIZES.blocks.W3 * FULL_SIZES.w3Passes) / passes)) } };

const roots = [before, here];
for (const root of roots) await build({ configFile: `${root}/bench/browser/vite.config.ts`, logLevel: 'warn' });
const servers = await Promise.all(roots.map((root) => startStaticServer(`${root}/build/bench-pages`)));
const browser = await launchBrowser();
try {
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
      const { ms, ops } = await runner.page.evaluate(([id, s]) => window.bench.round(id, s), [workload, sizes] as const);
      if (r >= 2) runner.rates.push(ops / ms / 1000); // the first two rounds warm up
    }
  }
  const legacy = runners[2]!.rates;
  for (const { label, rates } of runners) {
    const best = Math.max(...rates);
    console.log(`${workload} ${label.padEnd(14)} fastest ${best.toFixed(2)}M/s (${(best / Math.max(...legacy)).toFixed(2)}x legacy)` +
      `  median ${median(rates).toFixed(2)}M/s (${(median(rates) / median(legacy)).toFixed(2)}x)  slowest ${Math.min(...rates).toFixed(2)}M/s`);
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}
