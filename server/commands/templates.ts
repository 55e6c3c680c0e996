import { z } from 'zod';
import { defineCommand } from './definition.js';
import { table } from './results.js';
import { utcMinuteCell } from '../services/time-format.js';

export default defineCommand({
  name: 'templates',
  summary: 'Templates of sprints and tasks, to create with /sprints-create --template or /task-create --template.',
  usage: '/templates',
  args: z.object({}),
  readOnly: true,
  async handler(ctx) {
    const rows = (await ctx.services.templates.list()).map((t) => ({
      name: t.name,
      tasks: t.tasks.length,
      source: t.source,
      description: t.description || null,
      by: `@${t.createdBy}`,
      created: utcMinuteCell(t.createdAt),
    }));
    return table(
      [['name', 'Name'], ['tasks', 'Tasks'], ['source', 'From'], ['description', 'Description'], ['by', 'By'], ['created', 'Created']],
      rows,
      `Templates: ${rows.length}`,
      'No templates yet. Save one with /template-create NAME --from-sprint=CODE.',
    );
  },
});
