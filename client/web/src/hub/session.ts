import {
  HttpRoutes,
  LOBBY,
  Limits,
  agentRoom,
  sprintRoom,
  taskRoom,
  type ArtifactOwner,
  type ChatMessage,
  type ChatSendAck,
  type CommandInfo,
  type DashboardData,
  type DirectoryView,
  type HelloEvent,
  type InboxView,
  type Parcel,
  type ReadMarksView,
  type SprintView,
  type TaskView,
} from '../../../../protocol/index.js';
import { newClientId, SwitchboardClient } from '../../../sdk/client.js';
import { applyDashboardEvent, type DashboardEvent } from '../logic/dashboard-state.js';
import { emptyDirectory, sidebarSprints, sidebarTasks, withPresence, withSprint, withTask } from '../logic/directory.js';
import {
  emptyTimeline,
  firstSeq,
  lastSeq,
  withAck,
  withJoined,
  withMessages,
  withOlder,
  withPending,
  withRefused,
  withSendFailed,
  withoutRefused,
  type Timeline,
} from '../logic/timeline.js';
import { quoteArg } from '../logic/format.js';
import { mergeReadMarks, withReadMark } from '../logic/unread.js';
import { getJson, putJson } from './http.js';
import { notifyMention, notifyParcel } from './notifications.js';
import { Store } from './store.js';

export type Me = HelloEvent['principal'];

export interface HubState {
  connection: 'online' | 'reconnecting';
  me: Me;
  commands: CommandInfo[];
  directory: DirectoryView;
  timelines: Record<string, Timeline>;
  readMarks: Record<string, number>;
  dashboard: DashboardData | null;
  taskViews: Record<string, TaskView>;
  sprintViews: Record<string, SprintView>;
  /** My inbox's parcels by id (bodies included): loaded when the inbox or dashboard opens, then live. */
  parcels: Record<string, Parcel>;
  /** Goes up on every `artifact:new`, so open artifact lists reload. */
  artifactsChanged: number;
}

const PAGE = Limits.joinHistory;
/** Rooms per read-marks request (the hub takes up to 200). */
const READ_MARK_ROOMS = 100;

/**
 * One signed-in browser tab: the socket (with catch-up after reconnects, from the SDK), the
 * state every view reads, and the few things a person does (send, page back, read, refresh).
 */
export class HubSession {
  readonly store: Store<HubState>;
  private readonly joining = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Rooms whose mark was asked of the hub at least once: a room never read there is not asked again on join. */
  private readonly marksAsked = new Set<string>();
  /** Called when the hub refuses the token (revoked while signed in). */
  onSignedOut: () => void = () => undefined;

  private constructor(
    readonly token: string,
    readonly client: SwitchboardClient,
  ) {
    const me = client.principal!;
    this.store = new Store<HubState>({
      connection: 'online',
      me,
      commands: [],
      directory: emptyDirectory(),
      timelines: {},
      readMarks: {},
      dashboard: null,
      taskViews: {},
      sprintViews: {},
      parcels: {},
      artifactsChanged: 0,
    });
    this.listen();
  }

  /** Connects with `token`; rejects with the hub's refusal (`unauthorized`, ...). */
  static async open(token: string): Promise<HubSession> {
    const client = await SwitchboardClient.connect(window.location.origin, token, {
      ackTimeoutMs: 10000,
      retries: 2,
      socket: { reconnectionDelayMax: 4000 },
    });
    const session = new HubSession(token, client);
    await session.loadBasics();
    return session;
  }

  get me(): Me {
    return this.store.get().me;
  }

  get inbox(): string {
    return agentRoom(this.me.name);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.client.close();
  }

  private async loadBasics(): Promise<void> {
    const [catalog, directory] = await Promise.all([
      getJson<{ commands: CommandInfo[] }>(this.token, HttpRoutes.commands),
      getJson<DirectoryView>(this.token, `${HttpRoutes.orchestration}/directory`),
    ]);
    this.store.set((s) => ({ ...s, commands: catalog.commands, directory: { sprints: directory.sprints, tasks: directory.tasks, principals: directory.principals } }));
    await this.fetchReadMarks([LOBBY, this.inbox, ...this.sidebarRooms()]);
    await Promise.all([this.ensureJoined(LOBBY), this.ensureJoined(this.inbox)]);
    void this.joinSidebarRooms();
  }

