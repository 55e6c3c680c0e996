import { CODE_PATTERN, parseArtifactRef } from '../../protocol/index.js';

/**
 * MCP resource addresses. Tasks, sprints and the caller's inbox live under `switchboard://`;
 * artifacts keep the `sb://` URIs the hub already hands out in command results, so a URI seen
 * in a result can be read as a resource as it is.
 */
export const INBOX_URI = 'switchboard://inbox';
export const taskUri = (code: string) => `switchboard://tasks/${code.toUpperCase()}`;
export const sprintUri = (code: string) => `switchboard://sprints/${code.toUpperCase()}`;

export type ResourceTarget =
  | { kind: 'inbox' }
  | { kind: 'task'; code: string }
  | { kind: 'sprint'; code: string }
  | { kind: 'artifact'; uri: string };

export function parseResourceUri(uri: string): ResourceTarget | null {
  if (uri === INBOX_URI) return { kind: 'inbox' };
  const m = /^switchboard:\/\/(tasks|sprints)\/([^/?#]+)$/.exec(uri);
  if (m) {
    const code = decodeURIComponent(m[2]!);
    if (!CODE_PATTERN.test(code)) return null;
    return { kind: m[1] === 'tasks' ? 'task' : 'sprint', code: code.toUpperCase() };
  }
  return parseArtifactRef(uri) && /^(sb|fe):\/\//.test(uri) ? { kind: 'artifact', uri } : null;
}

/** RFC 6570 templates, for clients that let a person fill in a code or a name. */
export const RESOURCE_TEMPLATES = [
  { uriTemplate: 'switchboard://tasks/{code}', name: 'task', title: 'A task', description: 'Status, assignee, context and recent activity of a task.', mimeType: 'text/plain' },
  { uriTemplate: 'switchboard://sprints/{code}', name: 'sprint', title: 'A sprint', description: 'A sprint with its tasks and progress.', mimeType: 'text/plain' },
  { uriTemplate: 'sb://artifacts/by-task/{task}/{+name}', name: 'task-artifact', title: 'An artifact of a task', description: 'Text artifacts are read as text; others give a download link. Add ?v=N for a version.' },
  { uriTemplate: 'sb://artifacts/by-sprint/{sprint}/{+name}', name: 'sprint-artifact', title: 'An artifact of a sprint', description: 'Text artifacts are read as text; others give a download link.' },
  { uriTemplate: 'sb://artifacts/project/{+name}', name: 'project-artifact', title: 'A project artifact', description: 'Text artifacts are read as text; others give a download link.' },
  { uriTemplate: 'sb://cas/{sha256}', name: 'blob', title: 'Stored bytes by SHA-256', description: 'The bytes behind any artifact version.' },
];
