/**
 * The Vue MFE's entry, loaded by the container at run time. Vue is bundled into this file
 * (see demo/README.md). It uses the Valtio-named composables, which run on either manager.
 */
import { createApp, type App as VueApp } from 'vue';
import { setGlobalValtioStateManagerVue } from '@mfe/universal-state/vue';
import type { MfeServices } from '@demo/shared/contract';
import App from './App.vue';

const apps = new Map<HTMLElement, VueApp>();

export function mount(element: HTMLElement, services: MfeServices): void {
  unmount(element);
  setGlobalValtioStateManagerVue(services.stateManager);
  const app = createApp(App, { managerName: services.stateManager.constructor.name });
  app.mount(element);
  apps.set(element, app);
}

export function unmount(element: HTMLElement): void {
  apps.get(element)?.unmount();
  apps.delete(element);
}
