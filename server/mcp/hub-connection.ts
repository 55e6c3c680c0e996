import { ROLES, agentRoom, taskRoom, type Parcel, type RoomName, type Task, type PrincipalWithRole } from '../../protocol/index.js';
import { SwitchboardClient } from '../../client/sdk/index.js';

/**
 * How long to wait for an agent's session to open (its INIT's first step) when that cannot be
 * asked: no INIT comes when another socket of the agent already holds the session.
 */
const SESSION_WAIT_MS = 1000;
/** Upper bound when the session can be asked for (in the hub): only a failing database hits it. */
const SESSION_PROBE_MS = 3000;

/**
 * An MCP session's live connection to the hub: a socket.io client with the caller's token. It is
 * what makes the MCP client a connected client like the web app or a bot: the hub counts it for
 * presence, opens an agent's chat session on it (INIT runs then, and /init needs it), redelivers
 * queued parcels to it, and sends it the room events tools and resources listen to.
 */
export class HubConnection {
  /** How many listeners hold each joined room, so the last one to stop leaves it. */
  private readonly joined = new Map<RoomName, number>();

  private constructor(
    readonly client: SwitchboardClient,
    readonly principal: PrincipalWithRole,
    /** Resolves once the hub has opened this connection's session (agents: INIT began), or after a wait. */
    readonly settled: Promise<void>,
  ) {}

  /**
   * Connects; rejects as the hub refuses the connection (`unauthorized`, ...). `sessionOpen`, where
   * the caller can ask the hub directly, says whether the agent's session exists yet.
   */
  static async open(hubUrl: string, token: string, sessionOpen?: () => Promise<boolean>): Promise<HubConnection> {
    const client = await SwitchboardClient.connect(hubUrl, token);
    const hello = client.principal!;
    const role = ROLES.find((r) => r === hello.role);
    if (!role) {
      client.close();
      throw new Error(`The hub says this token has the role "${hello.role}", which this client does not know.`);
    }
    const settled = hello.kind === 'agent' ? sessionOpened(client, sessionOpen) : Promise.resolve();
    return new HubConnection(client, { id: hello.id, name: hello.name, kind: hello.kind, role }, settled);
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

/**
 * The hub opens an agent's chat session (and runs INIT on it) just after accepting the socket;
 * commands that need the session (/init) must not outrun it. Resolves on INIT's first step, when
 * `sessionOpen` says so, or after a bounded wait. Listening starts right after hello: INIT needs
 * several database round trips before its first step.
 */
function sessionOpened(client: SwitchboardClient, sessionOpen?: () => Promise<boolean>): Promise<void> {
  return new Promise<void>((resolve) => {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      client.off('agent:init', done);
      resolve();
    };
    const timer = setTimeout(done, sessionOpen ? SESSION_PROBE_MS : SESSION_WAIT_MS);
    client.on('agent:init', done);
    if (!sessionOpen) return;
    void (async () => {
      while (!finished) {
        if (await sessionOpen().catch(() => false)) return done();
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
  });
}
