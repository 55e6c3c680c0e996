import { z } from 'zod';
import { MEMORY_KEY_PATTERN, type MemoryEntry } from '../../protocol/index.js';
import { formatBytes } from '../services/blob-store.js';
import { formatDuration } from './duration.js';

/** A memory key as typed; kept exactly (keys are case-sensitive values, never document keys). */
export const memoryKey = () =>
  z
    .string({ error: 'give a memory key, like plan.next or notes/T-1' })
    .regex(MEMORY_KEY_PATTERN, 'a memory key is up to 128 letters, digits and _ . : / -, starting with a letter or digit');

/** How long an entry lasts: `durable`, `expires in 59m`, or `ephemeral, ends with this session`. */
export function lifetime(entry: MemoryEntry, now: Date): string {
  if (!entry.ephemeral) return 'durable';
  const ends = entry.expiresAt ? `expires in ${formatDuration(Math.max(0, new Date(entry.expiresAt).getTime() - now.getTime()))}` : null;
  return ends ?? 'ephemeral, ends with this session';
}

export const valueSize = (entry: MemoryEntry) => formatBytes(Buffer.byteLength(entry.value, 'utf8'));

/** The entry without its value: what a room sees, since memory is its owner's business. */
export const withoutValue = ({ value: _value, ...rest }: MemoryEntry) => rest;
