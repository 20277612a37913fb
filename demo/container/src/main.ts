/**
 * The demo container: creates the manager through the flag, shows which one runs, offers
 * a control panel and a live log, and mounts three independently built MFEs side by side.
 * When everything is mounted it sets `<html data-demo-ready="true">` (the e2e tests wait
 * for it instead of sleeping).
 */
import './style.css';
import type { MfeServices } from '@demo/shared/contract';
import { manager, remote, useValtio, whenManagerReady } from './state';
import { startLog } from './log';
import { mountInto } from './mfe-loader';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

$('[data-testid="manager-name"]').textContent = manager.constructor.name;
$('[data-testid="flag"]').textContent = `VITE_USE_VALTIO_STATE=${useValtio ? 'true' : 'false'}`;
document.documentElement.dataset.manager = manager.constructor.name;
if (remote !== undefined) {
  const flag = $('[data-testid="flag"]');
  const show = (status: string) => { flag.textContent = `${useValtio ? 'VITE_USE_VALTIO_STATE=true' : ''} · devices: ${status}`; };
  show(remote.status);
  remote.onStatus(show);
}

startLog(manager, $('[data-testid="log"]'));

// The container follows the shared theme like every MFE does.
manager.subscribe<string>('theme', (theme) => {
  document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
});

$('[data-testid="clear-all"]').addEventListener('click', () => manager.clear());
$('[data-testid="reset-counter"]').addEventListener('click', () => manager.set('sharedCounter', 0, 'container'));
$('[data-testid="reload"]').addEventListener('click', () => location.reload());

const services: MfeServices = { stateManager: manager };
const slots = [...document.querySelectorAll<HTMLElement>('[data-slot]')];

await Promise.all(slots.map((slot) => mountInto(slot, slot.dataset.slot!, services)));
try {
  await whenManagerReady();
} catch (error) {
  // The manager keeps working on its JS view; say so on screen rather than hang.
  $('[data-testid="manager-name"]').textContent += ' (core not loaded)';
  console.error('[container] the state core failed to load', error);
}
// Test and console hook: the manager the page runs (also on window.__MFE_*STATE__).
Object.assign(window, { __DEMO__: { manager } });
document.documentElement.dataset.demoReady = 'true';
