/**
 * Turns one flush into the action the extension shows: what changed and who changed it,
 * e.g. `set user.profile.name (react-mfe)`, so the history reads like a log of intent
 * rather than a list of anonymous "update"s.
 */
import type { CommittedChange, FlushInfo } from '../internal/manager-host.js';
import type { Path } from '../internal/path-subscription.js';
import { changedSubpaths } from './value-diff.js';

/** The manager may also carry the writing MFE's id (forMFE handles). */
type LabelledChange = CommittedChange & { writer?: string };

/** Paths listed per group before the rest is summarised as "+N more". */
const MAX_PATHS_IN_NAME = 3;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `user` + ['profile', 'name'] → `user.profile.name`; odd segments are bracketed. */
export function formatPath(key: string, path: Path): string {
  let out = key;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += IDENTIFIER.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Who made the change: the op's own label, else the legacy event's source for the key. */
export function changeSource(change: CommittedChange, info: FlushInfo): string {
  let source = change.source;
  if (source === undefined && change.origin === 'local') {
    source = info.legacyEvents.find((e) => e.key === change.key)?.source;
  }
  if (change.origin === 'remote') {
    if (source === undefined) return 'cross-tab';
    return source.endsWith('(cross-tab)') ? source : `${source} (cross-tab)`;
  }
  return source ?? 'unknown';
}

export interface DevtoolsAction {
  type: string;
  /** The detail behind the name, visible in the extension's Action tab. */
  changes: { path: string; op: 'set' | 'delete'; source: string; writer?: string }[];
}

/**
 * Builds the action for the changes of one flush that did not come from `skipSource`
 * (the devtools' own time travel), or null when nothing is left to report.
 */
export function describeFlush(info: FlushInfo, skipSource: string): DevtoolsAction | null {
  const changes: DevtoolsAction['changes'] = [];
  for (const change of info.changes) {
    const source = changeSource(change, info);
    if (source === skipSource) continue;
    const writer = (change as LabelledChange).writer;
    // A whole-object write is named by the fields it really changed (bounded, see value-diff.ts).
    const subpaths = change.deleted ? [[]] : changedSubpaths(change.previous, change.value);
    for (const sub of subpaths) {
      changes.push({
        path: formatPath(change.key, [...change.path, ...sub]),
        op: change.deleted ? 'delete' : 'set',
        source,
        ...(writer !== undefined ? { writer } : {}),
      });
    }
  }
  if (changes.length === 0) return null;

  // Group by (op, source) in order of first appearance, paths deduplicated.
  const groups = new Map<string, { op: string; source: string; paths: string[] }>();
  for (const c of changes) {
    const id = `${c.op}\u0000${c.source}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { op: c.op, source: c.source, paths: [] }));
    if (!group.paths.includes(c.path)) group.paths.push(c.path);
  }
  const parts = [...groups.values()].map(({ op, source, paths }) => {
    const shown = paths.slice(0, MAX_PATHS_IN_NAME).join(', ');
    const more = paths.length > MAX_PATHS_IN_NAME ? ` +${paths.length - MAX_PATHS_IN_NAME} more` : '';
    return `${op} ${shown}${more} (${source})`;
  });
  return { type: parts.join('; '), changes };
}
