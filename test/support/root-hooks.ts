import { log } from '../../server/logger.js';
import { startTestDatabase, stopTestDatabase } from './database.js';

// The hub's log lines would bury the test report; LOG_LEVEL=info shows them.
log.level = process.env.LOG_LEVEL ?? 'warn';

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
