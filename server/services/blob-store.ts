import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Types, type Connection } from 'mongoose';
import type { BlobDoc } from '../db/models/blob.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import { bucketOf, CHUNK_BYTES, chunkCount, chunksSpanned, DELETE_LOOKUPS_MAX, deleteChunks, ensureBucketIndexes, READ_LOOKUPS_MAX, type Bucket } from './blob-chunks.js';
import { readChunks } from './chunk-reader.js';
import { ChunkWriter } from './chunk-writer.js';
import { isDuplicateKey } from './mongo-errors.js';
import { UploadReceipts } from './upload-receipts.js';

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
 * oversize upload, or a duplicate, has its chunks deleted. Chunks are written with ids derived
 * from (file, n), so a short read finds them by `_id` (blob-chunks.ts); long reads, and blobs
 * GridFSBucket stored before, go through GridFSBucket.
 */
export class BlobStore {
  private readonly bucket: Bucket;
  /** Reads by `files_id`: blobs GridFSBucket stored (random chunk ids), and reads of many chunks. */
  private readonly gridfs: mongoose.mongo.GridFSBucket;
  private indexes: Promise<void> | null = null;
  /** Most chunks read, and deleted, one `_id` lookup each (see READ_LOOKUPS_MAX): all of them where lookups are indexed. */
  private readonly readLookups: number;
  private readonly deleteLookups: number;
  /** Who just streamed which bytes here, while they link them. */
  readonly receipts = new UploadReceipts();

  constructor(
    private readonly conn: Connection,
    private readonly models: Models,
    options: { indexedIdLookups: boolean } = { indexedIdLookups: false },
  ) {
    this.readLookups = options.indexedIdLookups ? Infinity : READ_LOOKUPS_MAX;
    this.deleteLookups = options.indexedIdLookups ? Infinity : DELETE_LOOKUPS_MAX;
    this.bucket = bucketOf(conn.db!, BUCKET);
    this.gridfs = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName: BUCKET });
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
    this.indexes ??= ensureBucketIndexes(this.bucket).catch((err: unknown) => {
      this.indexes = null;
      throw err;
    });
    await this.indexes;
    const upload = new ChunkWriter(this.bucket, `upload-${randomUUID()}`);
    await this.models.openUploads.create({ _id: upload.fileId, state: 'open', startedAt: new Date() });
    const close = () => this.models.openUploads.deleteOne({ _id: upload.fileId });
    try {
      await pipeline(source, meter, upload);
    } catch (err) {
      await upload.discard();
      await close();
      throw err;
    }
    const sha256 = hash.digest('hex');
    try {
      await this.models.blobs.create({ _id: sha256, fileId: upload.fileId, size, layout: 'keyed', linked: false, createdAt: new Date() });
      await close();
      return { sha256, size, created: true };
    } catch (err) {
      await upload.discard();
      await close();
      if (isDuplicateKey(err)) return { sha256, size, created: false };
      throw err;
    }
  }

  stat(sha256: string): Promise<BlobDoc | null> {
    return this.models.blobs.findById(sha256).lean<BlobDoc>().exec();
  }

  /**
   * Bytes `start` to `end` inclusive (the HTTP Range convention), or all of them. A read of a few
   * chunks of a keyed blob (written CHUNK_BYTES a chunk) looks each up by `_id`; a longer one, or
   * any read of a blob GridFSBucket stored, streams through GridFSBucket (see READ_LOOKUPS_MAX).
   */
  open(blob: BlobDoc, range?: { start: number; end: number }): Readable {
    const span = range ? chunksSpanned(range.start, range.end, CHUNK_BYTES) : chunkCount(blob.size, CHUNK_BYTES);
    if (blob.layout === 'keyed' && span <= this.readLookups) return readChunks(this.bucket, blob.fileId, range);
    return this.gridfs.openDownloadStream(blob.fileId, range ? { start: range.start, end: range.end + 1 } : undefined);
  }

  /** Drops a blob that no artifact points to (an upload whose recording was refused). */
  async dropIfUnused(sha256: string): Promise<void> {
    if (await this.models.artifacts.exists({ sha256 })) return;
    const blob = await this.models.blobs.findOneAndDelete({ _id: sha256 }).lean<BlobDoc>();
    if (blob) await this.discard(blob.fileId, blob.layout === 'keyed');
  }

  /** Marks a blob as pointed to, so the sweep keeps it. */
  async markLinked(sha256: string): Promise<void> {
    await this.models.blobs.updateOne({ _id: sha256, linked: false }, { $set: { linked: true } });
  }

  /**
   * Removes what abandoned uploads left: GridFS files and chunks that never became blobs (a crash
   * mid-upload, found by their open_uploads entry) and blobs uploaded on their own but never
   * recorded as an artifact. Both are found by equality on small sets, never by reading chunks.
   */
  async sweepOrphans(now = Date.now()): Promise<number> {
    const before = new Date(now - ORPHAN_AGE_MS);
    let swept = 0;
    for (const b of await this.models.blobs.find({ linked: false }, { _id: 1, createdAt: 1 }).lean()) {
      if (b.createdAt >= before) continue;
      await this.dropIfUnused(b._id);
      swept++;
    }
    for (const u of await this.models.openUploads.find({ state: 'open' }).lean()) {
      if (u.startedAt >= before) continue;
      if (!(await this.models.blobs.exists({ fileId: u._id }))) await this.discard(u._id, false);
      await this.models.openUploads.deleteOne({ _id: u._id });
      swept++;
    }
    return swept;
  }

  /**
   * Deletes a GridFS file and its chunks: those of a keyed file, counted from its files document,
   * by `_id` (deleteChunks); otherwise (GridFSBucket's random ids, no files document to count
   * from) by `files_id`.
   */
  private async discard(fileId: Types.ObjectId, keyed: boolean): Promise<void> {
    const file = keyed ? await this.bucket.files.findOne({ _id: fileId }, { projection: { length: 1, chunkSize: 1 } }) : null;
    if (file) await deleteChunks(this.bucket, fileId, chunkCount(file.length, file.chunkSize), this.deleteLookups);
    else await this.bucket.chunks.deleteMany({ files_id: fileId });
    await this.bucket.files.deleteOne({ _id: fileId });
  }
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
