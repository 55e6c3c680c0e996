import {
  ChatSendSchema,
  Limits,
  parseRoom,
  type ChatMessage,
  type ChatSendAck,
  type ParsedRoom,
  type PrincipalWithRole,
  type RoomName,
} from '../../protocol/index.js';
import type { z } from 'zod';
import type { CommandRouter } from '../commands/router.js';
import { HubError, toWireError } from '../errors.js';
import { withDeadline } from '../deadline.js';
import { unavailableWhileDown } from '../db/unavailable.js';
import { EventBuffer, type Emit } from '../services/events.js';
import type { Services } from '../services/index.js';
import type { StoredMessage } from '../services/message-store.js';
import type { TaskMemo } from '../services/task-memo.js';
import { mentionedNames } from '../services/mentions.js';
import { redactSecrets } from '../services/redaction.js';
import { messageToWire } from '../services/wire.js';
import { parsePayload } from '../hub/payload.js';
import { observeCommand } from './command-observer.js';
import { SYSTEM } from '../hub/system-principal.js';
import type { Broadcast } from '../hub/types.js';
import { log } from '../logger.js';

const fail = (err: unknown): ChatSendAck => ({ ok: false, error: toWireError(err) });

/**
 * `chat:send` for every transport: validate, check rights, run a command if it is one, store the
 * message(s), broadcast, then announce what the command changed. The same client id from the same
 * sender is answered with what was stored the first time, and is never run twice.
 */
export class ChatService {
  private readonly inflight = new Map<string, Promise<ChatSendAck>>();

  constructor(
    private readonly services: Services,
    private readonly router: CommandRouter,
  ) {}

  private get broadcast(): Broadcast {
    return this.services.announcer.broadcast;
  }

  /**
   * `deadlineMs`: how long the caller waits for the answer (the hub's database deadline when
   * absent). Work that takes long by nature, like importing an archive of docs, passes its own.
   */
  async send(principal: PrincipalWithRole, payload: unknown, deadlineMs = this.services.deadlineMs): Promise<ChatSendAck> {
    let parsed: z.output<typeof ChatSendSchema>;
    try {
      parsed = parsePayload(ChatSendSchema, payload, 'chat:send');
    } catch (err) {
      return fail(err);
    }
    const { room, text, clientId } = parsed;
    if (Buffer.byteLength(text, 'utf8') > Limits.messageBytes) {
      return fail(new HubError('too_large', `A message holds at most ${Limits.messageBytes} bytes; put long material in an artifact.`));
    }
    return withDeadline(this.sendUnique(principal, parseRoom(room)!, text, clientId), deadlineMs).catch(fail);
  }

