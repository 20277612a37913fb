/**
 * Cross-tab sync for ValtioStateManager. A transport only: the core encodes every message
 * and decides every merge; this module moves text between the manager and other tabs.
 *
 * - Protocol v2 on its own channel `mfe-state-sync-v2`: one ops message per flush (the
 *   core's outbox); remote text goes to `host.applyRemoteMessage`, which merges through the
 *   core, so order, duplicates and loss do not matter.
 * - Catch-up: a `hello` with the core's digest on start, when the tab becomes visible again,
 *   when it resumes from being frozen, when it is restored from the back/forward cache, when a
 *   sender's sequence numbers show a lost message, and on demand. A peer whose digest differs answers with its full state
 *   (merged idempotently) and its digest; if the asker still differs after merging, it sends
 *   its own state back, so both sides end equal without a reload. Past a few per second,
 *   questions and answers are coalesced into one at the end of the second, so a flood of
 *   questions costs a handful of full-state answers.
 * - Legacy bridge (default on): the legacy manager applies every message on `mfe-state-sync`
 *   as a StateChangeEvent, so only legacy-format events are posted there; legacy events that
 *   arrive are merged through `host.applyLegacyEvent`.
 * - Tabs of an older build (from before the binary form) read only text: while one has been
 *   heard recently, every ops and state message is also sent as text (peer-forms.ts,
 *   text-form.ts). A tab announces that it reads bytes with a mark on its hello and digest,
 *   and probes once at start so that older tabs already open answer in their own form.
 * - Without BroadcastChannel, v2 messages travel over `storage` events instead.
 */
import { openBroadcastChannel, type BroadcastChannelLike } from '../internal/environment.js';
import type { FlushInfo, ManagerHost } from '../internal/manager-host.js';
import { resolveStorage } from '../persist/read.js';
import { BRIDGE_MARK, CHANNEL_LEGACY, CHANNEL_V2, encodeDigest, encodeHello, encodeProbe, readEnvelope } from './envelope.js';
import { PeerForms } from './peer-forms.js';
import { binaryToText } from './text-form.js';
import { BurstLimiter } from './burst-limiter.js';
import { createStorageChannel, type StorageEventSource } from './storage-channel.js';
import { StateSyncError } from './sync-error.js';

export type { BroadcastChannelLike } from '../internal/environment.js';
export { StateSyncError, type SyncErrorCode } from './sync-error.js';
export { CHANNEL_V2, CHANNEL_LEGACY, BRIDGE_MARK } from './envelope.js';
export { createStorageChannel } from './storage-channel.js';

export interface SyncOptions {
  /** Opens a channel by name; null when none exists. Default: BroadcastChannel. */
  channelFactory?: (name: string) => BroadcastChannelLike | null;
  /** Speak the legacy format on 'mfe-state-sync' too (mixed rollouts). Default true. */
  legacyBridge?: boolean;
  /** For the storage-event fallback; default window.localStorage. */
  storage?: Storage | null;
}

export interface SyncHandle {
  detach(): void;
  /** Asks every other tab to send what this tab is missing (and to take what it has). */
  requestCatchUp(): void;
}

/** Bounds what a flood of spoofed origins can make this tab remember. */
const MAX_TRACKED_ORIGINS = 256;

/** How soon the same catch-up question from the same tab is answered again. */
const REPEAT_ANSWER_MS = 1000;
/**
 * Full-state answers (and our own questions) per window before the rest are coalesced into
 * one at the window's end. A state message goes to every tab, so one answers every question
 * asked meanwhile: a flood of spoofed hellos and digests costs a few states, not one each.
 */
const BURST_PER_WINDOW = 4;
const WINDOW_MS = 1000;
/** Digest replies (small, addressed) owed at once; further askers still get the state. */
const MAX_DIGEST_REPLIES = 16;
/**
 * How long after last hearing a tab of an older build (one that drops bytes) this tab keeps
 * sending its ops and state as text. Renewed by every message of such a tab; long, because
 * an older tab that stays silent longer than this stops hearing us until it speaks again
 * (its hello on becoming visible gets it a catch-up), while speaking text needlessly costs
 * only speed.
 */
export const OLDER_PEER_WINDOW_MS = 30 * 60_000;

