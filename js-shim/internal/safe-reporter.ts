/**
 * The `onError` callback is the app's code, called from inside the write path, a flush or
 * a storage pass. If it throws, the exception must not cut that work short: a flush
 * stopped halfway leaves the view, the core and storage disagreeing for good. So the
 * reporter is called inside a guard, and its own failure goes to the console (it cannot go
 * to the reporter that just failed).
 */
import type { ErrorReporter } from '../types.js';

export function guardReporter(report: ErrorReporter): ErrorReporter {
  return (error: Error): void => {
    try {
      report(error);
    } catch (thrown) {
      console.error('[universal-state] the onError callback threw while reporting:', error, thrown);
    }
  };
}
