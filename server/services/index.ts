import type { Connection } from 'mongoose';
import type { Models } from '../db/models/index.js';
import type { Hooks } from '../hooks.js';
import type { Broadcast } from '../hub/types.js';
import { AccessService } from './access.js';
import { AgentInitService } from './agent-init.js';
import { AgentRegistry } from './agents.js';
import { AnalyticsService } from './analytics/service.js';
import { Announcer } from './announcer.js';
import { ActivityService } from './activity.js';
import { ArtifactService } from './artifacts.js';
import { BlobStore } from './blob-store.js';
import { systemClock, type Clock } from './clock.js';
import { ClaimService } from './claims.js';
import { DEFAULT_DEADLINE_MS } from '../deadline.js';
import { CommandIntents } from './command-intents.js';
import { DashboardService } from './dashboard.js';
import { DirectoryService } from './directory.js';
import { InboxService } from './inbox.js';
import { KnownRooms } from './known-rooms.js';
import { ReadMarkService } from './read-marks.js';
import { MemoryService } from './memory.js';
import { MessageStore } from './message-store.js';
import { HubMetrics } from './metrics.js';
import { ParcelAttachments } from './parcel-attachments.js';
import { Postmaster } from './postmaster.js';
import { PrincipalKinds } from './principal-kinds.js';
import { PresenceService } from './presence.js';
import { NO_RATE_LIMITS, RateLimits } from './rate-limits.js';
import { DEFAULT_LOOP_GUARD, LoopGuard, type LoopGuardSettings } from './loop-guard.js';
import { RoomGrantService } from './room-grants.js';
import { SessionService } from './sessions.js';
import { SettingsStore } from './settings.js';
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
  /** Where services tell the rest of the hub what happened (revoked tokens, queued runs). */
  hooks: Hooks;
  /** How the hub reaches sockets: what it says at once goes through it (see Announcer). */
  broadcast: Broadcast;
  /** Where links point, asked when one is made: the public URL, or the address the hub listens on. */
  baseUrl: () => string;
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
export function createServices(models: Models, conn: Connection, options: ServiceOptions) {
  const clock = options.clock ?? systemClock;
  const metrics = new HubMetrics();
  const rateLimits = options.rateLimits ?? new RateLimits(NO_RATE_LIMITS, options.hooks);
  options.hooks.on('rate:refused', ({ bucket }) => void metrics.rateLimited.inc({ interface: bucket }));
  const activity = new ActivityService(models, clock, metrics);
  const sprints = new SprintService(models, activity);
  const tasks = new TaskService(models, activity, sprints, options.hooks, options.clock);
  const blobs = new BlobStore(conn, models, { indexedIdLookups: options.indexedIdLookups ?? false });
  const sessions = new SessionService(models);
  const memory = new MemoryService(models, sessions, clock);
  const access = new AccessService(models);
  const artifacts = new ArtifactService(models, blobs, activity, tasks, sprints);
  const loops = new LoopGuard(clock, options.loopGuard === undefined ? DEFAULT_LOOP_GUARD : options.loopGuard);
  const principalKinds = new PrincipalKinds(models);
  const messages = new MessageStore(models);
  const announcer = new Announcer(messages, options.broadcast);
  const postmaster = new Postmaster(models, tasks, access, new ParcelAttachments(artifacts, access), activity, loops, principalKinds, announcer.emit);
  const dependencies = new DependencyService(models, tasks, postmaster);
  const approvals = new ApprovalService(models, postmaster, activity, clock, principalKinds);
  const runs = new RunService(models, tasks, access, activity, clock, options.hooks);
  const tokens = new TokenService(models, options.hooks, clock);
  const links = new LinkSigner(models, options.baseUrl);
  return {
    options,
    settings: new SettingsStore(models),
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    databaseDown: options.databaseDown ?? (() => null),
    clock,
    activity,
    sprints,
    tasks,
    claims: new ClaimService(models, tasks, sprints),
    tokens,
    messages,
    announcer,
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
    agentInit: new AgentInitService({ models, conn, sessions, memory, blobs, activity }, activity, announcer),
    presence: new PresenceService(models),
    directory: new DirectoryService(models, sprints),
    dashboard: new DashboardService(models, sprints, activity, access, approvals),
    agents: new AgentRegistry(models, activity),
    grants: new RoomGrantService(models, activity, sprints, tasks),
    rateLimits,
    dependencies,
    subtasks: new SubtaskService(models),
    collaborators: new CollaboratorService(models, tasks, principalKinds),
    handoffs: new HandoffService(models, tasks, postmaster, clock),
    approvals,
    reviews: new ReviewService(models, tasks, sprints, approvals, dependencies, postmaster, clock, principalKinds),
    schedules: new ScheduleService(models, access, activity, clock),
    templates: new TemplateService(models, tasks, activity),
    metrics,
    analytics: new AnalyticsService(models, activity.daily, clock),
    runs,
    runners: new RunnerService(models, runs, artifacts, tokens, links, options.runOutputBytes),
  };
}

export type Services = ReturnType<typeof createServices>;
