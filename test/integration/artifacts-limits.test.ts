import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { download, sha256, storeCounts, tempFiles, uploadArtifact } from '../support/artifacts.js';
import { withTestHub, type TestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

const KiB = 1024;
const MAX = 300 * KiB;

/** Opens a raw connection and sends the head of a POST: whatever follows is up to the test. */
function rawPost(t: TestHub, path: string, headers: Record<string, string>): Promise<Socket> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = Object.entries({ host: `${hostname}:${port}`, authorization: `Bearer ${t.adminToken}`, ...headers })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n\r\n`, () => resolve(socket));
    });
    socket.on('error', reject);
  });
}

describe('artifact uploads that fail', () => {
  const files = tempFiles();
  const t = withTestHub({ maxArtifactBytes: MAX });
  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-LIM --title="Limits"');
    await admin.command('/task-create T-LIM-1 --title="Limits task" --sprint=S-LIM');
  });
  after(() => files.cleanup());

  const boundary = '----switchboard-cut-off';
  const cutOff = {
    'POST /api/artifacts (multipart)': {
      path: '/api/artifacts',
      type: `multipart/form-data; boundary=${boundary}`,
      head: `--${boundary}\r\nContent-Disposition: form-data; name="task"\r\n\r\nT-LIM-1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`,
    },
    'POST /api/blobs (raw bytes)': { path: '/api/blobs', type: 'application/octet-stream', head: '' },
  };
  for (const [what, upload] of Object.entries(cutOff)) {
    it(`leaves nothing behind when the client hangs up in the middle of a file: ${what}`, async () => {
      // One stored artifact first, so "nothing left" is not just "the store was empty".
      await uploadArtifact(t, { task: 'T-LIM-1' }, Buffer.from('already here\n'), 'kept.txt');
      const before = await storeCounts(t);
      // An honest-looking length under the limit: the hub starts storing.
      const socket = await rawPost(t, upload.path, { 'content-type': upload.type, 'content-length': String(MAX) });
      socket.write(upload.head);
      socket.write(files.random('cut.bin', 270 * KiB).bytes); // more than one GridFS chunk
      // The bytes really reach GridFS before the cut, so the test proves they are removed.
      await eventually(async () => (await storeCounts(t)).chunks > before.chunks, { what: 'chunks were being stored' });
      socket.destroy();
      await eventually(async () => JSON.stringify(await storeCounts(t)) === JSON.stringify(before));
      expect(await storeCounts(t)).to.deep.equal(before);
      const admin = await t.connect();
      const names = (await admin.command('/artifacts T-LIM-1')).data.rows.map((r) => r.name);
      expect(names).to.deep.equal(['kept.txt']);
    });
  }

  it('refuses a file over the limit found while streaming with 413 too_large, keeping nothing', async () => {
    const before = await storeCounts(t);
    // Content-Length is under the limit plus framing slack, so only counting the bytes catches it.
    const up = await uploadArtifact(t, { task: 'T-LIM-1' }, files.random('over.bin', MAX + 1).bytes, 'over.bin');
    expect(up.status).to.equal(413);
    expect(up.error!.code).to.equal('too_large');
    expect(up.error!.message).to.contain('300 KiB');
    await eventually(async () => JSON.stringify(await storeCounts(t)) === JSON.stringify(before));
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    const before = await storeCounts(t);
    const up = await uploadArtifact(t, { task: 'T-LIM-1' }, files.random('huge.bin', 4 * MAX).bytes, 'huge.bin');
    expect([up.status, up.error!.code]).to.deep.equal([413, 'too_large']);
    const raw = await fetch(`${t.url}/api/blobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/octet-stream' },
      body: files.random('huge-raw.bin', 4 * MAX).bytes,
    });
    expect(raw.status).to.equal(413);
    expect(((await raw.json()) as { error: { code: string } }).error.code).to.equal('too_large');
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('refuses a raw upload without Content-Length once it passes the limit, keeping nothing', async () => {
    const before = await storeCounts(t);
    const bytes = files.random('streamed.bin', MAX + 64 * KiB).bytes;
    const res = await fetch(`${t.url}/api/blobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(Readable.from(chunksOf(bytes, 16 * KiB))) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).to.equal(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('too_large');
    await eventually(async () => JSON.stringify(await storeCounts(t)) === JSON.stringify(before));
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('takes a file exactly at the limit', async () => {
    const { bytes } = files.random('exact.bin', MAX);
    const up = await uploadArtifact(t, { task: 'T-LIM-1' }, bytes, 'exact.bin');
    expect(up.status).to.equal(201);
    expect(sha256((await download(t, `/api/artifacts/${up.artifact!.sha256}`)).bytes)).to.equal(sha256(bytes));
  });
});

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
