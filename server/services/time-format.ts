/** Moments as the hub's messages show them: in UTC, so every reader sees the same text. */

/** "2026-11-25 04:50 UTC": notes, approvals, schedules, INIT. */
export const utcMinute = (d: Date | string): string => `${new Date(d).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** "2026-11-25 04:50" (null stays null): a cell of a table that says its times are UTC. */
export const utcMinuteCell = (iso: string | null): string | null => (iso ? iso.slice(0, 16).replace('T', ' ') : null);

/** "2026-11-25 04:50:12 UTC": leases, which are renewed every few seconds. */
export const utcSecond = (d: Date | string): string => `${new Date(d).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** "04:50": the time of day in UTC, for pauses that end within the hour. */
export const utcTimeOfDay = (d: Date | string | number): string => new Date(d).toISOString().slice(11, 16);
