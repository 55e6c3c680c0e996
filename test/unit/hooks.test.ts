import { expect } from 'chai';
import { HookRegistry } from '../../server/hooks.js';

interface TestHooks {
  said: { text: string };
  other: { n: number };
}

describe('HookRegistry', () => {
  it('runs the handlers of a hook one after another, in the order they were added, and waits for each', async () => {
    const hooks = new HookRegistry<TestHooks>();
    const seen: string[] = [];
    hooks.on('said', async ({ text }) => {
      await Promise.resolve();
      seen.push(`first ${text}`);
    });
    hooks.on('said', ({ text }) => void seen.push(`second ${text}`));
    hooks.on('other', ({ n }) => void seen.push(`other ${n}`));
    await hooks.emit('said', { text: 'hi' });
    expect(seen).to.deep.equal(['first hi', 'second hi']);
  });

  it('passes a failing handler on to the emitter and runs no later handler', async () => {
    const hooks = new HookRegistry<TestHooks>();
    const seen: number[] = [];
    hooks.on('other', () => Promise.reject(new Error('no')));
    hooks.on('other', ({ n }) => void seen.push(n));
    const failed = await hooks.emit('other', { n: 1 }).then(
      () => null,
      (err: Error) => err.message,
    );
    expect([failed, seen]).to.deep.equal(['no', []]);
  });

  it('does nothing for a hook nobody listens to', async () => {
    await new HookRegistry<TestHooks>().emit('said', { text: 'unheard' });
  });
});
