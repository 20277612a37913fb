/**
 * The live state-change log: one row per event a global listener hears (key, value,
 * source, time), newest first; events from another tab are marked.
 */
import type { StateChangeEvent, StateManager } from '@mfe/universal-state';

/** Rows kept on screen; older ones are dropped so a long session stays cheap. */
const MAX_ROWS = 200;
const CROSS_TAB = '(cross-tab)';

function preview(value: unknown): string {
  if (value === undefined) return '(removed)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export function startLog(manager: StateManager, body: HTMLElement): () => void {
  return manager.subscribeAll((event: StateChangeEvent) => {
    const row = document.createElement('tr');
    const crossTab = event.source.endsWith(CROSS_TAB);
    row.dataset.key = event.key;
    row.dataset.source = event.source;
    if (crossTab) row.classList.add('cross-tab');
    const time = new Date(event.timestamp).toLocaleTimeString(undefined, { hour12: false });
    row.append(cell(time), cell(event.key, 'key'), cell(preview(event.value), 'value'), cell(event.source, 'source'));
    if (crossTab) row.lastElementChild!.append(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'other tab' }));
    body.prepend(row);
    while (body.childElementCount > MAX_ROWS) body.lastElementChild!.remove();
  });
}
