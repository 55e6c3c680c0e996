import { z } from 'zod';

/** Codes of sprints and tasks: letters, digits, `-` and `_`, stored upper-case. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Names of principals (people and agents), as typed after `@`. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const RoomKind = {
  lobby: 'lobby',
  sprint: 'sprint',
  task: 'task',
  agent: 'agent',
} as const;
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind];

export type RoomName = 'lobby' | `sprint:${string}` | `task:${string}` | `agent:${string}`;

export const LOBBY: RoomName = 'lobby';
export const sprintRoom = (code: string): RoomName => `sprint:${code.toUpperCase()}`;
export const taskRoom = (code: string): RoomName => `task:${code.toUpperCase()}`;
export const agentRoom = (name: string): RoomName => `agent:${name.toLowerCase()}`;

export interface ParsedRoom {
  kind: RoomKind;
  /** The sprint or task code, or the agent name; absent for the lobby. */
  id?: string;
  name: RoomName;
}

/** Parses and normalises a room name; returns null for anything that is not one. */
export function parseRoom(raw: string): ParsedRoom | null {
  if (raw === 'lobby') return { kind: 'lobby', name: LOBBY };
  const sep = raw.indexOf(':');
  if (sep < 0) return null;
  const kind = raw.slice(0, sep);
  const id = raw.slice(sep + 1);
  if ((kind === 'sprint' || kind === 'task') && CODE_PATTERN.test(id)) {
    const code = id.toUpperCase();
    return { kind, id: code, name: kind === 'sprint' ? sprintRoom(code) : taskRoom(code) };
  }
  if (kind === 'agent' && NAME_PATTERN.test(id)) {
    const name = id.toLowerCase();
    return { kind, id: name, name: agentRoom(name) };
  }
  return null;
}

export const RoomNameSchema = z
  .string()
  .max(80)
  .refine((r) => parseRoom(r) !== null, { message: 'not a room: use lobby, sprint:<CODE>, task:<CODE> or agent:<name>' })
  .transform((r) => parseRoom(r)!.name);