  /** Rooms whose messages make unread counts: open sprints and the tasks the sidebar lists. */
  private sidebarRooms(): string[] {
    const { directory, me } = this.store.get();
    const sprints = sidebarSprints(directory).filter((s) => s.status === 'active' || s.status === 'planned');
    return [...sprints.map((s) => sprintRoom(s.code)), ...sidebarTasks(directory, me.name).map((t) => taskRoom(t.code))];
  }

  private async joinSidebarRooms(): Promise<void> {
    for (const room of this.sidebarRooms()) await this.ensureJoined(room).catch(() => undefined);
  }

  /* ---- rooms and messages ---- */

  private timeline(room: string): Timeline {
    return this.store.get().timelines[room] ?? emptyTimeline();
  }

  private setTimeline(room: string, change: (t: Timeline) => Timeline): void {
    this.store.set((s) => ({ ...s, timelines: { ...s.timelines, [room]: change(s.timelines[room] ?? emptyTimeline()) } }));
  }

  /** Joins once (again after a reconnect the SDK does it); the first visit marks what is there as read. */
  ensureJoined(room: string): Promise<void> {
    if (this.timeline(room).joined) return Promise.resolve();
    const running = this.joining.get(room);
    if (running) return running;
    // The hub's mark first (another device may have read here), so a first visit is told from a return.
    const known = this.store.get().readMarks[room] !== undefined || this.marksAsked.has(room);
    const work = (known ? Promise.resolve() : this.fetchReadMarks([room]).catch(() => undefined))
      .then(() => this.client.join(room))
      .then((messages) => {
        this.setTimeline(room, (t) => withJoined(t, messages, PAGE));
        if (this.store.get().readMarks[room] === undefined) this.markRead(room);
      })
      .finally(() => this.joining.delete(room));
    this.joining.set(room, work);
    return work;
  }

  /** The page before the oldest message held; false when there is nothing older. */
  async loadOlder(room: string): Promise<boolean> {
    const t = this.timeline(room);
    const before = firstSeq(t);
    if (!t.hasOlder || before === null || before <= 1) {
      this.setTimeline(room, (x) => ({ ...x, hasOlder: false }));
      return false;
    }
    const page = await this.client.history({ room, before, limit: PAGE });
    this.setTimeline(room, (x) => withOlder(x, page, PAGE));
    return page.length > 0;
  }

  /** Sends text or a command: shown at once, confirmed by the ack; a refusal comes back with its usage line. */
  async send(room: string, text: string, clientId = newClientId()): Promise<ChatSendAck> {
    this.setTimeline(room, (t) => withPending(t, { clientId, text, createdAt: new Date().toISOString(), state: 'sending' }));
    try {
      const ack = await this.client.send(room, text, clientId);
      if (ack.ok) {
        this.setTimeline(room, (t) => withAck(t, clientId, ack.message));
        this.markRead(room);
      } else this.setTimeline(room, (t) => withRefused(t, clientId, ack.error));
      return ack;
    } catch {
      this.setTimeline(room, (t) => withSendFailed(t, clientId));
      return { ok: false, error: { code: 'unavailable', message: 'The hub did not answer; the message was kept so you can send it again.' } };
    }
  }

  /** Sends a failed message again with its client id: the hub stores it once whatever happened before. */
  retry(room: string, clientId: string): Promise<ChatSendAck> | null {
    const p = this.timeline(room).pending.find((x) => x.clientId === clientId);
    return p ? this.send(room, p.text, clientId) : null;
  }

  dismissRefused(room: string, clientId: string): void {
    this.setTimeline(room, (t) => withoutRefused(t, clientId));
  }

  /** Marks what the room shows as read, here at once and on the hub soon after (one write per quiet moment). */
  markRead(room: string): void {
    const seq = lastSeq(this.timeline(room));
    const before = this.store.get().readMarks;
    const next = before[room] === undefined ? { ...before, [room]: seq } : withReadMark(before, room, seq);
    if (next === before) return;
    this.store.set((s) => ({ ...s, readMarks: next }));
    this.soon(`read:${room}`, async () => {
      const seqNow = this.store.get().readMarks[room];
      if (seqNow !== undefined) await putJson(this.token, HttpRoutes.readMarks, { room, seq: seqNow });
    }, 150);
  }

