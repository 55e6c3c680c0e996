import { ROLES, agentRoom, taskRoom, type Parcel, type RoomName, type Task, type PrincipalWithRole } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';

/**
 * An MCP session's live connection to the hub: a socket.io client with the caller's token. It is
 * what makes the MCP client a connected client like the web app or a bot: the hub counts it for
 * presence, opens an agent's chat session on it (INIT runs then, and /init needs it), redelivers
 * queued parcels to it, and sends it the room events tools and resources listen to. The hub says
 * hello once the session is open, so a command sent after connecting finds it.
 */
export class HubConnection {
  /** How many listeners hold each joined room, so the last one to stop leaves it. */
  private readonly joined = new Map<RoomName, number>();

  private constructor(
    readonly client: SwitchboardClient,
    readonly principal: PrincipalWithRole,
  ) {}

  /** Connects; rejects as the hub refuses the connection (`unauthorized`, ...). */
  static async open(hubUrl: string, token: string): Promise<HubConnection> {
    const client = await SwitchboardClient.connect(hubUrl, token);
    const hello = client.principal!;
    const role = ROLES.find((r) => r === hello.role);
    if (!role) {
      client.close();
      throw new Error(`The hub says this token has the role "${hello.role}", which this client does not know.`);
    }
    return new HubConnection(client, { id: hello.id, name: hello.name, kind: hello.kind, role });
  }

  async watchTask(code: string, listener: (task: Task) => void): Promise<() => void> {
    const wanted = code.toUpperCase();
    const room = taskRoom(wanted);
    await this.hold(room); // refused (forbidden, not_found) as any join
    const onUpdate = (e: { task: Task }) => {
      if (e.task.code === wanted) listener(e.task);
    };
    this.client.on('task:updated', onUpdate);
    return () => {
      this.client.off('task:updated', onUpdate);
      void this.release(room);
    };
  }

  async onParcel(listener: (parcel: Parcel) => void): Promise<() => void> {
    const inbox = agentRoom(this.principal.name);
    await this.hold(inbox);
    const onNew = (e: { parcel: Parcel }) => listener(e.parcel);
    this.client.on('parcel:new', onNew);
    return () => {
      this.client.off('parcel:new', onNew);
      void this.release(inbox);
    };
  }

  close(): void {
    this.client.close();
  }

  private async hold(room: RoomName): Promise<void> {
    const count = this.joined.get(room) ?? 0;
    if (count === 0) await this.client.join(room);
    this.joined.set(room, count + 1);
  }

  private async release(room: RoomName): Promise<void> {
    const count = (this.joined.get(room) ?? 1) - 1;
    if (count > 0) return void this.joined.set(room, count);
    this.joined.delete(room);
    await this.client.leave(room).catch(() => undefined); // gone already when the socket closed
  }
}
