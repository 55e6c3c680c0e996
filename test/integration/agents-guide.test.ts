import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AGENTS_GUIDE_NAME, commandsNamedIn } from '../../server/commands/agents-guide.js';
import { COMMANDS } from '../../server/commands/index.js';
import { download, storeCounts } from '../support/artifacts.js';
import { SWITCHBOARD_BIN } from '../support/mcp.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const run = promisify(execFile);
const DOCS = fileURLToPath(new URL('../../../docs', import.meta.url));
const KNOWN = new Set(COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]));

/** The markdown files of a folder, as paths inside it. */
function markdownIn(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownIn(dir, join(prefix, e.name)) : e.name.endsWith('.md') ? [join(prefix, e.name)] : [],
  );
}

describe('AGENTS.md for coding agents, and the docs in the artifact store', () => {
  let t: TestHub;
  const dbName = `sbtest_${randomBytes(6).toString('hex')}`;
  before(async () => {
    t = await startTestHub({ dbName, keepDatabase: true, docsDir: DOCS });
  });
  after(async () => {
    await t?.stop();
  });

  it('npx switchboard agents-md prints a guide naming only commands that exist, and /docs-agents stores the same text as a project doc', async () => {
    const { stdout } = await run(process.execPath, [SWITCHBOARD_BIN, 'agents-md', '--hub', t.url]);
    expect(stdout).to.match(/^# Working in this project with Switchboard\n/);
    expect(stdout).to.contain(`${t.url}/mcp`).and.contain('/init-confirm --start').and.contain('--report=');
    const named = commandsNamedIn(stdout);
    expect(named).to.include.members(['init', 'init-confirm', 'task-note', 'task-done', 'artifact-upload', 'help']);
    for (const name of named) expect(KNOWN.has(name), `/${name} is named in AGENTS.md`).to.equal(true);
    expect(stdout.length).to.be.lessThan(6000);

    const admin = await t.connect();
    const stored = await admin.command('/docs-agents');
    const { artifact, created } = stored.data;
    expect(created).to.equal(true);
    expect(artifact).to.include({ uri: `sb://artifacts/project/${AGENTS_GUIDE_NAME}`, doc: true, mediaType: 'text/markdown' });
    expect((await download(t, `/api/artifacts/project/${AGENTS_GUIDE_NAME}`)).bytes.toString()).to.equal(stdout);
    expect((await admin.command('/docs-agents')).text).to.contain('nothing changed');
  });

  it('names only commands that exist in the orchestration deep dives', () => {
    const files = markdownIn(join(DOCS, 'orchestration'));
    expect(files).to.have.members(['README.md', 'postmaster-and-init.md', 'task-context-and-activity-logging.md', join('runners', 'README.md')]);
    for (const file of files) {
      for (const name of commandsNamedIn(readFileSync(join(DOCS, 'orchestration', file), 'utf8'))) expect(KNOWN.has(name), `/${name} in ${file}`).to.equal(true);
    }
  });

  it('imports every doc in docs/ as a project doc on the first start, and only then', async () => {
    const admin = await t.connect();
    const docs = (await admin.command('/docs')).data.rows.map((r) => r.name);
    expect(docs).to.include.members(markdownIn(DOCS).map((p) => p.split('\\').join('/')));
    expect(docs).to.include('orchestration/postmaster-and-init.md');
    const before = await storeCounts(t);
    await t.stop();
    t = await startTestHub({ dbName, docsDir: DOCS });
    expect(await storeCounts(t)).to.deep.equal(before);
  });
});
