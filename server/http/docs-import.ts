import express, { type Request, type Response } from 'express';
import { PassThrough } from 'node:stream';
import { HttpRoutes } from '../../protocol/index.js';
import { HubError, toWireError } from '../errors.js';
import type { ChatService } from '../chat/chat-service.js';
import { unpackDocsArchive } from '../services/docs-archive.js';
import { importDocs } from '../services/docs-import.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { HTTP_STATUS } from './status-codes.js';

const flag = (req: Request, name: string) => req.query[name] === '1' || req.query[name] === 'true';

/**
 * `POST /api/docs-import` with a `.tar.gz` of a docs folder as the body (admins): the remote
 * twin of /docs-import, for a folder that is not on the hub's machine. Query flags `dryRun`,
 * `createMissing` and `allFiles` as the command's options (nothing to archive: the folder is a
 * temporary copy). The archive is size-limited and its paths checked before it is unpacked.
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
      const by = { principal, emit: chat.emitNow, post: (room: Parameters<ChatService['postSystem']>[0], text: string, meta?: Record<string, unknown>) => chat.postSystem(room, text, meta) };
      const report = await importDocs(services, by, unpacked.dir, { dryRun: flag(req, 'dryRun'), createMissing: flag(req, 'createMissing'), allFiles: flag(req, 'allFiles') });
      res.json({ ok: true, ...report });
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
