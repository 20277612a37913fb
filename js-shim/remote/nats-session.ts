/**
 * One connection to NATS JetStream for one manager: the elected tab's. A transport only,
 * like cross-tab sync: the server keeps one entry per key in a KV bucket (key-entry.ts); the
 * core merges every entry, so arrival order, duplicates and concurrent devices do not matter.
 *
 * - Catch-up: a watch on the bucket delivers the latest entry of every key, then every new
 *   one; each is checked (readEntry) and merged through the core's validation path. The
 *   entries of the first pass (until the watch says nothing is pending) are gathered and
 *   merged a few thousand at a time in one state message (entry-batch.ts), not one by one.
 * - Publishing: every flush marks the changed keys that travel as pending (local writes and
 *   those of this browser's other tabs alike). Once caught up, each pending key whose local
 *   ops the server lacks is written with compare-and-set on the revision last seen; on a
 *   conflict the newer entry is read, merged, and the merged result written. So the server
 *   entry only ever grows towards the merged state, and no device's write is overwritten.
 * - This browser's other tabs: cross-tab sync sends only a tab's own writes, so what the
 *   server brings is relayed to them here, as the state message it is (they merge it
 *   through their own core, like any message from a tab).
 * - Offline: writes keep going to the view, the core and storage; keys stay pending, and on
 *   every (re)connection the whole bucket is read again and every key the server lacks
 *   something of is pushed, including what was written offline before a reload.
 */
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV, type KvWatchEntry } from '@nats-io/kv';
import type { ManagerHost } from '../internal/manager-host.js';
import { getWindow, openBroadcastChannel } from '../internal/environment.js';
import { CHANNEL_V2 } from '../sync/envelope.js';
import { covers, entriesFromState, entryName, keyOfEntryName, readEntry, type CheckedEntry, type KeyEntry } from './key-entry.js';
import { batchableOps, EntryBatch } from './entry-batch.js';
import { StateRemoteError, type RemoteErrorCode } from './remote-error.js';
import type { RemoteStatus } from './types.js';

export interface SessionOptions {
  servers: string | string[];
  bucket: string;
  user?: string;
  pass?: string;
  token?: string;
  inboxPrefix?: string;
  travels: (key: string) => boolean;
  reconnectWaitMs: number;
  maxEntryBytes: number;
  setStatus: (status: RemoteStatus) => void;
}

function errorCode(error: unknown): RemoteErrorCode {
  const text = String((error as Error)?.message ?? error);
  if (/authoriz|authenticat|auth(entication)? (error|violation|timeout)/i.test(text)) return 'AUTH_FAILED';
  if (/permission/i.test(text)) return 'ACCESS_DENIED';
  return 'SERVER_FAILED';
}

/** How often a connected device checks that its watch still hears the server (one stream-info request). */
const WATCH_CHECK_MS = 5000;

/**
 * Writes to the server in flight at once. Enough to hide the round trip behind the writing of
 * the next requests; the server answers them in order, so more only queues them there.
 */
const MAX_WRITES_IN_FLIGHT = 256;

const isConflict = (error: unknown): boolean => /wrong last sequence|key exists/i.test(String((error as Error)?.message ?? error));

