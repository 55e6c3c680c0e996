import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CODES, type PrincipalRef } from '../../protocol/index.js';

/** Driver commands named in the database histogram; anything else is `other`, so labels stay few. */
const DB_OPERATIONS = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'getMore', 'createIndexes', 'distinct', 'ping']);
const OUTCOMES = new Set<string>(['ok', ...ERROR_CODES]);

/** What the scrape reads live: counted elsewhere (socket.io, the MCP endpoint, presence). */
export interface GaugeSources {
  sockets(): number;
  mcpSessions(): number;
  agentsOnline(): Promise<number>;
}

/**
 * The hub's Prometheus metrics, on a registry of its own (several hubs may share a process in
 * tests and benchmarks). Label values come from closed sets: command names the router knows,
 * principal kinds, error codes, driver operations; never task codes or names.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly reg = [this.registry];

  readonly commands = new Counter({ name: 'switchboard_commands_total', help: 'Commands run, by command, principal kind and outcome (ok or the error code).', labelNames: ['command', 'principal_kind', 'outcome'], registers: this.reg });
  readonly commandSeconds = new Histogram({ name: 'switchboard_command_duration_seconds', help: 'Time from a command line to its result.', labelNames: ['command'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: this.reg });
  readonly dbSeconds = new Histogram({ name: 'switchboard_db_operation_duration_seconds', help: 'Database operations as the driver saw them.', labelNames: ['operation', 'outcome'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers: this.reg });
  readonly chatMessages = new Counter({ name: 'switchboard_chat_messages_total', help: 'Chat messages sent (not commands), by principal kind.', labelNames: ['principal_kind'], registers: this.reg });
  readonly parcels = new Counter({ name: 'switchboard_parcels_total', help: 'Parcels queued for an inbox.', registers: this.reg });
  readonly deliverySeconds = new Histogram({ name: 'switchboard_parcel_delivery_seconds', help: 'Parcel delivery latency, queued to acknowledged.', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 3600], registers: this.reg });
  readonly artifacts = new Counter({ name: 'switchboard_artifacts_created_total', help: 'Artifact versions created.', registers: this.reg });
  readonly artifactBytes = new Counter({ name: 'switchboard_artifact_bytes_total', help: 'Bytes of the artifact versions created.', registers: this.reg });
  readonly artifactReads = new Counter({ name: 'switchboard_artifact_reads_total', help: 'Artifact downloads and previews.', labelNames: ['how'], registers: this.reg });
  readonly runs = new Counter({ name: 'switchboard_runs_finished_total', help: 'Runs that ended, by the state they ended in.', labelNames: ['state'], registers: this.reg });
  readonly init = new Counter({ name: 'switchboard_agent_init_total', help: 'Agent INIT runs, by outcome.', labelNames: ['outcome'], registers: this.reg });
  /** Incremented by whatever limits a rate (`interface`: socket, http, mcp). */
  readonly rateLimited = new Counter({ name: 'switchboard_rate_limited_total', help: 'Requests refused for going over a rate limit.', labelNames: ['interface'], registers: this.reg });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /** Gauges read at scrape time; given once the hub's parts that know them exist. */
  gauges(sources: GaugeSources): void {
    new Gauge({ name: 'switchboard_connected_sockets', help: 'Socket.IO connections to this hub.', registers: this.reg, collect() { this.set(sources.sockets()); } });
    new Gauge({ name: 'switchboard_mcp_sessions', help: 'Open MCP sessions on this hub.', registers: this.reg, collect() { this.set(sources.mcpSessions()); } });
    new Gauge({ name: 'switchboard_agents_online', help: 'Agents with a live connection to any hub.', registers: this.reg, async collect() { this.set(await sources.agentsOnline()); } });
  }

  commandRan(command: string, by: PrincipalRef, outcome: string, seconds: number): void {
    this.commands.inc({ command, principal_kind: by.kind, outcome: OUTCOMES.has(outcome) ? outcome : 'internal' });
    this.commandSeconds.observe({ command }, seconds);
  }

  dbOperation(name: string, ok: boolean, seconds: number): void {
    this.dbSeconds.observe({ operation: DB_OPERATIONS.has(name) ? name : 'other', outcome: ok ? 'ok' : 'error' }, seconds);
  }
}
