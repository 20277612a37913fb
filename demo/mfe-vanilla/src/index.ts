/**
 * The vanilla MFE: no framework, only the StateManager contract. It reads through
 * `subscribe` (called at once with the current value, then on every change, including
 * `undefined` after a clear) and writes with `set`, labelling each write with its id.
 */
import type { MfeServices } from '@demo/shared/contract';
import { SHARED_KEYS, type UserProfile } from '@demo/shared/contract';

export const MFE_ID = 'vanilla-mfe';
const OWN_KEY = `mfe:${MFE_ID}:pings`;

interface Mounted {
  unsubscribes: (() => void)[];
}
const mounted = new Map<HTMLElement, Mounted>();

function row(label: string, testId: string): [HTMLElement, HTMLElement] {
  const el = document.createElement('div');
  el.className = 'row';
  const name = Object.assign(document.createElement('span'), { className: 'label', textContent: label });
  const value = Object.assign(document.createElement('span'), { className: 'value' });
  value.dataset.testid = testId;
  el.append(name, value);
  return [el, value];
}

function button(label: string, testId: string, onClick: () => void): HTMLButtonElement {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  b.dataset.testid = testId;
  b.addEventListener('click', onClick);
  return b;
}

export function mount(element: HTMLElement, { stateManager: manager }: MfeServices): void {
  unmount(element);
  manager.registerMFE(MFE_ID, { framework: 'vanilla', version: '1.0.0' });

  const card = document.createElement('div');
  card.className = 'card';
  card.dataset.mfe = MFE_ID;
  const [profileRow, profile] = row('profile', `${MFE_ID}-profile`);
  const [themeRow, theme] = row('theme', `${MFE_ID}-theme`);
  const [counterRow, counter] = row('shared counter', `${MFE_ID}-counter`);
  const [ownRow, own] = row(OWN_KEY, `${MFE_ID}-own`);

  const actions = document.createElement('div');
  actions.className = 'actions';
  const count = () => manager.get<number>(SHARED_KEYS.counter) ?? 0;
  actions.append(
    button('counter +1', `${MFE_ID}-increment`, () => manager.set(SHARED_KEYS.counter, count() + 1, MFE_ID)),
    button('counter −1', `${MFE_ID}-decrement`, () => manager.set(SHARED_KEYS.counter, count() - 1, MFE_ID)),
    button('toggle theme', `${MFE_ID}-theme-toggle`, () =>
      manager.set(SHARED_KEYS.theme, manager.get(SHARED_KEYS.theme) === 'dark' ? 'light' : 'dark', MFE_ID),
    ),
    button('ping +1', `${MFE_ID}-own-increment`, () => manager.set(OWN_KEY, (manager.get<number>(OWN_KEY) ?? 0) + 1, MFE_ID)),
  );
  const note = Object.assign(document.createElement('p'), {
    className: 'note',
    textContent: `Vanilla · subscribe on ${manager.constructor.name}`,
  });
  card.append(profileRow, themeRow, counterRow, ownRow, actions, note);

  // subscribe() does not call back for an absent key, so each field starts from its default.
  const show = (el: HTMLElement, text: string) => (el.textContent = text);
  show(profile, ' <>');
  show(theme, 'light');
  show(counter, '0');
  show(own, '0');
  const unsubscribes = [
    manager.subscribe<UserProfile>(SHARED_KEYS.user, (u) => show(profile, `${u?.name ?? ''} <${u?.email ?? ''}>`)),
    manager.subscribe<string>(SHARED_KEYS.theme, (t) => show(theme, t ?? 'light')),
    manager.subscribe<number>(SHARED_KEYS.counter, (n) => show(counter, String(n ?? 0))),
    manager.subscribe<number>(OWN_KEY, (n) => show(own, String(n ?? 0))),
  ];
  element.replaceChildren(card);
  card.dataset.mfeReady = 'true';
  mounted.set(element, { unsubscribes });
}

export function unmount(element: HTMLElement): void {
  const m = mounted.get(element);
  if (!m) return;
  for (const off of m.unsubscribes) off();
  element.replaceChildren();
  mounted.delete(element);
}
