/**
 * The core's limits and status codes, for every TypeScript layer that must refuse what the
 * core would refuse (validation, the wasm wrapper, the sync envelope, the storage reader).
 * Kept by hand beside the C++ headers they copy (src/status.h, src/codec.h):
 * tests/js/core-limits-match.test.ts parses those headers and fails when the two drift, so
 * a limit changed on one side only cannot ship.
 */

/** Value JSON, in UTF-8 bytes, as the core stores and serialises it (Limits::kMaxValueBytes). */
export const MAX_VALUE_BYTES = 1 << 20;
/** One ops message or local batch text (Limits::kMaxMessageBytes). */
export const MAX_MESSAGE_BYTES = 4 << 20;
/** A catch-up state message carrying the whole store (kMaxStateMessageBytes). */
export const MAX_STATE_MESSAGE_BYTES = 32 << 20;
/** Path length plus value nesting, counted together (Limits::kMaxDepth). */
export const MAX_DEPTH = 64;
/** A top-level key, in UTF-8 bytes (Limits::kMaxKeyBytes). */
export const MAX_KEY_BYTES = 1024;
/** A replica origin, in UTF-8 bytes (Limits::kMaxOriginBytes). */
export const MAX_ORIGIN_BYTES = 256;
/** The largest array index a path may name (Limits::kMaxArrayIndex). */
export const MAX_ARRAY_INDEX = 262143;
/** The largest clock counter the core accepts from outside (kMaxClockCounter, src/clock.h). */
export const MAX_CLOCK_COUNTER = 2 ** 32;
/** How far ahead of the wall clock the core accepts a clock by default (Core's maxFutureMs). */
export const DEFAULT_MAX_FUTURE_MS = 60_000;
/** The cross-tab protocol version the core speaks (kProtocolVersion). */
export const PROTOCOL_VERSION = 2;

/** Every status code the core reports (enum class Code), in declaration order. */
export const CORE_STATUS_CODES = [
  'OK',
  'BAD_JSON',
  'BAD_KEY',
  'FORBIDDEN_KEY',
  'BAD_PATH',
  'TOO_LARGE',
  'TOO_DEEP',
  'BAD_MESSAGE',
  'UNKNOWN_TYPE',
  'FUTURE_CLOCK',
  'BAD_META',
  'ACCESS_DENIED',
  'NOT_FOUND',
] as const;

export type CoreStatusCode = (typeof CORE_STATUS_CODES)[number];
