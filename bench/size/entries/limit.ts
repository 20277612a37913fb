// W9 entry: the limit, a bare Map.
(globalThis as Record<string, unknown>).manager = new Map();
