import type { Clock } from './clock.js';
import { HubError } from '../errors.js';
import { utcTimeOfDay } from './time-format.js';

/** More than `messages` between the same two agents within `seconds` is a loop; it is paused for `pauseSeconds`. */
export interface LoopGuardSettings {
  messages: number;
  seconds: number;
  pauseSeconds: number;
}

/** Faster than people follow (20 in a minute, both ways), paused long enough for someone to look. */
export const DEFAULT_LOOP_GUARD: LoopGuardSettings = { messages: 20, seconds: 60, pauseSeconds: 600 };

interface Conversation {
  /** When each message of the window was sent, and by which of the two. */
  sent: { at: number; from: string }[];
  pausedUntil: number;
}

export interface Paused {
  agents: [string, string];
  until: Date;
  messages: number;
}

/**
 * Two agents answering each other (direct messages, mentions) can run forever with nobody
 * reading. The guard counts the messages of each pair of agents on the hub's clock; a pair past
 * the rate, with both of them talking, is paused: what one addresses to the other is refused
 * with `rate_limited` until the pause ends, or until a person runs /loop-resume. Counts are per hub
 * (a loop lives where its agents are).
 */
export class LoopGuard {
  private readonly conversations = new Map<string, Conversation>();

  constructor(
    private readonly clock: Clock,
    /** Null: no guard (LOOP_GUARD=off). */
    readonly settings: LoopGuardSettings | null = DEFAULT_LOOP_GUARD,
  ) {}

  /** Refuses a message from `from` to any of `to` whose conversation is paused. */
  assertOpen(from: string, to: string[]): void {
    const now = this.clock.now().getTime();
    for (const name of to) {
      const c = this.conversations.get(pairKey(from, name));
      if (c && c.pausedUntil > now) {
        const wait = c.pausedUntil - now;
        throw new HubError(
          'rate_limited',
          `Your conversation with @${name} is paused until ${utcTimeOfDay(c.pausedUntil)} UTC: you two were answering each other faster than people can follow. Wait, or ask a person to look.`,
          undefined,
          { retryAfterMs: wait },
        );
      }
    }
  }

  /** Ends a pause before its time (a person looked); false when the two were not paused. */
  resume(a: string, b: string): boolean {
    const c = this.conversations.get(pairKey(a, b));
    if (!c || c.pausedUntil <= this.clock.now().getTime()) return false;
    c.pausedUntil = 0;
    c.sent = [];
    return true;
  }

  /** Counts one message from `from` to each agent of `to`; returns the conversations it paused. */
  record(from: string, to: string[]): Paused[] {
    const limit = this.settings;
    if (!limit) return [];
    const now = this.clock.now().getTime();
    const paused: Paused[] = [];
    for (const name of to) {
      if (name === from) continue;
      const key = pairKey(from, name);
      const c = this.conversations.get(key) ?? { sent: [], pausedUntil: 0 };
      c.sent = c.sent.filter((s) => s.at > now - limit.seconds * 1000);
      c.sent.push({ at: now, from });
      const bothTalk = new Set(c.sent.map((s) => s.from)).size === 2;
      if (bothTalk && c.sent.length > limit.messages && c.pausedUntil <= now) {
        c.pausedUntil = now + limit.pauseSeconds * 1000;
        paused.push({ agents: [from, name].sort() as [string, string], until: new Date(c.pausedUntil), messages: c.sent.length });
        c.sent = [];
      }
      this.conversations.set(key, c);
    }
    this.forgetQuiet(now, limit.seconds);
    return paused;
  }

  /** Pairs with nothing in the window and no pause are dropped, so the map stays as small as the live conversations. */
  private forgetQuiet(now: number, seconds: number): void {
    if (this.conversations.size < 1000) return;
    for (const [key, c] of this.conversations) {
      if (c.pausedUntil <= now && !c.sent.some((s) => s.at > now - seconds * 1000)) this.conversations.delete(key);
    }
  }
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** `MESSAGES/SECONDS` (like 20/60) or `off`, from LOOP_GUARD. */
export function parseLoopGuard(raw: string | undefined, pauseMinutes: string | undefined): LoopGuardSettings | null {
  if (raw === 'off') return null;
  const m = raw ? /^(\d+)\/(\d+)$/.exec(raw.trim()) : null;
  if (raw && (!m || Number(m[1]) < 2 || Number(m[2]) < 1)) throw new Error(`LOOP_GUARD must be MESSAGES/SECONDS (like 20/60) or off, got "${raw}"`);
  const pause = pauseMinutes ? Number(pauseMinutes) : DEFAULT_LOOP_GUARD.pauseSeconds / 60;
  if (!Number.isFinite(pause) || pause <= 0) throw new Error(`LOOP_PAUSE_MINUTES must be a positive number, got "${pauseMinutes}"`);
  return { messages: m ? Number(m[1]) : DEFAULT_LOOP_GUARD.messages, seconds: m ? Number(m[2]) : DEFAULT_LOOP_GUARD.seconds, pauseSeconds: pause * 60 };
}
