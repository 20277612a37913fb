/**
 * The contestant registry. Each contestant is loaded lazily so that one whose code has not
 * landed (or fails to load) is reported as missing instead of stopping the whole run.
 */
import type { Contestant, ContestantName } from '../lib/types.ts';

export const contestantLoaders: Record<ContestantName, () => Promise<Contestant>> = {
  legacy: async () => (await import('./legacy.ts')).legacy,
  valtio: async () => (await import('./valtio.ts')).valtio,
  ours: async () => (await import('./ours.ts')).ours,
  limit: async () => (await import('./limit.ts')).limit,
  clone: async () => (await import('./clone.ts')).clone,
};
