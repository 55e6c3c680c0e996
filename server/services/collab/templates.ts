import type { Task, Template, TemplateTask } from '../../../protocol/index.js';
import type { Models } from '../../db/models/index.js';
import type { TaskDoc } from '../../db/models/task.js';
import type { TemplateDoc } from '../../db/models/template.js';
import { HubError } from '../../errors.js';
import type { Acting } from '../acting.js';
import type { ActivityService } from '../activity.js';
import { isDuplicateKey } from '../mongo-errors.js';
import type { TaskService } from '../tasks.js';
import { taskToWire } from '../wire.js';

const MAX_TASKS = 200;

export function templateToWire(t: TemplateDoc): Template {
  return {
    name: t.name,
    description: t.description ?? '',
    source: t.source,
    tasks: (t.tasks ?? []).map((x) => ({ key: x.key, title: x.title, priority: x.priority, context: x.context ?? '', dependsOn: x.dependsOn ?? [], parent: x.parent ?? null, reviewRequired: x.reviewRequired ?? null })),
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
  };
}

/** Tasks as a template: each keyed by its code; dependencies and parents outside the set are dropped. */
function fromTasks(docs: TaskDoc[]): TemplateTask[] {
  const inside = new Set(docs.map((d) => d.code));
  return docs.map((d) => ({
    key: d.code,
    title: d.title,
    priority: d.priority,
    context: d.context ?? '',
    dependsOn: (d.dependsOn ?? []).filter((c) => inside.has(c)),
    parent: d.parent && inside.has(d.parent) ? d.parent : null,
    reviewRequired: d.reviewRequired ?? null,
  }));
}

/**
 * Templates: tasks with titles, priorities, contexts, dependencies and subtasks, made again with
 * fresh codes and everything rewired. Stored by name (unique, lower-case).
 */
export class TemplateService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly activity: ActivityService,
  ) {}

  async fromSprint(code: string): Promise<TemplateTask[]> {
    const docs = await this.models.tasks.find({ sprint: code }).sort({ createdAt: 1 }).limit(MAX_TASKS + 1).lean();
    if (!docs.length) throw new HubError('not_found', `Sprint ${code} has no tasks to make a template of.`);
    if (docs.length > MAX_TASKS) throw new HubError('too_large', `A template holds at most ${MAX_TASKS} tasks; ${code} has more.`);
    return fromTasks(docs.map((d) => this.tasks.notes.overlay(d)));
  }

  /** The task and its subtasks, all levels down (bounded). */
  async fromTask(code: string): Promise<TemplateTask[]> {
    const root = await this.tasks.get(code);
    const docs: TaskDoc[] = [root];
    for (let level = [root.code]; level.length && docs.length <= MAX_TASKS; ) {
      const subs = await this.models.tasks.find({ parent: { $in: level } }).sort({ createdAt: 1 }).limit(MAX_TASKS).lean();
      docs.push(...subs.map((d) => this.tasks.notes.overlay(d)));
      level = subs.map((s) => s.code);
    }
    if (docs.length > MAX_TASKS) throw new HubError('too_large', `A template holds at most ${MAX_TASKS} tasks; ${code} has more subtasks.`);
    return fromTasks(docs);
  }

  async create(by: Acting, input: { name: string; description?: string; source: string; tasks: TemplateTask[] }): Promise<Template> {
    assertWellFormed(input.tasks);
    try {
      const doc = (await this.models.templates.create({ name: input.name, description: input.description ?? '', source: input.source, tasks: input.tasks, createdBy: by.principal.name })).toObject() as TemplateDoc;
      await this.activity.record(by, 'template.created', `made template ${doc.name} from ${doc.source} (${doc.tasks.length} tasks)`);
      return templateToWire(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new HubError('already_exists', `There is already a template called ${input.name}; /templates lists them.`);
      throw err;
    }
  }

  async get(name: string): Promise<Template> {
    const doc = await this.models.templates.findOne({ name: name.toLowerCase() }).lean();
    if (!doc) throw new HubError('not_found', `There is no template ${name}; /templates lists them.`);
    return templateToWire(doc);
  }

  async list(): Promise<Template[]> {
    return (await this.models.templates.find({}).sort({ name: 1 }).limit(200).lean()).map(templateToWire);
  }

  /**
   * Makes the template's tasks in `sprint` under the codes `codeOf` gives, parents before their
   * subtasks, then rewires dependencies. Every code is checked free before anything is written.
   */
  async instantiate(by: Acting, template: Template, sprint: string, codeOf: (index: number) => string): Promise<Task[]> {
    const codes = new Map(template.tasks.map((t, i) => [t.key, codeOf(i)]));
    const taken = await this.models.tasks.find({ code: { $in: [...codes.values()] } }, { code: 1 }).lean();
    if (taken.length) throw new HubError('already_exists', `Nothing created: ${taken.map((t) => t.code).sort().join(', ')} already exist${taken.length === 1 ? 's' : ''}; choose another code or --prefix.`);
    const made = new Map<string, Task>();
    for (const t of parentsFirst(template.tasks)) {
      const task = await this.tasks.create(by, {
        code: codes.get(t.key)!,
        title: t.title,
        sprint,
        priority: t.priority,
        parent: t.parent ? codes.get(t.parent) : undefined,
        context: t.context,
        reviewRequired: t.reviewRequired,
      });
      made.set(t.key, task);
    }
    for (const t of template.tasks) {
      if (!t.dependsOn.length) continue;
      const { after } = await this.tasks.change(codes.get(t.key)!, () => ({ dependsOn: t.dependsOn.map((k) => codes.get(k)!) }), by);
      made.set(t.key, taskToWire(after));
    }
    return template.tasks.map((t) => made.get(t.key)!);
  }
}

/** Keys unique, references to keys that exist, no parent or dependency cycles. */
function assertWellFormed(tasks: TemplateTask[]): void {
  if (!tasks.length) throw new HubError('invalid_args', 'A template needs at least one task.');
  const keys = new Set<string>();
  for (const t of tasks) {
    if (keys.has(t.key)) throw new HubError('invalid_args', `The key ${t.key} is used twice in the template.`);
    keys.add(t.key);
  }
  for (const t of tasks) {
    const unknown = [...t.dependsOn, ...(t.parent ? [t.parent] : [])].filter((k) => !keys.has(k));
    if (unknown.length) throw new HubError('invalid_args', `${t.key} refers to ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not in the template.`);
  }
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, path: string[]): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new HubError('invalid_args', `The template's dependencies make a cycle: ${[...path.slice(path.indexOf(key)), key].join(' → ')}.`);
    state.set(key, 'visiting');
    for (const d of byKey.get(key)!.dependsOn) visit(d, [...path, key]);
    state.set(key, 'done');
  };
  for (const t of tasks) visit(t.key, []);
  parentsFirst(tasks);
}

/** Tasks ordered so that each parent comes before its subtasks; a parent cycle is refused. */
function parentsFirst(tasks: TemplateTask[]): TemplateTask[] {
  const ordered: TemplateTask[] = [];
  const placed = new Set<string>();
  let left = [...tasks];
  while (left.length) {
    const ready = left.filter((t) => !t.parent || placed.has(t.parent));
    if (!ready.length) throw new HubError('invalid_args', `The template's parents make a cycle among ${left.map((t) => t.key).join(', ')}.`);
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.key);
    }
    left = left.filter((t) => !placed.has(t.key));
  }
  return ordered;
}
