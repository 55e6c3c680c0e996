import { useCallback, useEffect, useMemo, useState } from 'react';
import { HttpRoutes, type AnalyticsData, type BottleneckTask } from '../../../../protocol/index.js';
import { useHub, useSession, useUi } from '../app/contexts';
import { navigate } from '../app/routing';
import { Chart } from '../components/charts/Chart';
import { getJson } from '../hub/http';
import { daySeconds, distributionRows, duration, percent, usageTotals, velocityTotal } from '../logic/analytics-view.js';

const WINDOWS = [7, 14, 30, 84];

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="stat-card">
      <span className="stat-label">{label}</span>
      <strong className="stat-value" aria-label={`${label}: ${value}`}>
        {value}
      </strong>
      {detail && <span className="stat-detail">{detail}</span>}
    </div>
  );
}

function TaskLink({ task }: { task: BottleneckTask }) {
  return (
    <a
      className="code-link"
      href={task.link}
      onClick={(e) => {
        e.preventDefault();
        navigate({ page: 'chat', room: `task:${task.code}` });
      }}
    >
      {task.code}
    </a>
  );
}

/** Live: every task change leaves a line in the lobby's activity, which a signed-in tab always hears. */
function useAnalytics(sprint: string, days: number) {
  const session = useSession();
  const [data, setData] = useState<AnalyticsData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const q = new URLSearchParams({ since: `${days}d` });
    if (sprint) q.set('sprint', sprint);
    try {
      const { ok: _ok, ...d } = await getJson<AnalyticsData & { ok: boolean }>(session.token, `${HttpRoutes.analytics}?${q}`);
      setData(d);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [session, sprint, days]);
  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 400);
    };
    session.client.on('activity:new', changed);
    session.client.on('task:updated', changed);
    return () => {
      clearTimeout(timer);
      session.client.off('activity:new', changed);
      session.client.off('task:updated', changed);
    };
  }, [session, load]);
  return { data, error };
}

