import type { Db } from 'mongodb';

export interface CopyReport {
  collection: string;
  documents: number;
}

/** Documents copied per insert. */
const BATCH = 500;

/**
 * Copies every collection of `from` into `to` with the same `_id`s (so ids derived from what a
 * document is, such as a message's (room, seq), stay valid) and the same secondary indexes. A
 * copy cut short is finished by running it again: documents already there are skipped.
 */
export async function copyDatabase(from: Db, to: Db, onProgress: (line: string) => void = () => undefined): Promise<CopyReport[]> {
  const reports: CopyReport[] = [];
  const collections = (await from.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of collections) {
    const source = from.collection(name);
    const target = to.collection(name);
    for (const index of await source.listIndexes().toArray()) {
      if (index.name === '_id_') continue;
      await target.createIndex(index.key as Record<string, 1 | -1>, { name: index.name as string, unique: Boolean(index.unique) });
    }
    let copied = 0;
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await target.insertMany(batch, { ordered: false }).catch((err: unknown) => {
        const errors = (err as { writeErrors?: { code: number }[] | { code: number } }).writeErrors;
        const list = errors ? (Array.isArray(errors) ? errors : [errors]) : null;
        if (!list || !list.every((e) => e.code === 11000)) throw err;
      });
      copied += batch.length;
      batch = [];
    };
    for await (const doc of source.find({})) {
      batch.push(doc);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const [have, want] = await Promise.all([target.countDocuments({}), source.countDocuments({})]);
    if (have !== want) throw new Error(`${name}: ${want} documents in the old database, ${have} in the new one after copying`);
    reports.push({ collection: name, documents: copied });
    onProgress(`  ${name}: ${copied} documents`);
  }
  return reports;
}
