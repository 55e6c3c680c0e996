import { expect } from 'chai';
import type { SwitchboardClient } from '../../client/sdk/index.js';
import { withTestHub } from '../support/hub.js';
import { refusal } from '../support/refusal.js';

describe('collaboration: templates of sprints and tasks', () => {
  let mia: SwitchboardClient;
  let ada: SwitchboardClient;

  const t = withTestHub();
  before(async () => {
    mia = await t.connect(await t.tokenFor('mia', 'person'));
    ada = await t.connect(await t.tokenFor('ada', 'agent'));
    await mia.command('/sprints-create S-SRC --title="Release 1"');
    await mia.command('/task-create REL --title="Release" --sprint=S-SRC --priority=high');
    await mia.command('/task-create BUILD --title="Build packages" --sprint=S-SRC --parent=REL');
    await mia.command('/task-create TEST --title="Run the tests" --sprint=S-SRC --parent=REL');
    await mia.command('/task-create SHIP --title="Ship it" --sprint=S-SRC --priority=urgent');
    await mia.command('/task-note BUILD "use the release profile"');
    await mia.command('/task-depends TEST --on=BUILD');
    await mia.command('/task-depends SHIP --on=TEST');
    await mia.command('/task-policy SHIP --review=required');
  });

  const stored = async (code: string) => (await t.db.models.tasks.findOne({ code }).lean())!;

  it('saves a sprint as a template and makes a new sprint from it with fresh codes, subtasks and dependencies rewired', async () => {
    expect((await refusal(ada, '/template-create release --from-sprint=S-SRC')).code).to.equal('forbidden');
    expect((await mia.command('/template-create release --from-sprint=S-SRC --description="How we ship"')).text).to.equal('✅ Template release saved from sprint S-SRC: 4 tasks');
    expect((await refusal(mia, '/template-create release --from-sprint=S-SRC')).code).to.equal('already_exists');
    expect((await refusal(mia, '/template-create other')).message).to.equal('Give exactly one of --from-sprint=CODE, --from-task=CODE or --from-artifact=URI.');
    expect((await mia.command('/templates')).text).to.contain('release').and.contain('sprint S-SRC');
    const detail = (await ada.command('/template-detail release')).text;
    expect(detail).to.contain('2. BUILD  Build packages  medium  (subtask of REL)');
    expect(detail).to.contain('4. SHIP  Ship it  urgent  (after TEST · review required)');

    const made = await mia.command('/sprints-create S-R2 --title="Release 2" --template=release --prefix=R2');
    expect(made.text).to.equal('✅ Sprint S-R2 created from template release: Release 2; tasks R2-1, R2-2, R2-3, R2-4');
    expect(await stored('R2-2')).to.deep.include({ title: 'Build packages', sprint: 'S-R2', parent: 'R2-1', status: 'todo' });
    expect((await stored('R2-2')).context).to.contain('use the release profile');
    expect(await stored('R2-3')).to.deep.include({ parent: 'R2-1', dependsOn: ['R2-2'] });
    expect(await stored('R2-4')).to.deep.include({ priority: 'urgent', dependsOn: ['R2-3'], reviewRequired: true });
    expect((await mia.command('/task-detail R2-1')).text).to.contain('subtasks 0/2 done (0%): R2-2 todo, R2-3 todo');

    const again = await refusal(mia, '/sprints-create S-R3 --title="Release 3" --template=release --prefix=R2');
    expect([again.code, again.message]).to.deep.equal(['already_exists', 'Nothing created: R2-1, R2-2, R2-3, R2-4 already exist; choose another --prefix.']);
    expect(await t.db.models.sprints.exists({ code: 'S-R3' })).to.equal(null);
    expect((await refusal(mia, '/sprints-create S-R3 --title=x --template=nope')).code).to.equal('not_found');
  });

  it('saves a task with its subtasks, and /task-create --template makes them again under a new code', async () => {
    expect((await mia.command('/template-create rel-task --from-task=REL')).text).to.equal('✅ Template rel-task saved from task REL: 3 tasks');
    const made = await mia.command('/task-create HOTFIX --template=rel-task --sprint=S-SRC --assignee=@ada');
    expect(made.text).to.equal('✅ 3 tasks created in S-SRC from template rel-task: HOTFIX, HOTFIX-1, HOTFIX-2');
    expect(await stored('HOTFIX')).to.include({ title: 'Release', assignee: 'ada' });
    expect(await stored('HOTFIX-2')).to.deep.include({ parent: 'HOTFIX', dependsOn: ['HOTFIX-1'] });
    expect((await refusal(mia, '/task-create HOTFIX-9 --template=rel-task --sprint=S-SRC --title=x')).code).to.equal('invalid_args');
    expect((await refusal(mia, '/task-create NOTITLE --sprint=S-SRC')).message).to.equal('Missing --title.');
  });

  it('imports a template from a markdown artifact, and prints one back in that format', async () => {
    const md = [
      '# Template: onboarding',
      'Getting a new service live.',
      '',
      '## SETUP: Set up the repository',
      'priority: high',
      '',
      'Create it from the service skeleton.',
      '',
      '## CI: Add CI',
      'depends: SETUP',
      'review: required',
      '',
      '## DOCS: Write the README',
      'parent: SETUP',
    ].join('\\n');
    await mia.command(`/artifact-upload --content="${md}" --name=onboarding.md --project`);
    const saved = await mia.command('/template-create onboarding --from-artifact=sb://artifacts/project/onboarding.md');
    expect(saved.text).to.equal('✅ Template onboarding saved from onboarding.md v1: 3 tasks');
    const printed = (await mia.command('/template-detail onboarding --markdown')).text;
    expect(printed).to.equal(
      '# Template: onboarding\n\nGetting a new service live.\n\n## SETUP: Set up the repository\npriority: high\n\nCreate it from the service skeleton.\n\n## CI: Add CI\ndepends: SETUP\nreview: required\n\n## DOCS: Write the README\nparent: SETUP\n',
    );
    await mia.command('/sprints-create S-ONB --title="Onboard" --template=onboarding');
    expect(await stored('S-ONB-2')).to.deep.include({ title: 'Add CI', dependsOn: ['S-ONB-1'], reviewRequired: true });
    expect((await stored('S-ONB-3')).parent).to.equal('S-ONB-1');

    await mia.command('/artifact-upload --content="## A: One\\ndepends: B\\n\\n## B: Two\\ndepends: A" --name=cycle.md --project');
    expect((await refusal(mia, '/template-create cyclic --from-artifact=sb://artifacts/project/cycle.md')).message).to.equal("The template's dependencies make a cycle: A → B → A.");
    await mia.command('/artifact-upload --content="## A: One\\npriority: whenever" --name=bad.md --project');
    expect((await refusal(mia, '/template-create bad --from-artifact=sb://artifacts/project/bad.md')).message).to.equal('line 2: priority must be one of low, medium, high, urgent.');
    await mia.command('/artifact-upload --content="just prose" --name=prose.md --project');
    expect((await refusal(mia, '/template-create prose --from-artifact=sb://artifacts/project/prose.md')).code).to.equal('invalid_args');
  });
});
