import { expect } from 'chai';
import { PREVIEW_BYTES, type Artifact, type ArtifactRow, type TableData } from '../../protocol/index.js';
import { download, sha256, storeCounts, tempFiles, uploadArtifact } from '../support/artifacts.js';
import { withTestHub } from '../support/hub.js';

const MiB = 1024 * 1024;
/** GridFS cuts files into chunks of this many bytes; ranges across a cut must still be exact. */
const GRIDFS_CHUNK = 255 * 1024;

/** The HTTP path of an artifact's URI: `sb://artifacts/x` is served at `/api/artifacts/x`. */
const pathOf = (a: Artifact, version?: number) => `${a.uri.replace('sb://artifacts/', '/api/artifacts/')}${version ? `?v=${version}` : ''}`;

describe('artifacts over HTTP', () => {
  const files = tempFiles();
  const t = withTestHub();
  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-HTTP --title="Artifact sprint"');
    await admin.command('/task-create T-HTTP-1 --title="Artifact task" --sprint=S-HTTP');
  });
  after(() => files.cleanup());

  it('round-trips a markdown file: 201 with its hash and URIs, the same bytes by hash and by URI path', async () => {
    const text = '# Notes\n\nÜnïcode and plain text.\n';
    const up = await uploadArtifact(t, { task: 'T-HTTP-1' }, Buffer.from(text), 'notes.md');
    expect(up.status).to.equal(201);
    const a = up.artifact!;
    expect(a).to.include({ name: 'notes.md', version: 1, sha256: sha256(text), size: Buffer.byteLength(text), mediaType: 'text/markdown' });
    expect(a.uri).to.equal('sb://artifacts/by-task/T-HTTP-1/notes.md');
    expect(a.casUri).to.equal(`sb://cas/${sha256(text)}`);
    for (const path of [`/api/artifacts/${a.sha256}`, pathOf(a)]) {
      const { res, bytes } = await download(t, path);
      expect(res.status, path).to.equal(200);
      expect(bytes.toString('utf8')).to.equal(text);
      expect(res.headers.get('content-length')).to.equal(String(a.size));
      expect(res.headers.get('etag')).to.equal(`"${a.sha256}"`);
    }
    expect((await download(t, pathOf(a))).res.headers.get('content-type')).to.match(/^text\/markdown/);
  });

  it('round-trips 5 MiB of random bytes streamed from disk, hash for hash', async function () {
    this.timeout(30000);
    const { path, bytes } = files.random('big.bin', 5 * MiB + 123);
    const up = await uploadArtifact(t, { sprint: 'S-HTTP' }, { path }, 'big.bin');
    expect(up.status).to.equal(201);
    expect(up.artifact).to.include({ sha256: sha256(bytes), size: bytes.length, mediaType: 'application/octet-stream' });
    for (const p of [`/api/artifacts/${sha256(bytes)}`, pathOf(up.artifact!)]) {
      const got = await download(t, p);
      expect(got.res.status).to.equal(200);
      expect(got.res.headers.get('content-length')).to.equal(String(bytes.length));
      expect(sha256(got.bytes), p).to.equal(sha256(bytes));
    }
  });

  it('stores the same bytes once, whatever the name or owner', async () => {
    const { bytes } = files.random('same.bin', 300 * 1024);
    const first = await uploadArtifact(t, { task: 'T-HTTP-1' }, bytes, 'one.bin');
    const before = await storeCounts(t);
    const second = await uploadArtifact(t, { sprint: 'S-HTTP' }, bytes, 'two.bin');
    const third = await uploadArtifact(t, { project: '1' }, bytes, 'three.bin');
    expect([first.status, second.status, third.status]).to.deep.equal([201, 201, 201]);
    expect(new Set([first, second, third].map((u) => u.artifact!.sha256))).to.have.property('size', 1);
    const after = await storeCounts(t);
    expect(after).to.include({ files: before.files, chunks: before.chunks, blobs: before.blobs, artifacts: before.artifacts + 2 });
    expect(await t.db.conn.db!.collection('blobs').countDocuments({ _id: sha256(bytes) } as never)).to.equal(1);
  });

  it('keeps versions: new bytes under a name make v2, v1 stays listable and downloadable, same bytes add nothing', async () => {
    const v1 = await uploadArtifact(t, { task: 'T-HTTP-1' }, Buffer.from('draft one\n'), 'plan.txt');
    const v2 = await uploadArtifact(t, { task: 'T-HTTP-1' }, Buffer.from('draft two\n'), 'plan.txt');
    expect([v1.artifact!.version, v2.artifact!.version]).to.deep.equal([1, 2]);
    expect(v2.artifact!.uri).to.equal(v1.artifact!.uri);
    const again = await uploadArtifact(t, { task: 'T-HTTP-1' }, Buffer.from('draft two\n'), 'plan.txt');
    expect(again).to.include({ status: 200, created: false });
    expect(again.artifact!.version).to.equal(2);

    const admin = await t.connect();
    const rows = (r: { data: TableData<ArtifactRow> }) => r.data.rows.filter((x) => x.name === 'plan.txt');
    expect(rows(await admin.command('/artifacts T-HTTP-1')).map((r) => r.version)).to.deep.equal([2]);
    expect(rows(await admin.command('/artifacts T-HTTP-1 --all')).map((r) => r.version)).to.have.members([1, 2]);
    expect((await download(t, pathOf(v2.artifact!))).bytes.toString()).to.equal('draft two\n');
    expect((await download(t, pathOf(v2.artifact!, 1))).bytes.toString()).to.equal('draft one\n');
    expect((await download(t, pathOf(v2.artifact!, 3))).res.status).to.equal(404);
  });

  describe('Range, ETag and headers', () => {
    let a: Artifact;
    let bytes: Buffer;
    before(async () => {
      bytes = files.random('ranged.bin', GRIDFS_CHUNK * 2 + 1000).bytes;
      a = (await uploadArtifact(t, { task: 'T-HTTP-1' }, bytes, 'ranged.bin')).artifact!;
    });

    const cases: [string, (n: number) => [number, number]][] = [
      ['bytes=0-99', () => [0, 99]],
      [`bytes=${GRIDFS_CHUNK - 10}-${GRIDFS_CHUNK + 9}`, () => [GRIDFS_CHUNK - 10, GRIDFS_CHUNK + 9]],
      ['bytes=-500', (n) => [n - 500, n - 1]],
      [`bytes=${GRIDFS_CHUNK * 2}-`, (n) => [GRIDFS_CHUNK * 2, n - 1]],
    ];
    for (const [header, span] of cases) {
      it(`answers ${header} with 206, Content-Range and exactly those bytes`, async () => {
        const [start, end] = span(bytes.length);
        const { res, bytes: got } = await download(t, `/api/artifacts/${a.sha256}`, { range: header });
        expect(res.status).to.equal(206);
        expect(res.headers.get('content-range')).to.equal(`bytes ${start}-${end}/${bytes.length}`);
        expect(res.headers.get('content-length')).to.equal(String(end - start + 1));
        expect(got.equals(bytes.subarray(start, end + 1))).to.equal(true);
      });
    }

    it('answers an unsatisfiable range with 416 and the size', async () => {
      const { res, bytes: body } = await download(t, pathOf(a), { range: `bytes=${bytes.length}-` });
      expect(res.status).to.equal(416);
      expect(res.headers.get('content-range')).to.equal(`bytes */${bytes.length}`);
      expect(JSON.parse(body.toString()).error.code).to.equal('range_not_satisfiable');
    });

    it('uses the hash as ETag and answers If-None-Match with 304 and no body', async () => {
      const first = await download(t, pathOf(a));
      expect(first.res.headers.get('etag')).to.equal(`"${a.sha256}"`);
      expect(first.res.headers.get('accept-ranges')).to.equal('bytes');
      const again = await download(t, pathOf(a), { 'if-none-match': `"${a.sha256}"` });
      expect(again.res.status).to.equal(304);
      expect(again.bytes.length).to.equal(0);
      expect((await download(t, pathOf(a), { 'if-none-match': '"something-else"' })).res.status).to.equal(200);
    });

    it('answers HEAD with the headers of the download and no body', async () => {
      const res = await fetch(`${t.url}${pathOf(a)}`, { method: 'HEAD', headers: { authorization: `Bearer ${t.adminToken}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-length')).to.equal(String(bytes.length));
      expect(res.headers.get('etag')).to.equal(`"${a.sha256}"`);
      expect((await res.arrayBuffer()).byteLength).to.equal(0);
    });

    it('round-trips names with dots, slashes, spaces and unicode, percent-encoding each URI segment', async () => {
      const name = 'reports/2024.q1/Résumé final 報告 v1.2.txt';
      const up = await uploadArtifact(t, { task: 'T-HTTP-1', name }, Buffer.from('unicode name\n'), 'ignored.txt');
      expect(up.status).to.equal(201);
      expect(up.artifact!.name).to.equal(name);
      expect(up.artifact!.uri).to.equal(`sb://artifacts/by-task/T-HTTP-1/reports/2024.q1/${encodeURIComponent('Résumé final 報告 v1.2.txt')}`);
      const { res, bytes: got } = await download(t, pathOf(up.artifact!));
      expect(res.status).to.equal(200);
      expect(got.toString()).to.equal('unicode name\n');
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).to.match(/^attachment; filename="[\x20-\x7e]+"/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).to.equal('Résumé final 報告 v1.2.txt');
      const admin = await t.connect();
      const listed = (await admin.command('/artifacts T-HTTP-1')).data;
      expect(listed.rows.map((r) => r.name)).to.include(name);
    });
  });

  describe('preview', () => {
    it('shows the first 64 KiB of a long markdown file as text, saying it is truncated', async () => {
      const line = '- a line of the long document, plain ASCII\n';
      const long = line.repeat(Math.ceil((PREVIEW_BYTES * 1.5) / line.length));
      const up = await uploadArtifact(t, { sprint: 'S-HTTP' }, Buffer.from(long), 'long.md');
      const { res, bytes } = await download(t, `${pathOf(up.artifact!)}/preview`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; charset=utf-8/);
      expect(res.headers.get('x-preview-truncated')).to.equal('true');
      expect(bytes.length).to.equal(PREVIEW_BYTES);
      expect(bytes.toString()).to.equal(long.slice(0, PREVIEW_BYTES));
    });

    it('shows a short text whole and not truncated', async () => {
      const up = await uploadArtifact(t, { sprint: 'S-HTTP' }, Buffer.from('# Short\n'), 'short.md');
      const { res, bytes } = await download(t, `${pathOf(up.artifact!)}/preview`);
      expect(res.headers.get('x-preview-truncated')).to.equal('false');
      expect(bytes.toString()).to.equal('# Short\n');
    });

    it('refuses to preview binary bytes with 415 unsupported_media_type', async () => {
      const { bytes } = files.random('pic.png', 4096);
      const up = await uploadArtifact(t, { sprint: 'S-HTTP' }, bytes, 'pic.png');
      for (const path of [`${pathOf(up.artifact!)}/preview`, `/api/artifacts/${up.artifact!.sha256}/preview`]) {
        const { res, bytes: body } = await download(t, path);
        expect(res.status, path).to.equal(415);
        expect(JSON.parse(body.toString()).error.code).to.equal('unsupported_media_type');
      }
    });
  });

  describe('refusals', () => {
    const notFound = [
      ['an unknown hash', `/api/artifacts/${'0'.repeat(64)}`],
      ['an unknown hash preview', `/api/artifacts/${'a'.repeat(64)}/preview`],
      ['a hash that is too short', '/api/artifacts/abc123'],
      ['an unknown owner kind', '/api/artifacts/by-user/bob/notes.md'],
      ['an unknown task', '/api/artifacts/by-task/T-NOPE/notes.md'],
      ['an unknown name', '/api/artifacts/by-task/T-HTTP-1/missing.md'],
      ['a name with a .. segment', '/api/artifacts/project/a/%2E%2E/b.md'],
      ['a bad version', '/api/artifacts/by-task/T-HTTP-1/notes.md?v=zero'],
    ];
    for (const [what, path] of notFound) {
      it(`answers ${what} with 404 not_found`, async () => {
        const { res, bytes } = await download(t, path!);
        expect(res.status).to.equal(404);
        expect(JSON.parse(bytes.toString()).error.code).to.equal('not_found');
      });
    }

    it('answers 401 without a token, and 403 when an agent writes where it may not, storing nothing', async () => {
      expect((await download(t, `/api/artifacts/${sha256('x')}`, {}, null)).res.status).to.equal(401);
      const agent = await t.tokenFor('bot-http', 'agent');
      const before = await storeCounts(t);
      const project = await uploadArtifact(t, { project: '1' }, Buffer.from('agent bytes 1'), 'a.md', agent);
      const task = await uploadArtifact(t, { task: 'T-HTTP-1' }, Buffer.from('agent bytes 2'), 'b.md', agent);
      for (const up of [project, task]) {
        expect(up.status).to.equal(403);
        expect(up.error!.code).to.equal('forbidden');
      }
      expect(await storeCounts(t)).to.deep.equal(before);
    });

    it('answers a missing or doubled link, a missing file part or a body that is not multipart with 400, storing nothing', async () => {
      const before = await storeCounts(t);
      const none = await uploadArtifact(t, {}, Buffer.from('no owner'), 'x.md');
      const two = await uploadArtifact(t, { task: 'T-HTTP-1', sprint: 'S-HTTP' }, Buffer.from('two owners'), 'x.md');
      const missing = await uploadArtifact(t, { task: 'T-MISSING' }, Buffer.from('missing task'), 'x.md');
      expect([none.status, two.status, missing.status]).to.deep.equal([400, 400, 404]);
      expect([none.error!.code, two.error!.code, missing.error!.code]).to.deep.equal(['invalid_args', 'invalid_args', 'not_found']);
      const form = new FormData();
      form.append('task', 'T-HTTP-1');
      const post = (body: FormData | string) => fetch(`${t.url}/api/artifacts`, { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}` }, body });
      const noFile = await post(form);
      expect([noFile.status, ((await noFile.json()) as { error: { code: string } }).error.code]).to.deep.equal([400, 'invalid_args']);
      const notMultipart = await post('just text');
      expect([notMultipart.status, ((await notMultipart.json()) as { error: { code: string } }).error.code]).to.deep.equal([400, 'bad_request']);
      expect(await storeCounts(t)).to.deep.equal(before);
    });
  });
});
