import type { Connection } from 'mongoose';
import type { Models } from '../db/models/index.js';
import { AccessService } from './access.js';
import { AgentInitService } from './agent-init.js';
import { AgentRegistry } from './agents.js';
import { ActivityService } from './activity.js';
import { ArtifactService } from './artifacts.js';
import { BlobStore } from './blob-store.js';
import { DashboardService } from './dashboard.js';
import { MemoryService } from './memory.js';
import { MessageStore } from './message-store.js';
import { PresenceService } from './presence.js';
import { RoomGrantService } from './room-grants.js';
import { SessionService } from './sessions.js';
import { LinkSigner } from './signed-links.js';
import { SprintService } from './sprints.js';
import { TaskService } from './tasks.js';
import { TokenService } from './tokens.js';

export interface ServiceOptions {
  /** Largest artifact, in bytes, enforced while streaming. */
  maxArtifactBytes: number;
}

export const DEFAULT_MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

/** The hub's services, built once over one connection and its models. */
export function createServices(models: Models, conn: Connection, options: ServiceOptions = { maxArtifactBytes: DEFAULT_MAX_ARTIFACT_BYTES }) {
  const activity = new ActivityService(models);
  const sprints = new SprintService(models, activity);
  const tasks = new TaskService(models, activity, sprints);
  const blobs = new BlobStore(conn, models);
  const sessions = new SessionService(models);
  const memory = new MemoryService(models, sessions);
  return {
    models,
    options,
    activity,
    sprints,
    tasks,
    tokens: new TokenService(models),
    messages: new MessageStore(models),
    artifacts: new ArtifactService(models, blobs, activity, tasks, sprints),
    links: new LinkSigner(models),
    access: new AccessService(models),
    sessions,
    memory,
    agentInit: new AgentInitService({ models, conn, sessions, memory, blobs }, activity),
    presence: new PresenceService(models),
    dashboard: new DashboardService(models, sprints, activity),
    agents: new AgentRegistry(models, activity),
    grants: new RoomGrantService(models, activity, sprints, tasks),
  };
}

export type Services = ReturnType<typeof createServices>;