/** Velocity, the sprint's burn-up and forecast, cycle times, bottlenecks, agents and usage, as pictures with their figures in text. */
export function AnalyticsPage() {
  const ui = useUi();
  const sprints = useHub((s) => s.directory.sprints);
  const [sprint, setSprint] = useState('');
  const [days, setDays] = useState(30);
  const { data, error } = useAnalytics(sprint, days);

  const charts = useMemo(() => {
    if (!data) return null;
    const weeks = data.velocity.weeks;
    const burn = data.burn;
    const usage = data.usage.days;
    const dist = data.cycleTime.distribution;
    return { weeks, burn, usage, dist };
  }, [data]);

  return (
    <div className="dashboard analytics">
      <header className="page-header">
        <button type="button" className="icon-button menu-button" onClick={() => ui.set((s) => ({ ...s, navOpen: true }))} aria-label="Open the room list">
          ☰
        </button>
        <div>
          <h1>Analytics</h1>
          <p className="chat-subtitle">Live: it follows task changes as they happen.</p>
        </div>
        <div className="analytics-filters">
          <label>
            Sprint{' '}
            <select value={sprint} onChange={(e) => setSprint(e.target.value)}>
              <option value="">Newest active</option>
              {sprints.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code}
                </option>
              ))}
            </select>
          </label>
          <label>
            Window{' '}
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {w} days
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      {error && <p className="error page-pad">{error}</p>}
      {!data && !error && <p className="muted page-pad">Loading…</p>}
      {data && charts && (
        <div className="dashboard-body">
          <section className="stats" aria-label="Summary">
            <Stat label="Completed" value={String(velocityTotal(data))} detail="tasks, last 12 weeks" />
            <Stat label="Cycle time p50" value={duration(data.cycleTime.overall.p50)} detail={`p85 ${duration(data.cycleTime.overall.p85)} · ${data.cycleTime.overall.count} tasks`} />
            <Stat label="Lead time p50" value={duration(data.leadTime.overall.p50)} detail={`p85 ${duration(data.leadTime.overall.p85)}`} />
            <Stat
              label="Forecast (85%)"
              value={data.forecast?.p85Date ?? '–'}
              detail={data.forecast ? (data.forecast.onTrack === null ? data.forecast.note : data.forecast.onTrack ? `on track for ${data.forecast.endsAt}` : `after the end, ${data.forecast.endsAt}`) : 'no active sprint'}
            />
          </section>
          <div className="dashboard-grid">
            <section className="panel">
              <Chart
                id="velocity"
                title="Velocity: tasks completed per week"
                summary={`Tasks completed per week over the last ${charts.weeks.length} weeks: ${charts.weeks.map((w) => `week of ${w.week}, ${w.completed}`).join('; ')}.`}
                data={[charts.weeks.map((w) => daySeconds(w.week)), charts.weeks.map((w) => w.completed)]}
                series={[{ label: 'Completed', color: '--accent', kind: 'bar' }]}
                x="time"
                table={{ columns: ['Week of', 'Completed'], rows: charts.weeks.map((w) => [w.week, w.completed]) }}
              />
              {data.velocity.sprints.length > 0 && (
                <p className="muted small">Per sprint: {data.velocity.sprints.map((s) => `${s.code} ${s.completed}/${s.total}`).join(' · ')}</p>
              )}
            </section>
            <section className="panel">
              {data.sprint && charts.burn.length > 0 ? (
                <>
                  <Chart
                    id="burnup"
                    title={`Burn-up of ${data.sprint.code}`}
                    summary={`${data.sprint.code}: ${charts.burn.at(-1)!.done} of ${charts.burn.at(-1)!.scope} tasks done.${data.forecast?.p50Date ? ` Forecast: 50% by ${data.forecast.p50Date}, 85% by ${data.forecast.p85Date}.` : ''}`}
                    data={[charts.burn.map((d) => daySeconds(d.day)), charts.burn.map((d) => d.scope), charts.burn.map((d) => d.done)]}
                    series={[
                      { label: 'Scope', color: '--muted', kind: 'line' },
                      { label: 'Done', color: '--success', kind: 'line' },
                    ]}
                    x="time"
                    table={{ columns: ['Day', 'Scope', 'Done', 'Remaining'], rows: charts.burn.map((d) => [d.day, d.scope, d.done, d.remaining]) }}
                  />
                  {data.forecast && (
                    <p className="forecast" data-forecast>
                      {data.forecast.p50Date ? (
                        <>
                          {data.forecast.remaining} left: 50% by <strong>{data.forecast.p50Date}</strong>, 85% by <strong>{data.forecast.p85Date}</strong>
                          {data.forecast.endsAt && (
                            <span className={data.forecast.onTrack ? 'on-track' : 'at-risk'}>{data.forecast.onTrack ? ` · on track for ${data.forecast.endsAt}` : ` · at risk: the sprint ends ${data.forecast.endsAt}`}</span>
                          )}
                        </>
                      ) : (
                        data.forecast.note
                      )}
                    </p>
                  )}
                </>
              ) : (
                <p className="muted">No sprint to burn up: start one, or pick one above.</p>
              )}
            </section>
            <section className="panel">
              <Chart
                id="cycle"
                title="Cycle time (in progress → completed)"
                summary={`Cycle time p50 ${duration(data.cycleTime.overall.p50)}, p85 ${duration(data.cycleTime.overall.p85)}, over ${data.cycleTime.overall.count} tasks.`}
                data={[charts.dist.map((_, i) => i), charts.dist.map((b) => b.count)]}
                series={[{ label: 'Tasks', color: '--info', kind: 'bar' }]}
                x={{ labels: charts.dist.map((b) => b.label) }}
                table={{ columns: ['Cycle time', 'Tasks'], rows: distributionRows(charts.dist) }}
              />
              {data.cycleTime.byAssignee.length > 0 && (
                <p className="muted small">
                  By assignee: {data.cycleTime.byAssignee.map((a) => `@${a.name} p50 ${duration(a.figures.p50)}, p85 ${duration(a.figures.p85)}`).join(' · ')}
                </p>
              )}
            </section>
            <section className="panel">
              <Chart
                id="usage"
                title="Commands per day, people and agents"
                summary={`In ${charts.usage.length} days: ${usageTotals(charts.usage).commandsHuman} commands by people, ${usageTotals(charts.usage).commandsAgent} by agents.`}
                data={[charts.usage.map((d) => daySeconds(d.day)), charts.usage.map((d) => d.commandsHuman), charts.usage.map((d) => d.commandsAgent)]}
                series={[
                  { label: 'People', color: '--accent', kind: 'line' },
                  { label: 'Agents', color: '--warning', kind: 'line' },
                ]}
                x="time"
                table={{
                  columns: ['Day', 'Commands by people', 'Commands by agents', 'Messages', 'Artifacts', 'Reads', 'Dashboard views', 'Active agents'],
                  rows: charts.usage.map((d) => [d.day, d.commandsHuman, d.commandsAgent, d.messagesHuman + d.messagesAgent, d.artifactsCreated, d.artifactReads, d.dashboardViews, d.activeAgents]),
                }}
              />
              <p className="muted small">
                Task success {percent(data.usage.taskSuccessRate)} · INIT success {percent(data.usage.initSuccessRate)} · documentation reads {usageTotals(charts.usage).reads} · dashboard views {usageTotals(charts.usage).views}
              </p>
            </section>
            <section className="panel" aria-labelledby="an-bottlenecks">
              <h2 id="an-bottlenecks">Bottlenecks</h2>
              <ul className="bottlenecks">
                {data.bottlenecks.overThreshold.map((t) => (
                  <li key={`over-${t.code}`}>
                    <TaskLink task={t} /> {t.title}: {t.status} for {duration(t.inStatusMs)}, longer than 85% of stays ({duration(t.thresholdMs)})
                  </li>
                ))}
                {data.bottlenecks.longestBlocked.map((t) => (
                  <li key={`blocked-${t.code}`}>
                    <TaskLink task={t} /> {t.title}: blocked for {duration(t.inStatusMs)}
                  </li>
                ))}
                {data.bottlenecks.reviewQueues.map((q) => (
                  <li key={`review-${q.name}`}>
                    @{q.name}: {q.waiting} waiting in review ({q.tasks.join(', ')})
                  </li>
                ))}
                {data.bottlenecks.wipOverLimit.map((w) => (
                  <li key={`wip-${w.name}`}>
                    @{w.name}: {w.wip} in progress, over the limit of {data.bottlenecks.wipLimit} ({w.tasks.join(', ')})
                  </li>
                ))}
              </ul>
              {data.bottlenecks.overThreshold.length + data.bottlenecks.longestBlocked.length + data.bottlenecks.reviewQueues.length + data.bottlenecks.wipOverLimit.length === 0 && (
                <p className="muted">Nothing is stuck.</p>
              )}
            </section>
            <section className="panel" aria-labelledby="an-agents">
              <h2 id="an-agents">Agents</h2>
              {data.agents.length === 0 ? (
                <p className="muted">No agents yet.</p>
              ) : (
                <div className="table-scroll" role="group" aria-label="Agents table" tabIndex={0}>
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th scope="col">Agent</th>
                        <th scope="col">Done</th>
                        <th scope="col">Median cycle</th>
                        <th scope="col">Rejected</th>
                        <th scope="col">Reopened</th>
                        <th scope="col">INIT ok</th>
                        <th scope="col">Messages</th>
                        <th scope="col">Runs ok / failed</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.agents.map((a) => (
                        <tr key={a.name}>
                          <th scope="row">@{a.name}</th>
                          <td>{a.completed}</td>
                          <td>{duration(a.medianCycleMs)}</td>
                          <td>{percent(a.rejectedRate)}</td>
                          <td>{percent(a.reopenedRate)}</td>
                          <td>{percent(a.initSuccessRate)}</td>
                          <td>{a.messages}</td>
                          <td>
                            {a.runsSucceeded} / {a.runsFailed}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </div>
        </div>
      )}
    </div>
  );
}
