import type { PrincipalRef } from '../../protocol/index.js';

/** The sender of results and of what the hub says by itself. */
export const SYSTEM: PrincipalRef = { id: 'system', name: 'switchboard', kind: 'system' };
