// The TypeScript copy of the core's limits and status codes must equal the C++ headers:
// a limit changed on one side only would let the view accept what the core refuses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as limits from '../../js-shim/internal/core-limits.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const header = (name: string) => readFileSync(`${root}/src/${name}`, 'utf8');

/** Evaluates `1u << 20`, `1ull << 32`, `262143`: the only shapes the headers use. */
function constant(text: string, name: string): number {
  const match = new RegExp(`${name}\\s*=\\s*([0-9]+)(?:u|ul|ull)?(?:\\s*<<\\s*([0-9]+))?\\s*;`).exec(text);
  if (match === null) throw new Error(`${name} not found`);
  return Number(match[1]) * 2 ** Number(match[2] ?? 0);
}

describe('core limits shared by C++ and TypeScript', () => {
  const status = header('status.h');
  const codec = header('codec.h');

  it.each([
    ['kMaxValueBytes', 'MAX_VALUE_BYTES', status],
    ['kMaxMessageBytes', 'MAX_MESSAGE_BYTES', status],
    ['kMaxDepth', 'MAX_DEPTH', status],
    ['kMaxKeyBytes', 'MAX_KEY_BYTES', status],
    ['kMaxOriginBytes', 'MAX_ORIGIN_BYTES', status],
    ['kMaxArrayIndex', 'MAX_ARRAY_INDEX', status],
    ['kMaxStateMessageBytes', 'MAX_STATE_MESSAGE_BYTES', codec],
    ['kProtocolVersion', 'PROTOCOL_VERSION', codec],
  ] as const)('%s equals %s', (cpp, ts, text) => {
    expect((limits as Record<string, unknown>)[ts]).toBe(constant(text, cpp));
  });

  it('the clock bounds equal the core\'s (counter limit, default future bound)', () => {
    expect(limits.MAX_CLOCK_COUNTER).toBe(constant(header('clock.h'), 'kMaxClockCounter'));
    expect(limits.DEFAULT_MAX_FUTURE_MS).toBe(Number(/int64_t maxFutureMs = ([0-9]+)/.exec(header('core.h'))![1]));
  });

  it('every C++ limit has a TypeScript twin (none added on one side only)', () => {
    const names = [...status.matchAll(/static constexpr size_t (k\w+)/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(['kMaxArrayIndex', 'kMaxDepth', 'kMaxKeyBytes', 'kMaxMessageBytes', 'kMaxOriginBytes', 'kMaxValueBytes']);
  });

  it('the status codes are the C++ enum, in order', () => {
    const body = /enum class Code \{([^}]*)\}/.exec(status)![1]!;
    const codes = body.split(',').map((s) => s.replace(/\/\/.*$/gm, '').trim()).filter(Boolean);
    expect([...limits.CORE_STATUS_CODES]).toEqual(codes);
  });
});
