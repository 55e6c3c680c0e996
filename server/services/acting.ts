import type { PrincipalRef } from '../../protocol/index.js';
import type { Emit, Post } from './events.js';
import type { OpStamp } from './op-stamp.js';
import type { TaskMemo } from './task-memo.js';

/** Who is changing something, and where the change is announced. Every write takes one. */
export interface Acting {
  principal: PrincipalRef;
  emit: Emit;
  /** Present where the change may also say something in a room (commands, the chat service). */
  post?: Post;
  /** Present when the change is a command sent with a client id: its writes are made once, however often it is resent. */
  op?: OpStamp;
  /** Present in a command: the tasks it has read, so its writes start from them instead of reading again. */
  taskMemo?: TaskMemo;
}

/** An actor that can also post system messages: what the postmaster needs. */
export interface Posting extends Acting {
  post: Post;
}
