import { z } from 'zod';
import { RunLimits, artifactUri } from '../../protocol/index.js';
import { artifactRef, code, list, principalName } from './args.js';
import { defineCommand } from './definition.js';
import { duration, formatDuration } from './duration.js';
import { outputGlob, shellCommand } from './run-args.js';
import { success } from './results.js';

export default defineCommand({
  name: 'run',
  summary: "Run a shell command for a task on a runner, in a sandbox; its output streams into the task's room.",
  usage: '/run "shell command" --task=CODE [--timeout=10m] [--inputs=sb://...,...] [--outputs=glob,...] [--runner=@name] [--network]',
  args: z.object({
    command: shellCommand().describe('The shell command (sh -c), in quotes'),
    task: code('task').describe('The task it is for: its room hears the output, its artifacts keep the results'),
    timeout: duration('timeout', 1000, RunLimits.maxTimeoutMs).optional().describe('Wall time before it is stopped (10m when absent)'),
    outputs: list(outputGlob(), 'file patterns').optional().describe('Files of the workspace kept as artifacts, like dist/*.tgz'),
    inputs: list(artifactRef(), 'artifact URIs')
      .refine((l) => l.length <= RunLimits.maxInputs, `at most ${RunLimits.maxInputs} inputs`)
      .optional()
      .describe('Artifacts copied into the workspace first (by their file names), like sb://artifacts/by-task/T-1/data.csv'),
    runner: principalName().optional().describe('Only this runner may take it'),
    network: z.boolean().optional().describe('Give it the network (people only)'),
  }),
  positionals: ['command...'],
  touches: (a) => [a.task],
  async handler(ctx, args) {
    // Inputs are read with the requester's rights, now: the runner gets links signed for them.
    const inputs: string[] = [];
    for (const ref of args.inputs ?? []) {
      const { artifact, blob } = await ctx.services.artifacts.resolve(ref);
      await ctx.services.access.assertArtifactRead(ctx.principal, artifact, blob._id);
      inputs.push(ref.type === 'cas' ? `sb://cas/${blob._id}` : artifactUri(ref.owner, ref.name, ref.version ?? undefined));
    }
    const run = await ctx.services.runs.request(ctx, {
      inputs,
      task: args.task,
      command: args.command,
      timeoutMs: args.timeout ?? RunLimits.defaultTimeoutMs,
      outputs: args.outputs ?? [],
      runner: args.runner ?? null,
      network: args.network ?? false,
    });
    const waits = run.status === 'awaiting_approval' ? ' It waits for a person to /run-approve it.' : ' Its output follows in the task room.';
    return success('Toast', { run }, `▶️ Run ${run.id} on ${run.task} ${run.status === 'queued' ? 'queued' : 'awaiting approval'} (timeout ${formatDuration(run.timeoutMs)}${run.network ? ', with network' : ''}).${waits}`);
  },
});
