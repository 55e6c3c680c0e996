import express from 'express';
import { z } from 'zod';
import type { InboxView } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { jsonView } from './json-view.js';

const InboxQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }).strict();

/**
 * GET /api/inbox?limit=50: the caller's own parcels, read or not, newest first, with bodies and
 * attachments (what /messages-check --status=all lists); the web client's inbox room draws them.
 * Only the caller's inbox: there is no parameter naming someone else's.
 */
export function inboxRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get(
    '/',
    bearerAuth(services),
    jsonView(async (req): Promise<InboxView> => {
      const parsed = InboxQuerySchema.safeParse(req.query);
      if (!parsed.success) throw new HubError('invalid_args', 'limit must be a whole number from 1 to 200: use ?limit=50.');
      return { parcels: await services.inbox.list(req.principal!.name, 'all', parsed.data.limit ?? 50, services.clock.now()) };
    }),
  );
  return router;
}
