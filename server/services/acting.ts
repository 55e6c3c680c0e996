import type { PrincipalRef } from '../../protocol/index.js';
import type { Emit } from './events.js';

/** Who is changing something, and where the change is announced. Every write takes one. */
export interface Acting {
  principal: PrincipalRef;
  emit: Emit;
}
