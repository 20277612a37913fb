/**
 * Which form this tab's ops and state messages take: bytes, unless a tab of an older build
 * (one from before the binary form, which drops bytes) has been heard recently; then text,
 * which every build reads.
 *
 * Telling an older tab apart: tabs of this build mark their `hello` / `digest` text and send
 * ops and state as bytes, so a sender is known to read bytes once it sent either. An older
 * tab sends everything as text and never marks it, so an unmarked hello or digest, or a text
 * ops/state message from a sender not known to read bytes, is an older tab speaking. Each
 * such message (re)opens a window of `windowMs` during which this tab speaks text.
 *
 * A text message from a tab of this build that is itself in its text window, heard before
 * that tab's bytes or marked hello, opens the window too: harmless, as text is read by all,
 * and it closes once that tab is heard speaking bytes or is recognised by its mark.
 */

/** Bounds what a flood of spoofed origins can make this tab remember. */
const MAX_BINARY_ORIGINS = 256;

export class PeerForms {
  private textUntil = Number.NEGATIVE_INFINITY;
  private readonly readsBytes = new Set<string>();

  constructor(private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** A sender that sent bytes or a marked hello/digest: it reads bytes. */
  heardBinaryPeer(origin: string): void {
    if (this.readsBytes.has(origin)) return;
    this.readsBytes.add(origin);
    if (this.readsBytes.size > MAX_BINARY_ORIGINS) this.readsBytes.delete(this.readsBytes.values().next().value as string);
  }

  /** An ops/state message in text: from an older tab unless its sender is known to read bytes. */
  heardTextMessage(origin: string): void {
    if (!this.readsBytes.has(origin)) this.heardOlderPeer();
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
