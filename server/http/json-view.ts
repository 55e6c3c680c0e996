import type { Request, Response } from 'express';
import { toWireError } from '../errors.js';
import { HTTP_STATUS } from './status-codes.js';

/** A read-only JSON route: `{ok: true, ...view}`, never cached, or the wire error with its HTTP status. */
export const jsonView =
  <T extends object>(view: (req: Request) => Promise<T>) =>
  async (req: Request, res: Response) => {
    try {
      res.set('Cache-Control', 'no-store');
      res.json({ ok: true, ...(await view(req)) });
    } catch (err) {
      const error = toWireError(err);
      res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
    }
  };
