import express, { type Request, type Response } from 'express';
import { PassThrough } from 'node:stream';
import { HttpRoutes, LOBBY, quoteArg, resultOfLine } from '../../protocol/index.js';
import { HubError, toWireError } from '../errors.js';
import type { ChatService } from '../chat/chat-service.js';
import { unpackDocsArchive } from '../services/docs-archive.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { HTTP_STATUS } from './status-codes.js';

/** How long an upload waits for its import: the folder is removed once the answer comes. */
const IMPORT_DEADLINE_MS = 10 * 60_000;

const flag = (req: Request, name: string) => req.query[name] === '1' || req.query[name] === 'true';

/**
 * `POST /api/docs-import` with a `.tar.gz` of a docs folder as the body (admins): the remote
 * twin of /docs-import, for a folder that is not on the hub's machine. The archive is
 * size-limited and its paths checked before it is unpacked into a temporary folder, which
 * /docs-import then imports in the lobby. Query flags `dryRun`, `createMissing` and `allFiles`
 * are the command's options (nothing to archive: the folder is a temporary copy).
 */
export function docsImportRoutes(services: Services, chat: ChatService): express.Router {
  const router = express.Router();
  router.post(HttpRoutes.docsImport, bearerAuth(services), async (req: Request, res: Response) => {
    let dispose: (() => Promise<void>) | null = null;
    try {
      const principal = req.principal!;
      if (principal.role !== 'admin') throw new HubError('forbidden', `Importing docs is for admins; @${principal.name} is a ${principal.role}.`);
      const max = services.options.maxArtifactBytes;
      const length = Number(req.get('content-length'));
      if (Number.isFinite(length) && length > max) throw new HubError('too_large', `The archive is ${length} bytes; at most ${max}.`);
      // The store may destroy this stream (too large) without destroying the request, whose socket carries the 413.
      const body = new PassThrough();
      req.on('close', () => {
        if (!req.complete) body.destroy(new HubError('bad_request', 'The upload was cut off before it finished.'));
      });
      const unpacked = await unpackDocsArchive(req.pipe(body), max);
      dispose = unpacked.dispose;
      // The import is a command like any other: the lobby sees it and its result, one audit trail.
      const flags = [flag(req, 'dryRun') && '--dry-run', flag(req, 'createMissing') && '--create-missing', flag(req, 'allFiles') && '--all-files'].filter(Boolean);
      const ack = await chat.send(principal, { room: LOBBY, text: ['/docs-import', quoteArg(unpacked.dir), ...flags].join(' ') }, IMPORT_DEADLINE_MS);
      if (!ack.ok) throw new HubError(ack.error.code, ack.error.message);
      const { outcomes, made } = resultOfLine('/docs-import', ack.result!).data;
      res.json({ ok: true, outcomes, made });
    } catch (err) {
      const error = toWireError(err);
      if (error.code === 'too_large') res.set('Connection', 'close');
      res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
    } finally {
      await dispose?.();
    }
  });
  return router;
}
