import { expect } from 'chai';
import { asDashboard, asHelp, asTable, asTaskDetail, asText } from '../../../client/web/src/logic/result-shapes.js';

describe('web: result data shapes', () => {
  it('accepts the data each component draws, and turns anything else into null so the text shows', () => {
    expect(asTable({ title: 'Tasks: 0', columns: [], rows: [] })).to.deep.include({ title: 'Tasks: 0' });
    expect(asTable({ rows: 'nope' })).to.equal(null);
    expect(asTaskDetail({ task: { code: 'T-1' } })!.activity).to.deep.equal([]);
    expect(asTaskDetail({ task: 'T-1' })).to.equal(null);
    expect(asDashboard(null)).to.equal(null);
    expect(asHelp({ commands: [] })).to.not.equal(null);
    expect(asHelp('help')).to.equal(null);
    expect(asText({ title: 'a.md', text: '# A' })).to.deep.include({ text: '# A' });
    expect(asText({ text: 3 })).to.equal(null);
  });
});
