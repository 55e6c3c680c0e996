import { isFinishedTask, type Role, type SubtaskRollup, type TaskStatus } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import { HubError } from '../../errors.js';

/** Subtasks shown and rolled up under one parent. */
const MAX_SUBTASKS = 200;

/** A parent's subtasks: their progress, and the rule that a parent is not finished before them. */
export class SubtaskService {
  constructor(private readonly models: Models) {}

  async rollup(parent: string): Promise<SubtaskRollup> {
    const subs = await this.models.tasks.find({ parent }, { code: 1, title: 1, status: 1, assignee: 1 }).sort({ createdAt: 1 }).limit(MAX_SUBTASKS).lean();
    const counted = subs.filter((s) => s.status !== 'cancelled');
    const done = counted.filter((s) => s.status === 'completed').length;
    return {
      total: subs.length,
      done,
      percentDone: counted.length ? Math.round((done / counted.length) * 100) : 0,
      subtasks: subs.map((s) => ({ code: s.code, title: s.title, status: s.status, assignee: s.assignee })),
    };
  }

  /** The parent a new subtask names must exist, in the same sprint. */
  async assertParent(parent: string, sprint: string): Promise<void> {
    const p = await this.models.tasks.findOne({ code: parent }, { sprint: 1 }).lean();
    if (!p) throw new HubError('not_found', `There is no task ${parent} to be the parent; /tasks lists them.`);
    if (p.sprint !== sprint.toUpperCase()) throw new HubError('invalid_args', `${parent} is in sprint ${p.sprint}; a subtask goes in its parent's sprint.`);
  }

  /** Completing a parent with open subtasks: refused, unless a person forces it. */
  async assertCanComplete(caller: { role: Role }, code: string, force: boolean): Promise<void> {
    const open = (await this.models.tasks.find({ parent: code }, { code: 1, status: 1 }).limit(MAX_SUBTASKS).lean()).filter((s) => !isFinishedTask(s.status));
    if (!open.length) return;
    if (force && caller.role !== 'agent') return;
    const list = open.map((s) => `${s.code} (${s.status})`).join(', ');
    const fix = caller.role === 'agent' ? 'finish them first, or ask a person' : `finish them first, or force it with /task-done ${code} "summary" --force`;
    throw new HubError('invalid_transition', `${code} has open subtasks: ${list}; ${fix}.`);
  }
}
