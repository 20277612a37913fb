// `npm run bench:remote`: state across devices through a local nats-server (JetStream KV over
// WebSocket), two node "devices" (real managers and wasm core) in one process, so one clock
// times both ends, beside the anchor: two Yjs documents doing the same writes through
// @y/websocket-server (yjs-anchor.ts). Each is run RUNS times (default 3); prints the median
// and the spread (min-max) of each figure side by side, and writes bench/results/remote-nats.json:
//  - write on device A -> listener on device B through the server, p50/p99 over sequential writes;
//  - publish: A makes 1,000 writes (1,000 keys), until the server holds them all;
//  - catch-up: then a device starts cold, until it has them all. The clock starts only once the
//    server holds every write (as for the anchor), so this times the catch-up, not A's upload.
import WebSocket from 'ws';
import { mkdirSync, writeFileSync } from 'node:fs';
import { wsconnect } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { startNatsServer } from '../../tests/support/nats-server.js';
import { ValtioStateManager } from '../../js-shim/manager/valtio-state-manager.js';
import { natsRemote, type NatsRemote } from '../../js-shim/remote/nats.js';
import { percentile, runYjsAnchor, type RemoteFigures } from './yjs-anchor.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const ROUNDS = Number(process.env.ROUNDS ?? 300);
const RUNS = Number(process.env.RUNS ?? 3);

type Connector = typeof natsRemote;

async function runNats(connector: Connector): Promise<RemoteFigures> {
  const server = await startNatsServer([{ user: 'admin', pass: 'a' }, { user: 'u', pass: 'p', bucket: 'bench' }]);
  const admin = await wsconnect({ servers: server.wsUrl, user: 'admin', pass: 'a' });
  await new Kvm(admin).create('bench', { history: 1 });

  function device(): { manager: ValtioStateManager; remote: NatsRemote } {
    const remote = connector({ servers: server.wsUrl, bucket: 'bench', user: 'u', pass: 'p' });
    const manager = new ValtioStateManager({ persistent: false, crossTab: false, devtools: false, remote, onError: (e) => console.error(e) });
    return { manager, remote };
  }
  const until = async (condition: () => boolean) => { while (!condition()) await new Promise((r) => setTimeout(r, 1)); };

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

    const bucket = await new Kvm(admin).open('bench');
    const writesAt = performance.now();
    for (let i = 0; i < 1000; i++) a.manager.set(`item:${i}`, { i, text: `value ${i}` });
    // A's status alone is no proof: its flush, which marks the keys to push, runs after set().
    for (;;) {
      if ((await bucket.status()).values >= 1001) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    const publishMs = performance.now() - writesAt;
    await until(() => a.remote.status === 'connected');
    const start = performance.now();
    const cold = device();
    await until(() => cold.manager.get('item:999') !== undefined && cold.manager.keys().length >= 1001 && cold.remote.status === 'connected');
    const catchUpMs = performance.now() - start;
    a.manager.destroy();
    cold.manager.destroy();
    return { rounds: measured.length, writeToListenerMs: { p50: percentile(measured, 50), p99: percentile(measured, 99) }, catchUp1000WritesMs: catchUpMs, publish1000WritesMs: publishMs };
  } finally {
    await admin.close();
    await server.dispose();
  }
}

// BENCH_REMOTE_BEFORE=<path to another version's js-shim/remote/nats.ts>: that version runs
// too, interleaved with this one in the same session, for a before/after under the same load.
const beforePath = process.env.BENCH_REMOTE_BEFORE;
const before = beforePath === undefined ? null : ((await import(beforePath)) as { natsRemote: Connector }).natsRemote;
const nats: RemoteFigures[] = [];
const natsBefore: RemoteFigures[] = [];
const yjs: RemoteFigures[] = [];
for (let run = 0; run < RUNS; run++) {
  if (before !== null) natsBefore.push(await runNats(before));
  nats.push(await runNats(natsRemote));
  yjs.push(await runYjsAnchor(ROUNDS));
}
const summary = (runs: RemoteFigures[], pick: (f: RemoteFigures) => number) => {
  const values = runs.map(pick).sort((x, y) => x - y);
  return { median: values[Math.floor(values.length / 2)], min: values[0], max: values[values.length - 1] };
};
const figures = (runs: RemoteFigures[]) => ({
  writeToListenerP50Ms: summary(runs, (f) => f.writeToListenerMs.p50),
  writeToListenerP99Ms: summary(runs, (f) => f.writeToListenerMs.p99),
  publish1000WritesMs: summary(runs, (f) => f.publish1000WritesMs),
  catchUp1000WritesMs: summary(runs, (f) => f.catchUp1000WritesMs),
});
const result = {
  runs: RUNS,
  roundsPerRun: ROUNDS,
  ours: { server: 'nats-server 2.9 (Debian), JetStream KV, WebSocket, one node, localhost', ...figures(nats) },
  yjsAnchor: { server: '@y/websocket-server 0.1.1 (yjs 13, y-websocket 3 client), own process, localhost', ...figures(yjs) },
  ...(before !== null ? { before: { connector: beforePath, ...figures(natsBefore) } } : {}),
  eachRun: { ours: nats, yjsAnchor: yjs, ...(before !== null ? { before: natsBefore } : {}) },
};
const cell = (s: { median: number; min: number; max: number }, unit: 'ms' | 's') => unit === 's'
  ? `${(s.median / 1000).toFixed(2)} s (${(s.min / 1000).toFixed(2)}-${(s.max / 1000).toFixed(2)})`
  : `${s.median.toFixed(2)} ms (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;
const columns = [
  ...(before !== null ? [{ title: 'before: BENCH_REMOTE_BEFORE', f: figures(natsBefore) }] : []),
  { title: 'ours: NATS JetStream KV', f: figures(nats) },
  { title: 'anchor: Yjs over @y/websocket-server', f: figures(yjs) },
];
const row = (label: string, pick: (f: ReturnType<typeof figures>) => { median: number; min: number; max: number }, unit: 'ms' | 's') =>
  console.log(`| ${label} | ${columns.map((c) => cell(pick(c.f), unit)).join(' | ')} |`);
console.log(`\nmedian (min-max) over ${RUNS} runs, ${ROUNDS} sequential writes each\n`);
console.log(`| figure | ${columns.map((c) => c.title).join(' | ')} |`);
console.log(`|---|${columns.map(() => '---').join('|')}|`);
row('write on A -> listener on B, p50', (f) => f.writeToListenerP50Ms, 'ms');
row('write on A -> listener on B, p99', (f) => f.writeToListenerP99Ms, 'ms');
row('1,000 writes on A until all are on the server (anchor: on B)', (f) => f.publish1000WritesMs, 's');
row('cold device current after 1,000 writes', (f) => f.catchUp1000WritesMs, 's');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/remote-nats.json', JSON.stringify(result, null, 2) + '\n');
process.exit(0);
