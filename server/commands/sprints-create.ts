import { z } from 'zod';
import { code, day, title } from './args.js';
import { defineCommand } from './definition.js';
import { success } from './results.js';
import { HubError } from '../errors.js';
import { taskSummary } from '../services/wire.js';
import { templateName } from './template-args.js';

export default defineCommand({
  name: 'sprints-create',
  aliases: ['sprint-create'],
  summary: 'Create a sprint.',
  usage: '/sprints-create CODE --title="Sprint title" [--ends=YYYY-MM-DD] [--template=NAME [--prefix=PREFIX]]',
  args: z.object({
    code: code('sprint').describe('Sprint code, like SPRINT-1'),
    title: title().describe('What the sprint is about'),
    template: templateName().optional().describe("Create the template's tasks in it, with fresh codes"),
    prefix: code('task').optional().describe('Codes of the template\'s tasks: PREFIX-1, PREFIX-2, ... (the sprint code if not given)'),
    ends: day().optional().describe('The last day of the sprint (UTC): /analytics forecasts whether work finishes by then'),
  }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    if (args.prefix && !args.template) throw new HubError('invalid_args', '--prefix names the tasks of a --template.', this.usage);
    if (args.template) {
      // The template and its codes are checked before the sprint exists, so a refusal leaves nothing behind.
      const template = await ctx.services.templates.get(args.template);
      const prefix = args.prefix ?? args.code;
      const taken = await ctx.services.tasks.taken(template.tasks.map((_, i) => `${prefix}-${i + 1}`), 5);
      if (taken.length) throw new HubError('already_exists', `Nothing created: ${taken.sort().join(', ')} already exist; choose another --prefix.`);
      const sprint = await ctx.services.sprints.create(ctx, args);
      const tasks = await ctx.services.templates.instantiate(ctx, template, sprint.code, (i) => `${prefix}-${i + 1}`);
      return success('Toast', { sprint, tasks: tasks.map(taskSummary) }, `✅ Sprint ${sprint.code} created from template ${template.name}: ${sprint.title}; tasks ${tasks.map((t) => t.code).join(', ')}`);
    }
    const sprint = await ctx.services.sprints.create(ctx, args);
    return success('Toast', { sprint }, `✅ Sprint ${sprint.code} created: ${sprint.title}`);
  },
});
