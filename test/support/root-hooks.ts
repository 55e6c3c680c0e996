import { log } from '../../server/logger.js';
import { startTestDatabase, stopTestDatabase } from './database.js';
import { openHandles } from './open-handles.js';
import { eventually } from './wait.js';

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
    // Mocha runs without --exit: whatever a test left open would keep the run from ending. A
    // process that just exited, or a socket just closed, leaves the list a moment later.
    await eventually(() => {
      const left = openHandles();
      if (left.length) throw new Error(`Open handles after the run (close them in the test that made them):\n  ${left.join('\n  ')}`);
    }, 3000);
  },
};
