import { z } from 'zod';
import { HubError } from '../errors.js';
import { previewOf } from '../services/artifact-preview.js';
import { parseTemplateMarkdown } from '../services/collab/template-markdown.js';
import { artifactRef, code, text } from './args.js';
import { defineCommand } from './definition.js';
import { templateName } from './template-args.js';
import { success } from './results.js';

/** Largest markdown template read from an artifact. */
const MAX_TEMPLATE_BYTES = 256 * 1024;

export default defineCommand({
  name: 'template-create',
  summary: "Save a sprint's tasks, or a task and its subtasks, or a markdown artifact, as a template to create again.",
  usage: '/template-create NAME --from-sprint=CODE | --from-task=CODE | --from-artifact=URI [--description="..."]',
  args: z.object({
    name: templateName().describe('The template name, like release'),
    'from-sprint': code('sprint').optional().describe('Every task of this sprint'),
    'from-task': code('task').optional().describe('This task and its subtasks'),
    'from-artifact': artifactRef().optional().describe('A markdown artifact in the template format (see the README)'),
    description: text('description', 2000).optional().describe('What the template is for'),
  }),
  positionals: ['name'],
  roles: ['admin', 'member'],
  async handler(ctx, args) {
    const { 'from-sprint': fromSprint, 'from-task': fromTask, 'from-artifact': fromArtifact } = args;
    const given = [fromSprint, fromTask, fromArtifact].filter((x) => x !== undefined).length;
    if (given !== 1) throw new HubError('invalid_args', 'Give exactly one of --from-sprint=CODE, --from-task=CODE or --from-artifact=URI.', this.usage);
    const { templates } = ctx.services;
    let input: { tasks: Awaited<ReturnType<typeof templates.fromSprint>>; source: string; description?: string };
    if (fromSprint) input = { tasks: await templates.fromSprint(fromSprint), source: `sprint ${fromSprint}` };
    else if (fromTask) input = { tasks: await templates.fromTask(fromTask), source: `task ${fromTask}` };
    else {
      const resolved = await ctx.services.artifacts.resolve(fromArtifact!);
      await ctx.services.access.assertArtifactRead(ctx.principal, resolved.artifact, resolved.blob._id);
      const read = await previewOf(ctx.services.artifacts.blobs, resolved, MAX_TEMPLATE_BYTES);
      if (read.truncated) throw new HubError('too_large', `A markdown template is at most ${MAX_TEMPLATE_BYTES / 1024} KiB.`);
      const parsed = parseTemplateMarkdown(read.text);
      input = { tasks: parsed.tasks, source: resolved.artifact ? `${resolved.artifact.name} v${resolved.artifact.version}` : resolved.blob._id, description: parsed.description };
    }
    const template = await templates.create(ctx, { name: args.name, description: args.description ?? input.description, source: input.source, tasks: input.tasks });
    return success('Toast', { template }, `✅ Template ${template.name} saved from ${template.source}: ${template.tasks.length} task${template.tasks.length === 1 ? '' : 's'}`);
  },
});
