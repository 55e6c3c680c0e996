import express, { type Request, type Response } from 'express';
import { ReadMarkSchema, type ReadMarkAnswer, type ReadMarksView } from '../../protocol/index.js';
import { toWireError } from '../errors.js';
import { parsePayload } from '../hub/payload.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { HTTP_STATUS } from './status-codes.js';

const answer =
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

/**
 * GET /api/read-marks (the caller's marks) and PUT /api/read-marks `{room, seq}` (moves one
 * forward, in a room the caller may use): what the web client counts unread messages from.
 */
export function readMarkRoutes(services: Services): express.Router {
  const router = express.Router();
  router.use(bearerAuth(services));
  router.get(
    '/',
    answer(async (req): Promise<ReadMarksView> => ({ marks: await services.readMarks.forPrincipal(req.principal!.name) })),
  );
  router.put(
    '/',
    express.json({ limit: '1kb' }),
    answer(async (req): Promise<ReadMarkAnswer> => {
      const { room, seq } = parsePayload(ReadMarkSchema, req.body, 'read mark');
      return services.readMarks.mark(req.principal!, room, seq);
    }),
  );
  return router;
}
