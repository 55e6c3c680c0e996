import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_PATTERN = /^(?:\d+[smhd])+$/;

/** `90s`, `15m`, `1h`, `2d`, `1h30m` -> milliseconds; null when the text is no duration. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!DURATION_PATTERN.test(s)) return null;
  let ms = 0;
  for (const [, n, unit] of s.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return ms;
}

/** A duration option (e.g. `--ttl=1h`) as milliseconds, between `min` and `max`. */
export const duration = (what: string, min: number, max: number) =>
  z
    .string({ error: `give the ${what} as a duration, like 30m or 1h` })
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration: use a number and s, m, h or d, like 90s, 30m, 1h, 1h30m or 2d` });
        return z.NEVER;
      }
      if (ms < min || ms > max) {
        ctx.addIssue({ code: 'custom', message: `the ${what} must be between ${formatDuration(min)} and ${formatDuration(max)}` });
        return z.NEVER;
      }
      return ms;
    });

/** 5400000 -> `1h30m`: the way a person would type it back. */
export function formatDuration(ms: number): string {
  let left = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`);
      left %= size;
    }
  }
  return parts.join('') || '0s';
}
