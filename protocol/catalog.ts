import type { OptionInfo } from './command-results.js';
import type { Role } from './entities.js';
import type { RoomKind } from './rooms.js';

/** One argument in a command's input schema: what autocomplete and MCP clients read of it. */
export interface ArgumentSchema {
  type?: string;
  enum?: string[];
  description?: string;
  [keyword: string]: unknown;
}

/** A command as clients see it (`GET /api/commands`): for autocomplete, MCP tools, the CLI and generated docs. */
export interface CommandInfo {
  name: string;
  aliases: string[];
  summary: string;
  usage: string;
  roles: Role[] | null;
  rooms: RoomKind[] | null;
  readOnly: boolean;
  destructive: boolean;
  /** Bare-word arguments in order; a trailing `...` takes the rest of the line. */
  positionals: string[];
  options: OptionInfo[];
  /** JSON Schema (2020-12) of the arguments object, as typed (before normalising). */
  inputSchema: { type?: string; properties?: Record<string, ArgumentSchema>; required?: string[]; [keyword: string]: unknown };
}
