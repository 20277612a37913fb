/**
 * Which MFEs are registered with the new manager (docs/api-contract.md section 1, registerMFE). The
 * metadata is kept in JS only: it describes this tab's MFEs, not shared state.
 */
import type { MFEMetadata } from '../types.js';
import { StateValidationError, describeKey } from '../errors.js';

export type MFEMetadataInput = Partial<Omit<MFEMetadata, 'id' | 'registeredAt'>> & Record<string, unknown>;

export class MFERegistry {
  private readonly byId = new Map<string, MFEMetadata>();

  /** Validates the id (it becomes part of keys) and records the metadata with defaults. */
  register(id: string, metadata: MFEMetadataInput = {}): MFEMetadata {
    if (typeof id !== 'string' || id.length === 0 || id.includes(':')) {
      throw new StateValidationError('BAD_KEY', `MFE id must be a non-empty string without ':', got ${describeKey(id)}`);
    }
    if (metadata === null || typeof metadata !== 'object') {
      throw new StateValidationError('BAD_VALUE', `metadata for MFE "${id}" must be an object`);
    }
    const record: MFEMetadata = { framework: 'unknown', version: '0.0.0', ...copyPlain(metadata), id, registeredAt: Date.now() };
    this.byId.set(id, record);
    return record;
  }

  unregister(id: string): boolean {
    return this.byId.delete(id);
  }

  get(id: string): MFEMetadata | undefined {
    return this.byId.get(id);
  }

  list(): MFEMetadata[] {
    return [...this.byId.values()];
  }
}

/** Own enumerable members except the forbidden names, so metadata cannot pollute. */
function copyPlain(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(source)) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    out[name] = source[name];
  }
  return out;
}
