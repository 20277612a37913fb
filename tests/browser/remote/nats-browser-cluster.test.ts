// Devices in Chromium on a real 3-node JetStream cluster (the bucket on all three nodes, each
// device given every node's URL), started on free ports for this file and stopped after it.
// The node one device is connected to is killed while both write: the cluster must keep
// serving them and nothing may be lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { PAGES_DIR, useBrowserSuite } from '../harness/index.js';
import { startNatsCluster, type ClusterNode, type NatsClusterHandle } from '../../support/nats-cluster.js';
import { errorsBesideLostConnections, openTab, snapshotOf, valueIn, waitKeyCount, waitStatus, withDevices, writeRange } from './browser-devices.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const suite = useBrowserSuite(PAGES_DIR);
let cluster: NatsClusterHandle;
let admin: NatsConnection | null = null;

beforeAll(async () => {
  cluster = await startNatsCluster([{ user: 'admin', pass: 'admin-pass' }, { user: 'alice', pass: 'alice-pass', bucket: 'alice' }]);
  admin = await wsconnect({ servers: cluster.wsUrls, user: 'admin', pass: 'admin-pass' });
  // Retried while the cluster is still placing the replicas' peers.
  const end = Date.now() + 60_000;
  for (;;) {
    try {
      const kv = await new Kvm(admin).create('alice', { history: 1, replicas: 3 });
      expect((await kv.status()).replicas).toBe(3);
      break;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});
afterAll(async () => {
  await admin?.close().catch(() => undefined);
  await cluster?.dispose();
});

const tab = (context: BrowserContext): Promise<Page> => openTab(context, { pagesUrl: suite.url, servers: cluster.wsUrls });

/** The node serving a tab's connection (its client is named after the manager's origin). */
async function nodeOf(page: Page): Promise<ClusterNode> {
  const name = `mfe-state ${await page.evaluate(() => (window as any).__remote.manager.origin as string)}`;
  const end = Date.now() + 30_000;
  for (;;) {
    const node = await cluster.nodeOfClient(name);
    if (node !== null) return node;
    if (Date.now() > end) throw new Error(`no node lists ${name}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('devices in Chromium on a 3-node JetStream cluster', () => {
  it('keep being served when the node one of them is connected to is killed mid-writes, and lose nothing', async () => {
    await withDevices(suite.browser, 2, async ([deviceA, deviceB]) => {
      const a = await tab(deviceA);
      const b = await tab(deviceB);
      await Promise.all([waitStatus(a, 'connected', 60_000), waitStatus(b, 'connected', 60_000)]);
      await writeRange(a, 'a', 0, 20);
      await writeRange(b, 'b', 0, 20);
      await Promise.all([waitKeyCount(a, 'b:', 20), waitKeyCount(b, 'a:', 20)]);

      const victim = await nodeOf(a);
      const killing = victim.kill();
      await writeRange(a, 'a', 20, 40); // written while the node goes down: kept, pushed once re-routed
      await writeRange(b, 'b', 20, 40);
      await killing;
      await writeRange(a, 'a', 40, 60);
      await writeRange(b, 'b', 40, 60);
      await Promise.all([waitKeyCount(a, 'b:', 60, 90_000), waitKeyCount(b, 'a:', 60, 90_000)]);
      await Promise.all([waitStatus(a, 'connected', 60_000), waitStatus(b, 'connected', 60_000)]);
      expect(victim.running).toBe(false);
      expect((await nodeOf(a)).name).not.toBe(victim.name); // served by a surviving node
      expect(await snapshotOf(a, '')).toBe(await snapshotOf(b, ''));
      expect(await valueIn(b, 'a:30')).toEqual({ i: 30, by: 'a' });
      expect(await valueIn(a, 'b:59')).toEqual({ i: 59, by: 'b' });
      for (const page of [a, b]) expect(await errorsBesideLostConnections(page)).toEqual([]);
    });
  }, 300_000);
});
