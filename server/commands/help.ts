import { z } from 'zod';
import type { ArgumentRefers, OptionInfo } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { AnyCommand } from './definition.js';
import { defineCommand } from './definition.js';
import { info } from './results.js';
import { suggest } from './suggest.js';

/** One option of a command, as help and generated docs show it. */
export function describeOptions(command: AnyCommand): OptionInfo[] {
  const positionals = (command.positionals ?? []).map((p) => p.replace(/\.\.\.$/, ''));
  return Object.entries(command.args.shape as Record<string, z.ZodType>).map(([name, schema]) => {
    const refers = refersOf(schema);
    return { name, description: schema.description ?? '', positional: positionals.includes(name), ...(refers ? { refers } : {}) };
  });
}

/** What an argument names, as args.ts marks it (`code`, `principalName`), under `.optional()` too. */
function refersOf(schema: z.ZodType): ArgumentRefers | undefined {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  const refers = z.globalRegistry.get(inner)?.['refers'];
  return refers === 'task' || refers === 'sprint' || refers === 'name' ? refers : undefined;
}

export default defineCommand({
  name: 'help',
  summary: 'List the commands you may run, or explain one.',
  usage: '/help [command]',
  args: z.object({ command: z.string().optional().describe('A command name, with or without /') }),
  positionals: ['command'],
  readOnly: true,
  async handler(ctx, args) {
    const mine = ctx.commands.filter((c) => !c.roles || c.roles.includes(ctx.principal.role));
    if (!args.command) {
      const rows = mine.map((c) => ({ name: `/${c.name}`, usage: c.usage, summary: c.summary }));
      const text = ['Commands (/help <command> for one):', ...mine.map((c) => `  ${c.usage}\n      ${c.summary}`)].join('\n');
      return info('Help', { commands: rows }, text);
    }
    const wanted = args.command.replace(/^\//, '').toLowerCase();
    const command = ctx.commands.find((c) => c.name === wanted || c.aliases?.includes(wanted));
    if (!command) {
      const near = suggest(wanted, ctx.commands.map((c) => c.name));
      throw new HubError('unknown_command', `There is no /${wanted}.${near.length ? ` Did you mean ${near.map((n) => `/${n}`).join(', ')}?` : ''}`);
    }
    const options = describeOptions(command);
    const lines = [
      command.usage,
      command.summary,
      ...(command.aliases?.length ? [`aliases: ${command.aliases.map((a) => `/${a}`).join(', ')}`] : []),
      ...(command.roles ? [`for: ${command.roles.join(', ')}`] : []),
      ...options.map((o) => `  ${o.positional ? `<${o.name}>` : `--${o.name}`}  ${o.description}`),
    ];
    return info('Help', { command: { name: command.name, usage: command.usage, summary: command.summary, aliases: command.aliases ?? [], options } }, lines.join('\n'));
  },
});
