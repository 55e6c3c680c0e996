import { useEffect, useState } from 'react';
import type { RunUpdatedEvent, RunWire } from '../../../../protocol/index.js';
import { useSession } from '../app/contexts';
import { listRuns, runOutcome } from '../logic/runs.js';
import { relativeTime } from '../logic/format.js';

/** The Details pane's list of a task's runs (newest first), kept current by `run:updated`. */
export function RunList({ task }: { task: string }) {
  const session = useSession();
  const [runs, setRuns] = useState<RunWire[] | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      listRuns(session.client, task)
        .then((r) => live && setRuns(r))
        .catch(() => live && setRuns([]));
    const onUpdate = (e: RunUpdatedEvent) => {
      if (e.run.task === task) setRuns((rs) => [e.run, ...(rs ?? []).filter((r) => r.id !== e.run.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    };
    void load();
    session.client.on('run:updated', onUpdate);
    return () => {
      live = false;
      session.client.off('run:updated', onUpdate);
    };
  }, [task, session]);
  if (!runs) return <p className="muted small">Loading…</p>;
  if (!runs.length) return <p className="muted small">No runs yet. Start one with /run "command" --task={task}</p>;
  return (
    <ul className="mini-activity run-list" aria-label={`Runs of ${task}`}>
      {runs.map((r) => (
        <li key={r.id} data-run={r.id}>
          <code>{r.id}</code> {runOutcome(r)} <span className="muted">· {relativeTime(r.createdAt)}</span>
          <div className="muted small run-list-command">{r.command}</div>
        </li>
      ))}
    </ul>
  );
}
