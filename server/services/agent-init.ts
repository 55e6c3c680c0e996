import {
  agentRoom,
  type AgentInitEvent,
  type InitReport,
  type InitResult,
  type PrincipalRef,
  type RoomName,
} from '../../protocol/index.js';
import type { AgentSessionDoc } from '../db/models/agent-session.js';
import { HubError } from '../errors.js';
import type { Acting } from './acting.js';
import type { ActivityService } from './activity.js';
import type { Emit } from './events.js';
import { proposePlan } from './init-steps/confirm-plan.js';
import { healthcheck } from './init-steps/healthcheck.js';
import { loadProfile } from './init-steps/load-profile.js';
import { resumeMemory } from './init-steps/resume-memory.js';
import type { InitDeps, StepInput, StepOutcome } from './init-steps/step.js';
import { WriteQueue } from './write-queue.js';
import { log } from '../logger.js';

/** How INIT speaks: at once, not buffered like a command's changes, since each step is news as it ends. */
export interface InitAnnouncer {
  emit: Emit;
  postSystem(room: RoomName, text: string, meta?: Record<string, unknown>): Promise<unknown>;
}

const RUNNING: InitResult = { status: 'running', steps: [], plan: [], failedStep: null };

/**
 * The plan's D2: when an agent's chat session starts (or on /init), four steps run and each is
 * pushed to its inbox as `agent:init`, then a summary message. The session records the outcome;
 * the agent is ready once no step failed and it confirmed the plan (/init-confirm). Runs and
 * confirmations of one agent are taken one at a time, so a confirmation never lands in the middle
 * of a run (within this hub; another hub's run is caught by the conditional write in `confirm`).
 */
export class AgentInitService {
  /** One run or confirmation of an agent at a time. */
  private readonly queue = new WriteQueue();

  constructor(
    private readonly deps: InitDeps,
    private readonly activity: ActivityService,
    private readonly announcer: InitAnnouncer,
  ) {}

  /** INIT for a session that just opened (the agent's first socket connected). */
  start(agent: PrincipalRef, session: AgentSessionDoc): Promise<InitReport> {
    return this.serial(agent.name, () => this.run(agent, session));
  }

  /** /init: INIT again in the agent's live session. */
  rerun(agent: PrincipalRef): Promise<InitReport> {
    return this.serial(agent.name, async () => this.run(agent, await this.liveSession(agent)));
  }

  /** /init-confirm: accepts the proposed plan, or `order`, a permutation of it; then the agent is ready. */
  confirm(agent: PrincipalRef, order?: string[]): Promise<InitReport> {
    return this.serial(agent.name, async () => {
      const session = await this.liveSession(agent);
      const init = session.initResult;
      if (!init || init.status === 'running' || init.status === 'never') {
        throw new HubError('invalid_transition', 'There is no INIT to confirm in this session yet: run /init first.');
      }
      if (init.status === 'failed') {
        const why = init.steps.find((s) => s.name === init.failedStep)?.detail ?? '';
        throw new HubError('invalid_transition', `INIT failed at ${init.failedStep}: ${why} You are not ready: fix that, then run /init again.`);
      }
      const plan = order ? permutationOf(init.plan, order) : init.plan;
      const result: InitResult = { ...init, status: 'ready', plan };
      const written = await this.deps.models.sessions.updateOne(
        { _id: session._id, 'initResult.status': init.status },
        { $set: { initResult: result, agentReady: true } },
      );
      if (!written.matchedCount) throw new HubError('conflict', 'INIT ran again while you confirmed: look at the new plan and confirm again.');
      await this.activity.record(this.acting(agent), 'agent.ready', `is ready; plan: ${plan.length ? plan.join(', ') : 'nothing to do yet'}`);
      return { sessionId: String(session._id), result, agentReady: true, events: [] };
    });
  }

