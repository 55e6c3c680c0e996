import type { CommandName, CommandResult, CommandResults } from '../../protocol/index.js';
import { echoLine } from './echo-line.js';
import { HubError } from '../errors.js';
import type { OpStamp } from '../services/op-stamp.js';
import type { TaskMemo } from '../services/task-memo.js';
import type { AnyCommand, CommandContext } from './definition.js';
import { argvToInput, describeIssue, splitCommand, tokenize } from './parse-line.js';
import { suggest } from './suggest.js';

/** Every way in (socket, HTTP, MCP, CLI) ends here: one line, one command, one handler. */
export class CommandRouter {
  private readonly byName = new Map<string, AnyCommand>();

  constructor(readonly commands: readonly AnyCommand[]) {
    for (const c of commands) {
      for (const name of [c.name, ...(c.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`two commands are called /${name}`);
        this.byName.set(name, c);
      }
    }
  }

  find(name: string): AnyCommand | undefined {
    return this.byName.get(name.toLowerCase().replace(/^\//, ''));
  }

  /** Parses, checks rights and arguments, then runs the handler. Throws HubError on refusal. */
  async dispatch(ctx: Omit<CommandContext, 'commands' | 'taskMemo'> & { taskMemo?: TaskMemo }, line: string): Promise<{ command: AnyCommand; result: CommandResult<CommandResults[CommandName]>; echo: string }> {
    const prepared = await this.prepare(ctx, line);
    return { command: prepared.command, result: await prepared.run(ctx.op), echo: prepared.echo };
  }

  /**
   * Everything before the handler: parsing, rights, arguments, what the room may be shown.
   * `run` then calls the handler, under `op` when the caller recorded the command's intent.
   */
  async prepare(ctx: Omit<CommandContext, 'commands' | 'op' | 'taskMemo'> & { taskMemo?: TaskMemo }, line: string): Promise<PreparedCommand> {
    const split = splitCommand(line);
    if (!split) throw new HubError('bad_request', 'A command starts with / and a name, like /help.');
    const command = this.byName.get(split.name);
    if (!command) {
      const near = suggest(split.name, [...this.byName.keys()]);
      throw new HubError(
        'unknown_command',
        `There is no /${split.name}.${near.length ? ` Did you mean ${near.map((n) => `/${n}`).join(', ')}?` : ''} /help lists the commands.`,
      );
    }
    if (command.roles && !command.roles.includes(ctx.principal.role)) {
      throw new HubError('forbidden', `/${command.name} is for ${command.roles.map((r) => `${r}s`).join(' or ')}; you are ${ctx.principal.role}.`);
    }
    if (command.rooms && !command.rooms.includes(ctx.room.kind)) {
      throw new HubError('forbidden', `/${command.name} runs in ${command.rooms.join(' or ')} rooms, not in ${ctx.room.name}.`, command.usage);
    }
    const input = argvToInput(command, tokenize(split.rest, command.usage));
    // reportInput: describeIssue tells a missing option (no input) from a wrong one.
    const args = command.args.strict().safeParse(input, { reportInput: true });
    if (!args.success) throw new HubError('invalid_args', describeIssue(command, args.error), command.usage);
    const touched = command.touches ? command.touches(args.data) : [];
    const taskMemo = ctx.taskMemo ?? ctx.services.tasks.memo();
    if (command.touches) await ctx.services.access.assertTaskWrite(ctx.principal, touched, taskMemo);
    // A holder working on its task keeps it: a command naming the task, or run in its room, renews
    // the lease once a tenth of it has passed. It runs while the caller records the command's
    // intent; the handler waits for it.
    const renewing = ctx.services.claims.renew(ctx.principal.name, ctx.room.kind === 'task' ? [...touched, ctx.room.id!] : touched, taskMemo);
    renewing.catch(() => undefined); // awaited (and so reported) by run
    // Known before the handler runs: what the room may be shown of the line depends only on what was typed.
    const echo = echoLine(command, input, args.data, ctx.room.name, line);
    return {
      command,
      echo,
      run: async (op) => {
        await renewing;
        return command.handler({ ...ctx, taskMemo, commands: this.commands, ...(op ? { op } : {}) }, args.data);
      },
    };
  }
}

/** A command line that passed every check, ready to run. */
export interface PreparedCommand {
  command: AnyCommand;
  echo: string;
  run: (op?: OpStamp) => Promise<CommandResult<CommandResults[CommandName]>>;
}
