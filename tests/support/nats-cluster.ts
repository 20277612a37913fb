/**
 * A real 3-node NATS JetStream cluster for tests: three `nats-server` processes on free
 * loopback ports, routed to each other, each with JetStream on (its own store folder) and a
 * WebSocket listener, all sharing the account and users of the single-server helper. Nodes can
 * be killed and started again on the same ports and store. Readiness is read from each node's
 * monitoring endpoint (`/jsz`), never waited for with fixed sleeps. Every process started here
 * is killed by `dispose()`, and also when the test process exits, so a failing test leaves
 * no server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountsText, freePorts, natsServerPath, waitForPort, type NatsUser } from './nats-server.js';

export interface ClusterNode {
  name: string;
  wsUrl: string;
  monitorUrl: string;
  readonly running: boolean;
  /** SIGKILL: the node vanishes without saying goodbye, as a crashed machine would. */
  kill(): Promise<void>;
  /** Starts the node again on its ports and store; it rejoins the cluster. */
  start(): Promise<void>;
}

export interface NatsClusterHandle {
  nodes: ClusterNode[];
  /** Every node's WebSocket URL: what a device is given to survive losing one. */
  wsUrls: string[];
  /** Resolves once every running node names the same JetStream meta leader (and, with all nodes up, every peer is current). */
  waitForJetStream(deadlineMs?: number): Promise<string>;
  /** The node a client named `clientName` is connected to, from each node's `/connz`. */
  nodeOfClient(clientName: string): Promise<ClusterNode | null>;
  /** The node leading a stream's replicas (e.g. `KV_bucket`), from `/jsz`. */
  streamLeader(stream: string): Promise<ClusterNode | null>;
  dispose(): Promise<void>;
}

const everyChild = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of everyChild) if (child.exitCode === null) child.kill('SIGKILL');
  });
}

async function getJson(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.json() : null;
  } catch {
    return null; // a killed or starting node: no answer
  }
}

/**
 * Starts the cluster, trying again with new ports when a start fails: a port picked as free
 * can be taken by another process before the node binds it (more likely on a busy machine,
 * with twelve ports per cluster). Each failed attempt is stopped and removed first.
 */
export async function startNatsCluster(users: NatsUser[], size = 3): Promise<NatsClusterHandle> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startClusterOnce(users, size);
    } catch (error) {
      lastError = error;
      console.warn(`[nats-cluster] start attempt ${attempt} failed: ${String((error as Error)?.message ?? error).slice(0, 500)}`);
    }
  }
  throw lastError;
}

async function startClusterOnce(users: NatsUser[], size: number): Promise<NatsClusterHandle> {
  const binary = natsServerPath();
  if (binary === null) throw new Error('nats-server is not installed (run scripts/setup.sh)');
  killAllOnExit();
  const dir = mkdtempSync(join(tmpdir(), 'mfe-nats-cluster-'));
  const specs = [];
  const ports = await freePorts(size * 4);
  for (let i = 0; i < size; i++) {
    const [port, wsPort, httpPort, clusterPort] = ports.slice(i * 4, i * 4 + 4);
    specs.push({ name: `n${i + 1}`, port, wsPort, httpPort, clusterPort });
  }
  const nodes: Array<ClusterNode & { child: ChildProcess | null }> = specs.map((spec) => {
    const store = join(dir, spec.name);
    mkdirSync(store, { recursive: true });
    const configFile = join(dir, `${spec.name}.conf`);
    const routes = specs.filter((s) => s !== spec).map((s) => `nats-route://127.0.0.1:${s.clusterPort}`);
    writeFileSync(configFile, [
      `server_name: ${spec.name}`,
      `listen: "127.0.0.1:${spec.port}"`,
      `http: "127.0.0.1:${spec.httpPort}"`,
      `jetstream { store_dir: ${JSON.stringify(store)}, max_memory_store: 64MB, max_file_store: 256MB }`,
      `websocket { listen: "127.0.0.1:${spec.wsPort}", no_tls: true }`,
      `cluster { name: mfe, listen: "127.0.0.1:${spec.clusterPort}", routes: ${JSON.stringify(routes)} }`,
      ...accountsText(users),
      '',
    ].join('\n'));
    let output = '';
    const node = {
      name: spec.name,
      wsUrl: `ws://127.0.0.1:${spec.wsPort}`,
      monitorUrl: `http://127.0.0.1:${spec.httpPort}`,
      child: null as ChildProcess | null,
      get running() {
        return node.child !== null && node.child.exitCode === null;
      },
      async start() {
        if (node.running) return;
        output = '';
        const proc = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
        everyChild.add(proc);
        proc.once('exit', () => everyChild.delete(proc));
        proc.stdout?.on('data', (d) => { output += String(d); });
        proc.stderr?.on('data', (d) => { output += String(d); });
        node.child = proc;
        await waitForPort(spec.wsPort, proc, () => output);
      },
      async kill() {
        const proc = node.child;
        node.child = null;
        if (proc === null || proc.exitCode !== null) return;
        await new Promise<void>((resolve) => {
          proc.once('exit', () => resolve());
          proc.kill('SIGKILL');
        });
      },
    };
    return node;
  });

  const handle: NatsClusterHandle = {
    nodes,
    wsUrls: nodes.map((n) => n.wsUrl),
    async waitForJetStream(deadlineMs = 60_000) {
      const end = Date.now() + deadlineMs;
      for (;;) {
        const running = nodes.filter((n) => n.running);
        const views = await Promise.all(running.map((n) => getJson(`${n.monitorUrl}/jsz`))) as Array<{
          meta_cluster?: { leader?: string; replicas?: Array<{ current?: boolean; offline?: boolean }> };
        } | null>;
        const leaders = new Set(views.map((v) => v?.meta_cluster?.leader ?? ''));
        const leader = [...leaders][0] ?? '';
        const allUp = running.length === nodes.length;
        const peersCurrent = views.every((v) => {
          const replicas = v?.meta_cluster?.replicas;
          // Only the leader lists its followers; with every node up they must all be current.
          return !allUp || replicas === undefined || (replicas.length === nodes.length - 1 && replicas.every((r) => r.current === true && r.offline !== true));
        });
        if (leaders.size === 1 && leader !== '' && running.some((n) => n.name === leader) && peersCurrent) return leader;
        if (Date.now() > end) throw new Error(`JetStream meta leader never agreed on: ${JSON.stringify(views.map((v) => v?.meta_cluster ?? null))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async nodeOfClient(clientName) {
      for (const node of nodes) {
        if (!node.running) continue;
        const connz = await getJson(`${node.monitorUrl}/connz?limit=1024`) as { connections?: Array<{ name?: string }> } | null;
        if (connz?.connections?.some((c) => c.name === clientName)) return node;
      }
      return null;
    },
    async streamLeader(stream) {
      for (const node of nodes) {
        if (!node.running) continue;
        const jsz = await getJson(`${node.monitorUrl}/jsz?accounts=true&streams=true`) as {
          account_details?: Array<{ stream_detail?: Array<{ name?: string; cluster?: { leader?: string } }> }>;
        } | null;
        for (const account of jsz?.account_details ?? []) {
          for (const s of account.stream_detail ?? []) {
            if (s.name === stream && s.cluster?.leader) return nodes.find((n) => n.name === s.cluster!.leader) ?? null;
          }
        }
      }
      return null;
    },
    async dispose() {
      await Promise.all(nodes.map((n) => n.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await Promise.all(nodes.map((n) => n.start()));
    await handle.waitForJetStream();
  } catch (error) {
    await handle.dispose();
    throw error;
  }
  return handle;
}
