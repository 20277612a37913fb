/**
 * What `get`, `readAt` and listeners hand out: a mutable copy of each view node, made the
 * first time the node is read and then reused, so legacy MFE code that changes a value in
 * place and sets it back (`user.name = 'Bo'; manager.set('user', user)`) works as it did
 * on the legacy manager, where values were never frozen.
 *
 * Why copies and not the view itself: the view is the immutable cache of what the core
 * holds (docs/architecture.md, "The boundary: why reads never cross"). Snapshots, path subscriptions, history and
 * the core's change sets all rely on a view node never changing after it is written, and
 * `set` detects what changed by comparing the new value with the previous view value. If
 * the view were handed out, an in-place change would rewrite "the previous value" before
 * `set` could compare against it, and would show up in snapshots taken earlier. With a
 * copy, the change stays in the copy until `set` validates and commits it like any write.
 *
 * Legacy semantics kept:
 * - one object per value: `get(k) === get(k)` until `k` is written, so an unsaved in-place
 *   change stays visible to later `get`s (the legacy Map held the object itself);
 * - structural sharing: the copy of a new version reuses the copies of unchanged subtrees,
 *   so `get('user').profile` keeps its identity when only `user.name` changes, and React or
 *   Vue code comparing read values by identity behaves as before.
 * Cost: the first read of a new version copies only the nodes the write replaced (the
 * others are found in the WeakMap); repeated reads are one WeakMap lookup. Primitives are
 * returned as they are.
 */
export class MutableMirror {
  /** View node -> its mutable copy. Weak: a copy lives as long as its view node. */
  private readonly copies = new WeakMap<object, object>();

  /** The mutable copy of `node` (the value itself when it is not a container). */
  of<T>(node: T): T {
    if (node === null || typeof node !== 'object') return node;
    const known = this.copies.get(node);
    if (known !== undefined) return known as T;
    let copy: object;
    if (Array.isArray(node)) {
      const out = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i++) out[i] = this.of(node[i]);
      copy = out;
    } else {
      const out: Record<string, unknown> = {};
      const source = node as Record<string, unknown>;
      for (const name in source) out[name] = this.of(source[name]);
      copy = out;
    }
    this.copies.set(node, copy);
    return copy as T;
  }
}
