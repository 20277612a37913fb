/**
 * W8: one page as one of two tabs of the same browser context. Tab A writes, tab B's key
 * listener receives; B acknowledges on a separate bench channel so A sends one sample at a
 * time (a queue of samples would measure queueing, not latency).
 */
import type { BenchManager, Contestant } from '../../lib/types.ts';
import { dispatch, postCounts, resetPostCounts } from './post-counter.ts';

const ACK_CHANNEL = 'bench-ack';
const SAMPLE_KEY = 'w8:sample';

/** A wall clock shared by both tabs with sub-millisecond resolution. */
const now = (): number => performance.timeOrigin + performance.now();

export interface TabApi {
  listen(): void;
  latencies(): number[];
  /** Per sample: [sender commit + delivery, receiver's own work until the listener] in ms. */
  parts(): [number, number][];
  sendSamples(count: number): Promise<number>;
  /** Resolves with what was posted; the last value written is `lastValue`. */
  burst(writes: number, keys: number, quietMs: number): Promise<{ messages: number; bytes: number; byChannel: Record<string, number>; lastValue: number }>;
  read(key: string): unknown;
}

/**
 * The limit of W8: a Map and one raw channel that posts every write of a task as one
 * message at the end of the task. Nothing a manager does can cost less.
 */
class BareTab implements BenchManager {
  private readonly values = new Map<string, unknown>();
  private readonly listeners = new Map<string, (value: unknown, event: unknown) => void>();
  private readonly channel = new BroadcastChannel('bench-limit');
  private pending: [string, unknown][] = [];

  constructor() {
    this.channel.onmessage = (e) => {
      for (const [k, v] of e.data as [string, unknown][]) {
        this.values.set(k, v);
        this.listeners.get(k)?.(v, undefined);
      }
    };
  }
  get(key: string) {
    return this.values.get(key);
  }
  set(key: string, value: unknown) {
    this.values.set(key, value);
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push([key, value]);
  }
  flush() {
    if (this.pending.length === 0) return;
    this.channel.postMessage(this.pending);
    this.pending = [];
  }
  subscribe(key: string, listener: (value: unknown, event: unknown) => void) {
    this.listeners.set(key, listener);
    return () => void this.listeners.delete(key);
  }
  getSnapshot() {
    return Object.fromEntries(this.values);
  }
  destroy() {
    this.channel.close();
  }
}

/** `extra`: config on top of the container's (W8's experiment: `{ legacyBridge: false }`). */
export async function createTab(contestant: Contestant, extra: Record<string, unknown> = {}): Promise<TabApi> {
  const isLimit = contestant.name === 'limit';
  // The container's configuration: persistence and cross-tab on (docs/api-contract.md section 3).
  const manager = isLimit ? new BareTab() : await contestant.create({ persistent: true, crossTab: true, devtools: false, ...extra });
  // As an app writes: no explicit flush, so nothing but the end of the task is on the path.
  const settle = async () => (isLimit ? (manager as BareTab).flush() : contestant.settle(manager, 'natural'));
  const ack = new BroadcastChannel(ACK_CHANNEL);
  const received: number[] = [];
  const parts: [number, number][] = [];
  let bursts = 0;
  const waiters = new Map<number, () => void>();
  ack.onmessage = (e) => {
    const i = e.data as number;
    waiters.get(i)?.();
    waiters.delete(i);
  };

  return {
    listen() {
      manager.subscribe(SAMPLE_KEY, (value) => {
        const sample = value as { i: number; sentAt: number } | undefined;
        if (!sample || typeof sample.sentAt !== 'number') return;
        const at = now();
        received.push(at - sample.sentAt);
        parts.push([dispatch.at - sample.sentAt, at - dispatch.at]);
        ack.postMessage(sample.i);
      });
    },
    latencies() {
      return received.splice(0);
    },
    parts() {
      return parts.splice(0);
    },
    async sendSamples(count) {
      for (let i = 0; i < count; i++) {
        const acked = await new Promise<boolean>((resolve) => {
          waiters.set(i, () => resolve(true));
          setTimeout(() => {
            if (waiters.delete(i)) resolve(false);
          }, 2000);
          manager.set(SAMPLE_KEY, { i, sentAt: now() }, 'bench');
          void settle();
        });
        // One lost sample means the tabs are not in sync at all; waiting out the rest
        // would take minutes and measure nothing.
        if (!acked) throw new Error(`sample ${i} never reached the other tab within 2 s`);
      }
      return 0;
    },
    async burst(writes, keys, quietMs) {
      // Values differ from every earlier burst: an unchanged value is rightly not sent at all.
      const base = ++bursts * writes;
      resetPostCounts();
      for (let i = 0; i < writes; i++) manager.set(`w8:burst:${i % keys}`, base + i, 'bench');
      await settle();
      // Coalescing managers may post after a delay; every post within quietMs counts.
      await new Promise((r) => setTimeout(r, quietMs));
      return { ...postCounts(ACK_CHANNEL), lastValue: base + writes - 1 };
    },
    read(key) {
      return manager.get(key);
    },
  };
}
