// Devices in Chromium: each browser context is one device with its own storage; tabs of a
// context share BroadcastChannel and Web Locks. A real nats-server (JetStream, WebSocket,
// per-user buckets) is started on free ports for this file and stopped after it; the tests
// share it (and its bucket), so each writes keys of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { PAGES_DIR, useBrowserSuite } from '../harness/index.js';
import { startNatsServer, type NatsServerHandle } from '../../support/nats-server.js';
import { errorsBesideLostConnections, openTab, snapshotOf, valueIn, waitKeyCount, waitStatus, waitValue, withDevices, writeRange } from './browser-devices.js';

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

const tab = (context: BrowserContext, servers?: string): Promise<Page> => openTab(context, { pagesUrl: suite.url, servers: servers ?? server.wsUrl });

/** Clients the server sees from our managers (each names itself 'mfe-state <origin>'). */
async function managerConnections(): Promise<number> {
  const response = await fetch(`${server.monitorUrl}/connz?limit=1000`);
  const body = (await response.json()) as { connections?: Array<{ name?: string }> };
  return (body.connections ?? []).filter((c) => c.name?.startsWith('mfe-state')).length;
}

describe('three devices in Chromium', () => {
  it('a write on one device reaches the others; one connection per browser, handed over when its tab closes', async () => {
    await withDevices(suite.browser, 3, async ([deviceA, deviceB, deviceC]) => {
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
    });
  });
});

describe('devices in Chromium through faults', () => {
  it('a device away for 1,000 remote writes catches up, and what it wrote while away reaches the others', async () => {
    await withDevices(suite.browser, 2, async ([deviceA, deviceB]) => {
      const a = await tab(deviceA);
      let b = await tab(deviceB);
      await Promise.all([waitStatus(a, 'connected'), waitStatus(b, 'connected')]);
      await b.close(); // device B goes away; its storage stays with its context
      await a.evaluate(() => {
        for (let i = 0; i < 1000; i++) (window as any).__remote.manager.set(`away:${i % 100}`, { n: i });
      });
      // B writes while away, with no server to reach, into its own storage.
      b = await tab(deviceB, 'ws://127.0.0.1:1');
      await b.evaluate(() => (window as any).__remote.manager.set('away:note', 'written offline'));
      await b.close();
      b = await tab(deviceB);
      await waitValue(b, 'away:note', 'written offline'); // from its own storage: A never had it
      await waitValue(b, 'away:99', { n: 999 });
      await waitValue(a, 'away:note', 'written offline');
      await Promise.all([waitStatus(a, 'connected'), waitStatus(b, 'connected')]);
      expect(await snapshotOf(b, 'away:')).toBe(await snapshotOf(a, 'away:'));
      expect(await valueIn(b, 'away:0')).toEqual({ n: 900 });
      for (const page of [a, b]) expect(await errorsBesideLostConnections(page)).toEqual([]);
    });
  });

  it('the server killed and restarted while both write: nothing lost, and a reload while it is down keeps the writes not yet sent', async () => {
    await withDevices(suite.browser, 2, async ([deviceA, deviceB]) => {
      const a = await tab(deviceA);
      const b = await tab(deviceB);
      await Promise.all([waitStatus(a, 'connected'), waitStatus(b, 'connected')]);
      await writeRange(a, 'kill-a', 0, 20);
      await waitKeyCount(b, 'kill-a:', 20);
      await server.stop();
      await Promise.all([waitStatus(a, 'offline'), waitStatus(b, 'offline')]);
      await writeRange(b, 'kill-b', 0, 20);
      await writeRange(a, 'kill-a', 20, 40);
      // A's page reloads while the server is down: only its storage carries these writes over.
      await a.reload();
      await a.waitForFunction(() => (window as any).__remote !== undefined);
      await a.evaluate(() => (window as any).__remote.manager.ready);
      expect(await a.evaluate(() => (window as any).__remote.remote.status)).toBe('offline');
      expect(await valueIn(a, 'kill-a:39')).toEqual({ i: 39, by: 'kill-a' });
      await waitKeyCount(a, 'kill-a:', 40);
      await server.restart();
      await writeRange(b, 'kill-b', 20, 40);
      await writeRange(a, 'kill-a', 40, 60);
      await Promise.all([waitKeyCount(a, 'kill-b:', 40), waitKeyCount(b, 'kill-a:', 60)]);
      await Promise.all([waitStatus(a, 'connected'), waitStatus(b, 'connected')]);
      expect(await snapshotOf(a, 'kill-')).toBe(await snapshotOf(b, 'kill-'));
      expect(await valueIn(b, 'kill-a:30')).toEqual({ i: 30, by: 'kill-a' });
      for (const page of [a, b]) expect(await errorsBesideLostConnections(page)).toEqual([]);
    });
  });
});
