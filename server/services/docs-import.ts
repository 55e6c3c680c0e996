import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CODE_PATTERN, artifactNameProblem, type ArtifactOwner } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { Services } from './index.js';

export interface DocPlan {
  /** Path inside the imported folder, with `/`. */
  path: string;
  owner: ArtifactOwner;
  name: string;
}

export interface DocOutcome extends DocPlan {
  action: 'created' | 'new_version' | 'unchanged' | 'would_create' | 'would_add_version';
  version: number | null;
  uri: string | null;
}

const DOC_FILE = /\.(md|markdown)$/i;

/**
 * Where a file of a docs folder belongs: `sprints/<SPRINT>/x.md` to that sprint as `x.md`,
 * `tasks/<TASK>/x.md` to that task, anything else to the project under its whole path.
 */
export function planDoc(path: string): DocPlan {
  const parts = path.split('/');
  if ((parts[0] === 'sprints' || parts[0] === 'tasks') && parts.length >= 3 && CODE_PATTERN.test(parts[1]!)) {
    const kind = parts[0] === 'sprints' ? 'sprint' : 'task';
    return { path, owner: { kind, code: parts[1]!.toUpperCase() }, name: parts.slice(2).join('/') };
  }
  return { path, owner: { kind: 'project', code: null }, name: path };
}

async function markdownFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(root, full)));
    else if (entry.isFile() && DOC_FILE.test(entry.name)) out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

const sha256Of = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

/**
 * Imports a folder of markdown as documentation artifacts. Every owner is checked before anything
 * is written; files whose bytes equal their latest version are left alone, so a second run
 * changes nothing. With `dryRun` nothing is written and the outcome says what would happen.
 */
export async function importDocs(services: Services, by: Acting, folder: string, dryRun: boolean): Promise<DocOutcome[]> {
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new HubError('not_found', `${folder} is not a folder on the hub.`);
  const plans = (await markdownFiles(folder)).map(planDoc);
  const bad = plans.filter((p) => artifactNameProblem(p.name));
  if (bad.length) throw new HubError('invalid_args', `Nothing imported: these paths make bad names: ${bad.map((p) => p.path).join(', ')}.`);
  const missing: string[] = [];
  for (const owner of new Map(plans.map((p) => [`${p.owner.kind}:${p.owner.code}`, p.owner])).values()) {
    await services.artifacts.ownerRooms(owner).catch(() => missing.push(`${owner.kind} ${owner.code}`));
  }
  if (missing.length) throw new HubError('not_found', `Nothing imported: ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist. Create ${missing.length === 1 ? 'it' : 'them'} first.`);

  const outcomes: DocOutcome[] = [];
  for (const plan of plans) {
    const file = join(folder, ...plan.path.split('/'));
    const existing = await services.artifacts.list(plan.owner, { allVersions: false }).then((l) => l.find((a) => a.name === plan.name));
    if (dryRun) {
      const same = existing && existing.sha256 === (await sha256Of(file));
      outcomes.push({ ...plan, action: same ? 'unchanged' : existing ? 'would_add_version' : 'would_create', version: existing?.version ?? null, uri: existing?.uri ?? null });
      continue;
    }
    const put = await services.artifacts.blobs.put(createReadStream(file), services.options.maxArtifactBytes);
    const { artifact, created } = await services.artifacts.record(by, { owner: plan.owner, name: plan.name, sha256: put.sha256, mediaType: 'text/markdown', doc: true });
    outcomes.push({ ...plan, action: !created ? 'unchanged' : artifact.version > 1 ? 'new_version' : 'created', version: artifact.version, uri: artifact.uri });
  }
  return outcomes;
}
