import busboy from 'busboy';
import express, { type Request, type Response } from 'express';
import { PassThrough, type Readable } from 'node:stream';
import { ArtifactRecordedSchema, CODE_PATTERN, HttpRoutes, agentRoom, parseRoom, quoteArg, type ArtifactOwner, type PrincipalWithRole, type RoomName } from '../../protocol/index.js';
import { HubError, toWireError } from '../errors.js';
import type { ChatService } from '../chat/chat-service.js';
import { formatBytes, type PutResult } from '../services/blob-store.js';
import type { Services } from '../services/index.js';
import { bearerAuth } from './bearer.js';
import { HTTP_STATUS } from './status-codes.js';

/** Room for multipart framing around the file, when judging Content-Length before reading. */
const MULTIPART_SLACK = 64 * 1024;

function fail(res: Response, err: unknown): void {
  const error = toWireError(err);
  if (error.code === 'too_large') res.set('Connection', 'close');
  res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
}

/** Exactly one of task=CODE, sprint=CODE, project=1. */
export function ownerFromFields(fields: Record<string, string>): ArtifactOwner {
  const given = (['task', 'sprint', 'project'] as const).filter((k) => fields[k] !== undefined && fields[k] !== '');
  if (given.length !== 1) throw new HubError('invalid_args', 'Give exactly one of the fields task=CODE, sprint=CODE or project=1.');
  const kind = given[0]!;
  if (kind === 'project') return { kind, code: null };
  const code = fields[kind]!;
  if (!CODE_PATTERN.test(code)) throw new HubError('invalid_args', `"${code}" is not a ${kind} code.`);
  return { kind, code: code.toUpperCase() };
}

/**
 * Whether the client is still there to hear an answer. Not `req.destroyed`: a request is
 * destroyed as soon as its body has been read, long before the answer is due.
 */
function clientGone(req: Request, res: Response): boolean {
  const socket = res.socket ?? req.socket;
  return !socket || socket.destroyed;
}

/**
 * The request body as a stream the blob store may destroy on failure (too large) without
 * destroying the request, whose socket must live to carry the 413. A hang-up still fails it.
 */
function bodyOf(req: Request): Readable {
  const body = new PassThrough();
  req.on('close', () => {
    if (!req.complete) body.destroy(new HubError('bad_request', 'The upload was cut off before it finished.'));
  });
  return req.pipe(body);
}

function tooBig(req: Request, max: number): boolean {
  const length = Number(req.get('content-length'));
  return Number.isFinite(length) && length > max;
}

/** Streams one multipart request: fields into a map, the `file` part straight into the blob store. */
function receiveMultipart(req: Request, services: Services): Promise<{ fields: Record<string, string>; file: (PutResult & { filename: string; mimeType: string }) | null }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 4096, parts: 30 } });
    } catch {
      reject(new HubError('bad_request', 'Send multipart/form-data with a file part named "file".'));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<PutResult & { filename: string; mimeType: string }> | null = null;
    let fileStream: Readable | null = null;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || stored) {
        stream.resume();
        return;
      }
      fileStream = stream;
      const put = services.artifacts.blobs
        .put(stream, services.options.maxArtifactBytes)
        .then((r) => ({ ...r, filename: info.filename ?? '', mimeType: info.mimeType }));
      put.catch(reject); // too large or broken: answer now, not after the rest of the body
      stored = put;
    });
    bb.on('error', (err) => {
      fileStream?.destroy(err as Error);
      reject(new HubError('bad_request', `The upload is not valid multipart: ${(err as Error).message}.`));
    });
    bb.on('close', () => {
      if (!stored) resolve({ fields, file: null });
      else stored.then((file) => resolve({ fields, file }), () => undefined);
    });
    // A client that hangs up mid-file: fail the blob write so its chunks are removed.
    req.on('close', () => {
      if (!req.complete) {
        const cut = new HubError('bad_request', 'The upload was cut off before it finished.');
        fileStream?.destroy(cut);
        reject(cut);
      }
    });
    req.pipe(bb);
  });
}

