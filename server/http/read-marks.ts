import express from 'express';
import { ReadMarkSchema, agentRoom, type ReadMarkAnswer, type ReadMarksView } from '../../protocol/index.js';
import type { ChatService } from '../chat/chat-service.js';
import { HubError } from '../errors.js';
import { parsePayload } from '../hub/payload.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { jsonView } from './json-view.js';

/**
 * GET /api/read-marks?rooms=lobby,task:T-1 (the caller's marks in those rooms) and PUT
 * /api/read-marks `{room, seq}` (moves one forward, in a room the caller may use): what the web
 * client counts unread messages from.
 */
export function readMarkRoutes(services: Services, chat: Pick<ChatService, 'emitNow'>): express.Router {
  const router = express.Router();
  router.use(bearerAuth(services));
  router.get(
    '/',
    jsonView(async (req): Promise<ReadMarksView> => {
      const raw = req.query.rooms;
      if (raw !== undefined && typeof raw !== 'string') throw new HubError('bad_request', 'Give rooms once, separated by commas: ?rooms=lobby,task:T-1.');
      const rooms = [...new Set((raw ?? '').split(',').filter(Boolean))];
      return { marks: await services.readMarks.forRooms(req.principal!.name, rooms) };
    }),
  );
  router.put(
    '/',
    express.json({ limit: '1kb' }),
    jsonView(async (req): Promise<ReadMarkAnswer> => {
      const { room, seq } = parsePayload(ReadMarkSchema, req.body, 'read mark');
      const stored = await services.readMarks.mark(req.principal!, room, seq);
      // The person's other tabs and devices stop counting what was read here.
      chat.emitNow(agentRoom(req.principal!.name), 'read:mark', { principal: req.principal!.name, ...stored });
      return stored;
    }),
  );
  return router;
}
