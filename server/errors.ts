import type { ErrorCode, WireError } from '../protocol/index.js';
import { log } from './logger.js';

/** The one error class of the hub: a stable code and a sentence a person can act on. */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly usage?: string,
    readonly extra: { retryAfterMs?: number; flooding?: boolean } = {},
  ) {
    super(clip(message));
    this.name = 'HubError';
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      ...(this.usage ? { usage: this.usage } : {}),
      ...(this.extra.retryAfterMs !== undefined ? { retryAfterMs: Math.ceil(this.extra.retryAfterMs) } : {}),
    };
  }
}

/** Longest error sentence: messages quote what the caller sent, and must not echo kilobytes of it back. */
export const MAX_ERROR_CHARS = 500;

/** `text` cut to `max` characters, saying that it was cut. */
export function clip(text: string, max = MAX_ERROR_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 20)}… (${text.length - max + 20} more characters)`;
}

/** Turns anything thrown into a wire error; unexpected errors are logged once, never leaked. */
export function toWireError(err: unknown, report: (msg: string) => void = (msg) => log.error({ event: 'internal_error' }, msg)): WireError {
  if (err instanceof HubError) return err.toWire();
  if (isUnreachableDatabase(err)) {
    log.warn({ event: 'database_unreachable', error: (err as Error).name }, (err as Error).message);
    return new HubError(
      'unavailable',
      'The database cannot be reached right now; try again in a few seconds (a command resent with the same client id runs once).',
      undefined,
      { retryAfterMs: 2000 },
    ).toWire();
  }
  report(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { code: 'internal', message: 'Something went wrong on the hub; the action was not completed.' };
}

/** The driver's errors for a database it cannot reach or that stopped answering (not a refusal of the request). */
const UNREACHABLE = /^Mongo(ose)?(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed|PoolCleared|WaitQueueTimeout)Error$/;

export function isUnreachableDatabase(err: unknown): boolean {
  return err instanceof Error && UNREACHABLE.test(err.name);
}
