import { useState } from 'react';
import type { Approval, RunWire, WaitingForYou as Waiting } from '../../../../protocol/index.js';
import { LOBBY } from '../../../../protocol/index.js';
import { useSession } from '../app/contexts';

/** A reason typed by a person, quoted for a command line (quotes inside are escaped). */
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** One decision a person may take: what it is, and the command lines its buttons send. */
interface Choice {
  id: string;
  /** What the buttons' labels name (a task for reviews, an id otherwise). */
  subject: string;
  title: string;
  detail: string;
  yes: string;
  no: (why: string) => string;
  noLabel: string;
}

/** Reviews go through /task-approve and /task-reject, questions through /approve and /deny. */
function approvalChoice(a: Approval): Choice {
  const base = { id: a.id, detail: `${a.id} · from @${a.requestedBy}${a.kind === 'review' ? ` · ${a.question}` : ''}` };
  return a.kind === 'review'
    ? { ...base, subject: a.task!, title: `Review of ${a.task}`, yes: `/task-approve ${a.task}`, no: (why) => `/task-reject ${a.task} ${quoted(why)}`, noLabel: 'Reject' }
    : { ...base, subject: a.id, title: a.question, yes: `/approve ${a.id}`, no: (why) => `/deny ${a.id} ${quoted(why)}`, noLabel: 'Deny' };
}

/** An agent's run waiting to be let through: /run-approve and /run-deny. */
function runChoice(r: RunWire): Choice {
  return {
    id: r.id,
    subject: r.id,
    title: `Run on ${r.task}: ${r.command}`,
    detail: `${r.id} · from @${r.requestedBy.name}`,
    yes: `/run-approve ${r.id}`,
    no: (why) => `/run-deny ${r.id} ${quoted(why)}`,
    noLabel: 'Deny',
  };
}

function Decision({ choice: send }: { choice: Choice }) {
  const session = useSession();
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = send.title;
  const run = async (line: string) => {
    setBusy(true);
    setError(null);
    const ack = await session.send(LOBBY, line);
    setBusy(false);
    if (!ack.ok) setError(ack.error.message);
    await session.refreshDashboard();
  };
  return (
    <li className="waiting-row" data-approval={send.id}>
      <div className="waiting-text">
        <strong>{title}</strong>
        <span className="muted small">{send.detail}</span>
      </div>
      <div className="waiting-actions">
        <button type="button" className="button small primary" disabled={busy} onClick={() => void run(send.yes)} aria-label={`Approve ${send.subject}`}>
          Approve
        </button>
        <input
          className="waiting-reason"
          value={why}
          onChange={(e) => setWhy(e.target.value)}
          placeholder="Why not?"
          aria-label={`Reason to ${send.noLabel.toLowerCase()} ${send.subject}`}
        />
        <button
          type="button"
          className="button small"
          disabled={busy || !why.trim()}
          onClick={() => void run(send.no(why.trim()))}
          aria-label={`${send.noLabel} ${send.subject}`}
        >
          {send.noLabel}
        </button>
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The dashboard's "Waiting for you": approvals, reviews and agents' runs this person may decide, with their buttons. */
export function WaitingForYou({ waiting }: { waiting: Waiting | undefined }) {
  const choices = [...(waiting?.approvals ?? []).map(approvalChoice), ...(waiting?.runs ?? []).map(runChoice)];
  return (
    <section className="panel" aria-labelledby="dash-waiting">
      <h2 id="dash-waiting">Waiting for you</h2>
      {choices.length === 0 && <p className="muted">Nothing waits for your decision.</p>}
      <ul className="waiting-rows">
        {choices.map((c) => (
          <Decision key={c.id} choice={c} />
        ))}
      </ul>
    </section>
  );
}
