import { z } from 'zod';
import { code, principalName, priority, title } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';
import { HubError } from '../errors.js';
import { templateName } from './template-args.js';

export default defineCommand({
  name: 'task-create',
  summary: 'Create a task in a sprint.',
  // --parent and --template (instead of --title) are in the options, not the one-line usage.
  usage: '/task-create CODE --title="Task title" --sprint=SPRINT [--priority=low|medium|high|urgent] [--assignee=@name]',
  args: z.object({
    code: code('task').describe('Task code, like T-API-01'),
    title: title().optional().describe('What is to be done (not with --template)'),
    sprint: code('sprint').describe('The sprint it belongs to'),
    priority: priority().optional().describe('low, medium (default), high or urgent'),
    assignee: principalName().optional().describe('Who does it'),
    parent: code('task').optional().describe('Make it a subtask of this task'),
    template: templateName().optional().describe("Create the template's tasks: the first as CODE, the others CODE-1, CODE-2, ..."),
  }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    if (args.template) {
      if (args.title || args.parent) throw new HubError('invalid_args', 'With --template the titles come from the template: leave out --title and --parent.', this.usage);
      const template = await ctx.services.templates.get(args.template);
      await ctx.services.sprints.get(args.sprint);
      const tasks = await ctx.services.templates.instantiate(ctx, template, args.sprint, (i) => (i === 0 ? args.code : `${args.code}-${i}`));
      if (args.assignee) {
        const { task } = await ctx.services.tasks.assign(ctx, tasks[0]!.code, args.assignee);
        await ctx.services.postmaster.assigned(ctx, task);
      }
      return success('Toast', { tasks: tasks.map(taskSummary) }, `✅ ${tasks.length} task${tasks.length === 1 ? '' : 's'} created in ${args.sprint} from template ${template.name}: ${tasks.map((t) => t.code).join(', ')}`);
    }
    if (!args.title) throw new HubError('invalid_args', 'Missing --title.', this.usage);
    if (args.parent) await ctx.services.subtasks.assertParent(args.parent, args.sprint);
    const task = await ctx.services.tasks.create(ctx, { ...args, title: args.title });
    await ctx.services.postmaster.assigned(ctx, task);
    return success('Toast', { task: taskSummary(task) }, `✅ Task ${task.code} created in ${task.sprint}: ${task.title}${task.assignee ? ` (@${task.assignee})` : ''}${task.parent ? `, a subtask of ${task.parent}` : ''}`);
  },
});
