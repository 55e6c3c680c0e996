/** Stable error codes. Clients branch on these; the sentence that travels with them is for people. */
export const ErrorCode = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  badRequest: 'bad_request',
  invalidArgs: 'invalid_args',
  unknownCommand: 'unknown_command',
  notFound: 'not_found',
  alreadyExists: 'already_exists',
  invalidTransition: 'invalid_transition',
  conflict: 'conflict',
  alreadyClaimed: 'already_claimed',
  notReady: 'not_ready',
  tooLarge: 'too_large',
  unsupportedMediaType: 'unsupported_media_type',
  rangeNotSatisfiable: 'range_not_satisfiable',
  rateLimited: 'rate_limited',
  clientTooOld: 'clientTooOld',
  serverTooOld: 'serverTooOld',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES = Object.values(ErrorCode) as readonly ErrorCode[];

/** The error shape on the wire: in acks, HTTP bodies and MCP tool errors. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** The command's usage line, when the error is about how a command was typed. */
  usage?: string;
  /** With `rate_limited`: milliseconds to wait before sending again. */
  retryAfterMs?: number;
}
