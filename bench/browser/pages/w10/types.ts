export interface StartedManager {
  get(key: string): unknown;
  set(key: string, value: unknown, source?: string): void;
}
