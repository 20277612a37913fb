// For `npm run start:remote`: starts a local nats-server (JetStream and WebSocket on, config
// written into a temp folder), creates the demo user's bucket, prints one JSON line with the
// WebSocket URL, and keeps the server running until this process is stopped.
import WebSocket from 'ws';
import { wsconnect } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { startNatsServer } from '../tests/support/nats-server.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const bucket = process.env.NATS_BUCKET ?? 'demo';
const user = process.env.NATS_USER ?? 'demo';
const pass = process.env.NATS_PASS ?? 'demo-pass';
const adminPass = `admin-${Math.random().toString(36).slice(2)}`;
const server = await startNatsServer([{ user: 'admin', pass: adminPass }, { user, pass, bucket }]);
const admin = await wsconnect({ servers: server.wsUrl, user: 'admin', pass: adminPass });
await new Kvm(admin).create(bucket, { history: 1 });
await admin.close();
console.log(JSON.stringify({ wsUrl: server.wsUrl, bucket, user, pass }));
const stop = () => { void server.dispose().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
