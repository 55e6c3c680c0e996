import { z } from 'zod';
import { list } from './args.js';

/** Registry fields as typed in /agent-register. */

const WORD = /^[A-Za-z0-9][A-Za-z0-9_.+#/-]{0,63}$/;
export const PROFILE_CHARS = 4000;

/** What the agent does, like `backend`: a word, stored lower-case. Not its access role. */
export const agentRole = () =>
  z
    .string({ error: 'give the role as one word, like --role=backend' })
    .regex(WORD, 'a role is one word of letters, digits and . _ + # / - (like backend or qa)')
    .transform((s) => s.toLowerCase());

/** `a,b,c`: words, stored lower-case, each once, in the order given. */
export const capabilities = () =>
  list(z.string().regex(WORD, 'a capability is one word of letters, digits and . _ + # / - (like typescript or c++)'), 'capabilities').transform((caps) => [
    ...new Set(caps.map((c) => c.toLowerCase())),
  ]);

/** A sentence or a paragraph about the agent; `--profile=""` clears it. */
export const profile = () =>
  z
    .string({ error: 'give the profile as text, like --profile="Writes the API"' })
    .transform((s) => s.replace(/\\n/g, '\n').trim())
    .pipe(z.string().max(PROFILE_CHARS, `the profile is longer than ${PROFILE_CHARS} characters`));
