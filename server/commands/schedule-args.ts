import { z } from 'zod';
import { SCHEDULE_ID_PATTERN } from '../../protocol/index.js';

/** `SCH-7KQ2ZD`, as /schedules shows it; any case. */
export const scheduleId = () =>
  z
    .string({ error: 'give a schedule id, like SCH-7KQ2ZD (/schedules lists them)' })
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(SCHEDULE_ID_PATTERN, 'a schedule id is SCH- and six letters or digits, like SCH-7KQ2ZD'));

/** "every 1h" or "0 9 * * 1-5 (Europe/Berlin)". */
export const describeWhen = (s: { cron: string | null; everyMs: number | null; tz: string }, formatDuration: (ms: number) => string) =>
  s.cron ? `"${s.cron}"${s.tz !== 'UTC' ? ` (${s.tz})` : ' (UTC)'}` : `every ${formatDuration(s.everyMs!)}`;
