import { CODE_PATTERN, agentRoom, taskRoom, type RoomKind, type RoomName, type CommandInfo, type PrincipalWithRole } from '../../protocol/index.js';

/** The task a call is about: `code` of a task command, else a `task` option; null when none. */
function taskOf(info: CommandInfo, args: Record<string, unknown>): string | null {
  // A task being created has no room yet; neither has a list of several tasks one room.
  const taskCommand = info.name.startsWith('task-') && !info.name.endsWith('-create');
  const code = taskCommand ? args.code : args.task;
  // A malformed code is left to the command, whose error names the option and shows the usage.
  return typeof code === 'string' && CODE_PATTERN.test(code) ? code : null;
}

/**
 * Where a tool call is posted, so people see it where they look: the task's room when it is
 * about one task, otherwise the caller's inbox. A command limited to other kinds of room goes
 * to the first of those it may run in that needs no code (the inbox, then the lobby).
 */
export function roomFor(info: CommandInfo | undefined, args: Record<string, unknown>, principal: PrincipalWithRole): RoomName {
  const task = info ? taskOf(info, args) : null;
  const allowed = (kind: RoomKind) => !info?.rooms || info.rooms.includes(kind);
  if (task && allowed('task')) return taskRoom(task);
  if (allowed('agent') || !allowed('lobby')) return agentRoom(principal.name);
  return 'lobby';
}
