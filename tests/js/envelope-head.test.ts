// Message heads are read with one reader for every message: a message must never be routed
// with what the message before it left in that reader.
import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../js-shim/sync/envelope.js';
import { TAG_STR8 } from '../../js-shim/wasm/binary-tags.js';

const MARK = 0xb2;
const ops = (origin: string, seq: number) => new Uint8Array([MARK, 0, TAG_STR8, origin.length, ...[...origin].map((c) => c.charCodeAt(0)), seq]);

describe('reading message heads', () => {
  it('routes each message by its own origin and sequence number', () => {
    expect(readEnvelope(ops('tab-a', 3))).toEqual({ t: 'ops', o: 'tab-a', s: 3 });
    expect(readEnvelope(ops('tab-b', 7).buffer)).toEqual({ t: 'ops', o: 'tab-b', s: 7 });
  });

  it('drops a truncated head that follows a whole one instead of reading past its end', () => {
    const whole = ops('tab-a', 3);
    expect(readEnvelope(whole)).toEqual({ t: 'ops', o: 'tab-a', s: 3 });
    // claims a 5-byte origin, carries 2 bytes and no sequence number
    const truncated = new Uint8Array([MARK, 0, TAG_STR8, 5, 0x74, 0x61]);
    expect(readEnvelope(truncated)).toEqual({ error: 'MALFORMED_MESSAGE', message: 'truncated binary message' });
    // a head cut inside a message that is a view into a larger buffer must not read on
    const shared = new Uint8Array([...ops('tab-c', 9), 0xff, 0xff]);
    expect(readEnvelope(shared.subarray(0, 5))).toEqual({ error: 'MALFORMED_MESSAGE', message: 'truncated binary message' });
  });
});
