/**
 * What would keep the test process alive after the run: timers, sockets, servers and child
 * processes nobody closed. Standard streams and handles that do not hold the loop (unref'd) are
 * left out. Node exposes the list only through `process._getActiveHandles`.
 */
interface Describable {
  constructor: { name: string };
  hasRef?: () => boolean;
  fd?: number;
  remoteAddress?: string;
  remotePort?: number;
  localPort?: number;
  address?: () => unknown;
  pid?: number;
  spawnfile?: string;
  spawnargs?: string[];
  _onTimeout?: { name?: string; toString(): string };
  _idleTimeout?: number;
}

const STDIO = new Set([0, 1, 2]);

export function openHandles(): string[] {
  const read: unknown = Reflect.get(process, '_getActiveHandles');
  const list: unknown = typeof read === 'function' ? read.call(process) : [];
  if (!Array.isArray(list)) return [];
  return list.flatMap((handle: Describable) => {
    if (handle.hasRef && !handle.hasRef()) return [];
    if (handle.fd !== undefined && STDIO.has(handle.fd)) return [];
    return [describe(handle)];
  });
}

function describe(h: Describable): string {
  const kind = h.constructor.name;
  if (kind === 'Timeout') return `Timeout every ${h._idleTimeout} ms: ${String(h._onTimeout).slice(0, 160).replace(/\s+/g, ' ')}`;
  if (kind === 'ChildProcess') return `ChildProcess ${h.pid}: ${(h.spawnargs ?? [h.spawnfile]).join(' ').slice(0, 200)}`;
  if (kind === 'Socket') return `Socket ${h.remoteAddress ?? ''}:${h.remotePort ?? ''} (local port ${h.localPort ?? '?'})`;
  if (kind === 'Server') return `Server ${JSON.stringify(h.address?.())}`;
  return kind;
}
