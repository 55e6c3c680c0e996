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

/** Marks held here joined with the hub's (another tab or device may have read further): the higher seq wins per room. */
export function mergeReadMarks(mine: Record<string, number>, hub: Record<string, number>): Record<string, number> {
  let merged = mine;
  for (const [room, seq] of Object.entries(hub)) {
    if (typeof seq === 'number' && !((mine[room] ?? -1) >= seq)) merged = merged === mine ? { ...mine, [room]: seq } : Object.assign(merged, { [room]: seq });
  }
  return merged;
}

/** Marks only move forward: a late, older read never makes read messages unread again. */
export const withReadMark = (marks: Record<string, number>, room: string, seq: number): Record<string, number> =>
  (marks[room] ?? 0) >= seq ? marks : { ...marks, [room]: seq };
