import { SYSTEM } from '../../hub/system-principal.js';
import type { Posting } from '../acting.js';
import type { Sender } from './approvals.js';

/**
 * The hub itself as the sender of a notice that a change caused (a task became ready, a handoff's
 * assignment), posting where the change posts: the actor may no longer be allowed in the task's
 * room (it just handed the task off) or never was (it finished a dependency of someone else's task).
 */
export const hubSender = (by: Posting): Sender => ({ principal: { ...SYSTEM, role: 'admin' }, emit: by.emit, post: by.post, taskMemo: by.taskMemo });
