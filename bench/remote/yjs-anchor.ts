// The anchor for the across-devices figures: the same writes done by two Yjs documents synced
// through `@y/websocket-server` (the y-websocket reference server, run as its own process on
// a free port, as nats-server is), with the y-websocket client. Yjs keeps the whole document
// in server memory and sends every update to every peer, so it is the familiar baseline for
// "write here, see it there".
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { freePort, waitForPort } from '../../tests/support/nats-server.js';

export interface RemoteFigures {
  rounds: number;
  writeToListenerMs: { p50: number; p99: number };
  /** From A's first write until the server holds all 1,000 (the anchor: until B has them). */
  publish1000WritesMs: number;
  catchUp1000WritesMs: number;
}

const until = async (condition: () => boolean) => { while (!condition()) await new Promise((r) => setTimeout(r, 1)); };
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function serverScript(): string {
  // The package exports no "./server" in the release that runs on yjs 13; its bin is the file.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@y/websocket-server/package.json')), 'src', 'server.js');
}

export async function runYjsAnchor(rounds: number, warmup = 20): Promise<RemoteFigures> {
  const port = await freePort();
  let log = '';
  const server = spawn(process.execPath, [serverScript()], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => { log += String(d); });
  server.stderr?.on('data', (d) => { log += String(d); });
  const providers: WebsocketProvider[] = [];
  // disableBc: in one process the client would otherwise sync the documents over a
  // BroadcastChannel and never wait for the server.
  const device = async (room: string): Promise<{ doc: Y.Doc; map: Y.Map<unknown> }> => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
    providers.push(provider);
    await until(() => provider.synced);
    return { doc, map: doc.getMap('state') };
  };
  try {
    await waitForPort(port, server, () => log);
    const a = await device('bench');
    const b = await device('bench');
    const latencies: number[] = [];
    let received = -1;
    let sentAt = 0;
    b.map.observe((event) => {
      if (!event.keysChanged.has('latency')) return;
      const value = b.map.get('latency') as { i: number };
      if (value.i > received) {
        received = value.i;
        latencies.push(performance.now() - sentAt);
      }
    });
    for (let i = 0; i < rounds + warmup; i++) {
      sentAt = performance.now();
      a.map.set('latency', { i });
      await until(() => received >= i);
    }
    const measured = latencies.slice(warmup).sort((x, y) => x - y);

    const writesAt = performance.now();
    for (let i = 0; i < 1000; i++) a.map.set(`item:${i}`, { i, text: `value ${i}` });
    // The server has them all once a second device that was already there has them all.
    await until(() => b.map.get('item:999') !== undefined);
    const publishMs = performance.now() - writesAt;
    const start = performance.now();
    const cold = await device('bench');
    await until(() => cold.map.get('item:999') !== undefined && cold.map.size >= 1001);
    const catchUpMs = performance.now() - start;
    return { rounds: measured.length, writeToListenerMs: { p50: percentile(measured, 50), p99: percentile(measured, 99) }, catchUp1000WritesMs: catchUpMs, publish1000WritesMs: publishMs };
  } finally {
    for (const provider of providers) provider.destroy();
    if (server.exitCode === null) {
      await new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGKILL');
      });
    }
  }
}
