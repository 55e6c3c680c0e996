import type { NextFunction, Request, Response } from 'express';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';

/**
 * Artifact downloads accept a bearer token, or a signed link (`?exp=&sig=`) made by
 * /artifact-download so a browser can fetch without a header.
 */
export function artifactReadAuth(services: Services) {
  const bearer = bearerAuth(services);
  return async (req: Request, res: Response, next: NextFunction) => {
    const url = new URL(req.originalUrl, 'http://hub');
    if (!req.get('authorization') && url.searchParams.has('sig')) {
      const ok = await services.links.verify(url.pathname, url.searchParams.get('v'), url.searchParams.get('exp'), url.searchParams.get('sig'));
      if (ok) return next();
      res.status(403).json({ ok: false, error: { code: 'forbidden', message: 'This download link is invalid or has expired; ask for a new one with /artifact-download.' } });
      return;
    }
    return bearer(req, res, next);
  };
}
