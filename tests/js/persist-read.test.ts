// readPersistedEntries: the synchronous, JS-validated load. Good entries load; every kind of
// bad entry is reported and left in storage exactly as it was; nothing throws.
import { describe, expect, it } from 'vitest';
import { readPersistedEntries } from '../../js-shim/persist/index.js';
import { StateStorageError } from '../../js-shim/persist/storage-error.js';
import { FakeStorage } from './fakes/storage-fakes.js';

const meta = (v: number, wall = 5) => JSON.stringify({ v, c: [wall, 0, 'tab-a'], h: 1 });

function seeded(entries: Record<string, string>): FakeStorage {
  const storage = new FakeStorage();
  for (const [k, v] of Object.entries(entries)) storage.setItem(k, v);
  return storage;
}

function read(storage: Storage | null, extra: { schemaVersion?: number; migrate?: (v: unknown, from: number) => unknown } = {}) {
  const errors: Error[] = [];
  const entries = readPersistedEntries({ storage, prefix: 'app', ...extra }, (e) => errors.push(e));
  return { entries, errors, codes: errors.map((e) => (e as StateStorageError).code) };
}

describe('readPersistedEntries', () => {
  it('loads good entries with their metadata, and values the legacy manager wrote without any', () => {
    const storage = seeded({
      'app:theme': '"dark"',
      'app#meta:theme': meta(1),
      'app:user': '{"name":"Ada","tags":["x"]}',
      'other:theme': '"ignored"',
    });
    const { entries, errors } = read(storage);
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { key: 'theme', value: 'dark', valueText: '"dark"', metaText: meta(1) },
      { key: 'user', value: { name: 'Ada', tags: ['x'] }, valueText: '{"name":"Ada","tags":["x"]}', metaText: null },
    ]);
  });

  it('reports and skips corrupt, hostile and foreign entries, leaving storage untouched', () => {
    const storage = seeded({
      'app:good': '1',
      'app:truncated': '{"a":',
      'app:deep-proto': '{"a":{"b":{"__proto__":{"polluted":1}}}}',
      'app:ctor': '[{"constructor":{}}]',
      'app:__proto__': '{"polluted":1}',
      'app:future': '2',
      'app#meta:future': meta(99),
      'app:foreign-meta': '3',
      'app#meta:foreign-meta': '{"someone":"else"}',
      'app:too-deep': '['.repeat(70) + ']'.repeat(70),
    });
    const before = new Map(storage.map);
    const { entries, codes } = read(storage);
    expect(entries.map((e) => e.key)).toEqual(['good']);
    expect(codes.sort()).toEqual(['CORRUPT_ENTRY', 'CORRUPT_ENTRY', 'CORRUPT_ENTRY', 'CORRUPT_ENTRY', 'CORRUPT_ENTRY', 'UNKNOWN_META', 'UNKNOWN_META']);
    expect(storage.map).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a value over the 1 MiB limit without parsing it', () => {
    const storage = seeded({ 'app:big': JSON.stringify('x'.repeat(1024 * 1024 + 10)) });
    expect(read(storage).codes).toEqual(['CORRUPT_ENTRY']);
  });

  it('returns nothing and throws nothing when storage is absent or throws on access', () => {
    expect(read(null)).toMatchObject({ entries: [], errors: [] });
    const { entries, codes } = read(new FakeStorage({ throwOnAccess: true }));
    expect(entries).toEqual([]);
    expect(codes).toEqual(['STORAGE_FAILED']);
  });

  it('migrates entries written under an older schema version and keeps their metadata for the core', () => {
    const storage = seeded({ 'app:user': '{"name":"Ada"}', 'app#meta:user': meta(1), 'app:same': '1', 'app#meta:same': meta(2) });
    const calls: Array<[unknown, number]> = [];
    const { entries, errors } = read(storage, {
      schemaVersion: 2,
      migrate: (value, from) => { calls.push([value, from]); return { profile: value }; },
    });
    expect(errors).toEqual([]);
    expect(calls).toEqual([[{ name: 'Ada' }, 1]]);
    expect(entries[0]).toEqual({ key: 'user', value: { profile: { name: 'Ada' } }, valueText: '{"profile":{"name":"Ada"}}', metaText: meta(1) });
    expect(entries[1].value).toBe(1);
  });

  it('reports a migration that throws or returns what JSON cannot carry, and keeps the entry as stored', () => {
    const storage = seeded({ 'app:a': '1', 'app#meta:a': meta(1), 'app:b': '2', 'app#meta:b': meta(1) });
    const before = new Map(storage.map);
    const { entries, codes } = read(storage, {
      schemaVersion: 2,
      migrate: (value) => { if (value === 1) throw new Error('boom'); return () => value; },
    });
    expect(entries).toEqual([]);
    expect(codes).toEqual(['MIGRATION_FAILED', 'MIGRATION_FAILED']);
    expect(storage.map).toEqual(before);
  });
});
