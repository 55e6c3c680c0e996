import { startTestDatabase, stopTestDatabase } from './database.js';

/** Loaded by .mocharc.json: the shared test database lives for the whole run. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60000);
    await startTestDatabase();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(20000);
    await stopTestDatabase();
  },
};
