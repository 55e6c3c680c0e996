/** UTC calendar days as `YYYY-MM-DD`: the keys of the daily roll-ups. */

export const DAY_MS = 86_400_000;

export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

export const startOfDay = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/** The `count` days ending with the day of `end`, oldest first. */
export function daysEnding(end: Date, count: number): string[] {
  const last = startOfDay(dayOf(end)).getTime();
  return Array.from({ length: count }, (_, i) => dayOf(new Date(last - (count - 1 - i) * DAY_MS)));
}

/** The Monday (UTC) of the week `day` falls in: weeks in the velocity chart start on Mondays. */
export function weekOf(day: string): string {
  const d = startOfDay(day);
  const back = (d.getUTCDay() + 6) % 7;
  return dayOf(new Date(d.getTime() - back * DAY_MS));
}
