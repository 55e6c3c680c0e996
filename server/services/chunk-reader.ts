import { Readable } from 'node:stream';
import type { Types } from 'mongoose';
import { chunkBytes, chunkId, type Bucket, type ChunkDoc } from './blob-chunks.js';

/** Chunk lookups in flight ahead of the one being sent: hides the round trip, holds ~1 MiB. */
const READ_AHEAD = 4;

/**
 * Bytes `range.start` to `range.end` inclusive (or all) of a file written by ChunkWriter, read as
 * one `_id` lookup per chunk, a few ahead, in order; never the whole file at once. Fails like
 * GridFSBucket's reader when the files document or a chunk is missing or has the wrong size.
 */
export function readChunks(bucket: Bucket, fileId: Types.ObjectId, range?: { start: number; end: number }): Readable {
  return Readable.from(chunksOf(bucket, fileId, range), { objectMode: false });
}

async function* chunksOf(bucket: Bucket, fileId: Types.ObjectId, range?: { start: number; end: number }): AsyncGenerator<Buffer> {
  const file = await bucket.files.findOne({ _id: fileId }, { projection: { length: 1, chunkSize: 1 } });
  if (!file) throw new Error(`FileNotFound: no file with id ${String(fileId)}`);
  const { length, chunkSize } = file;
  const start = range?.start ?? 0;
  const end = range?.end ?? length - 1;
  if (end >= length) throw new Error(`end (${end}) is past the file's length (${length})`);
  if (start > end) return;
  const first = Math.floor(start / chunkSize);
  const last = Math.floor(end / chunkSize);

  const pending: Promise<ChunkDoc | null>[] = [];
  let next = first;
  const lookAhead = () => {
    while (next <= last && pending.length < READ_AHEAD) {
      const lookup = bucket.chunks.findOne({ _id: chunkId(fileId, next++) });
      lookup.catch(() => undefined); // awaited in turn below; left unawaited if the reader is closed first
      pending.push(lookup);
    }
  };
  for (let n = first; n <= last; n++) {
    lookAhead();
    const doc = await pending.shift()!;
    if (!doc || doc.n !== n || !doc.files_id.equals(fileId)) throw new Error(`ChunkIsMissing: chunk ${n} of file ${String(fileId)}`);
    const bytes = chunkBytes(doc.data);
    const expected = Math.min(chunkSize, length - n * chunkSize);
    if (bytes.length !== expected) throw new Error(`ChunkIsWrongSize: chunk ${n} of file ${String(fileId)} has ${bytes.length} bytes, expected ${expected}`);
    const from = n === first ? start - n * chunkSize : 0;
    const to = n === last ? end - n * chunkSize + 1 : expected;
    yield bytes.subarray(from, to);
  }
}
