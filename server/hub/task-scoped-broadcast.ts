import { taskRoom, type RoomName, type ServerToClientEvents } from '../../protocol/index.js';
import { boardActivity, boardTask } from '../services/access.js';
import type { Broadcast } from './types.js';
import type { HubServer } from './types.js';

/**
 * Rooms no client can name (room names are validated; these are not room names): every socket
 * joins one by its role when it connects, so an event can go to people and agents differently.
 */
export const PEOPLE_SOCKETS = '~people';
export const AGENT_SOCKETS = '~agents';

/**
 * An event carrying a task's details (a note in an activity line, the context in an update, an
 * artifact's name and hash), with the task and what agents may see of it without reading it:
 * the board version, or nothing.
 */
function scoped(event: keyof ServerToClientEvents, payload: unknown): { task: string; board: unknown } | null {
  if (event === 'activity:new') {
    const { activity } = payload as Parameters<ServerToClientEvents['activity:new']>[0];
    return activity.task ? { task: activity.task, board: { ...(payload as object), activity: boardActivity(activity) } } : null;
  }
  if (event === 'task:updated') {
    const e = payload as Parameters<ServerToClientEvents['task:updated']>[0];
    return { task: e.task.code, board: { ...e, task: boardTask(e.task) } };
  }
  if (event === 'artifact:new') {
    const { artifact } = payload as Parameters<ServerToClientEvents['artifact:new']>[0];
    return artifact.owner.kind === 'task' ? { task: artifact.owner.code!, board: null } : null;
  }
  return null;
}

/**
 * io.to(rooms).emit under the task read rule (services/access.ts), live as in every view: people
 * get every event whole; agents get a task's details only in that task's room (where only those
 * who may use it are), and elsewhere (lobby, sprint) the board version. Each socket still gets one
 * copy: the three emits reach disjoint sets of sockets.
 */
export function taskScopedBroadcast(io: HubServer): Broadcast {
  return (rooms, event, payload) => {
    const emit = (to: ReturnType<HubServer['to']>, p: unknown) => (to.emit as (e: string, p: unknown) => boolean)(event, p);
    const scope = scoped(event, payload);
    if (!scope) return void emit(io.to(rooms), payload);
    const own = taskRoom(scope.task);
    emit(io.to(rooms).except(AGENT_SOCKETS), payload);
    if (rooms.includes(own)) emit(io.to(own).except(PEOPLE_SOCKETS), payload);
    const others: RoomName[] = rooms.filter((r) => r !== own);
    if (scope.board && others.length) emit(io.to(others).except([PEOPLE_SOCKETS, own]), scope.board);
  };
}
