import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { bucketOf, CHUNK_BYTES, chunkId, READ_LOOKUPS_MAX } from '../../server/services/blob-chunks.js';
import { ChunkWriter } from '../../server/services/chunk-writer.js';
import { download, sha256, storeCounts, uploadArtifact } from '../support/artifacts.js';
import { withTestHub, type TestHub } from '../support/hub.js';
import { eventually } from '../support/wait.js';

const KiB = 1024;
const HOUR = 60 * 60 * 1000;

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Bytes into GridFS the way the hub did before chunk ids were derived: GridFSBucket, plus a blob record. */
async function storeTheOldWay(t: TestHub, bytes: Buffer): Promise<string> {
  const bucket = new mongoose.mongo.GridFSBucket(t.db.conn.db!, { bucketName: 'cas' });
  const upload = bucket.openUploadStream(`upload-old-${randomBytes(4).toString('hex')}`);
  await pipeline(Readable.from([bytes]), upload);
  await t.db.models.blobs.create({ _id: sha256(bytes), fileId: upload.id, size: bytes.length, linked: false, createdAt: new Date() });
  return sha256(bytes);
}

describe('artifact bytes in GridFS', () => {
  const t = withTestHub();
  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-GFS --title="GridFS sprint"');
    await admin.command('/task-create T-GFS-1 --title="GridFS task" --sprint=S-GFS');
  });

  it('stores an upload as standard GridFS that the driver\'s own GridFSBucket reads back byte for byte', async () => {
    const bytes = randomBytes(3 * CHUNK_BYTES + 4321);
    const up = await uploadArtifact(t, { task: 'T-GFS-1' }, bytes, 'standard.bin');
    expect(up.status).to.equal(201);
    const blob = (await t.db.models.blobs.findById(sha256(bytes)).lean())!;
    const db = t.db.conn.db!;

    const file = await db.collection('cas.files').findOne({ _id: blob.fileId });
    expect(file).to.include({ length: bytes.length, chunkSize: CHUNK_BYTES });
    expect(file!.uploadDate).to.be.instanceOf(Date);
    expect(file!.filename).to.be.a('string');
    const chunks = await db.collection('cas.chunks').find({ files_id: blob.fileId }).sort({ n: 1 }).toArray();
    expect(chunks.map((c) => c.n)).to.deep.equal([0, 1, 2, 3]);
    for (const c of chunks) {
      expect(Object.keys(c)).to.have.members(['_id', 'files_id', 'n', 'data']);
      // The id the hub reads it by.
      expect(String(c._id)).to.equal(String(chunkId(blob.fileId, c.n as number)));
    }

    const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: 'cas' });
    expect((await readAll(bucket.openDownloadStream(blob.fileId))).equals(bytes)).to.equal(true);
    const ranged = await readAll(bucket.openDownloadStream(blob.fileId, { start: CHUNK_BYTES - 5, end: 2 * CHUNK_BYTES + 5 }));
    expect(ranged.equals(bytes.subarray(CHUNK_BYTES - 5, 2 * CHUNK_BYTES + 5))).to.equal(true);
  });

  it('still serves a blob stored the old way, by GridFSBucket, whole and by range', async () => {
    const bytes = randomBytes(2 * CHUNK_BYTES + 999);
    const hash = await storeTheOldWay(t, bytes);
    const whole = await download(t, `/api/artifacts/${hash}`);
    expect(whole.res.status).to.equal(200);
    expect(whole.bytes.equals(bytes)).to.equal(true);
    const start = CHUNK_BYTES - 3;
    const end = 2 * CHUNK_BYTES + 3;
    const part = await download(t, `/api/artifacts/${hash}`, { range: `bytes=${start}-${end}` });
    expect(part.res.status).to.equal(206);
    expect(part.bytes.equals(bytes.subarray(start, end + 1))).to.equal(true);
    // Recorded as an artifact, it downloads by its address too.
    const recorded = await (await t.connect()).command(`/artifact-upload --sha256=${hash} --name=old.bin --task=T-GFS-1`);
    expect(recorded.type).to.equal('success');
    expect((await download(t, '/api/artifacts/by-task/T-GFS-1/old.bin')).bytes.equals(bytes)).to.equal(true);
  });

  describe('ranges of a file of several chunks', () => {
    const size = 3 * CHUNK_BYTES + 1000;
    let bytes: Buffer;
    let hash: string;
    before(async () => {
      bytes = randomBytes(size);
      hash = (await uploadArtifact(t, { task: 'T-GFS-1' }, bytes, 'ranges.bin')).artifact!.sha256;
    });
    const C = CHUNK_BYTES;
    const spans: [string, number, number][] = [
      ['the whole first chunk', 0, C - 1],
      ['from a chunk start to the end', C, size - 1],
      ['the last byte of one chunk and the first of the next', C - 1, C],
      ['across three chunks', C - 7, 3 * C + 7],
      ['inside one middle chunk', 2 * C + 10, 2 * C + 20],
      ['the first byte of the short last chunk', 3 * C, 3 * C],
      ['the last byte', size - 1, size - 1],
      ['everything', 0, size - 1],
    ];
    for (const [what, start, end] of spans) {
      it(`gives exactly ${what} (bytes=${start}-${end})`, async () => {
        const { res, bytes: got } = await download(t, `/api/artifacts/${hash}`, { range: `bytes=${start}-${end}` });
        expect(res.status).to.equal(206);
        expect(res.headers.get('content-range')).to.equal(`bytes ${start}-${end}/${size}`);
        expect(got.equals(bytes.subarray(start, end + 1))).to.equal(true);
      });
    }
  });

  it('serves a file of many chunks whole and by range, and drops a second upload of it entirely', async () => {
    const bytes = randomBytes((READ_LOOKUPS_MAX + 1) * CHUNK_BYTES + 77);
    const first = await uploadArtifact(t, { task: 'T-GFS-1' }, bytes, 'many.bin');
    expect(first.status).to.equal(201);
    const whole = await download(t, `/api/artifacts/${sha256(bytes)}`);
    expect(whole.bytes.equals(bytes)).to.equal(true);
    const part = await download(t, `/api/artifacts/${sha256(bytes)}`, { range: `bytes=${4 * CHUNK_BYTES - 1}-${5 * CHUNK_BYTES}` });
    expect(part.bytes.equals(bytes.subarray(4 * CHUNK_BYTES - 1, 5 * CHUNK_BYTES + 1))).to.equal(true);
    const before = await storeCounts(t);
    const again = await uploadArtifact(t, { task: 'T-GFS-1' }, bytes, 'many.bin');
    expect(again).to.include({ status: 200, created: false });
    expect(await storeCounts(t)).to.deep.equal(before);
  });

  it('sweeps what a crash left: chunks without a files document, and an unrecorded blob, with its chunks', async () => {
    const before = await storeCounts(t);
    // An upload cut short by a crash: chunks written, never finished.
    const crashed = new ChunkWriter(bucketOf(t.db.conn.db!, 'cas'), 'upload-crashed');
    await t.db.models.openUploads.create({ _id: crashed.fileId, state: 'open', startedAt: new Date() }); // as an upload starts
    crashed.write(randomBytes(2 * CHUNK_BYTES + 10));
    const chunks = t.db.conn.db!.collection('cas.chunks');
    await eventually(async () => expect(await chunks.countDocuments({ files_id: crashed.fileId })).to.equal(2), 2000);
    // Bytes uploaded on their own and never recorded as an artifact.
    const raw = await fetch(`${t.url}/api/blobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/octet-stream' },
      body: randomBytes(CHUNK_BYTES + 10),
    });
    expect(raw.status).to.equal(201);
    expect((await storeCounts(t)).blobs).to.equal(before.blobs + 1);

    // Both are under an hour old: kept. Two hours on, both are gone, and nothing else.
    expect(await t.hub.services.artifacts.blobs.sweepOrphans()).to.equal(0);
    const swept = await t.hub.services.artifacts.blobs.sweepOrphans(Date.now() + 2 * HOUR);
    expect(swept).to.equal(2);
    expect(await storeCounts(t)).to.deep.equal(before);
    expect(await chunks.countDocuments({ files_id: crashed.fileId })).to.equal(0);
    crashed.destroy();
  });
});
