// `npm run bench:remote`: state across devices through a local nats-server (JetStream KV over
// WebSocket), two node "devices" (real managers and wasm core) in one process, so one clock
// times both ends. Prints, and writes bench/results/remote-nats.json:
//  - write on device A -> listener on device B through the server, p50/p99 over sequential writes;
//  - catch-up: device B starts cold after A made 1,000 writes (1,000 keys), until B has them all.
// The Yjs anchor the figures were meant to be compared with is not here yet.
import WebSocket from 'ws';
import { mkdirSync, writeFileSync } from 'node:fs';
import { wsconnect } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { startNatsServer } from '../../tests/support/nats-server.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { natsRemote, type NatsRemote } from '../../js-shim/remote/nats.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const ROUNDS = Number(process.env.ROUNDS ?? 300);
const server = await startNatsServer([{ user: 'admin', pass: 'a' }, { user: 'u', pass: 'p', bucket: 'bench' }]);
const admin = await wsconnect({ servers: server.wsUrl, user: 'admin', pass: 'a' });
await new Kvm(admin).create('bench', { history: 1 });

function device(): { manager: ValtioStateManager; remote: NatsRemote } {
  const remote = natsRemote({ servers: server.wsUrl, bucket: 'bench', user: 'u', pass: 'p' });
  const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, remote, onError: (e) => console.error(e) });
  return { manager, remote };
}
const until = async (condition: () => boolean) => { while (!condition()) await new Promise((r) => setTimeout(r, 1)); };
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

try {
  const a = device();
  const b = device();
  await until(() => a.remote.status === 'connected' && b.remote.status === 'connected');
  const latencies: number[] = [];
  let received = -1;
  let sentAt = 0;
  b.manager.subscribe<{ i: number }>('latency', (value) => {
    if (value.i > received) {
      received = value.i;
      latencies.push(performance.now() - sentAt);
    }
  });
  received = -1;
  latencies.length = 0;
  for (let i = 0; i < ROUNDS + 20; i++) {
    sentAt = performance.now();
    a.manager.set('latency', { i });
    await until(() => received >= i);
  }
  const measured = latencies.slice(20).sort((x, y) => x - y); // the first 20 warm up the path
  b.manager.destroy();

  for (let i = 0; i < 1000; i++) a.manager.set(`item:${i}`, { i, text: `value ${i}` });
  await until(() => a.remote.status === 'connected');
  const start = performance.now();
  const cold = device();
  await until(() => cold.manager.get('item:999') !== undefined && cold.manager.keys().length >= 1001 && cold.remote.status === 'connected');
  const catchUpMs = performance.now() - start;
  const result = {
    server: 'nats-server 2.9 (Debian), JetStream KV, WebSocket, one node, localhost',
    rounds: measured.length,
    writeToListenerMs: { p50: percentile(measured, 50), p99: percentile(measured, 99) },
    catchUp1000WritesMs: catchUpMs,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/remote-nats.json', JSON.stringify(result, null, 2) + '\n');
  a.manager.destroy();
  cold.manager.destroy();
} finally {
  await admin.close();
  await server.dispose();
}
process.exit(0);
