import { parseRoom } from '../../protocol/index.js';
import type { Services } from '../services/index.js';
import type { ClaimedRun, StoredSchedule } from '../services/collab/schedules.js';
import type { ChatService } from '../chat/chat-service.js';
import type { DueJob } from './due-work.js';
import { hubActor } from './hub-actor.js';
import { redactSecrets } from '../services/redaction.js';
import { utcMinute } from '../services/time-format.js';

/**
 * Runs due schedules: each occurrence this hub claims is sent as its creator's chat command in its
 * room, through the same path as a typed one, so rights are checked now (a revoked token or a lost
 * right stops it) and the command and its result are posted in the room.
 */
export function scheduleRunner(services: Services, chat: ChatService): DueJob {
  const by = hubActor(chat);

  async function runOne(s: StoredSchedule, run: ClaimedRun): Promise<void> {
    const room = parseRoom(s.room)!;
    // The line runs as typed; what the room reads of it is without secrets, as chat lines are.
    const shown = redactSecrets(s.line).text;
    const creator = await services.tokens.withLiveToken(String(s.createdById));
    if (!creator) {
      const why = `@${s.createdBy} has no valid token any more`;
      await services.schedules.pauseForCause(by, s, why);
      await by.post(room.name, `⏸️ ${s._id} paused: ${why}, so ${shown} no longer runs. /schedule-pause ${s._id} --resume once they have one.`, { schedule: s._id });
      await services.schedules.finish(run, false, why);
      return;
    }
    const missed = run.missed ? ` ${run.missed} earlier occurrence${run.missed === 1 ? ' was' : 's were'} missed while no hub was running; this one run stands for them.` : '';
    await by.post(room.name, `⏰ ${s._id}: running ${shown} as @${s.createdBy} for ${utcMinute(run.occurrence)}.${missed}`, { schedule: s._id, missed: run.missed });
    const ack = await chat.send(creator, { room: room.name, text: s.line });
    if (ack.ok) {
      await services.schedules.finish(run, true, ack.result?.text ?? '');
      return;
    }
    await by.post(room.name, `⚠️ ${s._id}: ${shown} was refused (${ack.error.code}): ${ack.error.message}`, { schedule: s._id });
    await services.schedules.finish(run, false, ack.error.message);
  }

  return {
    name: 'schedules',
    async run() {
      for (const s of await services.schedules.due()) {
        const run = await services.schedules.claim(s);
        if (run) await runOne(s, run);
      }
    },
  };
}
