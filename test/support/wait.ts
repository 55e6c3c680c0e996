/** How long to poll, and what is awaited (for the failure when it never holds). */
export interface WaitOptions {
  what?: string;
  ms?: number;
  everyMs?: number;
}

/**
 * Polls `check` until it holds: it returns without throwing and does not return false (events
 * arrive after acks, the database settles after a hang-up). On time out it fails with the check's
 * last error, or saying what it waited for. `options` may be just the milliseconds.
 */
export async function eventually(check: () => unknown, options: WaitOptions | number = {}): Promise<void> {
  const { what = 'the check held', ms = 5000, everyMs = 20 } = typeof options === 'number' ? { ms: options } : options;
  const deadline = Date.now() + ms;
  for (;;) {
    let failure: unknown = null;
    try {
      if ((await check()) !== false) return;
    } catch (err) {
      failure = err;
    }
    if (Date.now() > deadline) throw failure ?? new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
