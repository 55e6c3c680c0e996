import type { ChatMessage } from '../../../../protocol/index.js';

/**
 * Messages after `lastReadSeq` that someone else caused: others' chat and commands, results of
 * others' commands, hub notices. My own messages and the results of my commands never count.
 */
export function countUnread(messages: readonly ChatMessage[], lastReadSeq: number, me: string): number {
  const mine = new Set(messages.filter((m) => m.sender.name === me).map((m) => m.id));
  let unread = 0;
  for (const m of messages) {
    if (m.seq <= lastReadSeq || m.sender.name === me) continue;
    if (m.kind === 'result' && m.replyTo && mine.has(m.replyTo)) continue;
    unread += 1;
  }
  return unread;
}

/** "3", or "50+" when every message held is unread and older ones may be too. */
export function unreadLabel(count: number, held: number, hasOlder: boolean): string {
  return count > 0 && count >= held && hasOlder ? `${count}+` : String(count);
}

/** Read marks survive reloads per person: `{room: seq}` in local storage under this key. */
export const readMarksKey = (me: string) => `switchboard:read:${me}`;

export function parseReadMarks(raw: string | null): Record<string, number> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

/** Marks only move forward: a late, older read never makes read messages unread again. */
export const withReadMark = (marks: Record<string, number>, room: string, seq: number): Record<string, number> =>
  (marks[room] ?? 0) >= seq ? marks : { ...marks, [room]: seq };
