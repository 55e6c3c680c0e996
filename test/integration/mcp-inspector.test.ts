import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { withTestHub } from '../support/hub.js';
import { SWITCHBOARD_BIN } from '../support/mcp.js';

const run = promisify(execFile);
/** The MCP Inspector's command line, as `npx @modelcontextprotocol/inspector` starts it. */
const INSPECTOR = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/inspector/cli/build/cli.js', import.meta.url));

describe('MCP Inspector (--cli) against switchboard mcp', () => {
  /** `npx @modelcontextprotocol/inspector --cli node bin/switchboard.js mcp --hub URL --token T <method options>`, parsed. */
  const inspect = async (token: string, ...method: string[]) => {
    const { stdout } = await run(process.execPath, [INSPECTOR, '--cli', process.execPath, SWITCHBOARD_BIN, 'mcp', '--hub', t.url, '--token', token, ...method]);
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  const t = withTestHub();
  before(async () => {
    const admin = await t.connect();
    await admin.command('/sprints-create S-INSP --title="Inspected"');
    await admin.command('/task-create T-INSP-1 --title="Looked at by a stranger" --sprint=S-INSP');
  });

  it('lists the tools', async () => {
    const listed = (await inspect(t.adminToken, '--method', 'tools/list')) as { tools: { name: string; inputSchema: { type: string } }[] };
    expect(listed.tools.map((tool) => tool.name)).to.include.members(['task_note', 'task_status', 'artifact_upload', 'switchboard']);
    expect(listed.tools.every((tool) => tool.inputSchema.type === 'object')).to.equal(true);
  });

  it('calls a tool with --tool-arg key=value, and the note lands on the task', async () => {
    const called = (await inspect(t.adminToken, '--method', 'tools/call', '--tool-name', 'task_note', '--tool-arg', 'code=T-INSP-1', 'note=seen by the inspector')) as {
      content: { text: string }[];
      isError?: boolean;
    };
    expect(called.isError).to.not.equal(true);
    expect(called.content[0]!.text).to.equal('✅ Note added to T-INSP-1');
    const admin = await t.connect();
    expect((await admin.command('/task-detail T-INSP-1')).text).to.include('@admin: seen by the inspector');
  });
});
