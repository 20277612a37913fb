/**
 * Path-level subscriptions for `useValtioStore`: after each commit the component subscribes
 * to exactly the paths its render read (from proxy-compare's record), so a write wakes only
 * the components that read something on the written path, and only once per committed task
 * on the new manager. A read of the store's key set (`Object.keys(snap)`, `'k' in snap`)
 * falls back to the store-wide source. What a render read is turned into paths by
 * adapters-shared/paths-read.ts (shared with useSelector).
 */
import type { Wanted } from '../adapters-shared/paths-read.js';
import type { AdapterManager } from './manager-slot.js';
import type { StoreSnapshotSource } from './store-snapshot.js';

export class TrackedPaths {
  private onChange: (() => void) | null = null;
  private readonly active = new Map<string, () => void>();
  private wanted = new Map<string, Wanted>();
  private releaseSource: (() => void) | null = null;

  constructor(
    private readonly manager: AdapterManager,
    private readonly source: StoreSnapshotSource,
    private readonly sync: boolean,
  ) {}

  /** useSyncExternalStore's subscribe: starts the paths of the last commit. */
  attach(onChange: () => void): () => void {
    this.onChange = onChange;
    this.releaseSource = this.source.retain();
    this.apply();
    return () => {
      this.onChange = null;
      for (const stop of this.active.values()) stop();
      this.active.clear();
      this.releaseSource?.();
      this.releaseSource = null;
    };
  }

  /** Called after every commit with what that render read. */
  track(wanted: Map<string, Wanted>): void {
    this.wanted = wanted;
    if (this.onChange !== null) this.apply();
  }

  private apply(): void {
    for (const [id, stop] of this.active) {
      if (!this.wanted.has(id)) {
        stop();
        this.active.delete(id);
      }
    }
    for (const [id, { key, path }] of this.wanted) {
      if (this.active.has(id)) continue;
      const notify = () => {
        // The legacy manager calls key listeners before global ones, so tell the source
        // which key changed before React reads it.
        if (key !== null) this.source.invalidate(key);
        this.onChange?.();
      };
      this.active.set(id, key === null ? this.source.subscribe(notify) : this.manager.subscribePath(key, path, notify, { sync: this.sync }));
    }
  }
}
