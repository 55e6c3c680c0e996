import { z } from 'zod';

/** How a client may render a result; `text` is always there for bots and terminals. */
export const RESULT_COMPONENTS = ['Toast', 'Table', 'SprintDetail', 'TaskDetail', 'AgentDetail', 'Help', 'Dashboard', 'Text', 'Analytics'] as const;
export type ResultComponent = (typeof RESULT_COMPONENTS)[number];

export const CommandResultSchema = z.object({
  type: z.enum(['success', 'error', 'info']),
  component: z.enum(RESULT_COMPONENTS),
  data: z.unknown(),
  text: z.string(),
});

export interface CommandResult<D = unknown> {
  type: 'success' | 'error' | 'info';
  component: ResultComponent;
  data: D;
  text: string;
}

/** Data of a `Table` result: column keys in order, with labels, and one object per row. */
export interface TableData<R = Record<string, unknown>> {
  columns: { key: string; label: string }[];
  rows: R[];
}
