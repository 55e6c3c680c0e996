/**
 * Compile-time checks: `npm test` runs `tsc -b`, which fails if any `@ts-expect-error` below
 * stops being an error. Nothing here runs.
 */
import type { Socket as ServerSocket } from 'socket.io';
import type { Socket as ClientSocket } from 'socket.io-client';
import type {
  ChatSendAck,
  ClientToServerEvents,
  CommandOfLine,
  CommandResult,
  InterServerEvents,
  ResultOfLine,
  ServerToClientEvents,
  TaskUpdatedEvent,
} from '../../protocol/index.js';
import { defineCommand } from '../../server/commands/definition.js';
import { z } from 'zod';

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
type Server = ServerSocket<ClientToServerEvents, ServerToClientEvents, InterServerEvents>;

export function clientPayloads(c: Client): void {
  c.emit('chat:send', { room: 'lobby', text: 'hi', clientId: 'x' }, (ack: ChatSendAck) => void ack);
  // @ts-expect-error text is required
  c.emit('chat:send', { room: 'lobby' }, () => undefined);
  // @ts-expect-error text is a string
  c.emit('chat:send', { room: 'lobby', text: 42 }, () => undefined);
  // @ts-expect-error no such client event
  c.emit('chat:delete', { id: 'x' });
  // @ts-expect-error history cursors are numbers
  c.emit('room:history', { room: 'lobby', after: 'yesterday' }, () => undefined);
  c.on('task:updated', (e) => {
    // @ts-expect-error a task has no `state`, it has `status`
    void e.task.state;
  });
  c.emit('parcel:ack', { id: '0123456789abcdef01234567' }, (ack) => void ack);
  // @ts-expect-error a parcel is acknowledged by its id
  c.emit('parcel:ack', { parcel: 'x' }, () => undefined);
  c.on('parcel:new', (e) => {
    // @ts-expect-error parcels have a subject and a body, no `title`
    void e.parcel.title;
  });
}

export function serverPayloads(s: Server, event: TaskUpdatedEvent): void {
  s.emit('task:updated', event);
  // @ts-expect-error task:updated carries a TaskUpdatedEvent, not a string
  s.emit('task:updated', 'T-1 changed');
  // @ts-expect-error sprint:updated needs a sprint
  s.emit('sprint:updated', { change: 'status', by: event.by });
  // @ts-expect-error presence is online, offline, busy or idle
  s.emit('presence', { principal: event.by, status: 'away' });
}

export const goodResult: CommandResult = { type: 'success', component: 'Toast', data: {}, text: 'ok' };
// @ts-expect-error `type` is success, error or info
export const badType: CommandResult = { type: 'ok', component: 'Toast', data: {}, text: 'ok' };
// @ts-expect-error unknown component
export const badComponent: CommandResult = { type: 'info', component: 'Popup', data: {}, text: 'x' };
// @ts-expect-error text is required for bots and terminals
export const noText: CommandResult = { type: 'info', component: 'Toast', data: {} };

export const typedHandler = defineCommand({
  name: 'broadcast',
  summary: 'x',
  usage: '/broadcast',
  args: z.object({ count: z.number() }),
  async handler(_ctx, args) {
    // @ts-expect-error args are typed from the schema: count is a number
    const s: string = args.count;
    void s;
    return { type: 'success', component: 'Toast', data: { count: args.count, to: [] }, text: 'ok' };
  },
});

export const wrongReturn = defineCommand({
  name: 'broadcast',
  summary: 'x',
  usage: '/broadcast',
  args: z.object({}),
  // @ts-expect-error a handler must return a CommandResult
  async handler() {
    return { text: 'missing type and component' };
  },
});

export const wrongData = defineCommand({
  name: 'broadcast',
  summary: 'x',
  usage: '/broadcast',
  args: z.object({}),
  // @ts-expect-error /broadcast answers with { count, to }: a handler may not answer with another shape
  async handler() {
    return { type: 'success', component: 'Toast', data: { sent: 1 }, text: 'ok' };
  },
});

export const wrongField = defineCommand({
  name: 'task-detail',
  summary: 'x',
  usage: '/task-detail',
  args: z.object({}),
  // @ts-expect-error /task-detail answers with the task and its activity, not only the task
  async handler() {
    return { type: 'info', component: 'TaskDetail', data: { task: null }, text: 'ok' };
  },
});

export const unknownName = defineCommand({
  // @ts-expect-error every command has an entry in CommandResults
  name: 'no-such-command',
  summary: 'x',
  usage: '/no-such-command',
  args: z.object({}),
  async handler() {
    return { type: 'success', component: 'Toast', data: { count: 0, to: [] }, text: 'ok' };
  },
});

// A line's command, and so its result, is known from its text; aliases too.
export const lineCommand: CommandOfLine<`/task ${string}`> = 'task-detail';
export const inboxCommand: CommandOfLine<'/inbox'> = 'messages-check';
export function lineResult(data: ResultOfLine<'/broadcast hi'>, other: ResultOfLine<string>): void {
  void data.count;
  // @ts-expect-error a broadcast's result has no task
  void data.task;
  // @ts-expect-error a line not known at compile time has an unknown result
  void other.count;
}
