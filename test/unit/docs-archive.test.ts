import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createReadStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { create } from 'tar';
import { entryPathProblem, unpackDocsArchive } from '../../server/services/docs-archive.js';

describe('docs archives (POST /api/docs-import)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-archive-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const pack = async (name: string, files: Record<string, string | Buffer>) => {
    const src = join(dir, `${name}-src`);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(src, path, '..'), { recursive: true });
      writeFileSync(join(src, path), content);
    }
    const file = join(dir, `${name}.tar.gz`);
    await create({ gzip: true, cwd: src, file, portable: true }, Object.keys(files));
    return file;
  };
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: Error & { code?: string }) => [err.code, err.message] as const,
    );

  it('accepts only plain relative paths inside the folder', () => {
    expect(entryPathProblem('sprints/S-1/plan.md')).to.equal(null);
    expect(entryPathProblem('./notes.md')).to.equal(null);
    expect(entryPathProblem('/etc/passwd')).to.equal('is not a relative path');
    expect(entryPathProblem('C:/boot.ini')).to.equal('is not a relative path');
    expect(entryPathProblem('a\\..\\b')).to.equal('is not a relative path');
    expect(entryPathProblem('docs/../../escape.md')).to.equal('climbs out of the folder');
  });

  it('unpacks a good archive into a folder of its own, removed by dispose', async () => {
    const file = await pack('good', { 'a.md': '# A\n', 'sub/b.md': '# B\n' });
    const { dir: out, dispose } = await unpackDocsArchive(createReadStream(file), 1024 * 1024);
    expect(readFileSync(join(out, 'sub/b.md'), 'utf8')).to.equal('# B\n');
    await dispose();
    expect(existsSync(out)).to.equal(false);
  });

  it('refuses an upload over the limit, and an archive that unpacks over it', async () => {
    const big = await pack('big', { 'noise.bin': Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 251)) });
    expect((await refusal(unpackDocsArchive(createReadStream(big), 4096)))?.[0]).to.equal('too_large');
    const bomb = await pack('bomb', { 'zeros.md': Buffer.alloc(512 * 1024) });
    const refused = await refusal(unpackDocsArchive(createReadStream(bomb), 64 * 1024));
    expect(refused).to.deep.equal(['too_large', `The archive unpacks to ${512 * 1024} bytes; at most ${64 * 1024}.`]);
  });

  it('refuses what is not a .tar.gz', async () => {
    const junk = join(dir, 'junk.tar.gz');
    writeFileSync(junk, 'not an archive at all');
    expect((await refusal(unpackDocsArchive(createReadStream(junk), 4096)))?.[0]).to.equal('invalid_args');
  });
});