/** Map.set that keeps only the most recent MAX_TRACKED_ORIGINS senders. */
function remember<V>(map: Map<string, V>, origin: string, value: V): void {
  map.delete(origin);
  map.set(origin, value);
  if (map.size > MAX_TRACKED_ORIGINS) map.delete(map.keys().next().value as string);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function attachSync(host: ManagerHost, opts: SyncOptions = {}): SyncHandle {
  const open = opts.channelFactory ?? openBroadcastChannel;
  const win = (globalThis as { window?: StorageEventSource & EventTarget }).window ?? null;
  let v2 = safeOpen(open, CHANNEL_V2, host);
  if (v2 === null && win !== null) {
    const storage = resolveStorage(opts.storage);
    if (storage !== null) v2 = createStorageChannel(CHANNEL_V2, storage, win);
  }
  const legacy = opts.legacyBridge === false ? null : safeOpen(open, CHANNEL_LEGACY, host);
  let detached = false;

  const post = (channel: BroadcastChannelLike | null, message: unknown): void => {
    if (channel === null || detached) return;
    try {
      channel.postMessage(message);
    } catch (error) {
      host.reportError(new StateSyncError('CHANNEL_FAILED', 'could not post a cross-tab message', error));
    }
  };

  const forms = new PeerForms(OLDER_PEER_WINDOW_MS);
  /**
   * An ops or state message from the core: its bytes, then, while an older tab listens, the
   * same in text (tabs of this build skip that copy, having merged the bytes).
   */
  const postMessage = (message: string | Uint8Array | ArrayBuffer): void => {
    post(v2, message);
    if (typeof message === 'string' || !forms.speakText) return;
    let texts: string[];
    try {
      texts = binaryToText(message);
    } catch (error) {
      host.reportError(new StateSyncError('CHANNEL_FAILED', 'could not write a message as text for an older tab', error));
      return;
    }
    for (const text of texts) post(v2, text);
  };

  const onFlush = (info: FlushInfo): void => {
    if (info.outbox !== null) postMessage(info.outbox);
    for (const more of info.overflow ?? []) postMessage(more);
    for (const event of info.legacyEvents) post(legacy, { ...event, [BRIDGE_MARK]: host.origin });
  };

  /** Our digest after committing queued writes, or null before the core is loaded. */
  const currentDigest = (): string | null => {
    if (host.core === null) return null;
    host.flush();
    return host.core.digest();
  };

  const sendState = (): void => {
    if (host.core !== null) postMessage(typeof host.core.encodeStateBinary === 'function' ? host.core.encodeStateBinary() : host.core.encodeState());
  };

  // The answers owed: a state for everyone, then a digest to each asker of a hello (so it
  // can send back what we lack). Sent at once within the burst, else at the window's end.
  let stateOwed = false;
  const digestOwed = new Set<string>();
  const answers = new BurstLimiter(BURST_PER_WINDOW, WINDOW_MS, () => {
    if (detached) return;
    if (stateOwed) sendState();
    stateOwed = false;
    const digest = digestOwed.size > 0 ? currentDigest() : null;
    if (digest !== null) for (const to of digestOwed) post(v2, encodeDigest(host.origin, to, digest));
    digestOwed.clear();
  });
  const owe = (digestTo: string | null): void => {
    stateOwed = true;
    if (digestTo !== null && digestOwed.size < MAX_DIGEST_REPLIES) digestOwed.add(digestTo);
    answers.request();
  };

  // Questions are limited like answers: gaps seen in a flood of spoofed senders' sequence
  // numbers ask a few times per window, not once per gap.
  let probed = false;
  const hellos = new BurstLimiter(BURST_PER_WINDOW, WINDOW_MS, () => {
    if (detached) return;
    const digest = currentDigest();
    if (digest === null) return;
    post(v2, encodeHello(host.origin, digest));
    // Once, after the first hello (so tabs of this build know us first): older tabs answer it.
    if (!probed) for (const probe of encodeProbe(host.origin)) post(v2, probe);
    probed = true;
  });
  const sendHello = (): void => hellos.request();

  const receiveV2 = (data: unknown): void => {
    const envelope = readEnvelope(data);
    if ('error' in envelope) {
      host.reportError(new StateSyncError(envelope.error, `dropped a cross-tab message: ${envelope.message}`));
      return;
    }
    if (envelope.o === host.origin) return; // our own message (a storage-event echo, a second channel)
    // Which build is speaking decides which form we send (peer-forms.ts).
    if (typeof data !== 'string') forms.heardBytes(envelope.o);
    else if (envelope.t === 'hello' || envelope.t === 'digest') {
      if (envelope.b) forms.heardMark(envelope.o);
      else forms.heardOlderPeer();
    } else if (envelope.t === 'ops' || envelope.t === 'state') {
      if (envelope.probe === true) {
        forms.heardMark(envelope.o);
        return;
      }
      if (forms.heardText(envelope.o)) return; // the text copy of bytes already merged
    }
    switch (envelope.t) {
      case 'ops':
        host.applyRemoteMessage(data as string | Uint8Array | ArrayBuffer);
        if (envelope.s !== undefined && missedBefore(envelope.o, envelope.s)) requestCatchUp();
        return;
      case 'state':
        host.applyRemoteMessage(data as string | Uint8Array | ArrayBuffer);
        return;
      case 'hello': {
        const digest = currentDigest();
        if (digest === null || digest === envelope.d) return;
        // The same question from the same tab is answered once a second: a tab asking again
        // before our answer arrived gets no second copy; one that lost it asks again later.
        const asked = `${envelope.d}/${digest}`;
        const last = answered.get(envelope.o);
        const now = Date.now();
        if (last !== undefined && last.asked === asked && now - last.at < REPEAT_ANSWER_MS) return;
        remember(answered, envelope.o, { asked, at: now });
        owe(envelope.o);
        return;
      }
      case 'digest': {
        if (envelope.to !== host.origin) return;
        // The peer's state, sent just before this, is merged: still different means the
        // peer lacks something we have.
        const digest = currentDigest();
        if (digest !== null && digest !== envelope.d) owe(null);
        return;
      }
      default:
        host.reportError(new StateSyncError('UNKNOWN_TYPE', `dropped a cross-tab message of unknown type "${envelope.type}"`));
    }
  };

  // Sequence numbers per sender: a gap means a message was lost (a closed channel, a frozen
  // tab), so ask for a catch-up rather than wait for the next visibility change.
  const lastSeq = new Map<string, number>();
  const answered = new Map<string, { asked: string; at: number }>();
  const missedBefore = (origin: string, seq: number): boolean => {
    const last = lastSeq.get(origin);
    if (last !== undefined && seq <= last) return false; // duplicate or reordered: harmless
    remember(lastSeq, origin, seq);
    return last !== undefined && seq > last + 1;
  };

  const receiveLegacy = (data: unknown): void => {
    // Events a new manager bridged are already merged, with their real clocks, from v2.
    if (typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>)[BRIDGE_MARK] === 'string') return;
    host.applyLegacyEvent(data);
  };

  // A throwing listener or a bad message must never stop the next message from being handled.
  const guard = (handle: (data: unknown) => void) => (event: MessageEvent): void => {
    if (detached) return;
    try {
      handle(event.data);
    } catch (error) {
      host.reportError(asError(error));
    }
  };
  if (v2 !== null) v2.onmessage = guard(receiveV2);
  if (legacy !== null) legacy.onmessage = guard(receiveLegacy);
  const stopFlush = host.onFlush(onFlush);

  const requestCatchUp = (): void => {
    if (detached) return;
    if (host.core !== null) sendHello();
    else host.whenCoreReady().then(() => { if (!detached) sendHello(); }, (error: unknown) => host.reportError(asError(error)));
  };

  const doc = (globalThis as { document?: Document }).document;
  const onVisibility = (): void => {
    if (doc?.visibilityState === 'visible') requestCatchUp();
  };
  // The first pageshow is the initial load, already covered by the hello below.
  const onPageShow = (event: Event): void => { if ((event as PageTransitionEvent).persisted) requestCatchUp(); };
  doc?.addEventListener('visibilitychange', onVisibility);
  doc?.addEventListener('resume', requestCatchUp); // Page Lifecycle: a frozen tab runs again
  win?.addEventListener('pageshow', onPageShow);
  requestCatchUp();

  return {
    requestCatchUp,
    detach(): void {
      if (detached) return;
      detached = true;
      answers.cancel();
      hellos.cancel();
      stopFlush();
      doc?.removeEventListener('visibilitychange', onVisibility);
      doc?.removeEventListener('resume', requestCatchUp);
      win?.removeEventListener('pageshow', onPageShow);
      for (const channel of [v2, legacy]) {
        if (channel === null) continue;
        channel.onmessage = null;
        try {
          channel.close();
        } catch {
          // closing a channel that is already closed is not worth a report
        }
      }
    },
  };
}

function safeOpen(open: (name: string) => BroadcastChannelLike | null, name: string, host: ManagerHost): BroadcastChannelLike | null {
  try {
    return open(name);
  } catch (error) {
    host.reportError(new StateSyncError('CHANNEL_FAILED', `could not open channel "${name}"`, error));
    return null;
  }
}
