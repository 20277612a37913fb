/**
 * Diagnostics: W10's start-up split for ours. Reads every `performance.mark` the page made
 * (none ship: add them where you want a boundary, e.g. `performance.mark('us:compiled')` in
 * load-core.ts, plus `performance.mark('us:t0')` beside t0 in pages/w10-page.ts) and prints,
 * over --loads fresh pages, each mark's median time after `us:t0`, then for each pair in
 * PAIRS (`a>b,c>d`) the median of the per-load b-a. syncMs, ready+set and wasmLoadedAt
 * come from the page's own result. --clear: empty localStorage before every load.
 *   PAIRS='us:compiled>us:module' node node_modules/vite-node/vite-node.mjs \
 *     -c bench/node/vite.config.ts bench/browser/split-w10.ts -- --loads=20
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchBrowser } from '../../tests/browser/harness/browser.ts';
import { startStaticServer } from '../../tests/browser/harness/server.ts';
import { median } from '../lib/stats.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const loads = Number(args.get('loads') ?? 15);
const clear = args.has('clear');
const root = process.env.ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
if (!process.env.NOBUILD) await build({ configFile: `${root}/bench/browser/vite.config.ts`, logLevel: 'warn' });
const server = await startStaticServer(`${root}/build/bench-pages`);
const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const marks = new Map<string, number[]>();
  for (let i = 0; i < loads + 2; i++) {
    if (clear) {
      const p = await context.newPage();
      await p.goto(`${server.url}/w10.html?c=limit`);
      await p.evaluate(() => localStorage.clear());
      await p.close();
    }
    const page = await context.newPage();
    await page.goto(`${server.url}/w10.html?c=ours`);
    const r = await page.evaluate(async () => {
      const w = await window.w10;
      const t0 = performance.getEntriesByName('us:t0')[0]?.startTime ?? 0;
      return { w, marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime - t0] as [string, number]), keys: localStorage.length };
    });
    await page.close();
    if (i < 2) continue;
    for (const [name, t] of [...r.marks, ['syncMs', r.w.syncMs], ['ready+set', r.w.ms], ['wasmLoadedAt', r.w.wasmLoadedAt ?? NaN], ['storedKeysAfter', r.keys]] as [string, number][]) {
      if (!marks.has(name)) marks.set(name, []);
      marks.get(name)!.push(t);
    }
  }
  const order = [...marks].sort((a, b) => median(a[1]) - median(b[1]));
  for (const [name, v] of order) {
    console.log(`${name.padEnd(20)} median ${median(v).toFixed(1).padStart(7)}  min ${Math.min(...v).toFixed(1).padStart(7)}  max ${Math.max(...v).toFixed(1).padStart(7)}`);
  }
  const pairs = (process.env.PAIRS ?? '').split(',').filter(Boolean).map((p) => p.split('>'));
  for (const [a, b] of pairs) {
    const va = marks.get(a!), vb = marks.get(b!);
    if (!va || !vb) continue;
    const d = va.map((x, i) => vb[i]! - x);
    console.log(`${(a + ' -> ' + b).padEnd(40)} median ${median(d).toFixed(2)}  min ${Math.min(...d).toFixed(2)}  max ${Math.max(...d).toFixed(2)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