  /** One run per (sender, client id) at a time on this hub: a resend while it runs waits for it. */
  private sendUnique(principal: PrincipalWithRole, room: ParsedRoom, text: string, clientId: string | undefined): Promise<ChatSendAck> {
    if (!clientId) return this.sendOnce(principal, room, text, undefined);
    const key = `${principal.id}\u0000${clientId}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const once = this.sendOnce(principal, room, text, clientId).finally(() => this.inflight.delete(key));
    this.inflight.set(key, once);
    return once;
  }

  private async sendOnce(principal: PrincipalWithRole, room: ParsedRoom, text: string, clientId: string | undefined): Promise<ChatSendAck> {
    try {
      // A resend is recognised by its client id where it is stored (a command's intent, the message), not by a read before every send.
      // A command shares its room checks' copy of the task (see TaskMemo).
      const command = text.startsWith('/');
      const taskMemo = this.services.tasks.memo();
      await this.services.rooms.assertExists(room, taskMemo);
      await this.services.access.assertRoom(principal, room, taskMemo);
      if (command) return await observeCommand(this.services, this.router, { principal, room: room.name, text, clientId }, () => this.runCommand(principal, room, text, clientId, taskMemo));
      // An agent addressing an agent it was looping with is refused before anything is stored.
      if (principal.kind === 'agent') this.services.loops.assertOpen(principal.name, mentionedNames(text));
      const stored = await this.services.messages.send(room.name, [{ kind: 'chat', sender: principal, text: redactSecrets(text).text, clientId }]);
      if (stored.resent) return { ok: true, message: messageToWire(stored.docs[0]!) };
      const wire = messageToWire(stored.docs[0]!);
      this.broadcast([room.name], 'chat:message', wire);
      await this.services.activity.daily.messageSent(principal);
      await this.notifyMentions(principal, room, wire);
      return { ok: true, message: wire };
    } catch (err) {
      return fail(unavailableWhileDown(err, this.services.databaseDown()));
    }
  }

  /**
   * A command that changes something and came with a client id records its intent before its
   * handler writes anything (see services/command-intents.ts). Finding the intent there already
   * means a resend whose first run the hub may have stopped in: its messages, if stored, answer
   * it; else the handler runs again under the same stamp, and writes nothing twice.
   */
  private async runCommand(principal: PrincipalWithRole, room: ParsedRoom, text: string, clientId: string | undefined, taskMemo: TaskMemo): Promise<ChatSendAck> {
    const events = new EventBuffer();
    const sender = { id: principal.id, name: principal.name, kind: principal.kind };
    const { command, echo, run } = await this.router.prepare({ principal, room, services: this.services, emit: events.emit, post: events.post, taskMemo }, text);
    const op = clientId && !command.readOnly ? await this.services.intents.begin(principal.id, clientId, room.name, command.name) : undefined;
    if (op?.resend) {
      const stored = await this.services.messages.findByClientId(principal.id, clientId!);
      if (stored) return this.replay(principal, stored, text);
    }
    const result = await run(op);
    const shown = command.forRoom ? command.forRoom(result) : result;
    const storing = this.services.messages.send(room.name, [
      // The command ran with what was typed; the room keeps it without secrets or private arguments.
      { kind: 'command', sender, text: redactSecrets(echo).text, clientId },
      { kind: 'result', sender: SYSTEM, text: shown.text, replyTo: { index: 0 }, result: shown },
    ]);
    // A command that cannot be a resend (its intent is new, or it has no client id) stores what it
    // caused right behind its own messages, in the same group commit; a possible resend first
    // learns whether it is one, so a repeat stores nothing more.
    const posting = !clientId || (op && !op.resend) ? this.storePosts(events) : undefined;
    const stored = await storing;
    // A resend of a command that changes nothing (no intent is kept for those): answered as the first time.
    if (stored.resent) return this.replay(principal, stored.docs[0]!, text);
    const [asked, answered] = stored.docs;
    const message = messageToWire(asked!);
    this.broadcast([room.name], 'chat:message', message);
    this.broadcast([room.name], 'chat:message', messageToWire(answered!));
    await this.deliver(events, posting);
    // Only the sender hears back the line as typed (a resend is answered from the store: elided).
    return { ok: true, message: echo === text ? message : { ...message, text: redactSecrets(text).text }, result };
  }

  /** Domain events sent at once, for what happens outside a command (INIT, lease lapses). */
  readonly emitNow: Emit = (rooms, event, payload) => this.services.announcer.emit(rooms, event, payload);

  /** Something the hub says by itself in a room (e.g. a lease that ran out), stored and broadcast. */
  postSystem(room: RoomName, text: string, meta?: Record<string, unknown>): Promise<ChatMessage> {
    return this.services.announcer.postSystem(room, text, meta);
  }

  /**
   * Stores and broadcasts the system messages a change asked for, in order, then sends its events:
   * called after the messages of the command that caused them. `posting`: those messages when
   * already on their way to the store (see storePosts).
   */
  async deliver(events: EventBuffer, posting = this.storePosts(events)): Promise<void> {
    for (const [i, p] of events.posts.entries()) this.broadcast([p.room], 'chat:message', await posting[i]!);
    for (const e of events.events) this.broadcast(e.rooms, e.event, e.payload as never);
  }

  /** Starts storing a command's system messages, in order, behind what was appended before. */
  private storePosts(events: EventBuffer): Promise<ChatMessage>[] {
    const posting = events.posts.map((p) => this.services.announcer.storeSystem(p.room, p.text, p.meta));
    // Awaited by deliver; if the command's own messages fail first, nobody awaits them.
    for (const p of posting) p.catch(() => undefined);
    return posting;
  }

  /**
   * `@name` in a chat message: a `mention` event to each named principal's inbox, and a parcel
   * for agents, so they never poll to learn they are wanted. The message is already stored: a
   * failure here is logged, never turned into a failed send.
   */
  private async notifyMentions(principal: PrincipalWithRole, room: ParsedRoom, message: ChatMessage): Promise<void> {
    try {
      const events = new EventBuffer();
      await this.services.postmaster.mentioned({ principal, emit: events.emit, post: events.post }, room, message);
      await this.deliver(events);
    } catch (err) {
      log.error({ event: 'mentions_failed', room: room.name }, (err as Error).message);
    }
  }

  /**
   * A resend: answered as the first time, from the database. A command stored without its result
   * (the hub stopped between the two) is finished now: its handler runs under the command's stamp,
   * so what the first run wrote is not written again, and the result is stored after it.
   */
  private async replay(principal: PrincipalWithRole, existing: StoredMessage, text: string): Promise<ChatSendAck> {
    const message = messageToWire(existing);
    if (existing.kind !== 'command') return { ok: true, message };
    const reply = await this.services.messages.findReply(existing);
    if (reply?.result) return { ok: true, message, result: reply.result };
    const room = parseRoom(existing.room)!;
    const events = new EventBuffer();
    const { command, run } = await this.router.prepare({ principal, room, services: this.services, emit: events.emit, post: events.post }, text);
    const result = await run(this.services.intents.resumed(principal.id, existing.clientId));
    const shown = command.forRoom ? command.forRoom(result) : result;
    const [answered] = await this.services.messages.append(room.name, [{ kind: 'result', sender: SYSTEM, text: shown.text, replyTo: existing._id, result: shown }]);
    this.broadcast([room.name], 'chat:message', messageToWire(answered!));
    await this.deliver(events);
    return { ok: true, message, result };
  }
}
