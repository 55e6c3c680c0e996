import { TASK_PRIORITIES, type TaskPriority, type TemplateTask } from '../../../protocol/index.js';
import { HubError } from '../../errors.js';

/**
 * Templates as markdown, the format `/template-create NAME --from-artifact=URI` imports and
 * `/template-detail NAME --markdown` prints:
 *
 *   # Template: release            (optional; the command's NAME wins)
 *   Any lines here are the description.
 *
 *   ## BUILD: Build the packages   (one heading per task: a key, a colon, the title)
 *   priority: high                 (optional lines right under the heading:
 *   depends: TEST, LINT             priority, depends (keys), parent (a key),
 *   parent: RELEASE                 review: required | off)
 *
 *   Everything after is the task's context, up to the next `## ` heading.
 */
export interface ParsedTemplate {
  name: string | null;
  description: string;
  tasks: TemplateTask[];
}

const HEADING = /^##\s+([A-Za-z0-9][A-Za-z0-9_-]{0,63})\s*:\s*(.+?)\s*$/;
const FIELD = /^(priority|depends|parent|review)\s*:\s*(.*?)\s*$/i;
const MAX_TASKS = 200;

export function parseTemplateMarkdown(text: string): ParsedTemplate {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let name: string | null = null;
  const description: string[] = [];
  const tasks: TemplateTask[] = [];
  let current: TemplateTask | null = null;
  let inFields = false;
  const body: string[] = [];
  const close = () => {
    if (current) current.context = body.join('\n').trim();
    body.length = 0;
  };
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    const title = /^#\s+(?:Template:\s*)?(.+?)\s*$/.exec(line);
    if (!current && title && !line.startsWith('##')) {
      name = title[1]!;
      return;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      current = { key: heading[1]!.toUpperCase(), title: heading[2]!, priority: 'medium', context: '', dependsOn: [], parent: null, reviewRequired: null };
      tasks.push(current);
      inFields = true;
      return;
    }
    if (line.startsWith('## ')) throw new HubError('invalid_args', `${at}: a task heading is "## KEY: Title", like "## BUILD: Build the packages".`);
    if (!current) {
      description.push(line);
      return;
    }
    const field = inFields ? FIELD.exec(line) : null;
    if (field) {
      setField(current, field[1]!.toLowerCase(), field[2]!, at);
      return;
    }
    if (inFields && line.trim() === '' && !body.length) return;
    inFields = false;
    body.push(line);
  });
  close();
  if (!tasks.length) throw new HubError('invalid_args', 'A template needs at least one task: a "## KEY: Title" heading.');
  if (tasks.length > MAX_TASKS) throw new HubError('too_large', `A template holds at most ${MAX_TASKS} tasks.`);
  return { name, description: description.join('\n').trim(), tasks };
}

function setField(task: TemplateTask, key: string, value: string, at: string): void {
  if (key === 'priority') {
    if (!TASK_PRIORITIES.includes(value.toLowerCase() as TaskPriority)) throw new HubError('invalid_args', `${at}: priority must be one of ${TASK_PRIORITIES.join(', ')}.`);
    task.priority = value.toLowerCase() as TaskPriority;
  } else if (key === 'depends') {
    task.dependsOn = value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  } else if (key === 'parent') {
    task.parent = value.trim().toUpperCase() || null;
  } else {
    if (!['required', 'off'].includes(value.toLowerCase())) throw new HubError('invalid_args', `${at}: review is required or off.`);
    task.reviewRequired = value.toLowerCase() === 'required';
  }
}

/** The same format back, so a template can be exported, edited and imported again. */
export function templateToMarkdown(t: { name: string; description: string; tasks: TemplateTask[] }): string {
  const parts = [`# Template: ${t.name}`, ...(t.description ? [t.description] : [])];
  for (const task of t.tasks) {
    const fields = [
      task.priority !== 'medium' ? `priority: ${task.priority}` : null,
      task.dependsOn.length ? `depends: ${task.dependsOn.join(', ')}` : null,
      task.parent ? `parent: ${task.parent}` : null,
      task.reviewRequired !== null ? `review: ${task.reviewRequired ? 'required' : 'off'}` : null,
    ].filter(Boolean);
    parts.push([`## ${task.key}: ${task.title}`, ...fields, ...(task.context ? ['', task.context] : [])].join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
