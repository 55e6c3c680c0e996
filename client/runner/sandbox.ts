import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

export const BWRAP_PATH = process.env.BWRAP_PATH ?? '/usr/bin/bwrap';
export const PRLIMIT_PATH = process.env.PRLIMIT_PATH ?? '/usr/bin/prlimit';

/** What one run may use. */
export interface RunLimitsSpec {
  /** CPU seconds (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Address space in bytes (RLIMIT_AS). */
  memoryBytes: number;
  /** Processes of the sandbox's user (RLIMIT_NPROC); the PID namespace ends them all with the run. */
  processes: number;
  /** Largest file it may write (RLIMIT_FSIZE). */
  fileBytes: number;
}

export const DEFAULT_RUN_LIMITS: RunLimitsSpec = { cpuSeconds: 600, memoryBytes: 2 * 1024 ** 3, processes: 256, fileBytes: 1024 ** 3 };

export interface SandboxSpec {
  command: string;
  /** The run's own folder: the only place it can write, seen inside as /workspace. */
  workspace: string;
  network: boolean;
  env: Record<string, string>;
  limits: RunLimitsSpec;
  /** Host folders the command may read (a worker's code, say), at the same paths. */
  expose?: string[];
}

/** prlimit, applied to the sandbox and everything it starts. */
export function limitArgs(l: RunLimitsSpec): string[] {
  return [PRLIMIT_PATH, `--cpu=${l.cpuSeconds}`, `--as=${l.memoryBytes}`, `--nproc=${l.processes}`, `--fsize=${l.fileBytes}`, '--core=0', '--'];
}

/**
 * System folders read-only (those that are symlinks on this host stay symlinks, e.g. /bin -> usr/bin),
 * /tmp a fresh tmpfs mounted before the workspace is bound (a workspace under /tmp would otherwise
 * be hidden by it), the workspace the one writable place; new PID, user, IPC, UTS, cgroup and
 * network namespaces (the network shared only when asked); it dies with its parent.
 */
export function bwrapArgs(spec: SandboxSpec): string[] {
  const args = [BWRAP_PATH, '--unshare-all', ...(spec.network ? ['--share-net'] : []), '--die-with-parent', '--ro-bind', '/usr', '/usr'];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib64', '/lib32', '/etc']) {
    if (!existsSync(dir)) continue;
    const link = lstatSync(dir).isSymbolicLink();
    args.push(...(link ? ['--symlink', readlinkSync(dir), dir] : ['--ro-bind', dir, dir]));
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--bind', spec.workspace, '/workspace');
  for (const dir of spec.expose ?? []) args.push('--ro-bind', dir, dir);
  args.push('--chdir', '/workspace', '--clearenv');
  for (const [k, v] of Object.entries({ PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/workspace', TMPDIR: '/tmp', LANG: 'C.UTF-8', ...spec.env })) args.push('--setenv', k, v);
  args.push('--', '/bin/sh', '-c', spec.command);
  return args;
}

/** The same command without a sandbox (`--sandbox=none`): limits still apply, nothing else does. */
export function plainArgs(spec: SandboxSpec): string[] {
  return ['/bin/sh', '-c', spec.command];
}

/**
 * Whether bwrap can build a sandbox here (user namespaces allowed, the binary present). The probe
 * runs in a process group of its own, killed whole if it does not answer in time.
 */
export function probeBwrap(timeoutMs = 5000, asUser?: { uid: number; gid: number }): Promise<string | null> {
  if (!existsSync(BWRAP_PATH)) return Promise.resolve(`${BWRAP_PATH} is missing: install Debian's bubblewrap (apt-get install bubblewrap)`);
  return new Promise((resolve) => {
    const probe = spawn(BWRAP_PATH, ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '/bin/true'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      uid: asUser?.uid,
      gid: asUser?.gid,
    });
    let err = '';
    probe.stderr!.on('data', (d: Buffer) => (err += d.toString()).slice(0, 2000));
    const timer = setTimeout(() => {
      try {
        process.kill(-probe.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve(`bwrap did not answer within ${timeoutMs} ms`);
    }, timeoutMs);
    probe.on('error', (e) => {
      clearTimeout(timer);
      resolve(`bwrap could not start: ${e.message}`);
    });
    probe.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `bwrap cannot build a sandbox here: ${err.trim() || `exit ${code}`}`);
    });
  });
}
