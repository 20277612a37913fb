/**
 * Bounds how often a costly broadcast runs: at once while the current window has had fewer
 * than `burst` runs, otherwise once at the window's end, however many requests came in
 * meanwhile. The caller keeps what is owed (who asked) and `run` sends all of it, so a flood
 * of requests costs `burst` runs per window plus one, and nobody's request is lost.
 */
export class BurstLimiter {
  private windowStart = -Infinity;
  private runs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly burst: number, private readonly windowMs: number, private readonly run: () => void) {}

  request(): void {
    if (this.timer !== null) return; // already folded into the run at the window's end
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.runs = 0;
    }
    if (this.runs < this.burst) {
      this.runs++;
      this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.windowStart = Date.now();
      this.runs = 1;
      this.run();
    }, Math.max(0, this.windowStart + this.windowMs - now));
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
