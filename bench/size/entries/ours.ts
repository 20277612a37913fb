// W9 entry: what an app ships for the new manager (JS of the core entry + the wasm).
import { ValtioStateManager } from '@mfe/universal-state/core';

(globalThis as Record<string, unknown>).manager = new ValtioStateManager();
