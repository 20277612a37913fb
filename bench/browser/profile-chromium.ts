/**
 * Diagnostics: profiles one contestant in Chromium with the DevTools protocol's sampling
 * profiler and prints where the time goes.
 *   --contestant=ours --workload=W2 [--rounds=10]   a W1-W6 round, in its page
 *   --contestant=ours --workload=W8                 tab B (the receiver) during 200 samples
 * Writes build/bench-profiles/chromium-<contestant>-<workload>.cpuprofile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Page } from 'playwright-core';
// The harness's modules directly: its index also exports vitest helpers, which only load
// inside a vitest run.
import { launchBrowser } from '../../tests/browser/harness/browser.ts';
import { startStaticServer } from '../../tests/browser/harness/server.ts';
import { summarizeProfile, type CpuProfile } from '../lib/profile-summary.ts';
import type { ContestantName } from '../lib/types.ts';
import { FULL_SIZES, type CoreWorkloadId } from '../workloads/core.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const contestant = (args.get('contestant') ?? 'ours') as ContestantName;
const workload = args.get('workload') ?? 'W2';
const rounds = Number(args.get('rounds') ?? 10);
const pagesDir = fileURLToPath(new URL('../../build/bench-pages', import.meta.url));

await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'warn' });
const server = await startStaticServer(pagesDir);
const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const open = async (): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${server.url}/bench.html`);
    await page.waitForFunction(() => 'bench' in window);
    const error = await page.evaluate((name) => window.bench.load(name), contestant);
    if (error) throw new Error(error);
    return page;
  };
  const a = await open();
  let profiled = a;
  let run: () => Promise<unknown>;
  if (workload === 'W8') {
    const b = await open();
    await a.evaluate(() => window.bench.openTab());
    await b.evaluate(() => window.bench.openTab());
    await b.evaluate(() => window.bench.tab().listen());
    profiled = b;
    run = () => a.evaluate(() => window.bench.tab().sendSamples(200));
  } else {
    run = () => a.evaluate(([id, s]) => window.bench.round(id, s), [workload as CoreWorkloadId, FULL_SIZES] as const);
  }
  await run(); // warm-up
  const cdp = await context.newCDPSession(profiled);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let r = 0; r < rounds; r++) await run();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  const dir = fileURLToPath(new URL('../../build/bench-profiles', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/chromium-${contestant}-${workload}.cpuprofile`, JSON.stringify(profile));
  console.log(summarizeProfile(profile, 30));
} finally {
  await browser.close();
  await server.close();
}
