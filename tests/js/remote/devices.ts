// Node "devices" for the across-devices tests: each is a new manager with its own storage (a
// device's localStorage) and its own connector to a real nats-server over WebSocket.
import WebSocket from 'ws';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { natsRemote, type NatsRemote, type NatsRemoteOptions } from '../../../js-shim/remote/nats.js';
import { FakeStorage } from '../fakes/storage-fakes.js';

// Node 20 has no WebSocket; browsers do. The client looks for the global.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface Device {
  manager: ValtioStateManager;
  remote: NatsRemote;
  storage: FakeStorage;
  errors: Error[];
}

export function openDevice(options: NatsRemoteOptions, storage = new FakeStorage()): Device {
  const errors: Error[] = [];
  const remote = natsRemote({ reconnectWaitMs: 100, ...options });
  const manager = new ValtioStateManager({
    storage, crossTab: false, devtools: false, remote, onError: (error) => { errors.push(error); },
  });
  return { manager, remote, storage, errors };
}

/** Waits for a condition the system promises to reach; the deadline only ends a hung test. */
export async function until(what: string, condition: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function adminBucket(wsUrl: string, bucket: string): Promise<{ nc: NatsConnection; kv: KV }> {
  const nc = await wsconnect({ servers: wsUrl, user: 'admin', pass: 'admin-pass' });
  const kv = await new Kvm(nc).create(bucket, { history: 1 });
  return { nc, kv };
}
