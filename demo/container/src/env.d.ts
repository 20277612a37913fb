/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** 'true' turns the new manager on (docs/api-contract.md section 3); anything else keeps the legacy one. */
  readonly VITE_USE_VALTIO_STATE?: string;
}
