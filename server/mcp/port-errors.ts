import { ERROR_CODES, type ErrorCode, type WireError } from '../../protocol/index.js';
import { clip, toWireError } from '../errors.js';

/**
 * The wire error of anything a port throws: HubError in the hub, SwitchboardError from the SDK
 * (both carry a stable code); anything else is logged (to stderr) and becomes `internal`.
 */
export function portError(err: unknown): WireError {
  if (err instanceof Error && 'code' in err && ERROR_CODES.includes(err.code as ErrorCode)) {
    const usage = 'usage' in err && typeof err.usage === 'string' ? err.usage : undefined;
    return { code: err.code as ErrorCode, message: err.message, ...(usage ? { usage } : {}) };
  }
  return toWireError(err);
}

/** `[code] sentence` plus the usage line: how an MCP client shows a refusal. */
export function describeWireError(error: WireError): string {
  return `[${error.code}] ${clip(error.message)}${error.usage ? `\nUsage: ${error.usage}` : ''}`;
}