  /** What other tabs and devices of mine read while this one was away (live, `read:mark` tells), in the rooms it follows. */
  refreshReadMarks(): Promise<void> {
    return this.fetchReadMarks(Object.keys(this.store.get().timelines));
  }

  private async fetchReadMarks(rooms: string[]): Promise<void> {
    for (const room of rooms) this.marksAsked.add(room);
    for (let at = 0; at < rooms.length; at += READ_MARK_ROOMS) {
      const chunk = rooms.slice(at, at + READ_MARK_ROOMS).map(encodeURIComponent).join(',');
      const { marks } = await getJson<ReadMarksView>(this.token, `${HttpRoutes.readMarks}?rooms=${chunk}`);
      this.store.set((s) => {
        const merged = mergeReadMarks(s.readMarks, marks);
        return merged === s.readMarks ? s : { ...s, readMarks: merged };
      });
    }
  }

  /* ---- my inbox ---- */

  async loadInbox(): Promise<void> {
    const { parcels } = await getJson<InboxView>(this.token, `${HttpRoutes.inbox}?limit=100`);
    this.store.set((s) => ({ ...s, parcels: { ...s.parcels, ...Object.fromEntries(parcels.map((p) => [p.id, p])) } }));
  }

  private setParcel(id: string, change: (p: Parcel) => Parcel): void {
    this.store.set((s) => (s.parcels[id] ? { ...s, parcels: { ...s.parcels, [id]: change(s.parcels[id]) } } : s));
  }

  /** `/message-read ID` in my inbox room: the hub marks it read (for every device), the card follows. */
  async markParcelRead(id: string): Promise<ChatSendAck> {
    const ack = await this.send(this.inbox, `/message-read ${id}`);
    if (ack.ok) this.setParcel(id, (p) => ({ ...p, status: 'read', readAt: new Date().toISOString() }));
    return ack;
  }

  /** `/message-send @sender "Re: subject" "body" --reply-to=ID` in my inbox room: same thread, same task. */
  replyTo(parcel: Parcel, body: string): Promise<ChatSendAck> {
    const subject = parcel.subject.startsWith('Re: ') ? parcel.subject : `Re: ${parcel.subject}`;
    const task = parcel.task ? ` --task=${parcel.task}` : '';
    return this.send(this.inbox, `/message-send @${parcel.from.name} ${quoteArg(subject.slice(0, 200))} ${quoteArg(body)} --reply-to=${parcel.id}${task}`);
  }

  /* ---- views over HTTP ---- */

  async refreshDashboard(): Promise<void> {
    const data = await getJson<DashboardData & { ok: boolean }>(this.token, `${HttpRoutes.orchestration}/dashboard`);
    const { ok: _ok, ...dashboard } = data;
    this.store.set((s) => ({ ...s, dashboard }));
  }

  async refreshDirectory(): Promise<void> {
    const d = await getJson<DirectoryView>(this.token, `${HttpRoutes.orchestration}/directory`);
    this.store.set((s) => ({ ...s, directory: { sprints: d.sprints, tasks: d.tasks, principals: d.principals } }));
  }

  async refreshTask(code: string): Promise<void> {
    const view = await getJson<TaskView>(this.token, `${HttpRoutes.orchestration}/tasks/${encodeURIComponent(code)}`);
    this.store.set((s) => ({ ...s, taskViews: { ...s.taskViews, [code]: { task: view.task, activity: view.activity, artifacts: view.artifacts } } }));
  }

  async refreshSprint(code: string): Promise<void> {
    const view = await getJson<SprintView>(this.token, `${HttpRoutes.orchestration}/sprints/${encodeURIComponent(code)}`);
    this.store.set((s) => ({ ...s, sprintViews: { ...s.sprintViews, [code]: { sprint: view.sprint, tasks: view.tasks, artifacts: view.artifacts } } }));
  }

