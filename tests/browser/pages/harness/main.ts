// Harness self-check page: proves the served pages of one context share BroadcastChannel
// and localStorage, which every multi-tab test relies on.
const received: unknown[] = [];
const channel = new BroadcastChannel('harness-self-check');
channel.onmessage = (e) => received.push(e.data);
Object.assign(window, {
  __harness: {
    received,
    post: (msg: unknown) => channel.postMessage(msg),
    store: (k: string, v: string) => localStorage.setItem(k, v),
    read: (k: string) => localStorage.getItem(k),
  },
});
document.title = 'ready';
