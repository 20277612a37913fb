// A Map-backed Storage for persistence unit tests: it can run out of quota (throwing the
// DOMException browsers throw) or throw on every access, like Safari's old private mode.
export interface FakeStorageOptions {
  /** Total UTF-16 units of keys + values allowed; setItem over it throws QuotaExceededError. */
  quota?: number;
  /** Every call throws (storage present but unusable). */
  throwOnAccess?: boolean;
}

export class FakeStorage implements Storage {
  readonly map = new Map<string, string>();
  quota: number;
  throwOnAccess: boolean;
  /** Every setItem/removeItem in order, to count writes per key. */
  readonly writes: Array<{ op: 'set' | 'remove'; key: string }> = [];

  constructor(options: FakeStorageOptions = {}) {
    this.quota = options.quota ?? Infinity;
    this.throwOnAccess = options.throwOnAccess ?? false;
  }

  private guard(): void {
    if (this.throwOnAccess) throw new DOMException('The operation is insecure.', 'SecurityError');
  }

  private used(): number {
    let n = 0;
    for (const [k, v] of this.map) n += k.length + v.length;
    return n;
  }

  get length(): number {
    this.guard();
    return this.map.size;
  }

  key(index: number): string | null {
    this.guard();
    return [...this.map.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    this.guard();
    return this.map.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.guard();
    const text = String(value);
    const old = this.map.get(key);
    const next = this.used() - (old === undefined ? 0 : key.length + old.length) + key.length + text.length;
    if (next > this.quota) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.map.set(key, text);
    this.writes.push({ op: 'set', key });
  }

  removeItem(key: string): void {
    this.guard();
    this.map.delete(key);
    this.writes.push({ op: 'remove', key });
  }

  clear(): void {
    this.guard();
    this.map.clear();
  }

  [name: string]: unknown;
}
