/**
 * Counts BroadcastChannel messages posted by this page (W8). Installed before any contestant
 * loads, in the bench page only: the managers are measured as shipped, unpatched.
 */
const counts = new Map<string, number>();
const bytes = new Map<string, number>();
const original = BroadcastChannel.prototype.postMessage;
/** Only W8's burst counts; elsewhere (W5) the wrapper must cost nothing but the call. */
let counting = false;

/** Cheap counts of side-effect calls per round (W5): storage and channel traffic. */
const calls = { setItem: 0, getItem: 0, removeItem: 0, postMessage: 0 };

for (const name of ['setItem', 'getItem', 'removeItem'] as const) {
  const method = Storage.prototype[name] as (...a: unknown[]) => unknown;
  (Storage.prototype as unknown as Record<string, unknown>)[name] = function (this: Storage, ...a: unknown[]) {
    calls[name]++;
    return method.apply(this, a);
  };
}

export function resetCalls(): void {
  for (const k of Object.keys(calls) as (keyof typeof calls)[]) calls[k] = 0;
}

export function readCalls(): Record<string, number> {
  return { ...calls };
}

BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, message: unknown) {
  calls.postMessage++;
  if (!counting) return original.call(this, message);
  counts.set(this.name, (counts.get(this.name) ?? 0) + 1);
  // Size of what a structured clone carries, approximated by its JSON text.
  let size = 0;
  try {
    size = typeof message === 'string' ? message.length : JSON.stringify(message)?.length ?? 0;
  } catch {
    size = 0;
  }
  bytes.set(this.name, (bytes.get(this.name) ?? 0) + size);
  return original.call(this, message);
};

/** Starts counting from zero. */
export function resetPostCounts(): void {
  counts.clear();
  bytes.clear();
  counting = true;
}

/** Stops counting; messages and approximate bytes since the reset, all channels but `excluded`. */
export function postCounts(excluded: string): { messages: number; bytes: number; byChannel: Record<string, number> } {
  counting = false;
  let messages = 0;
  let total = 0;
  for (const [name, n] of counts) if (name !== excluded) messages += n;
  for (const [name, n] of bytes) if (name !== excluded) total += n;
  return { messages, bytes: total, byChannel: Object.fromEntries(counts) };
}

/**
 * W8's split of the latency: the moment the receiving tab began dispatching the last
 * channel message (wall clock shared by both tabs). Every `onmessage` handler set on a
 * BroadcastChannel in this page is wrapped to record it, so "listener time - dispatch
 * time" is the receiving manager's own work and "dispatch time - send time" is the sender's
 * commit plus the browser's delivery.
 */
export const dispatch = { at: 0 };
const onmessage = Object.getOwnPropertyDescriptor(BroadcastChannel.prototype, 'onmessage')!;
Object.defineProperty(BroadcastChannel.prototype, 'onmessage', {
  configurable: true,
  enumerable: onmessage.enumerable,
  get(this: BroadcastChannel) {
    return onmessage.get!.call(this);
  },
  set(this: BroadcastChannel, handler: ((e: MessageEvent) => unknown) | null) {
    const wrapped = handler === null ? null : function (this: BroadcastChannel, e: MessageEvent) {
      dispatch.at = performance.timeOrigin + performance.now();
      return handler.call(this, e);
    };
    onmessage.set!.call(this, wrapped);
  },
});
