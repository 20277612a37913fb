/**
 * The container's one decision: which manager runs. Written exactly as docs/api-contract.md section 3 shows
 * a real container doing it, so this file doubles as the copy-paste example.
 */
import { getGlobalStateManager } from '@mfe/universal-state';

export const useValtio = import.meta.env.VITE_USE_VALTIO_STATE === 'true';

export const manager = getGlobalStateManager({
  persistent: true,
  crossTab: true,
  devtools: true,
  initialState: { theme: 'light', sharedCounter: 0 },
  useValtio: import.meta.env.VITE_USE_VALTIO_STATE === 'true',
});

/** The new manager loads its wasm core in the background; the legacy one is ready at once. */
export function whenManagerReady(): Promise<void> {
  const ready = (manager as { ready?: Promise<void> }).ready;
  return ready ?? Promise.resolve();
}