  private async run(agent: PrincipalRef, session: AgentSessionDoc): Promise<InitReport> {
    const sessionId = String(session._id);
    const inbox = agentRoom(agent.name);
    const input: StepInput = { deps: this.deps, agent, session };
    await this.deps.sessions.recordInit(session._id, RUNNING, false);

    const events: AgentInitEvent[] = [];
    const report = <E extends AgentInitEvent>(event: E): E => {
      events.push(event);
      this.announcer.emit(inbox, 'agent:init', event);
      return event;
    };
    const next = () => ({ sessionId, step: events.length + 1 });
    // Every step runs and reports even after one failed: the agent sees the whole picture.
    report({ ...next(), name: 'resume_memory', ...(await attempt(() => resumeMemory(input))) });
    report({ ...next(), name: 'load_profile', ...(await attempt(() => loadProfile(input))) });
    report({ ...next(), name: 'healthcheck', ...(await attempt(() => healthcheck(input))) });
    const planned = report({ ...next(), name: 'confirm_plan', ...(await attempt(() => proposePlan(input))) });

    const failed = events.find((e) => e.status === 'failed');
    const result: InitResult = {
      status: failed ? 'failed' : 'awaiting_confirmation',
      steps: events.map(({ name, status, detail }) => ({ name, status, detail })),
      plan: planned.status === 'ok' && planned.data ? planned.data.plan.map((t) => t.code) : [],
      failedStep: failed?.name ?? null,
    };
    await this.deps.sessions.recordInit(session._id, result, false);
    await this.activity.record(this.acting(agent), 'agent.init', failed ? `INIT failed at ${failed.name}: ${failed.detail}` : 'INIT done; waiting to confirm the plan');
    await this.activity.daily.initFinished(agent, !failed);
    await this.announcer.postSystem(inbox, summary(agent.name, result), { init: result, sessionId });
    return { sessionId, result, agentReady: false, events };
  }

  private async liveSession(agent: PrincipalRef): Promise<AgentSessionDoc> {
    const session = await this.deps.sessions.current(agent.id);
    if (!session) {
      throw new HubError('not_found', `@${agent.name} has no live chat session: INIT belongs to a socket connection (the SDK or the web app), not to HTTP calls alone.`);
    }
    return session;
  }

  private acting(agent: PrincipalRef): Acting {
    return { principal: { id: agent.id, name: agent.name, kind: agent.kind }, emit: this.announcer.emit };
  }

  private serial<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(name, work);
  }
}

/** A step that throws fails with a reason, and the next steps still run. */
async function attempt<D>(step: () => Promise<StepOutcome<D>>): Promise<StepOutcome<D | null>> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof HubError) return { status: 'failed', detail: err.message, data: null };
    log.error({ event: 'init_step_failed' }, err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { status: 'failed', detail: 'The step could not finish: the hub hit an unexpected error (logged on the hub).', data: null };
  }
}

/** `--order` must name each planned task once, no more, no less. */
function permutationOf(plan: string[], order: string[]): string[] {
  const unknown = order.filter((c) => !plan.includes(c));
  const missing = plan.filter((c) => !order.includes(c));
  const twice = order.filter((c, i) => order.indexOf(c) !== i);
  if (!unknown.length && !missing.length && !twice.length) return order;
  const problems = [
    unknown.length ? `not in the plan: ${unknown.join(', ')}` : null,
    missing.length ? `missing: ${missing.join(', ')}` : null,
    twice.length ? `given twice: ${[...new Set(twice)].join(', ')}` : null,
  ].filter(Boolean);
  throw new HubError(
    'invalid_args',
    `--order must list each planned task exactly once (${problems.join('; ')}). The plan is ${plan.length ? plan.join(',') : 'empty: confirm without --order'}.`,
    '/init-confirm [--order=CODE,CODE,...]',
  );
}

function summary(name: string, result: InitResult): string {
  const steps = result.steps.map((s, i) => `${i + 1}. ${s.name} ${s.status === 'ok' ? '✅' : '❌'} ${s.detail}`);
  const head =
    result.status === 'failed'
      ? `⚠️ INIT of @${name} failed at ${result.failedStep}; @${name} is not ready. Fix it, then run /init again.`
      : `🤖 INIT of @${name} done: confirm the plan with /init-confirm (or reorder it with --order) to be marked ready.`;
  return [head, ...steps].join('\n');
}
