import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../server/commands/index.js';
import { withCommandTable } from '../../server/commands/reference.js';

const read = (rel: string) => readFileSync(fileURLToPath(new URL(`../../../${rel}`, import.meta.url)), 'utf8');

describe('README', () => {
  it('has the command table of the current registry (run `npm run docs:commands` if not)', () => {
    const readme = read('README.md');
    expect(withCommandTable(readme, COMMANDS)).to.equal(readme);
  });

  it('keeps the Quick start to the two commands', () => {
    const quick = /## Quick start\n([\s\S]*?)\n## /.exec(read('README.md'))?.[1] ?? '';
    expect(quick).to.contain('npm start').and.to.contain('npm test');
  });

  it('.ci/run calls the README test command', () => {
    expect(read('.ci/run')).to.match(/^npm test$/m);
  });
});
