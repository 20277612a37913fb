/**
 * Which forms this tab's ops and state messages take: always bytes, and also text while a
 * tab of an older build (one from before the binary form, which drops bytes) has been heard
 * recently. Tabs of this build read the bytes, which come first; the text copy is for the
 * older tabs only.
 *
 * Telling an older tab apart: tabs of this build mark their `hello` / `digest` text and send
 * ops and state as bytes (their text copies always come after the bytes of the same message).
 * An older tab sends everything as text and never marks it, so an unmarked hello or digest,
 * or a text ops/state message from a sender not known to read bytes, is an older tab
 * speaking. Each such message (re)opens a window of `windowMs` during which this tab also
 * sends text.
 */

/** Bounds what a flood of spoofed origins can make this tab remember. */
const MAX_TRACKED = 256;

export class PeerForms {
  private textUntil = Number.NEGATIVE_INFINITY;
  /** Senders known to read bytes: true once they sent bytes, false when only by their mark. */
  private readonly readsBytes = new Map<string, boolean>();

  constructor(private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  private know(origin: string, sentBytes: boolean): void {
    const known = this.readsBytes.get(origin);
    if (known === true || known === sentBytes) return;
    this.readsBytes.delete(origin);
    this.readsBytes.set(origin, sentBytes);
    if (this.readsBytes.size > MAX_TRACKED) this.readsBytes.delete(this.readsBytes.keys().next().value as string);
  }

  /** A sender that sent a byte message. */
  heardBytes(origin: string): void {
    this.know(origin, true);
  }

  /** A sender whose hello/digest carried the mark of this build. */
  heardMark(origin: string): void {
    this.know(origin, false);
  }

  /**
   * A text ops/state message. Returns true when it is the text copy of what its sender
   * already sent as bytes (to be skipped: the bytes were merged, exactly); otherwise, unless
   * the sender is known to read bytes, it is an older tab speaking.
   */
  heardText(origin: string): boolean {
    const known = this.readsBytes.get(origin);
    if (known === true) return true;
    if (known === undefined) this.heardOlderPeer();
    return false;
  }

  /** An unmarked hello/digest: only an older tab sends one. */
  heardOlderPeer(): void {
    this.textUntil = this.now() + this.windowMs;
  }

  /** True while an older tab has been heard within the window. */
  get speakText(): boolean {
    return this.now() < this.textUntil;
  }
}
