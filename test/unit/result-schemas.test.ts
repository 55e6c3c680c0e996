import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { TARGET, resultSchemasModule } from '../../scripts/result-schemas.js';

describe('command result schemas', () => {
  it('are derived from CommandResults: protocol/command-result-schemas.ts is current (node dist/scripts/result-schemas.js --write)', () => {
    expect(readFileSync(TARGET, 'utf8')).to.equal(resultSchemasModule());
  });
});
