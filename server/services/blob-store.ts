import { createHash, randomUUID } from 'node:crypto';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Types, type Connection } from 'mongoose';
import type { BlobDoc } from '../db/models/blob.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import { isDuplicateKey } from './mongo-errors.js';

const BUCKET = 'cas';
/** Uploads older than this with no blob record are leftovers of a crash, safe to sweep. */
const ORPHAN_AGE_MS = 60 * 60 * 1000;

export interface PutResult {
  sha256: string;
  size: number;
  /** False when the same bytes were already stored: the upload was dropped, the old blob kept. */
  created: boolean;
}

/**
 * Content-addressed bytes in GridFS. Bytes stream in while being hashed and counted, never held
 * whole; the key is only known at the end, so an upload first lands under a fresh GridFS id and
 * becomes a blob when its `blobs` record (keyed by hash) is inserted. A failed, cut-off or
 * oversize upload, or a duplicate, has its chunks deleted.
 */
export class BlobStore {
  private readonly bucket: mongoose.mongo.GridFSBucket;

  constructor(
    private readonly conn: Connection,
    private readonly models: Models,
  ) {
    this.bucket = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName: BUCKET });
  }

  async put(source: Readable, maxBytes: number): Promise<PutResult> {
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new HubError('too_large', `An artifact holds at most ${formatBytes(maxBytes)}.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const upload = this.bucket.openUploadStream(`upload-${randomUUID()}`);
    const sink = trackedWrites(upload);
    try {
      await pipeline(source, meter, sink.stream);
    } catch (err) {
      await sink.settled(); // a chunk insert still in flight would land after the cleanup
      await this.discard(upload.id as Types.ObjectId, upload);
      throw err;
    }
    const sha256 = hash.digest('hex');
    try {
      await this.models.blobs.create({ _id: sha256, fileId: upload.id, size, linked: false, createdAt: new Date() });
      return { sha256, size, created: true };
    } catch (err) {
      await this.discard(upload.id as Types.ObjectId);
      if (isDuplicateKey(err)) return { sha256, size, created: false };
      throw err;
    }
  }

  stat(sha256: string): Promise<BlobDoc | null> {
    return this.models.blobs.findById(sha256).lean<BlobDoc>().exec();
  }

  /** Bytes `start` to `end` inclusive (the HTTP Range convention), or all of them. */
  open(blob: BlobDoc, range?: { start: number; end: number }): Readable {
    return this.bucket.openDownloadStream(blob.fileId, range ? { start: range.start, end: range.end + 1 } : undefined);
  }

  /** Drops a blob that no artifact points to (an upload whose recording was refused). */
  async dropIfUnused(sha256: string): Promise<void> {
    if (await this.models.artifacts.exists({ sha256 })) return;
    const blob = await this.models.blobs.findOneAndDelete({ _id: sha256 }).lean();
    if (blob) await this.discard(blob.fileId);
  }

  /** Marks a blob as pointed to, so the sweep keeps it. */
  async markLinked(sha256: string): Promise<void> {
    await this.models.blobs.updateOne({ _id: sha256, linked: false }, { $set: { linked: true } });
  }

  /**
   * Removes what abandoned uploads left: GridFS files and chunks that never became blobs (a crash
   * mid-upload) and blobs uploaded on their own but never recorded as an artifact.
   */
  async sweepOrphans(now = Date.now()): Promise<number> {
    const db = this.conn.db!;
    const cutoff = Types.ObjectId.createFromTime(Math.floor((now - ORPHAN_AGE_MS) / 1000));
    let swept = 0;
    for (const b of await this.models.blobs.find({ linked: false, createdAt: { $lt: new Date(now - ORPHAN_AGE_MS) } }, { _id: 1 }).lean()) {
      await this.dropIfUnused(b._id);
      swept++;
    }
    const ids = new Set<string>();
    for (const f of await db.collection(`${BUCKET}.files`).find({ _id: { $lt: cutoff } }, { projection: { _id: 1 } }).toArray()) ids.add(String(f._id));
    for (const id of await db.collection(`${BUCKET}.chunks`).distinct('files_id', { files_id: { $lt: cutoff } })) ids.add(String(id));
    for (const id of ids) {
      const fileId = new Types.ObjectId(id);
      if (await this.models.blobs.exists({ fileId })) continue;
      await this.discard(fileId);
      swept++;
    }
    return swept;
  }

  private async discard(fileId: Types.ObjectId, upload?: mongoose.mongo.GridFSBucketWriteStream): Promise<void> {
    await upload?.abort().catch(() => undefined);
    const db = this.conn.db!;
    await db.collection(`${BUCKET}.chunks`).deleteMany({ files_id: fileId });
    await db.collection(`${BUCKET}.files`).deleteOne({ _id: fileId });
  }
}

/**
 * `upload` behind a writable that knows when its last chunk write has settled. A failed pipeline
 * rejects at once, while GridFS may still be inserting a chunk: cleaning up before that insert
 * lands would leave an orphan chunk.
 */
function trackedWrites(upload: mongoose.mongo.GridFSBucketWriteStream): { stream: Writable; settled: () => Promise<void> } {
  let inFlight: Promise<void> = Promise.resolve();
  upload.on('error', () => undefined); // reported through the write and end callbacks below
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      inFlight = new Promise((settled) => {
        upload.write(chunk, (err) => {
          settled();
          done(err ?? null);
        });
      });
    },
    final(done) {
      upload.end((err?: Error | null) => done(err ?? null));
    },
  });
  return { stream, settled: () => inFlight };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
