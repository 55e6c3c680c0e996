import { z } from 'zod';
import { templateToMarkdown } from '../services/collab/template-markdown.js';
import { defineCommand } from './definition.js';
import { templateName } from './template-args.js';
import { info } from './results.js';

export default defineCommand({
  name: 'template-detail',
  aliases: ['template'],
  summary: "A template's tasks with their keys, priorities, dependencies and parents (--markdown: in the import format).",
  usage: '/template-detail NAME [--markdown]',
  args: z.object({ name: templateName().describe('Template name'), markdown: z.boolean().optional().describe('Show it in the markdown format /template-create --from-artifact reads') }),
  positionals: ['name'],
  readOnly: true,
  async handler(ctx, args) {
    const t = await ctx.services.templates.get(args.name);
    if (args.markdown) return info('Text', { template: t }, templateToMarkdown(t));
    const lines = [`${t.name} · ${t.tasks.length} task${t.tasks.length === 1 ? '' : 's'} · from ${t.source}${t.description ? ` · ${t.description}` : ''}`];
    t.tasks.forEach((x, i) => {
      const extra = [x.parent && `subtask of ${x.parent}`, x.dependsOn.length && `after ${x.dependsOn.join(', ')}`, x.reviewRequired && 'review required'].filter(Boolean).join(' · ');
      lines.push(`  ${i + 1}. ${x.key}  ${x.title}  ${x.priority}${extra ? `  (${extra})` : ''}`);
    });
    return info('Text', { template: t }, lines.join('\n'));
  },
});
