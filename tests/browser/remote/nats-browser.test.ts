// Devices in Chromium: each browser context is one device with its own storage; tabs of a
// context share BroadcastChannel and Web Locks. A real nats-server (JetStream, WebSocket,
// per-user buckets) is started on free ports for this file and stopped after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { PAGES_DIR, useBrowserSuite } from '../harness/index.js';
import { startNatsServer, type NatsServerHandle } from '../../support/nats-server.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const suite = useBrowserSuite(PAGES_DIR);
let server: NatsServerHandle;
let admin: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer([{ user: 'admin', pass: 'admin-pass' }, { user: 'alice', pass: 'alice-pass', bucket: 'alice' }]);
  admin = await wsconnect({ servers: server.wsUrl, user: 'admin', pass: 'admin-pass' });
  await new Kvm(admin).create('alice', { history: 1 });
});
afterAll(async () => {
  await admin?.close();
  await server?.dispose();
});

async function tab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const query = new URLSearchParams({ ws: server.wsUrl, bucket: 'alice', user: 'alice', pass: 'alice-pass' });
  await page.goto(`${suite.url}/remote/remote.html?${query}`);
  await page.waitForFunction(() => (window as any).__remote !== undefined);
  return page;
}

/** `value` with every object's members sorted, so JSON texts compare values, not member order. */
function canonicalJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonicalJson);
  return Object.fromEntries(Object.keys(value).sort().map((m) => [m, canonicalJson((value as Record<string, unknown>)[m])]));
}

const valueIn = (page: Page, key: string) => page.evaluate((k) => (window as any).__remote.manager.get(k), key);
async function waitValue(page: Page, key: string, expected: unknown): Promise<void> {
  try {
    // Compared with members sorted: devices agree on every path's value, while the order of
    // an object's members follows the order in which each device first heard of them.
    await page.waitForFunction(([k, v]) => {
      const canonical = (x: unknown): unknown => (x === null || typeof x !== 'object' ? x
        : Array.isArray(x) ? x.map(canonical)
          : Object.fromEntries(Object.keys(x).sort().map((m) => [m, canonical((x as Record<string, unknown>)[m])])));
      return JSON.stringify(canonical((window as any).__remote.manager.get(k))) === v;
    }, [key, JSON.stringify(canonicalJson(expected))] as const, { timeout: 30_000 });
  } catch (error) {
    const seen = await page.evaluate((k) => ({ value: (window as any).__remote.manager.get(k), status: (window as any).__remote.remote.status, errors: (window as any).__remote.errors }), key);
    throw new Error(`${key} never became ${JSON.stringify(expected)} in ${page.url().slice(-60)}: ${JSON.stringify(seen)}`);
  }
}
const waitStatus = (page: Page, status: string) =>
  page.waitForFunction((s) => (window as any).__remote.remote.status === s, status, { timeout: 30_000 });

/** Clients the server sees from our managers (each names itself 'mfe-state <origin>'). */
async function managerConnections(): Promise<number> {
  const response = await fetch(`${server.monitorUrl}/connz?limit=1000`);
  const body = (await response.json()) as { connections?: Array<{ name?: string }> };
  return (body.connections ?? []).filter((c) => c.name?.startsWith('mfe-state')).length;
}

describe('three devices in Chromium', () => {
  it('a write on one device reaches the others; one connection per browser, handed over when its tab closes', async () => {
    const deviceA = await suite.browser.newContext();
    const deviceB = await suite.browser.newContext();
    const deviceC = await suite.browser.newContext();
    try {
      const a1 = await tab(deviceA);
      const a2 = await tab(deviceA);
      const b = await tab(deviceB);
      const c = await tab(deviceC);
      await Promise.all([a1, b, c].map((p) => waitStatus(p, 'connected')));
      await waitStatus(a2, 'connected'); // the follower tab shows the leader's status

      await b.evaluate(() => (window as any).__remote.manager.set('prefs', { theme: 'dark' }));
      for (const [name, page] of [['a1', a1], ['a2', a2], ['c', c]] as const) await waitValue(page, 'prefs', { theme: 'dark' }).catch((e) => { throw new Error(`${name}: ${e.message}`); });
      expect(await managerConnections()).toBe(3); // device A's two tabs share one connection

      // Concurrent nested writes to one key from two devices end identical everywhere.
      await a2.evaluate(() => (window as any).__remote.manager.set('cart', { items: {} }));
      await waitValue(c, 'cart', { items: {} });
      await Promise.all([
        a2.evaluate(() => (window as any).__remote.manager.writePath('cart', ['items', 'apple'], 1)),
        c.evaluate(() => (window as any).__remote.manager.writePath('cart', ['items', 'pear'], 2)),
      ]);
      for (const page of [a1, a2, b, c]) await waitValue(page, 'cart', { items: { apple: 1, pear: 2 } });

      // The leader tab closes: the other tab of device A takes over the connection.
      await a1.close();
      await c.evaluate(() => (window as any).__remote.manager.set('draft', 'after hand-over'));
      await waitValue(a2, 'draft', 'after hand-over');
      await a2.evaluate(() => (window as any).__remote.manager.set('fromA', 'still publishing'));
      await waitValue(b, 'fromA', 'still publishing');
      expect(await managerConnections()).toBe(3);
      for (const page of [a2, b, c]) expect(await page.evaluate(() => (window as any).__remote.errors)).toEqual([]);
      expect(await valueIn(b, 'draft')).toBe('after hand-over');
    } finally {
      await Promise.all([deviceA.close(), deviceB.close(), deviceC.close()]);
    }
  });
});
