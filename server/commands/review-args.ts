import { z } from 'zod';

/** `--review=required|off` (and `sprint` for a task: follow its sprint). */
export const reviewSetting = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `review must be one of ${values.join(', ')}${iss.input === undefined ? '' : ` (got "${String(iss.input)}")`}` });

export const reviewFlag = (v: string): boolean | null => (v === 'required' ? true : v === 'off' ? false : null);
