import type { Models } from '../db/models/index.js';

/** Hub-wide values kept across restarts and shared by hubs (what was done once, keys). */
export class SettingsStore {
  constructor(private readonly models: Models) {}

  async get(id: string): Promise<string | null> {
    return (await this.models.settings.findById(id).lean())?.value ?? null;
  }

  async set(id: string, value: string): Promise<void> {
    await this.models.settings.updateOne({ _id: id }, { $set: { value } }, { upsert: true });
  }
}
