// Faults injected into a tab before its manager is created, so both managers meet the same
// conditions: a switch that takes the tab off the cross-tab network (every BroadcastChannel
// of the page stops sending and receiving, as a closed channel or a frozen tab would), a
// per-channel count of posts (to prove nobody re-broadcasts), and broken storage.

export interface NetworkSwitch {
  /** While true, this tab neither sends nor receives on any BroadcastChannel. */
  offline: boolean;
  /**
   * While true, posts are held back and sent, in order, by release(): writes made in
   * several held tabs are then truly concurrent (none has seen the others').
   */
  hold: boolean;
  release(): void;
  /** Messages this tab posted, per channel name (including ones dropped while offline). */
  posts: Record<string, number>;
  /** The unpatched constructor, for observer and attacker tabs. */
  Native: typeof BroadcastChannel;
}

export function installNetworkSwitch(removeBroadcastChannel: boolean): NetworkSwitch {
  const Native = window.BroadcastChannel;
  const held: Array<() => void> = [];
  const net: NetworkSwitch = {
    offline: false,
    hold: false,
    posts: {},
    Native,
    release() {
      net.hold = false;
      for (const send of held.splice(0)) send();
    },
  };
  if (removeBroadcastChannel) {
    // A browser without BroadcastChannel: the new manager must fall back to storage events.
    delete (window as { BroadcastChannel?: unknown }).BroadcastChannel;
    return net;
  }
  class SwitchedChannel extends Native {
    private handler: ((this: BroadcastChannel, ev: MessageEvent) => unknown) | null = null;
    override postMessage(message: unknown): void {
      net.posts[this.name] = (net.posts[this.name] ?? 0) + 1;
      if (net.offline) return;
      if (net.hold) held.push(() => super.postMessage(message));
      else super.postMessage(message);
    }
    override get onmessage(): ((this: BroadcastChannel, ev: MessageEvent) => unknown) | null {
      return this.handler;
    }
    override set onmessage(handler: ((this: BroadcastChannel, ev: MessageEvent) => unknown) | null) {
      this.handler = handler;
      super.onmessage = handler === null ? null : (event: MessageEvent) => {
        if (!net.offline) handler.call(this, event);
      };
    }
  }
  window.BroadcastChannel = SwitchedChannel;
  return net;
}

/** 'throw': touching window.localStorage throws (sandboxed frames, some private modes). 'absent': there is none (SSR-like). */
export function installStorageFault(mode: string | null): void {
  if (mode === 'throw') {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  } else if (mode === 'absent') {
    Object.defineProperty(window, 'localStorage', { configurable: true, value: undefined });
  }
}
