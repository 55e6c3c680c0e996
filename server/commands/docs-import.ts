import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { importDocs } from '../services/docs-import.js';
import { defineCommand } from './definition.js';
import { table } from './results.js';

const ACTION_TEXT = {
  created: 'created',
  new_version: 'new version',
  unchanged: 'unchanged',
  would_create: 'would create',
  would_add_version: 'would add a version',
} as const;

export default defineCommand({
  name: 'docs-import',
  summary: 'Import a folder on the hub as documentation: sprints/<SPRINT>/ and tasks/<TASK>/ link there, the rest to the project.',
  usage: '/docs-import /absolute/path/on/the/hub [--dry-run] [--create-missing] [--all-files] [--archive]',
  args: z.object({
    path: z.string({ error: 'give the folder, an absolute path on the hub' }).refine(isAbsolute, 'the folder must be an absolute path on the hub').describe('Folder of markdown files'),
    'dry-run': z.boolean().optional().describe('Only report what would happen'),
    'create-missing': z.boolean().optional().describe('Make the sprints and tasks the folders name, and a task per backlog/*.md'),
    'all-files': z.boolean().optional().describe('Import other files too, as plain artifacts'),
    archive: z.boolean().optional().describe('Move each imported file under archived/ in the folder'),
  }),
  positionals: ['path'],
  roles: ['admin'],
  async handler(ctx, args) {
    const dryRun = args['dry-run'] ?? false;
    const { outcomes, made } = await importDocs(ctx.services, ctx, args.path, {
      dryRun,
      createMissing: args['create-missing'],
      allFiles: args['all-files'],
      archive: args.archive,
    });
    const rows = outcomes.map((o) => ({
      path: o.path,
      to: o.owner.kind === 'project' ? 'project' : `${o.owner.kind} ${o.owner.code}`,
      name: o.name,
      action: `${ACTION_TEXT[o.action]}${o.version && !o.action.startsWith('would') ? ` (v${o.version})` : ''}`,
    }));
    const changed = outcomes.filter((o) => o.action === 'created' || o.action === 'new_version').length;
    const making = made.length ? `; ${dryRun ? 'would make' : 'made'} ${made.join(', ')}` : '';
    const title = dryRun
      ? `Dry run of ${args.path}: ${outcomes.filter((o) => o.action !== 'unchanged').length} of ${outcomes.length} files would change${making}`
      : `Imported ${args.path}: ${changed} of ${outcomes.length} files changed${making}`;
    const result = table([['path', 'File'], ['to', 'Linked to'], ['name', 'Name'], ['action', 'Action']], rows, title, `No files to import in ${args.path}.`);
    // Each file's outcome in full, for callers that act on it (the HTTP import's uploader archives what went in).
    return { ...result, data: { ...result.data, made, outcomes: outcomes.map(({ backlog: _, ...o }) => o) } };
  },
});
