import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import { parseArtifactRef } from '../../protocol/index.js';
import { HubError, toWireError } from '../errors.js';
import { previewOf } from '../services/artifact-preview.js';
import type { Services } from '../services/index.js';
import { artifactReadAuth } from './artifact-read-auth.js';
import { HTTP_STATUS } from './status-codes.js';

export const ARTIFACT_CSP = "sandbox; default-src 'none'";

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
function contentDisposition(name: string): string {
  const base = name.split('/').pop()!;
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/**
 * If-None-Match against our ETag (RFC 9110 13.1.2, weak comparison). Not `req.fresh`: that
 * ignores the header whenever the request says `Cache-Control: no-cache`, which fetch() adds to
 * every request carrying If-None-Match; an origin server evaluates the condition regardless.
 */
function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === etag);
}

function sendError(res: Response, err: unknown): void {
  const error = toWireError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
}

/**
 * GET /api/artifacts/<sha256> and GET /api/artifacts/<by-task|by-sprint|project>/...[?v=N]:
 * the bytes, streamed, with ETag = the hash and single Range support; `.../preview` gives the
 * first 64 KiB of a text artifact as text.
 */
export function artifactDownloadRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get('/*rest', artifactReadAuth(services), async (req: Request, res: Response) => {
    // Uploaded HTML or SVG opened from the hub's origin must not run as the hub's page: no type
    // sniffing, and a sandbox with nothing allowed, whatever the stored media type says.
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Content-Security-Policy', ARTIFACT_CSP);
    try {
      const url = new URL(req.originalUrl, 'http://hub');
      const preview = url.pathname.endsWith('/preview');
      const path = preview ? url.pathname.slice(0, -'/preview'.length) : url.pathname;
      const v = url.searchParams.get('v');
      const ref = parseArtifactRef(`${path}${v ? `?v=${encodeURIComponent(v)}` : ''}`);
      if (!ref) throw new HubError('not_found', 'Not an artifact address: use /api/artifacts/<sha256> or /api/artifacts/by-task/<TASK>/<name>.');
      const resolved = await services.artifacts.resolve(ref);
      const { artifact, blob } = resolved;
      // A signed link is its own permission; a token is checked against the artifact's owner.
      if (req.principal) await services.access.assertArtifactRead(req.principal, artifact, blob._id);

      if (preview) {
        const p = await previewOf(services.artifacts.blobs, resolved);
        res.set('Content-Type', 'text/plain; charset=utf-8');
        res.set('X-Preview-Truncated', String(p.truncated));
        res.send(p.text);
        await services.activity.daily.artifactRead(req.principal ?? null, 'preview');
        return;
      }

      const etag = `"${blob._id}"`;
      res.set('ETag', etag);
      res.set('Accept-Ranges', 'bytes');
      res.set('Content-Type', artifact?.mediaType ?? 'application/octet-stream');
      res.set('Content-Disposition', contentDisposition(artifact?.name ?? blob._id));
      // A hash or a fixed version never changes; a latest-version address may.
      res.set('Cache-Control', ref.type === 'cas' || (ref.type === 'artifact' && ref.version) ? 'private, max-age=31536000, immutable' : 'private, no-cache');
      if (notModified(req.get('if-none-match'), etag)) {
        res.status(304).end();
        return;
      }
      const ranges = req.get('range') ? req.range(blob.size) : undefined;
      if (ranges === -1) {
        res.set('Content-Range', `bytes */${blob.size}`);
        throw new HubError('range_not_satisfiable', `The range is outside the ${blob.size} bytes of this artifact.`);
      }
      const range = Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes' ? ranges[0]! : undefined;
      if (range) {
        res.status(206);
        res.set('Content-Range', `bytes ${range.start}-${range.end}/${blob.size}`);
        res.set('Content-Length', String(range.end - range.start + 1));
      } else {
        res.set('Content-Length', String(blob.size));
      }
      if (req.method === 'HEAD' || blob.size === 0) {
        res.end();
        return;
      }
      await pipeline(services.artifacts.blobs.open(blob, range), res);
      // One read of the document, not one per resumed range.
      if (!range || range.start === 0) await services.activity.daily.artifactRead(req.principal ?? null, 'download');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return; // the client went away
      sendError(res, err);
    }
  });
  return router;
}
