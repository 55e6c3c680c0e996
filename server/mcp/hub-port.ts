import type { ChatSendAck, Parcel, RoomName, Task, CommandInfo, PrincipalWithRole } from '../../protocol/index.js';

/** The text of an artifact, as far as it was read. */
export interface ArtifactText {
  name: string;
  mediaType: string;
  size: number;
  text: string;
  /** The artifact is longer than `text`. */
  truncated: boolean;
}

/**
 * All the MCP server needs of a hub. Two implementations: in-process (the hub's own /mcp endpoint:
 * ChatService, the registry and the artifact store directly) and remote (`switchboard mcp` over
 * stdio: the SDK over socket.io and HTTP). Both hold a socket.io connection as the principal
 * (HubConnection) for presence, the agent's session and room events. Tools, resources and
 * prompts are written once against this.
 */
export interface HubPort {
  readonly principal: PrincipalWithRole;
  /** The commands this principal may run, as GET /api/commands describes them. */
  listCommands(): Promise<CommandInfo[]>;
  /** Sends a chat line (a /command) to a room as the principal: stored, broadcast, answered. */
  run(room: RoomName, line: string): Promise<ChatSendAck>;
  /**
   * The text of a textual artifact (at most `maxBytes`), or null when it is not text.
   * Throws SwitchboardError / HubError (not_found, ...) when there is no such artifact.
   */
  readArtifactText(uri: string, maxBytes: number): Promise<ArtifactText | null>;
  /**
   * Stores a file of the caller's machine in the hub's blob store (POST /api/blobs), for
   * artifact_upload with `file`. Only a port running where the caller's files are (stdio) has it.
   */
  uploadFile?(path: string): Promise<{ sha256: string }>;
  /** Calls `listener` on each change of the task; refused (forbidden, not_found) like joining its room. */
  watchTask(code: string, listener: (task: Task) => void): Promise<() => void>;
  /** Calls `listener` for each parcel that reaches the principal's inbox. */
  onParcel(listener: (parcel: Parcel) => void): Promise<() => void>;
  /** Ends the connection: the principal goes offline unless it has another one. */
  close(): Promise<void>;
}
