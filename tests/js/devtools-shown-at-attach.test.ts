// The devtools connection starts from the state of the moment it arrives; writes made before
// then can still be committed afterwards. Whichever order the core load and the connection's
// chunk take, those writes must not be named a second time.
import { describe, expect, it } from 'vitest';
import { alreadyShownFilter } from '../../js-shim/devtools/shown-at-attach.js';
import type { CommittedChange, FlushInfo } from '../../js-shim/internal/manager-host.js';

const change = (c: Partial<CommittedChange> & { key: string }): CommittedChange => ({
  path: [],
  deleted: false,
  origin: 'local',
  previous: undefined,
  value: undefined,
  ...c,
});
const flush = (...changes: CommittedChange[]): FlushInfo => ({
  changes,
  changedKeys: [...new Set(changes.map((c) => c.key))],
  outbox: null,
  legacyEvents: [],
});
const keys = (info: FlushInfo) => info.changes.map((c) => `${c.key}:${c.path.join('.')}`);

describe('changes the base state already shows', () => {
  it('are dropped from the first flush with local writes, and only from it', () => {
    const user = { name: 'Ada', prefs: { theme: 'dark' } };
    const unseen = alreadyShownFilter({ early: 1, user }, new Set(['early', 'user', 'late']));
    const first = unseen(
      flush(
        change({ key: 'early', value: 1 }),
        change({ key: 'user', path: ['prefs'], value: user.prefs }),
        change({ key: 'late', value: 2 }),
      ),
    );
    expect(keys(first)).toEqual(['late:']);
    // Later flushes are never filtered, even a write that happens to restore a base value.
    const second = unseen(flush(change({ key: 'early', value: 1 })));
    expect(keys(second)).toEqual(['early:']);
  });

  it('keeps a change whose value differs from the base, and an equal-looking copy', () => {
    const unseen = alreadyShownFilter({ user: { name: 'Ada' }, n: 1 }, null);
    const out = unseen(flush(change({ key: 'user', value: { name: 'Ada' } }), change({ key: 'n', value: 2 })));
    expect(keys(out)).toEqual(['user:', 'n:']);
  });

  it('treats a delete as shown only when the base lacks the value', () => {
    const unseen = alreadyShownFilter({ kept: 1 }, new Set(['gone', 'kept']));
    const out = unseen(flush(change({ key: 'gone', deleted: true }), change({ key: 'kept', deleted: true })));
    expect(keys(out)).toEqual(['kept:']);
  });

  it('lets remote-only flushes through untouched and stays armed for the local one', () => {
    const unseen = alreadyShownFilter({ early: 1 }, new Set(['early']));
    const remote = flush(change({ key: 'early', value: 1, origin: 'remote' }));
    expect(unseen(remote)).toBe(remote);
    expect(keys(unseen(flush(change({ key: 'early', value: 1 }))))).toEqual([]);
  });

  it('never drops a change to a key that had nothing queued when the connection arrived', () => {
    const unseen = alreadyShownFilter({ theme: 'dark', early: 1 }, new Set(['early']));
    const out = unseen(flush(change({ key: 'theme', value: 'dark' }), change({ key: 'early', value: 1 })));
    expect(keys(out)).toEqual(['theme:']);
    const none = alreadyShownFilter({ theme: 'dark' }, new Set());
    const info = flush(change({ key: 'theme', value: 'dark' }));
    expect(none(info)).toBe(info);
  });
});
