import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { dirname, join, relative, sep } from 'node:path';
import { CODE_PATTERN, Limits, artifactNameProblem, rewritePlanUris, type ArtifactOwner, type DocImportOutcome } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { Services } from './index.js';

export interface DocPlan {
  /** Path inside the imported folder, with `/`. */
  path: string;
  owner: ArtifactOwner;
  name: string;
  /** Markdown is documentation (and its `fe://` URIs are rewritten); other files are plain artifacts. */
  doc: boolean;
  /** A `backlog/*.md` file under --create-missing: the task it becomes, with the file as context. */
  backlog?: { title: string };
}

export type DocOutcome = DocImportOutcome & Pick<DocPlan, 'backlog'>;

export interface ImportOptions {
  dryRun: boolean;
  /** Make the sprints and tasks the folder names (and backlog tasks) instead of refusing. */
  createMissing?: boolean;
  /** Import every file, not only markdown: the others as plain artifacts. */
  allFiles?: boolean;
  /** Move each imported file under `archived/` in the folder. */
  archive?: boolean;
}

export interface ImportReport {
  outcomes: DocOutcome[];
  /** Sprints and tasks made (or, in a dry run, that would be), like `sprint S-1`. */
  made: string[];
}

const DOC_FILE = /\.(md|markdown)$/i;
/** Where --archive moves imported files; the import never reads it. */
export const ARCHIVE_DIR = 'archived';
/** The sprint that holds tasks made from folder names and backlog files. */
export const BACKLOG_SPRINT = 'BACKLOG';

/** A backlog file's name as a task code: `fix login.md` -> `FIX-LOGIN`; null when nothing is left. */
export function backlogCode(file: string): string | null {
  const stem = file.replace(DOC_FILE, '').toUpperCase().replace(/[^A-Z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 64);
  return CODE_PATTERN.test(stem) ? stem : null;
}

/**
 * Where a file of a docs folder belongs: `sprints/<SPRINT>/x.md` to that sprint as `x.md`,
 * `tasks/<TASK>/x.md` to that task, with --create-missing `backlog/x.md` to a backlog task of
 * its own, anything else to the project under its whole path.
 */
export function planDoc(path: string, createMissing = false): DocPlan {
  const parts = path.split('/');
  const doc = DOC_FILE.test(path);
  if ((parts[0] === 'sprints' || parts[0] === 'tasks') && parts.length >= 3 && CODE_PATTERN.test(parts[1]!)) {
    const kind = parts[0] === 'sprints' ? 'sprint' : 'task';
    return { path, owner: { kind, code: parts[1]!.toUpperCase() }, name: parts.slice(2).join('/'), doc };
  }
  const code = parts[0] === 'backlog' && parts.length === 2 && doc ? backlogCode(parts[1]!) : null;
  if (createMissing && code) return { path, owner: { kind: 'task', code }, name: parts[1]!, doc, backlog: { title: parts[1]!.replace(DOC_FILE, '') } };
  return { path, owner: { kind: 'project', code: null }, name: path, doc };
}

async function filesOf(root: string, allFiles: boolean, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || (dir === root && entry.name === ARCHIVE_DIR)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(root, allFiles, full)));
    else if (entry.isFile() && (allFiles || DOC_FILE.test(entry.name))) out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

/** The bytes stored for a file: markdown with `fe://` URIs (the addresses of the system these docs come from) as `sb://`, anything else as it is. */
async function bytesOf(file: string, plan: DocPlan, maxBytes: number): Promise<Buffer | null> {
  if (!plan.doc) return null;
  const size = (await stat(file)).size;
  if (size > maxBytes) throw new HubError('too_large', `${plan.path} is ${size} bytes; artifacts hold at most ${maxBytes}.`);
  return Buffer.from(rewritePlanUris(await readFile(file, 'utf8')), 'utf8');
}

const sha256Of = async (file: string, bytes: Buffer | null) => createHash('sha256').update(bytes ?? (await readFile(file))).digest('hex');