export function startSession(host: ManagerHost, opts: SessionOptions): () => void {
  let stopped = false;
  let nc: NatsConnection | null = null;
  let kv: KV | null = null;
  let watcher: { stop(): void } | null = null;
  let online = false;
  let caughtUp = false;
  let pushing = false;
  let watchGeneration = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  // Watch liveness: the highest revision the watch delivered, what the server reported at the
  // previous check, and the last revision a restart was made for (so one is made once).
  let lastSeen = 0;
  let serverLastAtCheck = 0;
  let restartedFor = 0;
  const revisions = new Map<string, number>();
  const serverClocks = new Map<string, Set<string>>();
  const pending = new Set<string>();
  // The last entry this device wrote for each key (its text holds this tab's origin, so no
  // other device writes the same text).
  const sentEntries = new Map<string, KeyEntry>();
  let applyingServer = false;
  // In a browser only: on a server, node's BroadcastChannel would join unrelated requests.
  const relay = getWindow() === null ? null : openBroadcastChannel(CHANNEL_V2);

  const report = (code: RemoteErrorCode, message: string, key?: string, cause?: unknown): void => {
    if (!stopped) host.reportError(new StateRemoteError(code, message, key, cause));
  };
  const reportFailure = (what: string, error: unknown, key?: string): void => {
    report(errorCode(error), `${what}: ${String((error as Error)?.message ?? error)}`, key, error);
  };
  const updateStatus = (): void => {
    if (stopped) return;
    opts.setStatus(!online ? 'offline' : !caughtUp || pushing || pending.size > 0 ? 'syncing' : 'connected');
  };

  const stopFlush = host.onFlush((info) => {
    if (applyingServer) return; // what the server just gave us: nothing new for it
    let added = false;
    for (const key of info.changedKeys) {
      if (opts.travels(key)) {
        pending.add(key);
        added = true;
      }
    }
    if (added) {
      updateStatus();
      void pushPending();
    }
  });

  /** Merges a state message from the server (one entry, or several combined) and relays it to this browser's other tabs. */
  const mergeServerText = (text: string): void => {
    host.flush(); // local writes first, so they are published as ours, not taken as the server's
    applyingServer = true;
    try {
      host.applyRemoteMessage(text);
    } finally {
      applyingServer = false;
    }
    try {
      relay?.postMessage(text);
    } catch {
      // a closed channel: the other tabs catch up from this one's digest when they next ask
    }
  };

  /** Checks one entry from the server; a bad one is reported, its key pushed over, and null returned. */
  const checkServerEntry = (key: string | null, name: string, revision: number, text: string): CheckedEntry | null => {
    if (key === null || !opts.travels(key)) {
      report('BAD_ENTRY', `dropped a server entry under "${name.slice(0, 80)}": not a key this device shares`);
      return null;
    }
    revisions.set(key, Math.max(revisions.get(key) ?? 0, revision));
    const entry = readEntry(key, text, opts.maxEntryBytes);
    if ('error' in entry) {
      report('BAD_ENTRY', `dropped the server entry of "${key}": ${entry.error}`, key);
      serverClocks.set(key, new Set()); // our own state of the key replaces it
      pending.add(key);
      return null;
    }
    serverClocks.set(key, entry.clocks);
    return entry;
  };

  /**
   * Merges one entry from the server; a bad one is reported and its key pushed over. Given a
   * batch, an entry that can share a message with others waits in it (the caller flushes it).
   */
  const applyServerEntry = (key: string | null, name: string, revision: number, text: string, batch?: EntryBatch): void => {
    // Our own write coming back through the watch: the core has it already, so merging it
    // again would only cost a parse, a core call and a relay per key written.
    const sent = key === null ? undefined : sentEntries.get(key);
    if (sent !== undefined && sent.text === text) {
      revisions.set(key!, Math.max(revisions.get(key!) ?? 0, revision));
      serverClocks.set(key!, sent.clocks);
      return;
    }
    const entry = checkServerEntry(key, name, revision, text);
    if (entry === null) return;
    const ops = batch === undefined ? null : batchableOps(entry.text, entry.message, entry.ops);
    if (ops !== null) batch!.add(ops);
    else mergeServerText(entry.text);
  };

  const onWatchEntry = (entry: KvWatchEntry, batch?: EntryBatch): void => {
    const key = keyOfEntryName(entry.key);
    if (entry.operation !== 'PUT') {
      // Someone removed the entry: the state keeps the key; it is written back below.
      if (key !== null && opts.travels(key)) {
        revisions.set(key, Math.max(revisions.get(key) ?? 0, entry.revision));
        serverClocks.delete(key);
        pending.add(key);
      }
      return;
    }
    let text: string;
    try {
      text = entry.string();
    } catch {
      report('BAD_ENTRY', `dropped a server entry under "${entry.key.slice(0, 80)}": not UTF-8 text`);
      return;
    }
    applyServerEntry(key, entry.key, entry.revision, text, batch);
  };

  /** Everything the server may lack: every local key that travels and every key it holds. */
  const markAllPending = (): void => {
    for (const key of host.keys()) if (opts.travels(key)) pending.add(key);
    for (const key of serverClocks.keys()) pending.add(key);
  };

  const finishCatchUp = (generation: number): void => {
    if (generation !== watchGeneration || caughtUp) return;
    caughtUp = true;
    markAllPending();
    updateStatus();
    void pushPending();
  };

  /** Reads the whole bucket (latest entry per key), then follows it. */
  const watch = async (): Promise<void> => {
    if (kv === null || stopped) return;
    const generation = ++watchGeneration;
    caughtUp = false;
    watcher?.stop();
    updateStatus();
    const store = kv;
    try {
      const { values } = await store.status();
      const iterator = await store.watch();
      if (stopped || generation !== watchGeneration) {
        iterator.stop();
        return;
      }
      watcher = iterator;
      if (values === 0) finishCatchUp(generation);
      // The first pass over the bucket is gathered and merged in few messages once it ends.
      const initial = new EntryBatch(host.origin, mergeServerText);
      const mergeInitial = (): void => {
        try {
          if (!stopped) initial.flush();
        } catch (error) {
          report('BAD_ENTRY', `could not merge the server entries: ${String((error as Error)?.message ?? error)}`, undefined, error);
        }
      };
      for await (const entry of iterator) {
        if (stopped) return;
        if (generation === watchGeneration) lastSeen = Math.max(lastSeen, entry.revision);
        const firstPass = !entry.isUpdate;
        try {
          onWatchEntry(entry, firstPass ? initial : undefined);
        } catch (error) {
          report('BAD_ENTRY', `could not merge a server entry: ${String((error as Error)?.message ?? error)}`, undefined, error);
        }
        if (entry.isUpdate || entry.delta === 0) {
          mergeInitial();
          finishCatchUp(generation);
        } else if (caughtUp && pending.size > 0) void pushPending();
      }
      mergeInitial();
      // The watch ended without being stopped by us (e.g. its consumer was lost with a node).
      retryWatch(generation);
    } catch (error) {
      if (!stopped && online) reportFailure(`could not read bucket "${opts.bucket}"`, error);
      // A refusal stays a refusal: report it once, and let the next reconnection try again.
      if (errorCode(error) === 'SERVER_FAILED') retryWatch(generation);
    }
  };

  /**
   * Starts the watch again after a wait when it failed while the connection stayed up: in a
   * cluster that lost a node, the client stays connected to a survivor, no 'reconnect' comes,
   * and the bucket answers again only once its replicas elected a new leader. Without this the
   * device would stay 'syncing' and never push or hear anything again.
   */
  const retryWatch = (generation: number): void => {
    if (stopped || !online || generation !== watchGeneration || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!stopped && online && generation === watchGeneration) void watch();
    }, opts.reconnectWaitMs);
  };

  /**
   * A watch can go deaf without ending: its consumer lives on one node of a cluster, and when
   * that node dies while this client stays connected to another, nothing arrives any more and
   * nothing says so (the client library recreates only its "ordered" consumers, not the KV
   * watch's). So, every few seconds, ask the server for the bucket's last revision; when it has
   * been ahead of what the watch delivered for two checks in a row, read the bucket again.
   */
  const checkWatch = async (): Promise<void> => {
    const store = kv;
    if (store === null || stopped || !online || !caughtUp) return;
    let serverLast: number;
    try {
      serverLast = (await store.status()).streamInfo.state.last_seq;
    } catch {
      return; // the cluster is electing a leader, or the connection is down: the next check sees
    }
    const behind = serverLast > lastSeen && serverLastAtCheck > lastSeen && serverLast !== restartedFor;
    serverLastAtCheck = serverLast;
    if (behind && !stopped && online && caughtUp && kv === store) {
      restartedFor = serverLast;
      void watch();
    }
  };
  const watchCheck = setInterval(() => void checkWatch(), WATCH_CHECK_MS);

  /**
   * Writes one key's entry, on `revision`: the key's revision when `text` was cut from the
   * core. If the server has moved on since (an entry the watch brought in meanwhile, merged
   * into the core but not into `text`), the write conflicts and the merged result is written.
   */
  const putEntry = async (store: KV, key: string, text: string, clocks: Set<string>, revision: number | undefined): Promise<void> => {
    const name = entryName(key);
    // Before the request: the watch may bring the entry back before the request's answer.
    sentEntries.set(key, { text, clocks });
    try {
      const written = revision === undefined ? await store.create(name, text) : await store.update(name, text, revision);
      revisions.set(key, Math.max(revisions.get(key) ?? 0, written));
      serverClocks.set(key, clocks);
    } catch (error) {
      if (!isConflict(error)) throw error;
      // Another device wrote first: merge its entry, then write the merged result.
      const latest = await store.get(name);
      if (latest !== null && latest.operation === 'PUT') applyServerEntry(key, name, latest.revision, latest.string());
      else if (latest !== null) revisions.set(key, latest.revision);
      pending.add(key);
    }
  };

  /**
   * Writes every pending key the server lacks something of, many requests at a time: one
   * compare-and-set per key, in flight together (a round trip each, one after the other, made
   * 1,000 writes take half a second). A key has at most one request on the way, so its writes
   * reach the server in order and each is made on the revision the previous one returned; a
   * key that changes meanwhile stays pending and is written once its request is answered.
   */
  const pushPending = async (): Promise<void> => {
    if (pushing || !caughtUp || kv === null || stopped || !online) return;
    pushing = true;
    updateStatus();
    const store = kv;
    const inFlight = new Map<string, Promise<void>>();
    let denied = false;
    const send = (key: string, local: KeyEntry, revision: number | undefined): void => {
      const request = putEntry(store, key, local.text, local.clocks, revision)
        .catch((error: unknown) => {
          pending.add(key);
          if (!online || stopped || denied) return;
          reportFailure(`could not write "${key}" to the server`, error, key);
          // Retrying cannot help; the next reconnection tries again.
          if (errorCode(error) === 'ACCESS_DENIED') denied = true;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, request);
    };
    const going = (): boolean => caughtUp && online && !stopped && !denied && kv === store;
    try {
      while ((pending.size > 0 || inFlight.size > 0) && going()) {
        host.flush();
        const core = host.core;
        if (core === null) break;
        const keys = [...pending].filter((key) => !inFlight.has(key));
        if (keys.length === 0) {
          await Promise.race(inFlight.values()); // what is pending is on the way: wait for an answer
          continue;
        }
        for (const key of keys) pending.delete(key);
        const entries = entriesFromState(core.encodeState(), host.origin, keys);
        // What the server had of each key when its entry was cut: the revision to write on.
        const seen = new Map(keys.map((key) => [key, revisions.get(key)]));
        for (const key of keys) {
          const local = entries.get(key);
          if (local === undefined || covers(serverClocks.get(key), local)) continue;
          while (inFlight.size >= MAX_WRITES_IN_FLIGHT && going()) await Promise.race(inFlight.values());
          if (!going()) {
            pending.add(key);
            continue;
          }
          send(key, local, seen.get(key));
        }
        if (pending.size === 0 || [...pending].every((key) => inFlight.has(key))) {
          if (inFlight.size > 0) await Promise.race(inFlight.values());
        }
      }
      await Promise.all(inFlight.values());
    } finally {
      pushing = false;
      updateStatus();
    }
    // Keys left pending while the last answers came in (e.g. a reconnection that found this
    // round still busy and so started none of its own).
    if (!denied && pending.size > 0 && caughtUp && online && !stopped && kv !== null && host.core !== null) void pushPending();
  };

  const connect = async (): Promise<void> => {
    updateStatus();
    try {
      nc = await wsconnect({
        servers: opts.servers,
        ...(opts.user !== undefined ? { user: opts.user } : {}),
        ...(opts.pass !== undefined ? { pass: opts.pass } : {}),
        ...(opts.token !== undefined ? { token: opts.token } : {}),
        ...(opts.inboxPrefix !== undefined ? { inboxPrefix: opts.inboxPrefix } : {}),
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: opts.reconnectWaitMs,
        name: `mfe-state ${host.origin}`,
      });
    } catch (error) {
      reportFailure(`could not connect to ${String(opts.servers)}`, error);
      return;
    }
    if (stopped) {
      void nc.close();
      return;
    }
    const conn = nc;
    void (async () => {
      for await (const status of conn.status()) {
        if (stopped) return;
        if (status.type === 'disconnect') {
          online = false;
          updateStatus();
        } else if (status.type === 'reconnect') {
          online = true;
          void watch(); // read everything again: what changed while away, and what the server lost
        } else if (status.type === 'error') {
          reportFailure('the server reported an error', (status as { error?: unknown }).error);
        }
      }
    })().catch(() => undefined);
    void conn.closed().then((error) => {
      online = false;
      updateStatus();
      if (error && !stopped) reportFailure('the connection closed', error);
    });
    online = true;
    try {
      await host.whenCoreReady();
      kv = await new Kvm(conn).open(opts.bucket);
    } catch (error) {
      reportFailure(`could not open bucket "${opts.bucket}"`, error);
      return;
    }
    await watch();
  };

  void connect();

  return () => {
    if (stopped) return;
    stopped = true;
    stopFlush();
    if (retryTimer !== null) clearTimeout(retryTimer);
    clearInterval(watchCheck);
    watcher?.stop();
    relay?.close();
    void nc?.close().catch(() => undefined);
    nc = null;
    kv = null;
  };
}
