import type { z } from 'zod';
import type { CommandName, CommandResult, CommandResults, ParsedRoom, PrincipalWithRole, Role, RoomKind, RoomName } from '../../protocol/index.js';
import type { Emit, Post } from '../services/events.js';
import type { Services } from '../services/index.js';
import type { OpStamp } from '../services/op-stamp.js';
import type { TaskMemo } from '../services/task-memo.js';

/** All a handler gets. It knows nothing of sockets, HTTP or MCP. */
export interface CommandContext {
  principal: PrincipalWithRole;
  room: ParsedRoom;
  services: Services;
  emit: Emit;
  /** Says something in a room after the command's own messages (e.g. "New task assigned"). */
  post: Post;
  /** The commands this hub knows, for `/help`. */
  commands: readonly AnyCommand[];
  /** Set when the line came with a client id (see services/op-stamp.ts). */
  op?: OpStamp;
  /** The tasks this request has read: its checks and its writes share one read of each. */
  taskMemo: TaskMemo;
}

/** A command called `N`, whose handler answers with `CommandResults[N]` as data. */
export interface CommandDefinition<A extends z.ZodObject = z.ZodObject, N extends CommandName = CommandName> {
  name: N;
  aliases?: readonly string[];
  summary: string;
  usage: string;
  /** Options and positionals, validated before the handler runs; `.describe()` texts feed `/help`. */
  args: A;
  /** Schema keys filled from bare words, in order; a trailing `...` takes the rest of the line. */
  positionals?: readonly string[];
  /** Who may run it; everyone when absent. */
  roles?: readonly Role[];
  /** Kinds of room it may run in; all when absent. */
  rooms?: readonly RoomKind[];
  /** Changes nothing (MCP annotates it read-only). */
  readOnly?: boolean;
  /** Overwrites or removes something a user wrote. */
  destructive?: boolean;
  /** Codes of the tasks the command changes: agents may change only tasks they may use. */
  touches?(args: z.output<A>): string[];
  /**
   * Arguments private to the sender and those the command delivers them to (a message body, a
   * remembered value): the room stores and broadcasts the line without them (echo-line.ts); only
   * the sender's ack carries the line as typed.
   */
  privateArgs?: readonly (keyof z.output<A> & string)[];
  /** The one room where the private arguments may be shown as typed (a task's own room for its notes). */
  showsPrivateIn?(args: z.output<A>): RoomName | null;
  /** For results holding a secret: the version stored in the room; the caller's ack keeps the full one. */
  forRoom?(result: CommandResult<CommandResults[N]>): CommandResult;
  // Method syntax on purpose: lets a list hold commands of different argument and result types.
  handler(ctx: CommandContext, args: z.output<A>): Promise<CommandResult<CommandResults[N]>>;
}

export type AnyCommand = CommandDefinition<z.ZodObject>;

export function defineCommand<N extends CommandName, A extends z.ZodObject>(def: CommandDefinition<A, N>): CommandDefinition<A, N> {
  return def;
}
