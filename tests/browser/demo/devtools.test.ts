// Redux DevTools on the built demo (flag on): a fake extension injected before the page
// loads records what the manager sends; the test replays each time-travel message type and
// checks the state the manager and the three MFEs end up in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchBrowser, startStaticServer, type StaticServer } from '../harness/index.js';
import { byTestId, DEMO_DIR, ensureDemoBuilt, openDemo, waitAllMfes, waitLogRow, waitText } from './demo-helpers.js';
import { installFakeDevtools, type FakeDevtoolsRecord } from './fake-devtools-extension.js';

let browser: Browser;
let server: StaticServer;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ensureDemoBuilt();
  server = await startStaticServer(DEMO_DIR);
  browser = await launchBrowser();
  context = await browser.newContext();
  await context.addInitScript(installFakeDevtools);
  page = await context.newPage();
  errors = collectErrors(page);
  await openDemo(page, server.url, 'valtio');
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const record = (): Promise<FakeDevtoolsRecord> => page.evaluate(() => (window as any).__FAKE_DEVTOOLS__);
const snapshot = (): Promise<Record<string, unknown>> => page.evaluate(() => (window as any).__DEMO__.manager.getSnapshot());
const dispatch = (message: unknown) => page.evaluate((m) => (window as any).__FAKE_DEVTOOLS__.dispatch(m), message);
const sentCount = async () => (await record()).sent.length;

/** Waits until an action whose name matches `pattern` has been sent, and returns it with the state after it. */
async function waitAction(pattern: RegExp, after = 0): Promise<{ type: string; state: Record<string, unknown> }> {
  const handle = await page.waitForFunction(
    ([source, flags, from]) => {
      const re = new RegExp(source, flags);
      const sent = (window as any).__FAKE_DEVTOOLS__.sent.slice(from);
      const hit = sent.find((s: any) => s.action && re.test(s.action.type));
      return hit ? { type: hit.action.type, state: hit.state } : null;
    },
    [pattern.source, pattern.flags, after] as const,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue())!;
}

