import { AnsiUp } from 'ansi_up';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { followRun } from '../../../sdk/run-follower.js';
import { parseArtifactRef, type RunUpdatedEvent, type RunWire } from '../../../../protocol/index.js';
import { listRuns, runEnded, runOutcome } from '../logic/runs.js';
import { useSession, useUi } from '../app/contexts';

/** Output kept on screen per pane: the start scrolls away, the whole log is the run's artifact. */
const SHOWN_CHARS = 256 * 1024;
/** Panes shown: the newest runs of the task. */
const SHOWN_RUNS = 3;

/** One run as a terminal: its output followed live (colours rendered), scroll-back, Cancel, and at the end its status and artifacts. */
function RunPane({ run, room }: { run: RunWire; room: string }) {
  const session = useSession();
  const ui = useUi();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const screen = useRef<HTMLPreElement>(null);
  const stuck = useRef(true);
  const ansi = useMemo(() => {
    const a = new AnsiUp();
    a.use_classes = false;
    return a;
  }, []);

  useEffect(() => {
    let stop = () => undefined as void;
    let gone = false;
    followRun(session.client, run.id, (c) => setText((t) => (t + c.data).slice(-SHOWN_CHARS)))
      .then((f) => {
        if (gone) f.stop();
        else stop = () => f.stop();
      })
      .catch((err: Error) => setError(err.message));
    return () => {
      gone = true;
      stop();
    };
  }, [run.id, session]);

  // Follows the output while the reader is at the bottom; scrolling up holds the view.
  useLayoutEffect(() => {
    const el = screen.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [text]);

  const cancel = async () => {
    const ack = await session.send(room, `/run-cancel ${run.id}`);
    if (!ack.ok) setError(ack.error.message);
  };
  const open = (uri: string) => {
    const ref = parseArtifactRef(uri);
    if (ref?.type === 'artifact') ui.set((s) => ({ ...s, artifacts: { owner: ref.owner, uri } }));
  };

  return (
    <article className={`run-pane run-${run.status}`} aria-label={`Run ${run.id}`} data-run={run.id}>
      <header className="run-pane-header">
        <code className="run-command">{run.command}</code>
        <span className="run-status" role="status">
          {run.id} · {runEnded(run) ? runOutcome(run) : run.status.replace('_', ' ')}
          {run.runner ? ` · @${run.runner}` : ''}
        </span>
        {!runEnded(run) && (
          <button type="button" className="button small" onClick={() => void cancel()} aria-label={`Cancel ${run.id}`}>
            Cancel
          </button>
        )}
      </header>
      <pre
        ref={screen}
        className="run-screen"
        tabIndex={0}
        aria-label={`Output of ${run.id}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        // ansi_up escapes the text and adds only <span style="color:..."> of its own.
        dangerouslySetInnerHTML={{ __html: ansi.ansi_to_html(text) }}
      />
      {runEnded(run) && run.artifacts.length > 0 && (
        <footer className="run-artifacts">
          {run.artifacts.map((uri) => (
            <button key={uri} type="button" className="link-button" onClick={() => open(uri)}>
              {uri.split('/').slice(-1)[0]}
            </button>
          ))}
        </footer>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

/** The task's newest runs above its timeline, kept current by `run:updated`. */
export function RunPanes({ task, room }: { task: string; room: string }) {
  const session = useSession();
  const [runs, setRuns] = useState<RunWire[]>([]);

  useEffect(() => {
    let live = true;
    const merge = (run: RunWire) => setRuns((rs) => [run, ...rs.filter((r) => r.id !== run.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, SHOWN_RUNS));
    const onUpdate = (e: RunUpdatedEvent) => {
      if (e.run.task === task && e.run.status !== 'awaiting_approval') merge(e.run);
    };
    session.client.on('run:updated', onUpdate);
    session.client.on('run:finished', onUpdate);
    listRuns(session.client, task)
      .then((all) => {
        if (live) for (const r of all.filter((x) => x.status !== 'awaiting_approval').slice(0, SHOWN_RUNS)) merge(r);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      session.client.off('run:updated', onUpdate);
      session.client.off('run:finished', onUpdate);
    };
  }, [task, session]);

  if (!runs.length) return null;
  return (
    <section className="run-panes" aria-label="Runs">
      {runs.map((r) => (
        <RunPane key={r.id} run={r} room={room} />
      ))}
    </section>
  );
}