/** A backlog file's title: its first `# heading`, else its name. */
const titleOf = (text: string, fallback: string) => (/^#\s+(.+)$/m.exec(text)?.[1]?.trim() || fallback).slice(0, Limits.titleChars);

/**
 * Imports a folder as artifacts: markdown as documentation, other files too with `allFiles`.
 * Every owner is checked (or, with `createMissing`, made) before anything is stored; files whose
 * bytes equal their latest version are left alone, so a second run changes nothing. With
 * `dryRun` nothing is written and the outcome says what would happen.
 */
export async function importDocs(services: Services, by: Acting, folder: string, options: ImportOptions): Promise<ImportReport> {
  const { dryRun, createMissing = false } = options;
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new HubError('not_found', `${folder} is not a folder on the hub.`);
  const plans = (await filesOf(folder, options.allFiles ?? false)).map((p) => planDoc(p, createMissing));
  const bad = plans.filter((p) => artifactNameProblem(p.name));
  if (bad.length) throw new HubError('invalid_args', `Nothing imported: these paths make bad names: ${bad.map((p) => p.path).join(', ')}.`);
  const missing: ArtifactOwner[] = [];
  for (const owner of new Map(plans.map((p) => [`${p.owner.kind}:${p.owner.code}`, p.owner])).values()) {
    await services.artifacts.ownerRooms(owner).catch(() => missing.push(owner));
  }
  const named = (o: ArtifactOwner) => `${o.kind} ${o.code}`;
  const toMake = new Set(missing.map(named));
  if (missing.length && !createMissing) {
    const list = missing.map(named);
    throw new HubError(
      'not_found',
      `Nothing imported: ${list.join(', ')} ${list.length === 1 ? 'does' : 'do'} not exist. Create ${list.length === 1 ? 'it' : 'them'} first, or import with --create-missing.`,
    );
  }
  const made = missing.map(named);
  if (!dryRun) await makeOwners(services, by, folder, plans, missing);

  const outcomes: DocOutcome[] = [];
  for (const plan of plans) {
    const file = join(folder, ...plan.path.split('/'));
    const bytes = await bytesOf(file, plan, services.options.maxArtifactBytes);
    if (dryRun) {
      const existing = toMake.has(named(plan.owner)) ? undefined : await services.artifacts.list(plan.owner, { allVersions: false }).then((l) => l.find((a) => a.name === plan.name));
      const same = existing && existing.sha256 === (await sha256Of(file, bytes));
      outcomes.push({ ...plan, action: same ? 'unchanged' : existing ? 'would_add_version' : 'would_create', version: existing?.version ?? null, uri: existing?.uri ?? null });
      continue;
    }
    const put = await services.artifacts.blobs.put(bytes ? Readable.from([bytes]) : createReadStream(file), services.options.maxArtifactBytes);
    const mediaType = plan.doc ? 'text/markdown' : undefined;
    const { artifact, created } = await services.artifacts.record(by, { owner: plan.owner, name: plan.name, sha256: put.sha256, mediaType, doc: plan.doc });
    outcomes.push({ ...plan, action: !created ? 'unchanged' : artifact.version > 1 ? 'new_version' : 'created', version: artifact.version, uri: artifact.uri });
    if (options.archive) await archive(folder, plan.path);
  }
  return { outcomes, made };
}

/** Makes the missing sprints and tasks: tasks go to the backlog sprint, a backlog file's text is its task's context. */
async function makeOwners(services: Services, by: Acting, folder: string, plans: DocPlan[], missing: ArtifactOwner[]): Promise<void> {
  const tasks = missing.filter((o) => o.kind === 'task');
  for (const sprint of missing.filter((o) => o.kind === 'sprint')) await services.sprints.create(by, { code: sprint.code!, title: `Sprint ${sprint.code} (imported)` });
  if (tasks.length && !(await services.sprints.exists(BACKLOG_SPRINT))) {
    await services.sprints.create(by, { code: BACKLOG_SPRINT, title: 'Backlog (imported)' });
  }
  for (const task of tasks) {
    const source = plans.find((p) => p.owner.kind === 'task' && p.owner.code === task.code && p.backlog);
    const text = source?.backlog ? rewritePlanUris(await readFile(join(folder, ...source.path.split('/')), 'utf8')) : '';
    await services.tasks.create(by, {
      code: task.code!,
      title: source?.backlog ? titleOf(text, source.backlog.title) : `Task ${task.code} (imported)`,
      sprint: BACKLOG_SPRINT,
      context: text.slice(0, Limits.taskContextChars),
    });
  }
}

/** Moves an imported file to `archived/<path>`, keeping its folders. */
async function archive(folder: string, path: string): Promise<void> {
  const target = join(folder, ARCHIVE_DIR, ...path.split('/'));
  await mkdir(dirname(target), { recursive: true });
  await rename(join(folder, ...path.split('/')), target);
}
