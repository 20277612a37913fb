// Shared by the demo e2e tests: builds the demo when its sources changed, serves it, and
// waits on the page's own ready signals (data-demo-ready, data-mfe-ready) instead of sleeping.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const DEMO_DIR = join(REPO, 'build/demo');
const STAMP = join(DEMO_DIR, '.built-from-sources');
export const MFE_IDS = ['react-mfe', 'vue-mfe', 'vanilla-mfe'] as const;
export type Mode = 'valtio' | 'legacy';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : st.mtimeMs);
  }
  return newest;
}

/** Builds both demo modes unless a build newer than every demo and package source exists. */
export function ensureDemoBuilt(): void {
  const sources = Math.max(newestMtime(join(REPO, 'demo')), newestMtime(join(REPO, 'js-shim')));
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs > sources) return;
  execFileSync('bash', ['scripts/build-demo.sh'], { cwd: REPO, stdio: 'inherit' });
  writeFileSync(STAMP, new Date().toISOString());
}

/** Opens the container and waits until the manager is ready and all three MFEs rendered. */
export async function openDemo(page: Page, baseUrl: string, mode: Mode): Promise<void> {
  await page.goto(`${baseUrl}/${mode}/`);
  await waitReady(page);
}

export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(
    (ids) =>
      document.documentElement.dataset.demoReady === 'true' &&
      ids.every((id) => document.querySelector(`[data-mfe="${id}"][data-mfe-ready="true"]`) !== null),
    [...MFE_IDS],
  );
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Waits until the element's text is `expected`; on timeout the message shows what it was. */
export async function waitText(page: Page, testId: string, expected: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel)?.textContent === text,
      [byTestId(testId), expected] as const,
      { timeout: 30_000 },
    );
  } catch {
    const actual = await page.locator(byTestId(testId)).textContent().catch(() => null);
    throw new Error(`${testId}: expected text ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
  }
}

/** Every MFE shows the same text in its `<id>-<field>` element. */
export async function waitAllMfes(page: Page, field: string, expected: string): Promise<void> {
  for (const id of MFE_IDS) await waitText(page, `${id}-${field}`, expected);
}

export interface LogRow {
  key: string;
  value: string;
  source: string;
  crossTab: boolean;
}

export function readLog(page: Page): Promise<LogRow[]> {
  return page.$$eval('[data-testid="log"] tr', (rows) =>
    rows.map((r) => ({
      key: (r as HTMLElement).dataset.key ?? '',
      value: r.querySelector('.value')?.textContent ?? '',
      source: (r as HTMLElement).dataset.source ?? '',
      crossTab: r.classList.contains('cross-tab'),
    })),
  );
}

/** Waits until the log holds a row for `key` from `source`. */
export async function waitLogRow(page: Page, key: string, source: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([k, s]) => [...document.querySelectorAll<HTMLElement>('[data-testid="log"] tr')].some((r) => r.dataset.key === k && r.dataset.source === s),
      [key, source] as const,
      { timeout: 30_000 },
    );
  } catch {
    const rows = await readLog(page);
    throw new Error(`log has no row ${key} from ${source}; rows: ${JSON.stringify(rows.slice(0, 20))}`);
  }
}