export function artifactUploadRoutes(services: Services, chat: ChatService): express.Router {
  const router = express.Router();
  const auth = bearerAuth(services);

  // Bytes only, into the content-addressed store; the CLI then records them with /artifact-upload.
  router.post(HttpRoutes.blobs, auth, async (req, res) => {
    try {
      if (tooBig(req, services.options.maxArtifactBytes)) throw new HubError('too_large', `An artifact holds at most ${formatBytes(services.options.maxArtifactBytes)}.`);
      const put = await services.artifacts.blobs.put(bodyOf(req), services.options.maxArtifactBytes);
      res.status(201).json({ ok: true, ...put });
    } catch (err) {
      if (!res.headersSent && !clientGone(req, res)) fail(res, err);
    }
  });

  // A file with its link, in one request: what the web client's drag and drop sends. The bytes go
  // to the store here (a command carries text); the link is made by /artifact-upload, run as the
  // uploader in the owner's room, so the room sees the command and its result as if it was typed.
  router.post(HttpRoutes.artifacts, auth, async (req, res) => {
    let put: PutResult | null = null;
    let linking = false;
    try {
      if (tooBig(req, services.options.maxArtifactBytes + MULTIPART_SLACK)) throw new HubError('too_large', `An artifact holds at most ${formatBytes(services.options.maxArtifactBytes)}.`);
      const { fields, file } = await receiveMultipart(req, services);
      put = file;
      if (!file) throw new HubError('invalid_args', 'The upload has no part named "file".');
      const owner = ownerFromFields(fields);
      await services.access.assertArtifactWrite(req.principal!, owner);
      const name = (fields.name || file.filename || '').trim();
      if (!name) throw new HubError('invalid_args', 'Give the file a name (the "name" field or a file name).');
      const line = uploadLine(owner, name, file.sha256, fields.type || file.mimeType, fields.doc === '1' || fields.doc === 'true');
      const room = await uploadRoom(services, req.principal!, owner);
      linking = true;
      const ack = await services.artifacts.blobs.receipts.during(req.principal!.name, file.sha256, () => chat.send(req.principal!, { room, text: line }));
      if (!ack.ok) throw new HubError(ack.error.code, ack.error.message, ack.error.usage, { retryAfterMs: ack.error.retryAfterMs });
      const { artifact, created } = ArtifactRecordedSchema.parse(ack.result?.data);
      res.status(created ? 201 : 200).json({ ok: true, created, artifact });
    } catch (err) {
      // A command answered `unavailable` may still be running and link the bytes; if it never does, the orphan sweep removes them.
      const mayStillLink = linking && err instanceof HubError && err.code === 'unavailable';
      if (put?.created && !mayStillLink) await services.artifacts.blobs.dropIfUnused(put.sha256).catch(() => undefined);
      if (!res.headersSent && !clientGone(req, res)) fail(res, err);
    }
  });

  return router;
}

/** The /artifact-upload line that links stored bytes to `owner` under `name`. */
function uploadLine(owner: ArtifactOwner, name: string, sha256: string, type: string, doc: boolean): string {
  const target = owner.kind === 'project' ? '--project' : `--${owner.kind}=${owner.code}`;
  return `/artifact-upload --sha256=${sha256} --name=${quoteArg(name)} ${target}${type ? ` --type=${quoteArg(type)}` : ''}${doc ? ' --doc' : ''}`;
}

/**
 * The owner's room, where its artifacts are announced; the uploader's own inbox when it may not
 * use that room (a runner keeps the files of a run it holds on the run's task without being on it).
 */
async function uploadRoom(services: Services, principal: PrincipalWithRole, owner: ArtifactOwner): Promise<RoomName> {
  const { room } = await services.artifacts.ownerRooms(owner);
  return (await services.access.canUseRoom(principal, parseRoom(room)!)) ? room : agentRoom(principal.name);
}
