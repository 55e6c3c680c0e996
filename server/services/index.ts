import type { Connection } from 'mongoose';
import type { Models } from '../db/models/index.js';
import { AccessService } from './access.js';
import { AgentInitService } from './agent-init.js';
import { AgentRegistry } from './agents.js';
import { AnalyticsService } from './analytics/service.js';
import { ActivityService } from './activity.js';
import { ArtifactService } from './artifacts.js';
import { BlobStore } from './blob-store.js';
import { systemClock, type Clock } from './clock.js';
import { ClaimService } from './claims.js';
import { DashboardService } from './dashboard.js';
import { InboxService } from './inbox.js';
import { MemoryService } from './memory.js';
import { MessageStore } from './message-store.js';
import { HubMetrics } from './metrics.js';
import { ParcelAttachments } from './parcel-attachments.js';
import { Postmaster } from './postmaster.js';
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
  /** The database looks `_id` up in its index (see Database.indexedIdLookups); false is the safe guess. */
  indexedIdLookups?: boolean;
  /** Where services read the time; the system clock unless a test passes its own. */
  clock?: Clock;
}

export const DEFAULT_MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

/** The hub's services, built once over one connection and its models. */
export function createServices(models: Models, conn: Connection, options: ServiceOptions = { maxArtifactBytes: DEFAULT_MAX_ARTIFACT_BYTES }) {
  const metrics = new HubMetrics();
  const activity = new ActivityService(models, options.clock, metrics);
  const sprints = new SprintService(models, activity);
  const tasks = new TaskService(models, activity, sprints, options.clock);
  const blobs = new BlobStore(conn, models, { indexedIdLookups: options.indexedIdLookups ?? false });
  const sessions = new SessionService(models);
  const memory = new MemoryService(models, sessions);
  const access = new AccessService(models);
  const artifacts = new ArtifactService(models, blobs, activity, tasks, sprints);
  const clock = options.clock ?? systemClock;
  return {
    models,
    options,
    clock,
    activity,
    sprints,
    tasks,
    claims: new ClaimService(models, tasks, sprints),
    tokens: new TokenService(models),
    messages: new MessageStore(models),
    artifacts,
    links: new LinkSigner(models),
    access,
    postmaster: new Postmaster(models, tasks, access, new ParcelAttachments(artifacts, access), activity),
    inbox: new InboxService(models, activity.daily),
    sessions,
    memory,
    agentInit: new AgentInitService({ models, conn, sessions, memory, blobs }, activity),
    presence: new PresenceService(models),
    dashboard: new DashboardService(models, sprints, activity),
    agents: new AgentRegistry(models, activity),
    grants: new RoomGrantService(models, activity, sprints, tasks),
    metrics,
    analytics: new AnalyticsService(models, activity.daily, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
