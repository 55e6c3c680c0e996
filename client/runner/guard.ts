/**
 * The lifeline between a runner and one sandboxed process: `node guard.js SPEC`, started by the
 * runner as the leader of a new process group, with its stdin a pipe from the runner. It starts the
 * command in its own group and, when that pipe closes (the runner stopped the run, or the runner
 * died however it died, even by SIGKILL), kills the whole group at once. bwrap's
 * --die-with-parent alone does not cover a runner killed outright, hence this process.
 * How the command ended is written as one JSON line on fd 3.
 */
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';

interface GuardSpec {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  uid?: number;
  gid?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as GuardSpec;
let reported = false;
const report = (status: { code: number | null; signal: string | null; error?: string }) => {
  if (reported) return;
  reported = true;
  try {
    writeSync(3, `${JSON.stringify(status)}\n`);
  } catch {
    // The runner is gone: nobody to tell.
  }
};
const killGroup = () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } finally {
    process.exit(137);
  }
};

process.stdin.on('end', killGroup);
process.stdin.on('close', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();

const child = spawn(spec.argv[0]!, spec.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: spec.env, cwd: spec.cwd, uid: spec.uid, gid: spec.gid });
child.on('error', (err) => {
  report({ code: null, signal: null, error: err.message });
  process.exit(127);
});
child.on('exit', (code, signal) => {
  report({ code, signal });
  // Anything the command left behind in this group goes with it.
  killGroup();
});
