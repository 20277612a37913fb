/**
 * Starts real `nats-server` processes for tests, benches and the demo: free ports, a config
 * written here (JetStream on, its store in a temp folder, a WebSocket listener without TLS),
 * and one account whose users are each confined to their own KV bucket. `stop()` kills the
 * process; `restart()` starts it again on the same ports and store (a server restart).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NatsUser {
  user: string;
  pass: string;
  /** The KV bucket this user may use; absent = an admin allowed everything. */
  bucket?: string;
}

export interface NatsServerHandle {
  port: number;
  wsPort: number;
  /** ws://127.0.0.1:wsPort, what browsers and the connector use. */
  wsUrl: string;
  /** The monitoring endpoint (http://127.0.0.1:port), e.g. /connz to count clients. */
  monitorUrl: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and removes its store. */
  dispose(): Promise<void>;
}

export function natsServerPath(): string | null {
  for (const candidate of ['/usr/sbin/nats-server', '/usr/bin/nats-server']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nats-server']);
  return which.status === 0 ? which.stdout.toString().trim() : null;
}

/**
 * `count` distinct free ports. All are held open until every one is known: ports taken one
 * at a time can come back equal (the system may hand out a just-closed port again), and a
 * server given the same port twice fails to start.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(servers.map((server) => new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    })));
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/**
 * The subjects a bucket's user needs, and nothing of other buckets: its KV subjects, and the
 * JetStream API calls that name its stream (info, direct get, ordered consumers for watches).
 * Replies come on an inbox prefix of its own, so users cannot read each other's replies.
 */
export function bucketPermissions(user: string, bucket: string): string {
  const stream = `KV_${bucket}`;
  const publish = [
    `$KV.${bucket}.>`,
    `$JS.API.INFO`,
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
  const subscribe = [`_INBOX_${user}.>`];
  return `permissions: { publish: { allow: ${JSON.stringify(publish)} }, subscribe: { allow: ${JSON.stringify(subscribe)} } }`;
}

/** The account block every server (single or cluster node) shares: one account, its users. */
export function accountsText(users: NatsUser[]): string[] {
  const userLines = users.map((u) => {
    const perms = u.bucket === undefined ? '' : `, ${bucketPermissions(u.user, u.bucket)}`;
    return `      { user: ${JSON.stringify(u.user)}, password: ${JSON.stringify(u.pass)}${perms} }`;
  });
  return [
    'accounts {',
    '  APP {',
    '    jetstream: enabled',
    '    users: [',
    ...userLines,
    '    ]',
    '  }',
    '}',
  ];
}

function configText(port: number, wsPort: number, httpPort: number, store: string, users: NatsUser[]): string {
  return [
    `listen: "127.0.0.1:${port}"`,
    `http: "127.0.0.1:${httpPort}"`,
    `jetstream { store_dir: ${JSON.stringify(store)}, max_memory_store: 64MB, max_file_store: 512MB }`,
    `websocket { listen: "127.0.0.1:${wsPort}", no_tls: true }`,
    ...accountsText(users),
    '',
  ].join('\n');
}

export async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on ${port}: ${log()}`);
}

export async function startNatsServer(users: NatsUser[]): Promise<NatsServerHandle> {
  const binary = natsServerPath();
  if (binary === null) throw new Error('nats-server is not installed (run scripts/setup.sh)');
  const dir = mkdtempSync(join(tmpdir(), 'mfe-nats-'));
  const [port, wsPort, httpPort] = await freePorts(3);
  const configFile = join(dir, 'nats.conf');
  writeFileSync(configFile, configText(port, wsPort, httpPort, join(dir, 'store'), users));
  let child: ChildProcess | null = null;
  let output = '';
  const start = async (): Promise<void> => {
    output = '';
    const proc = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d) => { output += String(d); });
    proc.stderr?.on('data', (d) => { output += String(d); });
    child = proc;
    await waitForPort(wsPort, proc, () => output);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };
  await start();
  return {
    port, wsPort, wsUrl: `ws://127.0.0.1:${wsPort}`, monitorUrl: `http://127.0.0.1:${httpPort}`,
    stop,
    restart: async () => { await stop(); await start(); },
    dispose: async () => { await stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}
