/**
 * The container's one decision: which manager runs. Written exactly as docs/api-contract.md section 3 shows
 * a real container doing it, so this file doubles as the copy-paste example.
 */
import { getGlobalStateManager } from '@mfe/universal-state';

export const useValtio = import.meta.env.VITE_USE_VALTIO_STATE === 'true';

/**
 * Only in the `npm run start:remote` build: the state also follows the user to other
 * devices through a local NATS server. Loaded on demand, so the other builds carry none of it.
 */
export const remote = import.meta.env.VITE_NATS_WS
  ? (await import('@mfe/universal-state/remote-nats')).natsRemote({
    servers: import.meta.env.VITE_NATS_WS,
    bucket: import.meta.env.VITE_NATS_BUCKET ?? 'demo',
    user: import.meta.env.VITE_NATS_USER,
    pass: import.meta.env.VITE_NATS_PASS,
  })
  : undefined;

export const manager = getGlobalStateManager({
  persistent: true,
  crossTab: true,
  devtools: true,
  initialState: { theme: 'light', sharedCounter: 0 },
  useValtio: import.meta.env.VITE_USE_VALTIO_STATE === 'true',
  ...(remote !== undefined ? { remote } : {}),
});

/** The new manager loads its wasm core in the background; the legacy one is ready at once. */
export function whenManagerReady(): Promise<void> {
  const ready = (manager as { ready?: Promise<void> }).ready;
  return ready ?? Promise.resolve();
}
