import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The shell wrapper that ties a database process's life to the hub's: it starts the program,
 * prints its pid, and watches its stdin. When the hub exits for any reason, even SIGKILL, the
 * OS closes that pipe, `cat` returns, and the wrapper stops the program with `signal`. Node has
 * no portable parent-death signal. The wrapper exits when the program does, so the hub also
 * learns of a program that died by itself (and restarts it).
 */
// A background job's stdin is /dev/null in a shell without job control: the watcher reads fd 3, a copy of the pipe.
const supervisor = (signal: string) => `exec 3<&0; "$@" & child=$!; echo "$child"; (cat <&3 >/dev/null; kill -${signal} "$child" 2>/dev/null) & wait "$child"`;

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface SupervisedProcess {
  /** The last lines the program wrote to stderr (and stdout after its pid). */
  output(): string;
  readonly exited: boolean;
  /** Resolves when the program has exited. */
  readonly exit: Promise<void>;
  /** Stops it with the wrapper's signal, and SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /**
   * Resolves 'up' once the program writes a line matching `ready` (databases say when they
   * accept connections), 'exited' if it exits first, 'timeout' when `timeoutMs` runs out.
   */
  ready(ready: RegExp, timeoutMs: number): Promise<'up' | 'exited' | 'timeout'>;
}

/** Starts `argv` under the wrapper; `signal` is what stops it (TERM, or INT for PostgreSQL's fast shutdown). */
export function superviseProcess(argv: string[], signal: 'TERM' | 'INT' = 'TERM', env?: NodeJS.ProcessEnv): SupervisedProcess {
  const child: ChildProcess = spawn('sh', ['-c', supervisor(signal), 'sh', ...argv], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let tail = '';
  // Lines are matched whole: a chunk may end mid-line, so each stream keeps its unfinished line.
  const watchers = new Set<(line: string) => void>();
  const lineReader = () => {
    let partial = '';
    return (text: string) => {
      tail = (tail + text).slice(-4000);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) for (const w of watchers) w(line);
    };
  };
  const fromStdout = lineReader();
  const fromStderr = lineReader();
  let pid = 0;
  child.stdout!.once('data', (d: Buffer) => {
    const [first, ...rest] = d.toString().split('\n');
    pid = Number.parseInt(first ?? '', 10) || 0;
    fromStdout(rest.join('\n'));
    child.stdout!.on('data', (more: Buffer) => fromStdout(more.toString()));
  });
  child.stderr!.on('data', (d: Buffer) => fromStderr(d.toString()));
  // Ending stdin of a wrapper that is already gone must not throw.
  child.stdin!.on('error', () => undefined);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      // The watcher of stdin outlives a program that died by itself: this ends it.
      child.stdin!.end();
      resolve();
    }),
  );
  let stopping: Promise<void> | null = null;
  return {
    output: () => tail.trim(),
    ready(ready, timeoutMs) {
      if (exited) return Promise.resolve('exited');
      return new Promise((resolve) => {
        const done = (state: 'up' | 'exited' | 'timeout') => {
          watchers.delete(watch);
          clearTimeout(timer);
          resolve(state);
        };
        const watch = (line: string) => {
          if (ready.test(line)) done('up');
        };
        const timer = setTimeout(() => done('timeout'), timeoutMs);
        watchers.add(watch);
        void exit.then(() => done('exited'));
      });
    },
    get exited() {
      return exited;
    },
    exit,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (exited) return;
        child.stdin!.end();
        const timer = setTimeout(() => {
          if (pid) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }
          child.kill('SIGKILL');
        }, graceMs);
        await exit;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** The last few lines of a process's output, on one line, for an error sentence. */
export const lastLines = (text: string, n = 3) => text.split('\n').filter(Boolean).slice(-n).join(' | ') || 'no output';
