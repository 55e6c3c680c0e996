import { z } from 'zod';
import { NAME_PATTERN } from '../../protocol/index.js';

/** A template's name, like `release` or `bugfix-flow`; stored lower-case. */
export const templateName = () =>
  z
    .string({ error: 'give a template name, like release' })
    .regex(NAME_PATTERN, 'a template name is letters, digits, ., - and _')
    .transform((s) => s.toLowerCase());
