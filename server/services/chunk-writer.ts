import { Writable } from 'node:stream';
import { Types } from 'mongoose';
import { CHUNK_BYTES, chunkId, deleteChunks, type Bucket } from './blob-chunks.js';

/** Chunk inserts in flight at once: the next chunk fills while the previous one is written. */
const WRITE_AHEAD = 2;

/**
 * A new GridFS file, written as chunks with derived `_id`s (see blob-chunks.ts) and then, when
 * the stream ends, its files document. `discard()` removes whatever was written, after waiting
 * for inserts still in flight: a failed pipeline rejects at once, and an insert landing after the
 * cleanup would leave an orphan chunk.
 */
export class ChunkWriter extends Writable {
  readonly fileId = new Types.ObjectId();
  private buf: Buffer;
  private filled = 0;
  private length = 0;
  /** Chunks handed to the database so far; any of them may be stored. */
  private begun = 0;
  private filesDocBegun = false;
  /** Set by discard: nothing more is written. */
  private discarded = false;
  private readonly inserts = new Set<Promise<void>>();
  private failure: Error | null = null;

  constructor(
    private readonly bucket: Bucket,
    private readonly filename: string,
    private readonly chunkSize = CHUNK_BYTES,
  ) {
    super();
    this.buf = Buffer.allocUnsafe(chunkSize);
  }

  override _write(data: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.take(data).then(() => done(), done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.finish().then(() => done(), done);
  }

  /** Removes this file's chunks and files document, once no insert is in flight. */
  async discard(): Promise<void> {
    this.discarded = true;
    while (this.inserts.size) await Promise.all([...this.inserts]);
    await deleteChunks(this.bucket, this.fileId, this.begun);
    if (this.filesDocBegun) await this.bucket.files.deleteOne({ _id: this.fileId });
  }

  private async take(data: Buffer): Promise<void> {
    for (let off = 0; off < data.length; ) {
      const n = data.copy(this.buf, this.filled, off);
      this.filled += n;
      off += n;
      if (this.filled === this.chunkSize) await this.flush();
    }
  }

  private async finish(): Promise<void> {
    if (this.filled) await this.flush();
    await this.waitBelow(1);
    this.filesDocBegun = true;
    this.track(this.bucket.files.insertOne({ _id: this.fileId, length: this.length, chunkSize: this.chunkSize, uploadDate: new Date(), filename: this.filename }));
    await this.waitBelow(1);
  }

  /** Sends the buffer as the next chunk, waiting only while WRITE_AHEAD inserts are pending. */
  private async flush(): Promise<void> {
    await this.waitBelow(WRITE_AHEAD);
    const n = this.begun++;
    const data = this.filled === this.chunkSize ? this.buf : this.buf.subarray(0, this.filled);
    this.length += this.filled;
    this.buf = Buffer.allocUnsafe(this.chunkSize);
    this.filled = 0;
    this.track(this.bucket.chunks.insertOne({ _id: chunkId(this.fileId, n), files_id: this.fileId, n, data }));
  }

  /** Waits until fewer than `limit` inserts are pending; throws the first insert failure, or if discarded. */
  private async waitBelow(limit: number): Promise<void> {
    while (this.inserts.size >= limit) await Promise.race(this.inserts);
    if (this.failure) throw this.failure;
    if (this.discarded) throw new Error('the upload was discarded');
  }

  private track(insert: Promise<unknown>): void {
    const tracked: Promise<void> = insert.then(
      () => void this.inserts.delete(tracked),
      (err: unknown) => {
        this.inserts.delete(tracked);
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      },
    );
    this.inserts.add(tracked);
  }
}
