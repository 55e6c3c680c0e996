import type { z } from 'zod';
import { HubError } from '../errors.js';

/** Parses an inbound payload with its schema, or throws `bad_request` naming the field. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new HubError('bad_request', `Invalid ${event} ${issue.path.join('.') || 'payload'}: ${issue.message}.`);
}
