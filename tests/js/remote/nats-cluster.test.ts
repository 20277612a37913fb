// State across devices through a real 3-node JetStream cluster: the bucket kept on all three
// nodes (3 replicas), both devices given every node's URL. A node is killed while the devices
// write; the cluster must keep serving them, nothing may be lost, and the node, started
// again, must catch up with what it missed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { startNatsCluster, type ClusterNode, type NatsClusterHandle } from '../../support/nats-cluster.js';
import { StateRemoteError } from '../../../js-shim/remote/remote-error.js';
import { openDevice, until, type Device } from './devices.js';

let cluster: NatsClusterHandle;
let admin: NatsConnection | null = null;
const devices: Device[] = [];
const USERS = [
  { user: 'admin', pass: 'admin-pass' },
  { user: 'alice', pass: 'alice-pass', bucket: 'alice' },
];

/** Creates the bucket with 3 replicas, retrying while the cluster is still placing peers. */
async function createReplicatedBucket(nc: NatsConnection, bucket: string): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    try {
      const kv = await new Kvm(nc).create(bucket, { history: 1, replicas: 3 });
      const status = await kv.status();
      expect(status.replicas).toBe(3);
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

beforeEach(async () => {
  cluster = await startNatsCluster(USERS);
  admin = await wsconnect({ servers: cluster.wsUrls, user: 'admin', pass: 'admin-pass' });
  await createReplicatedBucket(admin, 'alice');
});

afterEach(async () => {
  for (const device of devices.splice(0)) device.manager.destroy();
  await admin?.close().catch(() => undefined);
  admin = null;
  await cluster.dispose();
});

function alice(): Device {
  const device = openDevice({ servers: cluster.wsUrls, bucket: 'alice', user: 'alice', pass: 'alice-pass' });
  devices.push(device);
  return device;
}

const connected = (...list: Device[]) => until('devices connected', () => list.every((d) => d.remote.status === 'connected'), 60_000);
const snapshot = (d: Device) => JSON.stringify(Object.fromEntries(d.manager.keys().sort().map((k) => [k, d.manager.get(k)])));
const same = (a: Device, b: Device) => snapshot(a) === snapshot(b);
const clientName = (d: Device) => `mfe-state ${d.manager.origin}`;

async function nodeOf(device: Device): Promise<ClusterNode> {
  let node: ClusterNode | null;
  const end = Date.now() + 30_000;
  while ((node = await cluster.nodeOfClient(clientName(device))) === null) {
    if (Date.now() > end) throw new Error(`no node lists ${clientName(device)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return node;
}

/** How many messages a node holds for a stream: its own replica, not the leader's. */
async function storedOn(node: ClusterNode, stream: string): Promise<number> {
  const response = await fetch(`${node.monitorUrl}/jsz?accounts=true&streams=true`).catch(() => null);
  const jsz = response?.ok ? await response.json() as {
    account_details?: Array<{ stream_detail?: Array<{ name?: string; state?: { messages?: number } }> }>;
  } : null;
  for (const account of jsz?.account_details ?? []) {
    for (const s of account.stream_detail ?? []) if (s.name === stream) return s.state?.messages ?? 0;
  }
  return -1;
}

const writes = (d: Device, prefix: string, from: number, to: number) => {
  for (let i = from; i < to; i++) d.manager.set(`${prefix}:${i}`, { i, by: prefix });
};

describe('a 3-node JetStream cluster', () => {
  const victims: Array<[string, (a: Device) => Promise<ClusterNode>]> = [
    ['the node device A is connected to', (a) => nodeOf(a)],
    ["the leader of the bucket's stream", async () => {
      const leader = await cluster.streamLeader('KV_alice');
      if (leader === null) throw new Error('no stream leader reported');
      return leader;
    }],
  ];

  it.each(victims)('keeps serving both devices when %s is killed mid-writes, loses nothing, and the node catches up when back', async (_what, pick) => {
    const a = alice();
    const b = alice();
    await connected(a, b);
    writes(a, 'a', 0, 20);
    writes(b, 'b', 0, 20);
    await until('the first writes everywhere', () => a.manager.keys().length === 40 && same(a, b), 60_000);

    const victim = await pick(a);
    const killing = victim.kill();
    writes(a, 'a', 20, 40); // written while the node goes down: kept locally, pushed once re-routed
    writes(b, 'b', 20, 40);
    await killing;
    writes(a, 'a', 40, 60);
    writes(b, 'b', 40, 60);
    await until('every write on both devices with the node still down', () => a.manager.keys().length === 120 && same(a, b), 90_000);
    await connected(a, b);
    expect(victim.running).toBe(false);
    const aNode = await nodeOf(a);
    expect(aNode.name).not.toBe(victim.name); // served by a surviving node

    await victim.start();
    await cluster.waitForJetStream();
    writes(a, 'a', 60, 70);
    writes(b, 'b', 60, 70);
    await until('the writes after the node came back, everywhere', () => a.manager.keys().length === 140 && same(a, b), 60_000);
    // The node that was down holds every entry again in its own replica (one per key).
    const end = Date.now() + 60_000;
    let held = await storedOn(victim, 'KV_alice');
    while (held !== 140) {
      if (Date.now() > end) throw new Error(`the restarted node holds ${held} entries, not 140`);
      await new Promise((r) => setTimeout(r, 200));
      held = await storedOn(victim, 'KV_alice');
    }
    for (let i = 0; i < 70; i++) {
      expect(b.manager.get(`a:${i}`)).toEqual({ i, by: 'a' });
      expect(a.manager.get(`b:${i}`)).toEqual({ i, by: 'b' });
    }
    // Losing a node may be reported (the connection dropped); nothing else may be.
    for (const d of [a, b]) expect(d.errors.filter((e) => !(e instanceof StateRemoteError && e.code === 'SERVER_FAILED'))).toEqual([]);
  }, 300_000);
});
