import type { NextFunction, Request, Response } from 'express';
import type { WireError, PrincipalWithRole } from '../../protocol/index.js';
import { withDeadline } from '../deadline.js';
import { toWireError } from '../errors.js';
import type { Services } from '../services/index.js';
import { HTTP_STATUS } from './status-codes.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: PrincipalWithRole;
  }
}

/**
 * `Authorization: Bearer <token>` or 401 with the wire error shape; then the principal's rate
 * limit for `bucket` (429 `rate_limited` with Retry-After when over it).
 */
export function bearerAuth(services: Services, bucket: 'http' | 'mcp' = 'http') {
  return async (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    let principal;
    try {
      principal = m ? await withDeadline(services.tokens.authenticate(m[1]), services.deadlineMs) : null;
    } catch (err) {
      refuse(res, toWireError(err));
      return;
    }
    if (!principal) {
      res.status(401).json({ ok: false, error: { code: 'unauthorized', message: 'Send a valid token as Authorization: Bearer <token>.' } });
      return;
    }
    req.principal = principal;
    try {
      await services.rateLimits.request(bucket, req.principal.id);
    } catch (err) {
      refuse(res, toWireError(err));
      return;
    }
    next();
  };
}

/** The wire error with its HTTP status, and when to try again if the hub knows. */
function refuse(res: Response, error: WireError): void {
  if (error.retryAfterMs) res.set('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
  res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
}
