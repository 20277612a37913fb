/**
 * The injection key `VueAdapter.install(app)` provides under, kept free of any runtime import
 * of Vue so the node entries can export it where Vue is not installed. A `Symbol.for` key:
 * when two copies of the package share a page, one copy's `useVueAdapter()` finds the
 * adapter another copy's plugin provided.
 */
import type { InjectionKey } from 'vue';
import type { VueAdapter } from './adapter.js';

export const VUE_ADAPTER_KEY: InjectionKey<VueAdapter> = Symbol.for('@mfe/universal-state/vue-adapter');
