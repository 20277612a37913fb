// A stand-in for the Redux DevTools extension, installed into the page before any script
// runs (page.addInitScript). It records what the manager sends and lets the test play the
// extension UI's messages. Serialised into the page, so it must be self-contained.
export interface FakeDevtoolsRecord {
  connects: unknown[];
  inits: Record<string, unknown>[];
  sent: { action: { type: string } | null; state: unknown }[];
}

export function installFakeDevtools(): void {
  const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const listeners = new Set<(message: unknown) => void>();
  const record = {
    connects: [] as unknown[],
    inits: [] as unknown[],
    sent: [] as unknown[],
    listenerCount: () => listeners.size,
    /** Plays a message as the extension's UI would send it. */
    dispatch(message: unknown) {
      for (const l of [...listeners]) l(message);
    },
  };
  Object.assign(window, {
    __FAKE_DEVTOOLS__: record,
    __REDUX_DEVTOOLS_EXTENSION__: {
      connect(options: unknown) {
        record.connects.push(copy(options));
        return {
          init: (state: unknown) => void record.inits.push(copy(state)),
          send: (action: unknown, state: unknown) => void record.sent.push({ action: copy(action), state: copy(state) }),
          subscribe(listener: (message: unknown) => void) {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
          unsubscribe: () => listeners.clear(),
        };
      },
    },
  });
}
