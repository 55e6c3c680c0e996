import type { ErrorCode } from '../../protocol/index.js';

/** The HTTP status for each error code: one table, used by every HTTP route. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  bad_request: 400,
  invalid_args: 400,
  unknown_command: 400,
  not_found: 404,
  already_exists: 409,
  invalid_transition: 409,
  conflict: 409,
  already_claimed: 409,
  not_ready: 409,
  too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  rate_limited: 429,
  clientTooOld: 426,
  serverTooOld: 400,
  unavailable: 503,
  internal: 500,
};
