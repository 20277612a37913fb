/**
 * Diagnostics: CPU profile of W10 (import to a usable manager) for one contestant, over
 * several fresh page loads, to see where the start-up milliseconds go.
 *   --contestant=ours [--loads=10]
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
// The harness's modules directly: its index also exports vitest helpers, which only load
// inside a vitest run.
import { launchBrowser } from '../../tests/browser/harness/browser.ts';
import { startStaticServer } from '../../tests/browser/harness/server.ts';
import { summarizeProfile, type CpuProfile } from '../lib/profile-summary.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const contestant = args.get('contestant') ?? 'ours';
const loads = Number(args.get('loads') ?? 10);
await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'warn' });
const server = await startStaticServer(fileURLToPath(new URL('../../build/bench-pages', import.meta.url)));
const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const merged: CpuProfile = { nodes: [], samples: [], timeDeltas: [] };
  let offset = 0;
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(`${server.url}/w10.html?c=${contestant}`);
    const result = await page.evaluate(() => window.w10);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    if (i === 0) console.log(JSON.stringify(result));
    // Node ids are per profile: shift them so the loads merge into one summary.
    for (const n of profile.nodes) merged.nodes.push({ ...n, id: n.id + offset, children: (n as { children?: number[] }).children?.map((c) => c + offset) } as typeof n);
    merged.samples.push(...profile.samples.map((s) => s + offset));
    merged.timeDeltas.push(...profile.timeDeltas);
    offset += Math.max(...profile.nodes.map((n) => n.id)) + 1;
    await page.close();
  }
  console.log(summarizeProfile(merged, 35));
  if (process.env.PROFILE_OUT) (await import("node:fs")).writeFileSync(process.env.PROFILE_OUT, JSON.stringify(merged));
} finally {
  await browser.close();
  await server.close();
}
