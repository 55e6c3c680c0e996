import { parseArtifactRef, type ChatSendAck, type RoomName, type CommandInfo, type PrincipalWithRole } from '../../protocol/index.js';
import { catalogFor } from '../commands/catalog.js';
import type { AnyCommand } from '../commands/definition.js';
import { HubError } from '../errors.js';
import type { ChatService } from '../chat/chat-service.js';
import { previewOf } from '../services/artifact-preview.js';
import type { Services } from '../services/index.js';
import { ConnectedPort } from './connected-port.js';
import { HubConnection } from './hub-connection.js';
import type { ArtifactText, HubPort } from './hub-port.js';

/** What the hub hands its /mcp endpoint. */
export interface InProcessDeps {
  services: Services;
  chat: ChatService;
  commands: readonly AnyCommand[];
}

/**
 * The hub itself as a port: commands through ChatService.send, the catalog from the registry,
 * artifacts from the store. Its connection is a socket to this same hub (on the address the MCP
 * request came in on), so an MCP client over HTTP is online, has a session and hears room events
 * exactly like any connected client, on whichever hub of a deployment the events start.
 */
export class InProcessHubPort extends ConnectedPort implements HubPort {
  private constructor(
    private readonly deps: InProcessDeps,
    readonly principal: PrincipalWithRole,
    connection: HubConnection,
  ) {
    super(connection);
  }

  static async open(deps: InProcessDeps, principal: PrincipalWithRole, hubUrl: string, token: string): Promise<InProcessHubPort> {
    return new InProcessHubPort(deps, principal, await HubConnection.open(hubUrl, token));
  }

  async listCommands(): Promise<CommandInfo[]> {
    return catalogFor(this.deps.commands, this.principal.role);
  }

  run(room: RoomName, line: string): Promise<ChatSendAck> {
    return this.deps.chat.send(this.principal, { room, text: line });
  }

  async readArtifactText(uri: string, maxBytes: number): Promise<ArtifactText | null> {
    const ref = parseArtifactRef(uri);
    if (!ref) throw new HubError('not_found', `${uri} is not an artifact address.`);
    const resolved = await this.deps.services.artifacts.resolve(ref);
    await this.deps.services.access.assertArtifactRead(this.principal, resolved.artifact, resolved.blob._id);
    try {
      const preview = await previewOf(this.deps.services.artifacts.blobs, resolved, maxBytes);
      const name = resolved.artifact?.name ?? resolved.blob._id;
      return { name, mediaType: preview.mediaType, size: resolved.blob.size, text: preview.text, truncated: preview.truncated };
    } catch (err) {
      if (err instanceof HubError && err.code === 'unsupported_media_type') return null;
      throw err;
    }
  }
}
