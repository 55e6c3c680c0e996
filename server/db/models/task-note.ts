import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A note taken on a task and not yet folded into its context (see services/task-notes.ts). A
 * note is one insert that joins the group commit of everything else; the task document, which
 * FerretDB rewrites whole, is written once for many notes. Rows are deleted once folded, so the
 * collection holds only the last second's notes and those of a hub that stopped before folding.
 */
export interface TaskNoteDoc {
  /** From the command's stamp when it has one: a resent note is refused as a duplicate, not taken twice. */
  _id: Types.ObjectId;
  task: string;
  /** The line as the context shows it: `[minute] @author: text`. */
  entry: string;
  at: Date;
  /** Always true: the equality the sweep for left-behind rows asks, so an index bounds it to the rows not yet folded. */
  unfolded: true;
}

const schema = new Schema<TaskNoteDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    task: { type: String, required: true },
    entry: { type: String, required: true },
    at: { type: Date, required: true },
    unfolded: { type: Boolean, required: true },
  },
  { collection: 'task_notes', versionKey: false },
);
schema.index({ task: 1 });
schema.index({ unfolded: 1, at: 1 });

export const taskNoteModel = (conn: Connection): Model<TaskNoteDoc> => conn.model<TaskNoteDoc>('TaskNote', schema);
