import { HttpRoutes, PREVIEW_BYTES, httpRefusal, artifactHttpPath, parseArtifactRef, type ChatSendAck, type RoomName, type CommandInfo, type PrincipalWithRole } from '../../protocol/index.js';
import { SwitchboardError, SwitchboardHttp } from '../../client/sdk/index.js';
import { isTextual } from '../services/media-types.js';
import { ConnectedPort } from './connected-port.js';
import { HubConnection } from './hub-connection.js';
import type { ArtifactText, HubPort } from './hub-port.js';

/** A cut in the middle of a multi-byte character decodes as U+FFFD at the end: drop it. */
const decodeHead = (bytes: ArrayBuffer, cut: boolean) => {
  const text = new TextDecoder('utf-8').decode(bytes);
  return cut ? text.replace(/\uFFFD+$/, '') : text;
};

/**
 * A hub reached from another process (`switchboard mcp` over stdio): commands and events over
 * socket.io with the SDK, the command catalog and artifact bytes over HTTP, all with one token.
 */
export class RemoteHubPort extends ConnectedPort implements HubPort {
  private constructor(
    connection: HubConnection,
    private readonly hubUrl: string,
    private readonly token: string,
  ) {
    super(connection);
  }

  /** Connects; rejects as the hub refuses the connection (`unauthorized`, ...). */
  static async connect(hubUrl: string, token: string): Promise<RemoteHubPort> {
    const url = hubUrl.replace(/\/+$/, '');
    return new RemoteHubPort(await HubConnection.open(url, token), url, token);
  }

  get principal(): PrincipalWithRole {
    return this.connection.principal;
  }

  async listCommands(): Promise<CommandInfo[]> {
    const res = await this.get(HttpRoutes.commands);
    return ((await res.json()) as { commands: CommandInfo[] }).commands;
  }

  run(room: RoomName, line: string): Promise<ChatSendAck> {
    return this.connection.client.send(room, line);
  }

  uploadFile(path: string): Promise<{ sha256: string }> {
    return new SwitchboardHttp(this.hubUrl, this.token).uploadBlob(path);
  }

  async readArtifactText(uri: string, maxBytes: number): Promise<ArtifactText | null> {
    const ref = parseArtifactRef(uri);
    if (!ref) throw new SwitchboardError({ code: 'not_found', message: `${uri} is not an artifact address.` });
    const path = artifactHttpPath(ref);
    const version = ref.type === 'artifact' && ref.version ? `?v=${ref.version}` : '';
    // The hub's preview decides what is text (it sniffs untyped bytes too), as for /artifact-preview.
    const preview = await this.request(`${path}/preview${version}`);
    if (!preview.ok) {
      const refusal = await this.refusal(preview, path);
      if (refusal.code === 'unsupported_media_type') return null;
      throw refusal;
    }
    const head = await this.get(`${path}${version}`, { method: 'HEAD' });
    const size = Number(head.headers.get('content-length') ?? 0);
    const declared = (head.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
    let text = await preview.text();
    let truncated = preview.headers.get('x-preview-truncated') === 'true';
    if (truncated && maxBytes > PREVIEW_BYTES) {
      const more = await this.get(`${path}${version}`, { headers: { range: `bytes=0-${maxBytes - 1}` } });
      truncated = size > maxBytes;
      text = decodeHead(await more.arrayBuffer(), truncated);
    }
    const name = ref.type === 'cas' ? ref.sha256 : ref.name;
    return { name, mediaType: isTextual(declared) ? declared : 'text/plain', size, text, truncated };
  }

  /** An authorised request; throws only when the hub cannot be reached. */
  private async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    try {
      return await fetch(`${this.hubUrl}${path}`, { ...init, headers: { authorization: `Bearer ${this.token}`, ...init.headers } });
    } catch (err) {
      throw new SwitchboardError({ code: 'unavailable', message: `The hub at ${this.hubUrl} did not answer: ${(err as Error).message}.` });
    }
  }

  /** An authorised request that must succeed; a refusal throws with the hub's code and sentence. */
  private async get(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await this.request(path, init);
    if (!res.ok) throw await this.refusal(res, path);
    return res;
  }

  private async refusal(res: Response, path: string): Promise<SwitchboardError> {
    return new SwitchboardError(await httpRefusal(res, path));
  }
}
