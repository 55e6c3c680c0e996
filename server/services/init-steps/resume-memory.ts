import type { ResumeMemoryData } from '../../../protocol/index.js';
import { actorFeed } from '../activity-feed.js';
import type { StepInput, StepOutcome } from './step.js';
import { utcMinute } from '../time-format.js';

/** Activity types that are an agent's own notes: /agent-log lines and /task-note notes. */
const NOTE_TYPES = ['agent.log', 'task.note'];
const MAX_ENTRIES = 200;
const MAX_NOTES = 50;

/** Step 1: the agent's durable memory and what it wrote during its last session. */
export async function resumeMemory({ deps, agent, session }: StepInput): Promise<StepOutcome<ResumeMemoryData>> {
  const durable = await deps.memory.list(agent, { durableOnly: true });
  const entries = [...durable].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, MAX_ENTRIES).sort((a, b) => a.key.localeCompare(b.key));
  const previous = await deps.sessions.previous(session);
  const notes = previous
    ? (
        await deps.activity.feed.latest(actorFeed(agent.name), {
          limit: MAX_NOTES,
          since: previous.startedAt,
          accept: (a) => NOTE_TYPES.includes(a.type) && a.createdAt <= (previous.endedAt ?? session.startedAt),
        })
      )
        .reverse()
        .map((a) => ({ at: new Date(a.createdAt).toISOString(), type: a.type, task: a.task ?? null, text: a.text }))
    : [];
  const memoryText = durable.length
    ? `${durable.length} durable ${durable.length === 1 ? 'entry' : 'entries'} (${entries.slice(0, 5).map((e) => e.key).join(', ')}${durable.length > 5 ? ', …' : ''})`
    : 'no durable memory';
  const notesText = previous
    ? `${notes.length} ${notes.length === 1 ? 'note' : 'notes'} from the last session (${utcMinute(previous.startedAt)} to ${previous.endedAt ? utcMinute(previous.endedAt) : 'its unclean end'})`
    : 'no previous session';
  return {
    status: 'ok',
    detail: `${memoryText}; ${notesText}.`,
    data: {
      entries,
      more: durable.length - entries.length,
      previousSession: previous
        ? { id: String(previous._id), startedAt: new Date(previous.startedAt).toISOString(), endedAt: previous.endedAt ? new Date(previous.endedAt).toISOString() : null }
        : null,
      notes,
    },
  };
}
