import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, stdTimeFunctions, type Logger } from 'pino';

/** The HTTP request being served, so every line it causes carries its id (see http/request-log.ts). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * The hub's structured log: one JSON line per event on stderr (stdout belongs to the start-up
 * banner and to MCP over stdio), human-readable through pino-pretty when stderr is a terminal.
 * `LOG_LEVEL` (info) sets how much; `silent` turns it off. Lines carry ids and names, never
 * message text, command arguments or tokens.
 */
function createLogger(): Logger {
  const level = process.env.LOG_LEVEL || 'info';
  const options = {
    level,
    base: { service: 'switchboard' },
    timestamp: stdTimeFunctions.isoTime,
    mixin: () => {
      const request = requestContext.getStore();
      return request ? { requestId: request.requestId } : {};
    },
    // A safety net: nothing should log these, and if something does they are masked.
    redact: { paths: ['token', 'authorization', 'headers.authorization', '*.token'], censor: '[redacted]' },
  };
  if (process.stderr.isTTY && level !== 'silent') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } });
  }
  return pino(options, pino.destination({ fd: 2, sync: true }));
}

let instance: Logger | null = null;

/**
 * Made on first use, so a process that only imports the hub's modules (the CLI, MCP over stdio)
 * starts no pretty-printing worker. Setting `log.level` changes it at run time (tests quiet it).
 */
export const log: Logger = new Proxy({} as Logger, {
  get(_target, key) {
    const logger = (instance ??= createLogger());
    const value: unknown = Reflect.get(logger, key);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
  },
  set(_target, key, value) {
    return Reflect.set((instance ??= createLogger()), key, value);
  },
});
