import express, { type Request, type Response } from 'express';
import {
  CODE_PATTERN,
  TASK_STATUSES,
  type ArtifactListView,
  type ArtifactOwner,
  type DirectoryView,
  type SprintView,
  type TaskStatus,
  type TaskSummary,
  type TaskView,
} from '../../protocol/index.js';
import { HubError, toWireError } from '../errors.js';
import type { Services } from '../services/index.js';
import { taskSummary, taskToWire } from '../services/wire.js';
import { bearerAuth } from './bearer.js';
import { ownerFromFields } from './artifacts-upload.js';
import { HTTP_STATUS } from './status-codes.js';

const DIRECTORY_TASKS = 1000;

function code(raw: string | string[] | undefined, what: 'task' | 'sprint'): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !CODE_PATTERN.test(value)) throw new HubError('bad_request', `"${value ?? ''}" is not a ${what} code.`);
  return value.toUpperCase();
}

/** Answers with what `view` returns, or the wire error with its HTTP status. */
const answer =
  <T extends object>(view: (req: Request) => Promise<T>) =>
  async (req: Request, res: Response) => {
    try {
      res.set('Cache-Control', 'no-store');
      res.json({ ok: true, ...(await view(req)) });
    } catch (err) {
      const error = toWireError(err);
      res.status(HTTP_STATUS[error.code]).json({ ok: false, error });
    }
  };

/**
 * GET /api/orchestration/...: read-only views for the web client (dashboard, room lists,
 * context panes, artifact browser). Anyone with a token may read what the read-only commands
 * show; nothing here writes or posts to a room.
 */
export function orchestrationRoutes(services: Services): express.Router {
  const router = express.Router();
  router.use(bearerAuth(services));

  router.get(
    '/dashboard',
    answer(async (req) => {
      const data = await services.dashboard.forPrincipal(req.principal!.name);
      await services.activity.daily.dashboardViewed(req.principal!);
      return data;
    }),
  );

  router.get(
    '/directory',
    answer(async (): Promise<DirectoryView> => {
      const [sprints, open, closed, principals] = await Promise.all([
        services.sprints.list({}),
        services.models.tasks.find({ status: { $nin: ['completed', 'cancelled'] } }).sort({ updatedAt: -1 }).limit(DIRECTORY_TASKS).lean(),
        services.models.tasks.find({ status: { $in: ['completed', 'cancelled'] } }).sort({ updatedAt: -1 }).limit(DIRECTORY_TASKS).lean(),
        services.models.principals.find({}, { name: 1, kind: 1, online: 1 }).sort({ name: 1 }).lean(),
      ]);
      const tasks: TaskSummary[] = [...open, ...closed].slice(0, DIRECTORY_TASKS).map((t) => taskSummary(taskToWire(t)));
      return { sprints, tasks, principals: principals.map((p) => ({ name: p.name, kind: p.kind, online: p.online })) };
    }),
  );

  router.get(
    '/sprints/:code',
    answer(async (req): Promise<SprintView> => {
      const { sprint, tasks } = await services.sprints.detail(code(req.params.code, 'sprint'));
      const grouped = Object.fromEntries(TASK_STATUSES.map((s) => [s, tasks[s].map(taskSummary)])) as Record<TaskStatus, TaskSummary[]>;
      const artifacts = await services.artifacts.list({ kind: 'sprint', code: sprint.code });
      return { sprint, tasks: grouped, artifacts };
    }),
  );

  router.get(
    '/tasks/:code',
    answer(async (req): Promise<TaskView> => {
      const task = await services.tasks.find(code(req.params.code, 'task'));
      const [activity, artifacts] = await Promise.all([
        services.activity.list({ task: task.code, limit: 10 }),
        services.artifacts.list({ kind: 'task', code: task.code }),
      ]);
      return { task, activity, artifacts };
    }),
  );

  router.get(
    '/artifacts',
    answer(async (req): Promise<ArtifactListView> => {
      const fields = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const owner: ArtifactOwner = ownerFromFields(fields);
      return { artifacts: await services.artifacts.list(owner, { allVersions: fields.all === '1' }) };
    }),
  );

  return router;
}
