// W9 entry: what an app ships for the legacy manager, imported as apps import it.
import { UniversalStateManager } from '@mfe/universal-state/core';

(globalThis as Record<string, unknown>).manager = new UniversalStateManager();
