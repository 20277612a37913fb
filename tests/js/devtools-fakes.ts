// Test doubles for js-shim/devtools: a ManagerHost holding a plain Map and a Redux DevTools
// extension that records what it is sent and lets a test play the UI's messages.
import type { CommittedChange, FlushInfo, ManagerHost } from '../../js-shim/internal/manager-host.js';
import type { StateChangeEvent } from '../../js-shim/types.js';
import type { ReduxDevtoolsConnection, ReduxDevtoolsExtensionLike } from '../../js-shim/devtools/index.js';

/** A committed change with `value` filled from the JSON text `json` (tests spell only what matters). */
export function change(c: Omit<CommittedChange, 'previous' | 'value'> & Partial<CommittedChange> & { json?: string }): CommittedChange {
  const { json, ...rest } = c;
  return { previous: undefined, value: json === undefined ? undefined : JSON.parse(json), ...rest };
}

type FlushListener = (info: FlushInfo) => void;

/** Flushes synchronously after each write: devtools must not depend on when a flush happens. */
export class FakeHost implements ManagerHost {
  readonly origin = 'fake-origin';
  readonly core = null;
  readonly state = new Map<string, unknown>();
  readonly errors: Error[] = [];
  private listeners = new Set<FlushListener>();

  constructor(initial: Record<string, unknown> = {}) {
    for (const [k, v] of Object.entries(initial)) this.state.set(k, v);
  }
  whenCoreReady(): Promise<never> {
    return new Promise(() => {});
  }
  flush(): void {}
  onFlush(listener: FlushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  listenerCount(): number {
    return this.listeners.size;
  }
  applyRemoteMessage(): void {}
  applyLegacyEvent(): void {}
  reportError(error: Error): void {
    this.errors.push(error);
  }
  peek(key: string): unknown {
    return this.state.get(key);
  }
  keys(): string[] {
    return [...this.state.keys()];
  }
  /** Refuses forbidden keys like the real manager, before changing anything. */
  replaceState(next: Record<string, unknown>, source: string): void {
    if (Object.keys(next).some((k) => k === '__proto__' || k === 'constructor')) throw new TypeError('forbidden key');
    const changes: CommittedChange[] = [];
    const events: StateChangeEvent[] = [];
    for (const key of this.keys()) {
      if (!(key in next)) {
        events.push(this.event(key, undefined, source));
        changes.push({ key, path: [], deleted: true, origin: 'local', previous: this.state.get(key), value: undefined, source });
        this.state.delete(key);
      }
    }
    for (const [key, value] of Object.entries(next)) {
      if (JSON.stringify(this.state.get(key)) === JSON.stringify(value)) continue;
      events.push(this.event(key, value, source));
      changes.push({ key, path: [], deleted: false, json: JSON.stringify(value), origin: 'local', previous: this.state.get(key), value, source });
      this.state.set(key, value);
    }
    this.emit(changes, events);
  }
  /** A local write at a path, as a manager's set / proxy assignment would commit it. */
  write(key: string, path: (string | number)[], value: unknown, source: string): void {
    const event = this.event(key, value, source);
    if (path.length === 0) this.state.set(key, value);
    else {
      const root = structuredClone((this.state.get(key) as object) ?? {}) as Record<string | number, unknown>;
      let node = root;
      for (const seg of path.slice(0, -1)) node = (node[seg] ??= {}) as Record<string | number, unknown>;
      node[path[path.length - 1]] = value;
      this.state.set(key, root);
    }
    // No `source` on the change: the legacy event is the fallback devtools must use.
    this.emit([{ key, path, deleted: false, json: JSON.stringify(value), origin: 'local', previous: undefined, value }], [event]);
  }
  /** Commits arbitrary changes (remote ones, several in one flush). */
  emit(changes: CommittedChange[], legacyEvents: StateChangeEvent[] = []): void {
    if (changes.length === 0) return;
    const changedKeys = [...new Set(changes.map((c) => c.key))];
    for (const l of this.listeners) l({ changes, changedKeys, outbox: null, legacyEvents });
  }
  private event(key: string, value: unknown, source: string): StateChangeEvent {
    return { key, value, previousValue: this.state.get(key), source, timestamp: 1 };
  }
}

export interface Sent {
  action: unknown;
  state: unknown;
}

export class FakeExtension implements ReduxDevtoolsExtensionLike {
  readonly connectOptions: unknown[] = [];
  readonly inits: unknown[] = [];
  readonly sent: Sent[] = [];
  subscribers = new Set<(message: unknown) => void>();

  connect(options?: unknown): ReduxDevtoolsConnection {
    this.connectOptions.push(options);
    return {
      init: (state) => void this.inits.push(structuredClone(state)),
      send: (action, state) => void this.sent.push({ action: structuredClone(action), state: structuredClone(state) }),
      subscribe: (listener) => {
        this.subscribers.add(listener);
        return () => this.subscribers.delete(listener);
      },
    };
  }
  /** Plays a message as the extension's UI would send it. */
  dispatch(message: unknown): void {
    for (const s of this.subscribers) s(message);
  }
  /** The action names sent so far. */
  names(): string[] {
    return this.sent.map((s) => (s.action as { type: string } | null)?.type ?? '<lifted>');
  }
}
