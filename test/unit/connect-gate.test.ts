import { expect } from 'chai';
import { ConnectGate } from '../../server/hub/connect-gate.js';

/** A task the test finishes when it wants, recording when it started. */
function task(started: number[], id: number) {
  let finish!: (ok: boolean) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = (ok) => (ok ? resolve() : reject(new Error(`task ${id} failed`)));
  });
  return {
    work: async () => {
      started.push(id);
      await done;
      return id;
    },
    finish,
  };
}

/** Lets every queued promise callback run (no timers involved). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('ConnectGate', () => {
  it('runs at most its limit at once, the rest in arrival order as slots free', async () => {
    const gate = new ConnectGate(2);
    const started: number[] = [];
    const tasks = [0, 1, 2, 3].map((i) => task(started, i));
    const results = tasks.map((t) => gate.run(t.work));
    await settle();
    expect(started).to.deep.equal([0, 1]);
    expect(gate.queued).to.equal(2);
    tasks[1]!.finish(true);
    await settle();
    expect(started).to.deep.equal([0, 1, 2]);
    tasks[0]!.finish(true);
    await settle();
    expect(started).to.deep.equal([0, 1, 2, 3]);
    expect(gate.queued).to.equal(0);
    tasks[2]!.finish(true);
    tasks[3]!.finish(true);
    expect(await Promise.all(results)).to.deep.equal([0, 1, 2, 3]);
  });

  it('frees the slot of a task that fails, and passes the failure on', async () => {
    const gate = new ConnectGate(1);
    const started: number[] = [];
    const [a, b] = [task(started, 0), task(started, 1)];
    const first = gate.run(a.work);
    const second = gate.run(b.work);
    a.finish(false);
    await first.then(
      () => expect.fail('the failure should reach the caller'),
      (err: Error) => expect(err.message).to.equal('task 0 failed'),
    );
    await settle();
    expect(started).to.deep.equal([0, 1]);
    b.finish(true);
    expect(await second).to.equal(1);
    // Free again: a new task starts at once.
    const c = task(started, 2);
    const third = gate.run(c.work);
    await settle();
    expect(started).to.deep.equal([0, 1, 2]);
    c.finish(true);
    await third;
  });
});
