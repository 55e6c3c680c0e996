import { z } from 'zod';
import {
  CODE_PATTERN,
  Limits,
  NAME_PATTERN,
  SPRINT_STATUSES,
  TASK_PRIORITIES,
  TASK_STATUSES,
  parseArtifactRef,
  type ArtifactOwner,
} from '../../protocol/index.js';

/** Argument types shared by commands, each with an error a person can act on. */

export const code = (what: 'task' | 'sprint') =>
  z
    .string({ error: `give a ${what} code` })
    .regex(CODE_PATTERN, `a ${what} code is letters, digits, - and _ (like ${what === 'task' ? 'T-API-01' : 'SPRINT-1'})`)
    .transform((s) => s.toUpperCase())
    .meta({ refers: what });

/** `@alice` or `alice`, stored lower-case. */
export const principalName = () =>
  z
    .string({ error: 'give a name, like @alice' })
    .transform((s) => s.replace(/^@/, ''))
    .pipe(z.string().regex(NAME_PATTERN, 'a name is letters, digits, ., - and _'))
    .transform((s) => s.toLowerCase())
    .meta({ refers: 'name' });

/** Free text; a typed `\n` becomes a new line, since chat composers send one line. */
export const text = (what: string, max = Limits.taskContextChars) =>
  z
    .string({ error: `give the ${what}` })
    .transform((s) => s.replace(/\\n/g, '\n'))
    .pipe(z.string().trim().min(1, `the ${what} is empty`).max(max, `the ${what} is longer than ${max} characters`));

export const title = () => text('title', Limits.titleChars);

/** `a,b,c`, or the option repeated. */
export const list = <T extends z.ZodType<unknown, string>>(item: T, what: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `give one or more ${what}, separated by commas` })
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, `give at least one of ${what}`).max(100, `at most 100 ${what} at once`));

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (iss) => `${what} must be one of ${values.join(', ')}${iss.input === undefined ? '' : ` (got "${String(iss.input)}")`}` });

export const taskStatus = () => oneOf(TASK_STATUSES, 'status');
export const sprintStatus = () => oneOf(SPRINT_STATUSES, 'status');
export const priority = () => oneOf(TASK_PRIORITIES, 'priority');

/** `2026-12-15`: a calendar day (UTC), as its first moment. */
export const day = () =>
  z
    .string({ error: 'give a day, like 2026-12-15' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written YYYY-MM-DD, like 2026-12-15')
    .transform((s) => new Date(`${s}T00:00:00.000Z`))
    .refine((d) => !Number.isNaN(d.getTime()), 'that day does not exist');

export const limit = (max = 200) => z.coerce.number({ error: 'limit must be a number' }).int().min(1).max(max);

/** `--task=CODE | --sprint=CODE | --project`: where an artifact belongs. */
export const ownerOptions = {
  task: code('task').optional().describe('Attach to this task'),
  sprint: code('sprint').optional().describe('Attach to this sprint'),
  project: z.boolean().optional().describe('Attach to the project'),
};

export function ownerFrom(args: { task?: string; sprint?: string; project?: boolean }): ArtifactOwner | null {
  const given = [args.task && 'task', args.sprint && 'sprint', args.project && 'project'].filter(Boolean);
  if (given.length !== 1) return null;
  if (args.task) return { kind: 'task', code: args.task };
  if (args.sprint) return { kind: 'sprint', code: args.sprint };
  return { kind: 'project', code: null };
}

export const oneOwner = (a: { task?: string; sprint?: string; project?: boolean }) => ownerFrom(a) !== null;
export const ONE_OWNER = { message: 'give exactly one of --task=CODE, --sprint=CODE or --project', path: ['task'] };

/** An artifact reference: sb:// URI or /api/artifacts/ path. */
export const artifactRef = () =>
  z
    .string({ error: 'give an artifact URI, like sb://artifacts/by-task/T-1/notes.md' })
    .transform((s, ctx) => {
      const ref = parseArtifactRef(s);
      if (!ref) {
        ctx.addIssue({ code: 'custom', message: 'not an artifact URI: use sb://artifacts/by-task/<TASK>/<name>, .../by-sprint/<SPRINT>/<name>, .../project/<name> or sb://cas/<sha256>' });
        return z.NEVER;
      }
      return ref;
    });
