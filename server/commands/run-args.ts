import { z } from 'zod';
import { RUN_STATUSES, RunLimits } from '../../protocol/index.js';

/** `R-7KQ2ZD` (any case). */
export const runId = () =>
  z
    .string({ error: 'give a run id, like R-7KQ2ZD' })
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^R-[A-Z0-9]{6}$/, 'a run id looks like R-7KQ2ZD (/runs lists them)'));

export const runStatus = () =>
  z.enum(RUN_STATUSES, { error: (iss) => `status must be one of ${RUN_STATUSES.join(', ')}${iss.input === undefined ? '' : ` (got "${String(iss.input)}")`}` });

/** A file pattern inside the run's workspace: relative, without `..`. */
export const outputGlob = () =>
  z
    .string()
    .min(1)
    .max(200)
    .refine((g) => !g.startsWith('/') && !g.split('/').includes('..'), 'an --outputs pattern is relative to the workspace and has no ".." (like dist/*.tgz)');

export const shellCommand = () =>
  z
    .string({ error: 'give the shell command to run, in quotes: /run "npm test" --task=T-1' })
    .trim()
    .min(1, 'the command is empty')
    .max(RunLimits.commandChars, `a command is at most ${RunLimits.commandChars} characters; put a longer script in the task's artifacts`);
