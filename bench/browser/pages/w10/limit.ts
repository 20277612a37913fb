// W10 entry of the limit: a Map.
import type { StartedManager } from './types.ts';

export async function start(onConstructed: () => void): Promise<StartedManager> {
  const map = new Map<string, unknown>();
  onConstructed();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
}
