/**
 * Loads MFE bundles at run time by URL, as the real platform does: each MFE is built and
 * deployed on its own, and the container only knows where its entry lives.
 */
import type { MfeModule, MfeServices } from '@demo/shared/contract';

/** Relative to the page, so the same build works under any path (build/demo/<mode>/). */
export const MFE_ENTRIES: Record<string, string> = {
  'react-mfe': '../mfes/react/index.js',
  'vue-mfe': '../mfes/vue/index.js',
  'vanilla-mfe': '../mfes/vanilla/index.js',
};

function isMfeModule(value: unknown): value is MfeModule {
  const m = value as Partial<MfeModule> | null;
  return typeof m?.mount === 'function' && typeof m.unmount === 'function';
}

export async function loadMfe(id: string): Promise<MfeModule> {
  const url = new URL(MFE_ENTRIES[id], document.baseURI).href;
  const mod: unknown = await import(/* @vite-ignore */ url);
  if (!isMfeModule(mod)) throw new TypeError(`${id} at ${url} does not export mount/unmount`);
  return mod;
}

/** Mounts one MFE into its slot; a failure is shown in the slot and never stops the others. */
export async function mountInto(slot: HTMLElement, id: string, services: MfeServices): Promise<void> {
  const target = slot.querySelector<HTMLElement>('.mount')!;
  try {
    const mfe = await loadMfe(id);
    mfe.mount(target, services);
    slot.dataset.mounted = 'true';
  } catch (error) {
    slot.dataset.mounted = 'error';
    target.textContent = `Failed to load ${id}: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`[container] ${id} failed to mount`, error);
  }
}
