import type { ChatMessage, WireError } from '../../../../protocol/index.js';

/** A message of mine not yet confirmed by its ack: shown at once, then replaced by the stored one. */
export interface PendingMessage {
  clientId: string;
  text: string;
  createdAt: string;
  /** sending: waiting for the ack; failed: the hub was not reached, so it can be sent again. */
  state: 'sending' | 'failed';
}

/** What the hub refused (a bad command, a forbidden room): shown only to me, with the usage line. */
export interface RefusedMessage {
  clientId: string;
  text: string;
  error: WireError;
}

/** One room as the client holds it: stored messages by seq, plus my pending and refused sends. */
export interface Timeline {
  messages: ChatMessage[];
  pending: PendingMessage[];
  refused: RefusedMessage[];
  /** Older pages may exist (the last page asked for was full). */
  hasOlder: boolean;
  joined: boolean;
}

export const emptyTimeline = (): Timeline => ({ messages: [], pending: [], refused: [], hasOlder: true, joined: false });

/** Adds messages, keeping seq order and one copy of each; a stored message settles its pending send. */
export function withMessages(t: Timeline, incoming: readonly ChatMessage[]): Timeline {
  const fresh = incoming.filter((m) => !t.messages.some((x) => x.id === m.id));
  if (!fresh.length) return t;
  const messages = [...t.messages, ...fresh].sort((a, b) => a.seq - b.seq);
  const settled = new Set(fresh.map((m) => m.clientId));
  return { ...t, messages, pending: t.pending.filter((p) => !settled.has(p.clientId)) };
}

/** The latest page, from `room:join`: older pages exist when it was full. */
export function withJoined(t: Timeline, page: readonly ChatMessage[], pageSize: number): Timeline {
  return { ...withMessages(t, page), joined: true, hasOlder: t.joined ? t.hasOlder : page.length >= pageSize };
}

/** An older page, from `room:history {before}`. */
export function withOlder(t: Timeline, page: readonly ChatMessage[], pageSize: number): Timeline {
  return { ...withMessages(t, page), hasOlder: page.length >= pageSize };
}

export function withPending(t: Timeline, p: PendingMessage): Timeline {
  return { ...t, pending: [...t.pending.filter((x) => x.clientId !== p.clientId), p] };
}

/** The ack said ok: the stored message takes the pending one's place. */
export function withAck(t: Timeline, clientId: string, message: ChatMessage): Timeline {
  const confirmed = withMessages(t, [message]);
  return { ...confirmed, pending: confirmed.pending.filter((p) => p.clientId !== clientId) };
}

/** The hub was not reached (timeout, offline): keep the text, offer to send it again. */
export function withSendFailed(t: Timeline, clientId: string): Timeline {
  return { ...t, pending: t.pending.map((p) => (p.clientId === clientId ? { ...p, state: 'failed' as const } : p)) };
}

/** The hub answered no: nothing was stored; show why, to me only. */
export function withRefused(t: Timeline, clientId: string, error: WireError): Timeline {
  const p = t.pending.find((x) => x.clientId === clientId);
  return {
    ...t,
    pending: t.pending.filter((x) => x.clientId !== clientId),
    refused: p ? [...t.refused, { clientId, text: p.text, error }] : t.refused,
  };
}

export function withoutRefused(t: Timeline, clientId: string): Timeline {
  return { ...t, refused: t.refused.filter((r) => r.clientId !== clientId) };
}

export const lastSeq = (t: Timeline): number => t.messages[t.messages.length - 1]?.seq ?? 0;
export const firstSeq = (t: Timeline): number | null => t.messages[0]?.seq ?? null;
