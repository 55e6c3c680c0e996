import { createHash } from 'node:crypto';
import mongoose, { Types } from 'mongoose';

/**
 * The GridFS layout BlobStore writes: standard `<bucket>.files` and `<bucket>.chunks` documents
 * (GridFSBucket, mongofiles or any GridFS reader reads them), except that a chunk's `_id` is
 * derived from (files_id, n) instead of random, so one chunk can be read or deleted by `_id`.
 * GridFSBucket finds chunks with `{files_id, n: {$gte}}`, which FerretDB v1 (the embedded
 * database) does not push down: it decodes and tests every chunk of every file in Go.
 */

/** GridFS's default chunk size, also that of the blobs GridFSBucket stored. */
export const CHUNK_BYTES = 255 * 1024;

/**
 * Most chunks a read fetches one `_id` lookup each; past it, one `files_id` query is cheaper.
 * FerretDB v1.24 SQLite pushes an `_id` filter down as `_ferretdb_sjson->'$._id' = ?` while its
 * `_id` index is on `_ferretdb_sjson->"_id"`: SQLite cannot use the index and scans, parsing each
 * row up to the match. Per row that is ~6x cheaper than the decoding in Go a `files_id` query
 * pays, but it is paid per lookup: reading the newest file of a 96 MiB store, `_id` lookups won
 * up to ~16 chunks. Where `_id` lookups are indexed (MongoDB, and the embedded FerretDB, built with
 * the patch in scripts/ensure.mjs that makes its filter match its index) every read goes by `_id`.
 */
export const READ_LOOKUPS_MAX = 8;

/** The same for deletes: lower, as FerretDB deletes by `_id` in a second unindexed pass (measured: even at ~5 chunks). */
export const DELETE_LOOKUPS_MAX = 4;

export interface FileDoc {
  _id: Types.ObjectId;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
}

export interface ChunkDoc {
  _id: Types.ObjectId;
  files_id: Types.ObjectId;
  n: number;
  data: mongoose.mongo.Binary | Buffer;
}

export interface Bucket {
  files: mongoose.mongo.Collection<FileDoc>;
  chunks: mongoose.mongo.Collection<ChunkDoc>;
}

export function bucketOf(db: mongoose.mongo.Db, name: string): Bucket {
  return { files: db.collection<FileDoc>(`${name}.files`), chunks: db.collection<ChunkDoc>(`${name}.chunks`) };
}

/**
 * The `_id` of chunk `n` of file `fileId`: the first 12 bytes of SHA-256(fileId, n). Still an
 * ObjectId, the type the GridFS spec gives a chunk's `_id`; readers that go by `files_id` and `n`
 * never look at it, and a clash with an id GridFSBucket made is as likely as a hash collision.
 */
export function chunkId(fileId: Types.ObjectId, n: number): Types.ObjectId {
  const key = Buffer.alloc(16);
  key.set(fileId.id, 0);
  key.writeUInt32BE(n, 12);
  return new Types.ObjectId(createHash('sha256').update(key).digest().subarray(0, 12));
}

export const chunkCount = (length: number, chunkSize: number): number => Math.ceil(length / chunkSize);

/** How many chunks bytes `start` to `end` inclusive span. */
export const chunksSpanned = (start: number, end: number, chunkSize: number): number =>
  end < start ? 0 : Math.floor(end / chunkSize) - Math.floor(start / chunkSize) + 1;

/** The bytes of a chunk's `data`, without a copy. */
export function chunkBytes(data: ChunkDoc['data']): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Buffer.from(data.buffer.buffer, data.buffer.byteOffset, data.position);
}

/**
 * Deletes chunks 0..count-1 of `fileId`: by `_id`, in one `delete` command of one statement per
 * chunk (an `{_id: {$in}}` filter is not pushed down), or past `maxLookups` by `files_id`.
 */
export async function deleteChunks(bucket: Bucket, fileId: Types.ObjectId, count: number, maxLookups = DELETE_LOOKUPS_MAX): Promise<void> {
  if (count === 0) return;
  if (count > maxLookups) {
    await bucket.chunks.deleteMany({ files_id: fileId });
    return;
  }
  const ops = Array.from({ length: count }, (_, n) => ({ deleteOne: { filter: { _id: chunkId(fileId, n) } } }));
  await bucket.chunks.bulkWrite(ops, { ordered: false });
}

/** The indexes GridFSBucket makes, so that other GridFS readers stay fast on MongoDB. */
export async function ensureBucketIndexes(bucket: Bucket): Promise<void> {
  await bucket.files.createIndex({ filename: 1, uploadDate: 1 });
  await bucket.chunks.createIndex({ files_id: 1, n: 1 }, { unique: true });
}
