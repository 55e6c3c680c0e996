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
import { DEFAULT_DEADLINE_MS } from '../deadline.js';
import { CommandIntents } from './command-intents.js';
import { DashboardService } from './dashboard.js';
import { InboxService } from './inbox.js';
import { KnownRooms } from './known-rooms.js';
import { ReadMarkService } from './read-marks.js';
import { MemoryService } from './memory.js';
import { MessageStore } from './message-store.js';
import { HubMetrics } from './metrics.js';
import { ParcelAttachments } from './parcel-attachments.js';
import { Postmaster } from './postmaster.js';
import { PresenceService } from './presence.js';
import { NO_RATE_LIMITS, RateLimits } from './rate-limits.js';
import { DEFAULT_LOOP_GUARD, LoopGuard, type LoopGuardSettings } from './loop-guard.js';
import { RoomGrantService } from './room-grants.js';
import { SessionService } from './sessions.js';
import { LinkSigner } from './signed-links.js';
import { SprintService } from './sprints.js';
import { TaskService } from './tasks.js';
import { TokenService } from './tokens.js';
import { ApprovalService } from './collab/approvals.js';
import { CollaboratorService } from './collab/collaborators.js';
import { DependencyService } from './collab/dependencies.js';
import { HandoffService } from './collab/handoff.js';
import { ReviewService } from './collab/reviews.js';
import { SubtaskService } from './collab/subtasks.js';
import { ScheduleService } from './collab/schedules.js';
import { TemplateService } from './collab/templates.js';
import { RunService } from './runs/run-service.js';
import { RunnerService } from './runs/runner-service.js';

export interface ServiceOptions {
  /** Largest artifact, in bytes, enforced while streaming. */
  maxArtifactBytes: number;
  /** The database looks `_id` up in its index (see Database.indexedIdLookups); false is the safe guess. */
  indexedIdLookups?: boolean;
  /** Where services read the time; the system clock unless a test passes its own. */
  clock?: Clock;
  /** Request limits per principal and connection (none when absent). */
  rateLimits?: RateLimits;
  /** When two agents talking to each other are paused (DEFAULT_LOOP_GUARD when absent; null: never). */
  loopGuard?: LoopGuardSettings | null;
  /** Output kept per run, in bytes (RunLimits.defaultOutputBytes when absent). */
  runOutputBytes?: number;
  /** Longest wait on the database before a request is answered `unavailable` (DEFAULT_DEADLINE_MS when absent). */
  deadlineMs?: number;
  /** Why the database is down when its owner knows (see Database.downReason). */
  databaseDown?: () => string | null;
}

export const DEFAULT_MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

/** The hub's services, built once over one connection and its models. */
export function createServices(models: Models, conn: Connection, options: ServiceOptions = { maxArtifactBytes: DEFAULT_MAX_ARTIFACT_BYTES }) {
  const clock = options.clock ?? systemClock;
  const metrics = new HubMetrics();
  const rateLimits = options.rateLimits ?? new RateLimits(NO_RATE_LIMITS);
  rateLimits.onRefused((bucket) => metrics.rateLimited.inc({ interface: bucket }));
  const activity = new ActivityService(models, clock, metrics);
  const sprints = new SprintService(models, activity);
  const tasks = new TaskService(models, activity, sprints, options.clock);
  const blobs = new BlobStore(conn, models, { indexedIdLookups: options.indexedIdLookups ?? false });
  const sessions = new SessionService(models);
  const memory = new MemoryService(models, sessions, clock);
  const access = new AccessService(models);
  const artifacts = new ArtifactService(models, blobs, activity, tasks, sprints);
  const loops = new LoopGuard(clock, options.loopGuard === undefined ? DEFAULT_LOOP_GUARD : options.loopGuard);
  const postmaster = new Postmaster(models, tasks, access, new ParcelAttachments(artifacts, access), activity, loops);
  const dependencies = new DependencyService(models, tasks, postmaster);
  const approvals = new ApprovalService(models, postmaster, activity, clock);
  const runs = new RunService(models, tasks, access, activity, clock);
  const tokens = new TokenService(models);
  const links = new LinkSigner(models);
  return {
    models,
    options,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    databaseDown: options.databaseDown ?? (() => null),
    clock,
    activity,
    sprints,
    tasks,
    claims: new ClaimService(models, tasks, sprints),
    tokens,
    messages: new MessageStore(models),
    rooms: new KnownRooms(models, sprints, tasks),
    intents: new CommandIntents(models, clock),
    artifacts,
    links,
    access,
    postmaster,
    loops,
    inbox: new InboxService(models, activity.daily),
    readMarks: new ReadMarkService(models, access, clock),
    sessions,
    memory,
    agentInit: new AgentInitService({ models, conn, sessions, memory, blobs, activity }, activity),
    presence: new PresenceService(models),
    dashboard: new DashboardService(models, sprints, activity, access, approvals),
    agents: new AgentRegistry(models, activity),
    grants: new RoomGrantService(models, activity, sprints, tasks),
    rateLimits,
    dependencies,
    subtasks: new SubtaskService(models),
    collaborators: new CollaboratorService(models, tasks),
    handoffs: new HandoffService(models, tasks, postmaster, clock),
    approvals,
    reviews: new ReviewService(models, tasks, sprints, approvals, dependencies, postmaster, clock),
    schedules: new ScheduleService(models, access, activity, clock),
    templates: new TemplateService(models, tasks, activity),
    metrics,
    analytics: new AnalyticsService(models, activity.daily, clock),
    runs,
    runners: new RunnerService(models, runs, artifacts, tokens, links, options.runOutputBytes),
  };
}

export type Services = ReturnType<typeof createServices>;
