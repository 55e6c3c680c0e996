import express from 'express';
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
import { HubError } from '../errors.js';
import { boardTask } from '../services/access.js';
import type { Services } from '../services/index.js';
import { taskSummary } from '../services/wire.js';
import { bearerAuth } from './bearer.js';
import { jsonView } from './json-view.js';
import { ownerFromFields } from './artifacts-upload.js';

function code(raw: string | string[] | undefined, what: 'task' | 'sprint'): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !CODE_PATTERN.test(value)) throw new HubError('bad_request', `"${value ?? ''}" is not a ${what} code.`);
  return value.toUpperCase();
}

/**
 * GET /api/orchestration/...: read-only views for the web client (dashboard, room lists,
 * context panes, artifact browser). Anyone with a token may read what the read-only commands
 * show, under the same rule (access.ts); nothing here writes or posts to a room.
 */
export function orchestrationRoutes(services: Services): express.Router {
  const router = express.Router();
  router.use(bearerAuth(services));

  router.get(
    '/dashboard',
    jsonView(async (req) => {
      const data = await services.dashboard.forPrincipal(req.principal!);
      await services.activity.daily.dashboardViewed(req.principal!);
      return data;
    }),
  );

  router.get(
    '/directory',
    jsonView((req): Promise<DirectoryView> => services.directory.view(req.principal!)),
  );

  router.get(
    '/sprints/:code',
    jsonView(async (req): Promise<SprintView> => {
      const { sprint, tasks } = await services.sprints.detail(code(req.params.code, 'sprint'));
      const reader = services.access.taskReader(req.principal!);
      const grouped = Object.fromEntries(
        await Promise.all(TASK_STATUSES.map(async (s) => [s, await Promise.all(tasks[s].map((t) => services.access.visibleTask(req.principal!, taskSummary(t), reader)))] as const)),
      ) as Record<TaskStatus, TaskSummary[]>;
      const listed = await services.artifacts.list({ kind: 'sprint', code: sprint.code });
      return { sprint, tasks: grouped, artifacts: await services.access.visibleArtifacts(req.principal!, listed) };
    }),
  );

  router.get(
    '/tasks/:code',
    jsonView(async (req): Promise<TaskView> => {
      const found = await services.tasks.find(code(req.params.code, 'task'));
      // Everyone sees the board; the task's details are for those who may use it (access.ts).
      if (!(await services.access.canReadTask(req.principal!, found.code))) return { task: boardTask(found), activity: [], artifacts: [] };
      const [activity, artifacts] = await Promise.all([
        services.activity.list({ task: found.code, limit: 10 }),
        services.artifacts.list({ kind: 'task', code: found.code }),
      ]);
      return { task: found, activity, artifacts };
    }),
  );

  router.get(
    '/artifacts',
    jsonView(async (req): Promise<ArtifactListView> => {
      const fields = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const owner: ArtifactOwner = ownerFromFields(fields);
      if (owner.kind !== 'project') await services.access.assertArtifactRead(req.principal!, { ownerKind: owner.kind, ownerCode: owner.code }, '');
      return { artifacts: await services.artifacts.list(owner, { allVersions: fields.all === '1' }) };
    }),
  );

  return router;
}
