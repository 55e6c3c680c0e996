import type { NextFunction, Request, Response } from 'express';
import type { CommandPrincipal } from '../commands/definition.js';
import type { Services } from '../services/index.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: CommandPrincipal;
  }
}

/** `Authorization: Bearer <token>` or 401 with the wire error shape. */
export function bearerAuth(services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const principal = m ? await services.tokens.authenticate(m[1]) : null;
    if (!principal) {
      res.status(401).json({ ok: false, error: { code: 'unauthorized', message: 'Send a valid token as Authorization: Bearer <token>.' } });
      return;
    }
    req.principal = { id: String(principal._id), name: principal.name, kind: principal.kind, role: principal.role };
    next();
  };
}
