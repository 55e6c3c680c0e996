/** An agent's memory entry. Keys are values in the database, never document keys. */
export interface MemoryEntry {
  key: string;
  value: string;
  /** Ephemeral entries end with the session that wrote them, or at `expiresAt`. */
  ephemeral: boolean;
  expiresAt: string | null;
  updatedAt: string;
}

export const MEMORY_VALUE_BYTES = 64 * 1024;
export const MEMORY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;