  /** Runs `work` once after a quiet moment, however many events asked for it. */
  private soon(key: string, work: () => Promise<void>, ms = 250): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void work().catch(() => undefined);
      }, ms),
    );
  }

  private refreshViewsOf(owner: ArtifactOwner | { kind: 'task' | 'sprint'; code: string }): void {
    const { taskViews, sprintViews } = this.store.get();
    if (owner.kind === 'task' && taskViews[owner.code]) this.soon(`task:${owner.code}`, () => this.refreshTask(owner.code));
    if (owner.kind === 'sprint' && sprintViews[owner.code]) this.soon(`sprint:${owner.code}`, () => this.refreshSprint(owner.code));
  }

  /* ---- live events ---- */

  private dashboardEvent(e: DashboardEvent): void {
    this.store.set((s) => (s.dashboard ? { ...s, dashboard: applyDashboardEvent(s.dashboard, e) } : s));
  }

  private listen(): void {
    const c = this.client;
    const received = (m: ChatMessage) => this.setTimeline(m.room, (t) => (t.joined ? withMessages(t, [m]) : t));
    c.on('chat:message', received);
    c.onMissed(received);
    c.on('task:updated', (event) => {
      this.store.set((s) => ({ ...s, directory: withTask(s.directory, event.task) }));
      this.dashboardEvent({ type: 'task:updated', event });
      this.refreshViewsOf({ kind: 'task', code: event.task.code });
      this.refreshViewsOf({ kind: 'sprint', code: event.task.sprint });
      if (event.change === 'created' || event.change === 'assignee') void this.joinSidebarRooms();
    });
    c.on('sprint:updated', (event) => {
      this.store.set((s) => ({ ...s, directory: withSprint(s.directory, event.sprint) }));
      this.dashboardEvent({ type: 'sprint:updated', event });
      this.refreshViewsOf({ kind: 'sprint', code: event.sprint.code });
      if (event.change === 'created' || event.change === 'status') void this.joinSidebarRooms();
    });
    c.on('activity:new', (event) => {
      this.dashboardEvent({ type: 'activity:new', event });
      // What an event alone cannot tell (a task of mine in a sprint whose room I am not in): ask again.
      if (this.store.get().dashboard) this.soon('dashboard', () => this.refreshDashboard(), 600);
    });
    c.on('mention', (event) => notifyMention(event, this.me.name));
    c.on('read:mark', (event) => {
      if (event.principal !== this.me.name) return;
      this.store.set((s) => {
        const merged = mergeReadMarks(s.readMarks, { [event.room]: event.seq });
        return merged === s.readMarks ? s : { ...s, readMarks: merged };
      });
    });
    c.on('presence', (event) => {
      this.store.set((s) => ({ ...s, directory: withPresence(s.directory, event) }));
      this.dashboardEvent({ type: 'presence', event });
    });
    c.on('parcel:new', ({ parcel }) => {
      // An admin looking into another inbox hears its parcels too: only mine become cards and notifications.
      if (parcel.to !== this.me.name) return;
      this.store.set((s) => ({ ...s, parcels: { ...s.parcels, [parcel.id]: parcel } }));
      notifyParcel(parcel, this.me.name);
      // The browser has it (its line is in the inbox room): acknowledged, so it is not sent again on every reconnect.
      void c.socket.emitWithAck('parcel:ack', { id: parcel.id }).catch(() => undefined);
      if (this.store.get().dashboard) this.soon('dashboard', () => this.refreshDashboard(), 300);
    });
    c.on('artifact:new', ({ artifact }) => {
      this.store.set((s) => ({ ...s, artifactsChanged: s.artifactsChanged + 1 }));
      if (artifact.owner.code) this.refreshViewsOf({ kind: artifact.owner.kind as 'task' | 'sprint', code: artifact.owner.code });
    });
    c.socket.on('disconnect', () => this.store.set((s) => ({ ...s, connection: 'reconnecting' })));
    c.socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') this.onSignedOut();
    });
    c.on('hello', () => {
      this.store.set((s) => ({ ...s, connection: 'online' }));
      // Messages are caught up by the SDK; views are simply asked for again.
      this.soon('reconnected', async () => {
        await this.refreshDirectory();
        await this.refreshReadMarks();
        if (this.store.get().dashboard) await this.refreshDashboard();
        for (const code of Object.keys(this.store.get().taskViews)) await this.refreshTask(code);
        for (const code of Object.keys(this.store.get().sprintViews)) await this.refreshSprint(code);
      });
    });
  }
}
