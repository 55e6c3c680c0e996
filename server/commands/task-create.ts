import { z } from 'zod';
import { code, principalName, priority, title } from './args.js';
import { defineCommand } from './definition.js';
import { taskSummary } from '../services/wire.js';
import { success } from './results.js';

export default defineCommand({
  name: 'task-create',
  summary: 'Create a task in a sprint.',
  usage: '/task-create CODE --title="Task title" --sprint=SPRINT [--priority=low|medium|high|urgent] [--assignee=@name] [--parent=CODE]',
  args: z.object({
    code: code('task').describe('Task code, like T-API-01'),
    title: title().describe('What is to be done'),
    sprint: code('sprint').describe('The sprint it belongs to'),
    priority: priority().optional().describe('low, medium (default), high or urgent'),
    assignee: principalName().optional().describe('Who does it'),
    parent: code('task').optional().describe('Make it a subtask of this task'),
  }),
  positionals: ['code'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    if (args.parent) await ctx.services.subtasks.assertParent(args.parent, args.sprint);
    const task = await ctx.services.tasks.create(ctx, args);
    await ctx.services.postmaster.assigned(ctx, task);
    return success('Toast', { task: taskSummary(task) }, `✅ Task ${task.code} created in ${task.sprint}: ${task.title}${task.assignee ? ` (@${task.assignee})` : ''}${task.parent ? `, a subtask of ${task.parent}` : ''}`);
  },
});
