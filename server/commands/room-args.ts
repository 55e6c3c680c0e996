import { z } from 'zod';
import { parseRoom } from '../../protocol/index.js';
import type { GrantableRoom } from '../services/room-grants.js';

/** A sprint or task room, like `sprint:S-1` or `task:T-1`: the rooms an invitation opens. */
export const grantableRoom = () =>
  z.string({ error: 'give the room, like task:T-1 or sprint:S-1' }).transform((s, ctx): GrantableRoom => {
    const room = parseRoom(s);
    if (!room || (room.kind !== 'sprint' && room.kind !== 'task')) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a sprint or task room: use sprint:<CODE> or task:<CODE>` });
      return z.NEVER;
    }
    return { ...room, kind: room.kind, id: room.id! };
  });
