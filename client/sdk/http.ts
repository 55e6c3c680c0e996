import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpRoutes, httpRefusal, resultOfLine, type ChatSendAck, type CommandResult, type RecordedArtifact, type ResultOfLine, type WireError } from '../../protocol/index.js';
import { SwitchboardError } from './client.js';

/**
 * The hub over HTTP, for the CLI and scripts that want no socket: commands, and files streamed
 * both ways without holding them in memory.
 */
export class SwitchboardHttp {
  constructor(
    readonly hubUrl: string,
    private readonly token: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }

  private static async failure(res: Response): Promise<SwitchboardError> {
    return new SwitchboardError(await httpRefusal(res));
  }

  /** Runs a command line; returns the ack (ok or not). Without a room it runs in the caller's own inbox. */
  async send(line: string, room?: string, clientId?: string): Promise<ChatSendAck> {
    const res = await fetch(`${this.hubUrl}${HttpRoutes.commands}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ line, ...(room ? { room } : {}), ...(clientId ? { clientId } : {}) }),
    });
    const body = (await res.json().catch(() => null)) as ChatSendAck | null;
    if (!body) throw new SwitchboardError({ code: 'internal', message: `The hub answered HTTP ${res.status} without a body.` });
    return body;
  }

  async command<L extends string>(line: L, room?: string): Promise<CommandResult<ResultOfLine<L>>> {
    const ack = await this.send(line, room);
    if (!ack.ok) throw new SwitchboardError(ack.error);
    return resultOfLine(line, ack.result!);
  }

  /** Streams a local file into the hub's content-addressed store; returns its hash. */
  async uploadBlob(path: string): Promise<{ sha256: string; size: number; created: boolean }> {
    const { size } = await stat(path);
    const res = await fetch(`${this.hubUrl}${HttpRoutes.blobs}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/octet-stream', 'content-length': String(size) }),
      body: Readable.toWeb(createReadStream(path)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (!res.ok) throw await SwitchboardHttp.failure(res);
    return (await res.json()) as { sha256: string; size: number; created: boolean };
  }

  /** Uploads a file and records it on a task, a sprint or the project through /artifact-upload. */
  async uploadArtifact(path: string, target: string, options: { name?: string; room?: string } = {}): Promise<RecordedArtifact & { result: CommandResult<RecordedArtifact> }> {
    const { sha256 } = await this.uploadBlob(path);
    const name = options.name ?? path.split(/[\\/]/).pop()!;
    const result = await this.command(`/artifact-upload --sha256=${sha256} --name=${quote(name)} ${target}`, options.room);
    return { ...result.data, result };
  }

  /** Fetches a URL the hub handed out (a signed link needs no token) and streams it to `path`. */
  async downloadTo(url: string, path: string): Promise<number> {
    const signed = new URL(url).searchParams.has('sig');
    const res = await fetch(url, { headers: signed ? {} : this.headers() });
    if (!res.ok || !res.body) throw await SwitchboardHttp.failure(res);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(path));
    return (await stat(path)).size;
  }
}

/** Quotes a word for a command line so the hub's parser reads it back unchanged. */
export function quote(word: string): string {
  if (/^[^\s"'\\]+$/.test(word)) return word;
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
