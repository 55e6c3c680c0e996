import { OUTPUT_TRUNCATED_MARKER, RunLimits } from '../../protocol/index.js';

/** Sends one batch; resolves once the hub stored it (a resend of the same seq is harmless). */
export type SendBatch = (seq: number, data: string) => Promise<void>;

/** `bytes` of `s` at most, never cutting a character in two. */
function cutUtf8(s: string, bytes: number): string {
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= bytes) return s;
  let end = bytes;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/**
 * A run's output on its way to the hub: gathered into batches (sent every `batchMs`, or at once
 * when `chunkBytes` are waiting), numbered from 1, sent one after another. Past `limit` bytes the
 * rest is dropped behind the truncation marker; the process goes on, its output unread no more.
 */
export class OutputStream {
  private pending = '';
  private pendingBytes = 0;
  private kept = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  truncated = false;
  /** The first failure to send, if any (the run is then reported as it is). */
  failure: Error | null = null;

  constructor(
    private readonly send: SendBatch,
    private readonly limit: number,
    private readonly batchMs: number = RunLimits.batchMs,
    private readonly chunkBytes: number = RunLimits.chunkBytes,
  ) {}

  write(text: string): void {
    if (this.truncated || !text) return;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.kept + bytes > this.limit) {
      text = cutUtf8(text, this.limit - this.kept) + OUTPUT_TRUNCATED_MARKER(this.limit);
      this.truncated = true;
    }
    this.kept += bytes;
    this.pending += text;
    this.pendingBytes += Buffer.byteLength(text, 'utf8');
    while (this.pendingBytes >= this.chunkBytes) this.cut(this.chunkBytes);
    if (this.truncated) this.cut(Infinity);
    else if (this.pending && !this.timer) this.timer = setTimeout(() => this.cut(Infinity), this.batchMs);
  }

  /** Sends what is left and waits for every batch to be stored. */
  async close(): Promise<void> {
    this.cut(Infinity);
    await this.sending;
  }

  private cut(bytes: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const data = bytes === Infinity ? this.pending : cutUtf8(this.pending, bytes) || this.pending.slice(0, 1);
    this.pending = this.pending.slice(data.length);
    this.pendingBytes = Buffer.byteLength(this.pending, 'utf8');
    const seq = ++this.seq;
    this.sending = this.sending.then(() => (this.failure ? undefined : this.send(seq, data).catch((err: Error) => void (this.failure ??= err))));
  }
}
