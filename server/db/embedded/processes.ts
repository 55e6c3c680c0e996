import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

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

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SupervisedProcess {
  /** The last lines the program wrote to stderr (and stdout after its pid). */
  output(): string;
  readonly exited: boolean;
  /** Resolves when the program has exited. */
  readonly exit: Promise<void>;
  /** Stops it with the wrapper's signal, and SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `argv` under the wrapper; `signal` is what stops it (TERM, or INT for PostgreSQL's fast shutdown). */
export function superviseProcess(argv: string[], signal: 'TERM' | 'INT' = 'TERM', env?: NodeJS.ProcessEnv): SupervisedProcess {
  const child: ChildProcess = spawn('sh', ['-c', supervisor(signal), 'sh', ...argv], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
  };
  let pid = 0;
  child.stdout!.once('data', (d: Buffer) => {
    const [first, ...rest] = d.toString().split('\n');
    pid = Number.parseInt(first ?? '', 10) || 0;
    tail += rest.join('\n');
    child.stdout!.on('data', keep);
  });
  child.stderr!.on('data', keep);
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

/** Waits until something listens on `port`, or the process exits, or time runs out. */
export async function waitForPort(proc: SupervisedProcess, port: number, timeoutMs: number): Promise<'up' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(port)) return 'up';
    if (proc.exited) return 'exited';
    if (Date.now() > deadline) return 'timeout';
    await sleep(50);
  }
}

/** The last few lines of a process's output, on one line, for an error sentence. */
export const lastLines = (text: string, n = 3) => text.split('\n').filter(Boolean).slice(-n).join(' | ') || 'no output';
