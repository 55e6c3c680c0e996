import type { MessageDoc } from '../db/models/message.js';
import type { Models } from '../db/models/index.js';
import { messageKeyFor } from './message-ids.js';
import { isDuplicateKey } from './mongo-errors.js';

const SCHEME_SETTING = 'messages.idScheme';
const SCHEME = 'room-seq';
/**
 * A copy is stored with its seq negated and its client id marked until the original is gone:
 * the unique (room, seq) and (sender, client id) indexes hold while both exist.
 */
const MOVING = '~moving';

/**
 * Gives messages stored with random or client-derived ids the `_id` history reads by (see
 * message-ids.ts), once per database; a database that never had such messages is only marked.
 * Each message is copied under its new id, the original deleted, then the copy's seq and client
 * id put back, so a run cut short anywhere loses nothing and the next start finishes it. A
 * result's `replyTo` becomes its command's new id: the command is always the message before it.
 */
export async function upgradeMessageIds(models: Models): Promise<number> {
  if ((await models.settings.findById(SCHEME_SETTING).lean())?.value === SCHEME) return 0;
  const messages = models.messages.collection;
  const old: MessageDoc['_id'][] = [];
  for await (const d of messages.find({ seq: { $gt: 0 } }, { projection: { _id: 1, room: 1, seq: 1 } })) {
    if (!messageKeyFor(d.room as string, d.seq as number).equals(d._id)) old.push(d._id);
  }
  for (const id of old) {
    const doc = (await messages.findOne({ _id: id })) as MessageDoc | null;
    if (!doc) continue;
    const _id = messageKeyFor(doc.room, doc.seq);
    const replyTo = doc.replyTo && doc.kind === 'result' ? messageKeyFor(doc.room, doc.seq - 1) : doc.replyTo;
    await messages.insertOne({ ...doc, _id, replyTo, seq: -doc.seq, clientId: `${doc.clientId}${MOVING}` }).catch(async (err: unknown) => {
      // Copied already by a run cut short before it deleted the original; anything else is a real failure.
      if (!isDuplicateKey(err) || !(await messages.findOne({ _id }, { projection: { _id: 1 } }))) throw err;
    });
    await messages.deleteOne({ _id: id });
  }
  for await (const d of messages.find({ seq: { $lt: 0 } })) {
    const seq = -(d.seq as number);
    const clientId = (d.clientId as string).endsWith(MOVING) ? (d.clientId as string).slice(0, -MOVING.length) : (d.clientId as string);
    await messages.updateOne({ _id: d._id }, { $set: { seq, clientId } });
  }
  await models.settings.updateOne({ _id: SCHEME_SETTING }, { $set: { value: SCHEME } }, { upsert: true });
  return old.length;
}
