// Writes the core would refuse must be refused before any listener hears them: otherwise
// the view shows a value, listeners react, and the next flush silently puts it back.
// Each case: the write throws, nobody heard it, and view, core and a reload agree.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage, QUIET, createLoaded } from '../contract/helpers.js';
import { ValtioStateManager } from '../../../js-shim/manager/valtio-state-manager.js';
import { MAX_ARRAY_INDEX, MAX_DEPTH, MAX_VALUE_BYTES } from '../../../js-shim/internal/core-limits.js';

const coreOf = (m: ValtioStateManager) => JSON.parse(m.core!.exportJson()) as Record<string, unknown>;
const viewOf = (m: ValtioStateManager) => JSON.parse(JSON.stringify(m.getSnapshot())) as Record<string, unknown>;

/** `{ a: { a: ... 1 } }` with `levels` containers. */
function nest(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

let manager: ValtioStateManager;
let storage: MemoryStorage;
const errors: Error[] = [];
afterEach(() => {
  manager?.destroy();
  errors.length = 0;
});

async function setup(initial: Record<string, unknown> = {}): Promise<{ heard: unknown[] }> {
  storage = new MemoryStorage();
  manager = await createLoaded({ persistent: true, storage, onError: (e) => errors.push(e) } as never);
  // Written, not initialState: the reload must find them in storage.
  for (const [key, value] of Object.entries(initial)) manager.set(key, value);
  manager.flush();
  const heard: unknown[] = [];
  manager.subscribeAll((event) => heard.push([event.key, event.value]));
  return { heard };
}

/** The write throws, nobody heard it, nothing was reported, and view = core = reload. */
async function expectRefusedUpFront(heard: unknown[], write: () => void, code: RegExp): Promise<void> {
  const before = viewOf(manager);
  expect(write).toThrow(expect.objectContaining({ code: expect.stringMatching(code) }));
  expect(heard).toEqual([]);
  manager.flush();
  await Promise.resolve();
  expect(errors).toEqual([]);
  expect(viewOf(manager)).toEqual(before);
  expect(coreOf(manager)).toEqual(before);
  const reload = new ValtioStateManager({ ...QUIET, persistent: true, storage } as never);
  await reload.ready;
  expect(viewOf(reload)).toEqual(before);
  reload.destroy();
}

describe('the view refuses what the core would refuse, before listeners run', () => {
  it('a nested write whose path length plus value depth exceeds the depth limit', async () => {
    const { heard } = await setup({ deep: nest(30) });
    const path = Array.from({ length: 30 }, () => 'a');
    await expectRefusedUpFront(heard, () => manager.writePath('deep', path, nest(MAX_DEPTH - 29)), /TOO_DEEP/);
    // One level less fits exactly: the limit is shared, not stricter in the view.
    manager.writePath('deep', path, nest(MAX_DEPTH - 30));
    manager.flush();
    expect(coreOf(manager)).toEqual(viewOf(manager));
    expect(errors).toEqual([]);
  });

  it('the proxy store: the same depth rule for nested assignments', async () => {
    const { heard } = await setup({ deep: nest(40) });
    let node = manager.getProxyStore().deep;
    for (let i = 0; i < 39; i++) node = node.a;
    await expectRefusedUpFront(heard, () => { node.a = nest(30); }, /TOO_DEEP/);
  });

  it('a lone UTF-16 surrogate in a value', async () => {
    const { heard } = await setup();
    await expectRefusedUpFront(heard, () => manager.set('s', 'a\uD800b'), /BAD_VALUE/);
    await expectRefusedUpFront(heard, () => manager.set('s', { text: ['ok', '\uDC00'] }), /BAD_VALUE/);
  });

  it('a lone UTF-16 surrogate in a member name', async () => {
    const { heard } = await setup({ user: { name: 'Ann' } });
    await expectRefusedUpFront(heard, () => manager.set('s', { ['x\uD800']: 1 }), /BAD_VALUE/);
    await expectRefusedUpFront(heard, () => { manager.getProxyStore().user['\uDBFF'] = 1; }, /BAD_PATH|BAD_VALUE/);
  });

  it('a lone UTF-16 surrogate in a key', async () => {
    const { heard } = await setup();
    await expectRefusedUpFront(heard, () => manager.set('k\uD800', 1), /BAD_KEY/);
  });

  it('a string under the limit in UTF-16 units but over it once JSON-escaped', async () => {
    const { heard } = await setup();
    // 200,000 control characters: 200 KB as text, 1.2 MB of JSON (each is "\u0001").
    const text = '\u0001'.repeat(200_000);
    expect(JSON.stringify(text).length).toBeGreaterThan(MAX_VALUE_BYTES);
    await expectRefusedUpFront(heard, () => manager.set('big', text), /TOO_LARGE/);
    await expectRefusedUpFront(heard, () => manager.set('big', { nested: [text] }), /TOO_LARGE/);
  });

  it('a source that is not a string', async () => {
    const { heard } = await setup();
    await expectRefusedUpFront(heard, () => manager.set('k', 1, 42 as never), /BAD_VALUE/);
    await expectRefusedUpFront(heard, () => manager.set('k', 1, { label: 'x' } as never), /BAD_VALUE/);
  });

  it('an array index past the core limit', async () => {
    const list = new Array(MAX_ARRAY_INDEX + 1).fill(0);
    const { heard } = await setup({ list });
    await expectRefusedUpFront(heard, () => manager.writePath('list', [MAX_ARRAY_INDEX + 1], 1), /BAD_PATH/);
  });
});

describe('a key grown past the value limit by nested writes', () => {
  it('refuses the write that would cross the limit, so nothing accepted is lost on reload', async () => {
    const { heard } = await setup({ doc: {} });
    const chunk = 'x'.repeat(500_000);
    manager.getProxyStore().doc.a = chunk;
    manager.getProxyStore().doc.b = chunk;
    heard.length = 0;
    await expectRefusedUpFront(heard, () => { manager.getProxyStore().doc.c = chunk; }, /TOO_LARGE/);
    expect(Object.keys(manager.get<Record<string, string>>('doc')!)).toEqual(['a', 'b']);
  });

  it('counts the escaped size of the whole key, and arrays appended to one element at a time', async () => {
    const { heard } = await setup({ list: [] });
    const chunk = '\u0002'.repeat(60_000); // 360 KB of JSON each
    manager.getProxyStore().list.push(chunk);
    manager.getProxyStore().list.push(chunk);
    heard.length = 0;
    await expectRefusedUpFront(heard, () => manager.getProxyStore().list.push(chunk), /TOO_LARGE/);
  });
});
