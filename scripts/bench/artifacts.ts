import { createHash, randomBytes, type Hash } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact, WireError } from '../../protocol/index.js';
import { taskCode, type BenchHub } from './setup.js';

export const MIB = 1024 * 1024;

/** Random bytes sent after the file in every upload, so no two uploads are the same blob (the store dedupes). */
const SUFFIX_BYTES = 16;

interface UploadAnswer {
  ok: boolean;
  created?: boolean;
  artifact?: Artifact;
  error?: WireError;
}

interface Payload {
  /** The file on disk, streamed by fetch, never read whole. */
  file: Blob;
  /** sha256 state after the file's bytes: each upload's hash is this plus its suffix. */
  head: Hash;
}

/**
 * Artifacts through the real HTTP endpoints, as a script does it: `POST /api/artifacts`
 * (multipart, a `file` part streamed from a temp file, `task=CODE`) with a member's bearer token,
 * and `GET /api/artifacts/<sha256>` streamed into a byte count. Each upload is the same temp
 * file plus a random suffix, so every one is stored anew; its answered sha256 is checked against
 * the one computed here. The temp file lives from `prepare` to `cleanup` (and is removed at exit
 * whatever happens).
 */
export class ArtifactTraffic {
  private dir: string | null = null;
  private payload: Payload | null = null;
  /** sha256 of every upload, which downloads go round. */
  private readonly stored: string[] = [];
  private uploads = 0;
  private downloads = 0;
  /** Downloads whose bytes were hashed and matched. */
  verifiedDownloads = 0;
  private readonly onExit = () => this.cleanup();

  constructor(
    private readonly bench: BenchHub,
    /** Bytes per artifact, suffix included. */
    readonly bytes: number,
    private readonly timeoutMs: number,
  ) {}

  /** Writes the temp file: `bytes` less the suffix, random. */
  async prepare(): Promise<void> {
    if (this.payload) return;
    this.dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-artifacts-'));
    process.on('exit', this.onExit);
    const path = join(this.dir, 'payload.bin');
    const bytes = randomBytes(Math.max(0, this.bytes - SUFFIX_BYTES));
    writeFileSync(path, bytes);
    this.payload = { file: await openAsBlob(path), head: createHash('sha256').update(bytes) };
  }

  cleanup(): void {
    this.payload = null;
    if (!this.dir) return;
    rmSync(this.dir, { recursive: true, force: true });
    process.off('exit', this.onExit);
    this.dir = null;
  }

  private auth(worker: number) {
    const slot = worker % this.bench.tokens.length;
    return { slot, headers: { authorization: `Bearer ${this.bench.tokens[slot]}` } };
  }

  /** One upload to the worker's task, as its member; resolves with the stored sha256. */
  async upload(worker: number): Promise<string> {
    const payload = this.payload;
    if (!payload) throw new Error('the artifact temp file is not prepared');
    const suffix = randomBytes(SUFFIX_BYTES);
    const expected = payload.head.copy().update(suffix).digest('hex');
    const { slot, headers } = this.auth(worker);
    const form = new FormData();
    form.append('task', taskCode(slot));
    form.append('file', new Blob([payload.file, suffix]), `bench-${++this.uploads}.bin`);
    const res = await fetch(`${this.bench.hub.url}/api/artifacts`, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(this.timeoutMs) });
    const body = (await res.json()) as UploadAnswer;
    if (res.status !== 201 || !body.ok || !body.created || !body.artifact) {
      throw new Error(`upload answered ${res.status}${body.error ? ` ${body.error.code}: ${body.error.message}` : body.created === false ? ' (not created: same bytes as before)' : ''}`);
    }
    if (body.artifact.sha256 !== expected || body.artifact.size !== this.bytes) {
      throw new Error(`upload stored ${body.artifact.size} bytes as ${body.artifact.sha256}, sent ${this.bytes} bytes hashing to ${expected}`);
    }
    this.stored.push(expected);
    return expected;
  }

  /** One download of a stored upload, streamed and counted; `verify` also hashes what came back. */
  async download(worker: number, verify = false): Promise<void> {
    if (!this.stored.length) throw new Error('nothing uploaded to download');
    const sha = this.stored[this.downloads++ % this.stored.length]!;
    const { headers } = this.auth(worker);
    const res = await fetch(`${this.bench.hub.url}/api/artifacts/${sha}`, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    if (res.status !== 200 || !res.body) throw new Error(`download answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const hash = verify ? createHash('sha256') : null;
    let received = 0;
    for await (const chunk of res.body) {
      received += chunk.byteLength;
      hash?.update(chunk);
    }
    if (received !== this.bytes) throw new Error(`download of ${sha} gave ${received} bytes, not ${this.bytes}`);
    if (hash) {
      const got = hash.digest('hex');
      if (got !== sha) throw new Error(`download of ${sha} gave bytes hashing to ${got}`);
      this.verifiedDownloads++;
    }
  }

  /** What the store held after a phase: the bench is its only writer. */
  storeNote(): string {
    const mib = (this.stored.length * this.bytes) / MIB;
    return `store: ${this.stored.length} blob${this.stored.length === 1 ? '' : 's'}, ${mib.toFixed(mib < 10 ? 1 : 0)} MiB`;
  }

  /** At least `count` distinct uploads to go round (made now if the upload phases did not run), one download checked by hash. */
  async ensureStored(count: number): Promise<void> {
    if (this.stored.length < count) {
      await this.prepare();
      while (this.stored.length < count) await this.upload(this.stored.length);
    }
    await this.download(0, true);
  }
}
