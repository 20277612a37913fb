/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** 'true' turns the new manager on (docs/api-contract.md section 3); anything else keeps the legacy one. */
  readonly VITE_USE_VALTIO_STATE?: string;
  /** Set by `npm run start:remote`: the local NATS WebSocket URL and the demo user's bucket and credentials. */
  readonly VITE_NATS_WS?: string;
  readonly VITE_NATS_BUCKET?: string;
  readonly VITE_NATS_USER?: string;
  readonly VITE_NATS_PASS?: string;
}