describe('Redux DevTools time travel on the demo (flag on)', () => {
  let base: Record<string, unknown>;
  let afterProfile: Record<string, unknown>;
  let latest: Record<string, unknown>;

  it('connects once and sends the initial state as the base', async () => {
    const r = await record();
    expect(r.connects).toHaveLength(1);
    expect(r.inits).toHaveLength(1);
    base = r.inits[0];
    expect(base).toMatchObject({ theme: 'light', sharedCounter: 0 });
  });

  it('names every change by what changed and which MFE changed it', async () => {
    await page.fill(byTestId('react-mfe-name-input'), 'Grace Hopper');
    const profile = await waitAction(/^set user(\.name)? \(react-mfe\)$/);
    expect(profile.state).toMatchObject({ user: { name: 'Grace Hopper' } });
    afterProfile = profile.state;

    // A whole-object write that changes one field is named by that field.
    await page.fill(byTestId('vue-mfe-email-input'), 'grace@example.com');
    expect((await waitAction(/^set user\.email \(vue-mfe\)$/)).state).toMatchObject({ user: { email: 'grace@example.com' } });

    await page.click(byTestId('vue-mfe-theme-toggle'));
    expect((await waitAction(/^set theme \(vue-mfe\)$/)).state).toMatchObject({ theme: 'dark' });
    await page.click(byTestId('vanilla-mfe-increment'));
    latest = (await waitAction(/^set sharedCounter \(vanilla-mfe\)$/)).state;
    expect(latest).toMatchObject({ theme: 'dark', sharedCounter: 1, user: { name: 'Grace Hopper', email: 'grace@example.com' } });
    expect(await snapshot()).toEqual(latest);
  });

  it('JUMP_TO_STATE goes back, removing keys the target state lacks, and is not recorded', async () => {
    const before = await sentCount();
    await dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE', index: 0, actionId: 0 }, state: JSON.stringify(base) });
    await waitAllMfes(page, 'profile', ' <>');
    await waitAllMfes(page, 'theme', 'light');
    await waitAllMfes(page, 'counter', '0');
    expect(await snapshot()).toEqual(base);
    expect('user' in (await snapshot())).toBe(false);
    await waitLogRow(page, 'theme', 'devtools');
    expect(await sentCount()).toBe(before);
  });

  it('JUMP_TO_ACTION goes forward again', async () => {
    await dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_ACTION', actionId: 1 }, state: JSON.stringify(afterProfile) });
    await waitAllMfes(page, 'profile', 'Grace Hopper <>');
    expect(await snapshot()).toEqual(afterProfile);
    await dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_ACTION', actionId: 3 }, state: JSON.stringify(latest) });
    await waitAllMfes(page, 'counter', '1');
    expect(await snapshot()).toEqual(latest);
  });

  it('COMMIT makes the current state the base; ROLLBACK returns to it', async () => {
    await dispatch({ type: 'DISPATCH', payload: { type: 'COMMIT' } });
    const committed = (await record()).inits.at(-1)!;
    expect(committed).toEqual(latest);

    const from = await sentCount();
    await page.click(byTestId('react-mfe-increment'));
    await page.click(byTestId('react-mfe-own-increment'));
    await waitAction(/mfe:react-mfe:clicks \(react-mfe\)$/, from);
    expect((await snapshot()).sharedCounter).toBe(2);

    await dispatch({ type: 'DISPATCH', payload: { type: 'ROLLBACK' }, state: JSON.stringify(committed) });
    await waitAllMfes(page, 'counter', '1');
    await waitText(page, 'react-mfe-own', '0');
    expect(await snapshot()).toEqual(committed);
    expect((await record()).inits.at(-1)).toEqual(committed);
  });

  it('RESET returns to the state the page started with', async () => {
    await dispatch({ type: 'DISPATCH', payload: { type: 'RESET' } });
    await waitAllMfes(page, 'theme', 'light');
    await waitAllMfes(page, 'profile', ' <>');
    expect(await snapshot()).toEqual(base);
    expect((await record()).inits.at(-1)).toEqual(base);
  });

  it('IMPORT_STATE applies the last state of an imported history and hands the history back', async () => {
    const imported = { theme: 'dark', sharedCounter: 42, user: { name: 'Imported', email: 'i@example.com' } };
    const lifted = {
      actionsById: { 0: { action: { type: '@@INIT' } }, 1: { action: { type: 'set user (somewhere)' } } },
      computedStates: [{ state: base }, { state: imported }],
      stagedActionIds: [0, 1],
      currentStateIndex: 1,
      nextActionId: 2,
    };
    await dispatch({ type: 'DISPATCH', payload: { type: 'IMPORT_STATE', nextLiftedState: lifted } });
    await waitAllMfes(page, 'counter', '42');
    await waitAllMfes(page, 'profile', 'Imported <i@example.com>');
    expect(await snapshot()).toEqual(imported);
    expect((await record()).sent.at(-1)).toEqual({ action: null, state: lifted });
  });

  it('PAUSE_RECORDING stops sending until recording resumes; writes still happen', async () => {
    await dispatch({ type: 'DISPATCH', payload: { type: 'PAUSE_RECORDING', status: false } });
    const paused = await sentCount();
    await page.click(byTestId('vanilla-mfe-own-increment'));
    await waitAllMfes(page, 'counter', '42');
    await waitText(page, 'vanilla-mfe-own', '1');

    await dispatch({ type: 'DISPATCH', payload: { type: 'PAUSE_RECORDING', status: true } });
    await page.click(byTestId('vue-mfe-increment'));
    // Flushes are sent in order: had the paused write been sent, it would come before this one.
    const resumed = await waitAction(/^set sharedCounter \(vue-mfe\)$/, paused);
    const sent = (await record()).sent.slice(paused);
    expect(sent.map((s) => s.action?.type)).toEqual([resumed.type]);
    expect(resumed.state).toMatchObject({ sharedCounter: 43, 'mfe:vanilla-mfe:pings': 1 });
  });

  it('survives malformed messages without an error on the console or a change of state', async () => {
    const before = await snapshot();
    await dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: '{not json' });
    await dispatch({ type: 'DISPATCH', payload: { type: 'IMPORT_STATE', nextLiftedState: {} } });
    await dispatch({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: '{"__proto__":{"polluted":1}}' });
    expect(await snapshot()).toEqual(before);
    expect(await page.evaluate(() => ({} as any).polluted)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
