// An in-memory BroadcastChannel hub for sync unit tests: channels of one name deliver to
// every other channel of that name (never to the sender), asynchronously and in order, with
// structured cloning like the real thing. A channel can be cut off to model a tab that
// misses messages, and every delivery is counted.
import type { BroadcastChannelLike } from '../../../js-shim/internal/environment.js';

export class FakeChannel implements BroadcastChannelLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  closed = false;
  /** While true, messages to and from this channel are lost (a tab cut off from the others). */
  deaf = false;
  readonly posted: unknown[] = [];
  constructor(readonly name: string, private readonly hub: ChannelHub) {}
  postMessage(message: unknown): void {
    if (this.closed) throw new DOMException('channel is closed', 'InvalidStateError');
    this.posted.push(message);
    this.hub.deliver(this, structuredClone(message));
  }
  close(): void {
    this.closed = true;
  }
}

export class ChannelHub {
  readonly channels: FakeChannel[] = [];
  private pending = 0;
  private idle: Array<() => void> = [];

  /** A channelFactory for attachSync: every call opens a new channel on this hub. */
  factory = (name: string): FakeChannel => {
    const channel = new FakeChannel(name, this);
    this.channels.push(channel);
    return channel;
  };

  deliver(from: FakeChannel, data: unknown): void {
    for (const to of this.channels) {
      if (from.deaf || to === from || to.name !== from.name || to.closed || to.deaf) continue;
      this.pending++;
      setTimeout(() => {
        this.pending--;
        if (!to.closed && !to.deaf) to.onmessage?.({ data: structuredClone(data) } as MessageEvent);
        if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
      }, 0);
    }
  }

  /** Resolves once every message posted so far, and every reply they caused, is delivered. */
  settle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}
