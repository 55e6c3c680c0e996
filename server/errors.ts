import type { ErrorCode, WireError } from '../protocol/index.js';
import { log } from './logger.js';

/** The one error class of the hub: a stable code and a sentence a person can act on. */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }

  toWire(): WireError {
    return this.usage ? { code: this.code, message: this.message, usage: this.usage } : { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into a wire error; unexpected errors are logged once, never leaked. */
export function toWireError(err: unknown, report: (msg: string) => void = (msg) => log.error({ event: 'internal_error' }, msg)): WireError {
  if (err instanceof HubError) return err.toWire();
  report(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { code: 'internal', message: 'Something went wrong on the hub; the action was not completed.' };
}
