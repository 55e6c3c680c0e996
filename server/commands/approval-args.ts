import { z } from 'zod';
import { APPROVAL_ID_PATTERN, APPROVAL_STATUSES } from '../../protocol/index.js';

/** `A-7KQ2ZD`, as /approvals shows it; any case. */
export const approvalId = () =>
  z
    .string({ error: 'give an approval id, like A-7KQ2ZD (/approvals lists them)' })
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(APPROVAL_ID_PATTERN, 'an approval id is A- and six letters or digits, like A-7KQ2ZD'));

export const approvalStatus = () =>
  z.enum(APPROVAL_STATUSES, { error: (iss) => `status must be one of ${APPROVAL_STATUSES.join(', ')}${iss.input === undefined ? '' : ` (got "${String(iss.input)}")`}` });
