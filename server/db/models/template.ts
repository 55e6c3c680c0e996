import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { TASK_PRIORITIES, type TemplateTask } from '../../../protocol/index.js';

/** Tasks to make again: their titles, priorities, contexts, and how they depend on each other. */
export interface TemplateDoc {
  _id: Types.ObjectId;
  name: string;
  description: string;
  /** Where it came from: `sprint S-1`, `task T-1` or an artifact URI. */
  source: string;
  tasks: TemplateTask[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const taskSchema = new Schema<TemplateTask>(
  {
    key: { type: String, required: true },
    title: { type: String, required: true },
    priority: { type: String, enum: TASK_PRIORITIES, default: 'medium' },
    context: { type: String, default: '' },
    dependsOn: { type: [String], default: [] },
    parent: { type: String, default: null },
    reviewRequired: { type: Boolean, default: null },
  },
  { _id: false },
);

const schema = new Schema<TemplateDoc>(
  {
    name: { type: String, required: true, lowercase: true },
    description: { type: String, default: '' },
    source: { type: String, required: true },
    tasks: { type: [taskSchema], default: [] },
    createdBy: { type: String, required: true },
  },
  { timestamps: true, collection: 'templates', versionKey: false },
);
schema.index({ name: 1 }, { unique: true });

export const templateModel = (conn: Connection): Model<TemplateDoc> => conn.model<TemplateDoc>('Template', schema);
