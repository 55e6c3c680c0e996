import { McpError, type Resource, type TextResourceContents } from '@modelcontextprotocol/sdk/types.js';
import type { CommandResult } from '../../protocol/index.js';
import { quote } from '../../client/sdk/http.js';
import { clip } from '../errors.js';
import { RESOURCE_NOT_FOUND, protocolError, type HubCalls } from './hub-calls.js';
import { portError } from './port-errors.js';
import { INBOX_URI, parseResourceUri, sprintUri, taskUri } from './resource-uris.js';

/** Text artifacts up to this size are read whole; longer ones are cut and come with a link. */
export const ARTIFACT_TEXT_BYTES = 1024 * 1024;

/** A command's answer as resource contents: its text to read, its data to parse. */
function fromResult(uri: string, result: CommandResult): TextResourceContents[] {
  return [
    { uri, mimeType: 'text/plain', text: result.text },
    { uri, mimeType: 'application/json', text: JSON.stringify(result.data, null, 2) },
  ];
}

/** resources/list and resources/read over the hub's read-only commands and artifact store. */
export class Resources {
  constructor(private readonly hub: HubCalls) {}

  /** The inbox, the caller's open tasks and their sprints, and the documentation artifacts. */
  async list(): Promise<Resource[]> {
    const me = this.hub.port.principal.name;
    const resources: Resource[] = [
      { uri: INBOX_URI, name: 'inbox', title: `Inbox of @${me}`, description: 'Parcels sent to you (messages, assignments, mentions).', mimeType: 'text/plain' },
    ];
    // Each part is optional: a hub without a command, or one that refuses it, leaves the part out.
    const unlessRefused = async <R>(command: string, run: () => Promise<R[]>): Promise<R[]> => {
      if (!(await this.hub.has(command))) return [];
      try {
        return await run();
      } catch (err) {
        if (err instanceof McpError) return [];
        throw err;
      }
    };
    const tasks = await unlessRefused('tasks', async () => (await this.hub.inInbox('/tasks --assignee=@me')).data.rows);
    for (const t of tasks) {
      resources.push({ uri: taskUri(t.code), name: t.code, title: `${t.code} · ${t.title}`, description: `Task, ${t.status}, in sprint ${t.sprint}`, mimeType: 'text/plain' });
    }
    for (const sprint of new Set(tasks.map((t) => t.sprint))) {
      resources.push({ uri: sprintUri(sprint), name: sprint, title: `Sprint ${sprint}`, description: 'A sprint you have tasks in', mimeType: 'text/plain' });
    }
    for (const d of await unlessRefused('docs', async () => (await this.hub.inInbox('/docs')).data.rows)) {
      resources.push({ uri: d.uri, name: d.name, title: d.name, description: 'Documentation artifact', mimeType: d.type });
    }
    return resources;
  }

  async read(uri: string): Promise<TextResourceContents[]> {
    const target = parseResourceUri(uri);
    if (!target) throw new McpError(RESOURCE_NOT_FOUND, `${clip(uri, 200)} is not a Switchboard resource: see resources/templates/list.`);
    switch (target.kind) {
      case 'inbox':
        if (!(await this.hub.has('messages-check'))) return [{ uri, mimeType: 'text/plain', text: 'This hub does not deliver parcels yet: your inbox is empty.' }];
        return fromResult(uri, await this.hub.inInbox('/messages-check'));
      case 'task':
        return fromResult(uri, await this.hub.inInbox(`/task-detail ${target.code}`));
      case 'sprint':
        return fromResult(uri, await this.hub.inInbox(`/sprint-detail ${target.code}`));
      case 'artifact':
        return this.artifact(uri);
    }
  }

  /** Text as text; anything else, or text too long to return whole, as a download link. */
  private async artifact(uri: string): Promise<TextResourceContents[]> {
    const text = await this.hub.port.readArtifactText(uri, ARTIFACT_TEXT_BYTES).catch((err: unknown) => {
      throw protocolError(portError(err));
    });
    if (text && !text.truncated) return [{ uri, mimeType: text.mediaType, text: text.text }];
    const link = (await this.hub.inInbox(`/artifact-download ${quote(uri)}`)).data;
    const why = text ? `is longer than ${ARTIFACT_TEXT_BYTES} bytes; above is its beginning` : 'is not text';
    // text/uri-list: comment lines start with #, then the link; a signed link needs no token.
    const download = { uri, mimeType: 'text/uri-list', text: `# ${link.name} (${link.size} bytes) ${why}. Download it until ${link.expiresAt}:\n${link.url}\n` };
    return text ? [{ uri, mimeType: text.mediaType, text: text.text }, download] : [download];
  }
}
