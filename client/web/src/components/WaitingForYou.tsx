import { useState } from 'react';
import type { Approval, WaitingForYou as Waiting } from '../../../../protocol/index.js';
import { LOBBY } from '../../../../protocol/index.js';
import { useSession } from '../app/contexts';

/** A reason typed by a person, quoted for a command line (quotes inside are escaped). */
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** What a decision sends: reviews through /task-approve and /task-reject, questions through /approve and /deny. */
function lines(a: Approval) {
  return a.kind === 'review'
    ? { yes: `/task-approve ${a.task}`, no: (why: string) => `/task-reject ${a.task} ${quoted(why)}`, noLabel: 'Reject' }
    : { yes: `/approve ${a.id}`, no: (why: string) => `/deny ${a.id} ${quoted(why)}`, noLabel: 'Deny' };
}

function Decision({ approval }: { approval: Approval }) {
  const session = useSession();
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = lines(approval);
  const title = approval.kind === 'review' ? `Review of ${approval.task}` : approval.question;
  const run = async (line: string) => {
    setBusy(true);
    setError(null);
    const ack = await session.send(LOBBY, line);
    setBusy(false);
    if (!ack.ok) setError(ack.error.message);
    await session.refreshDashboard();
  };
  return (
    <li className="waiting-row" data-approval={approval.id}>
      <div className="waiting-text">
        <strong>{title}</strong>
        <span className="muted small">
          {approval.id} · from @{approval.requestedBy}
          {approval.kind === 'review' ? ` · ${approval.question}` : ''}
        </span>
      </div>
      <div className="waiting-actions">
        <button type="button" className="button small primary" disabled={busy} onClick={() => void run(send.yes)} aria-label={`Approve ${approval.kind === 'review' ? approval.task : approval.id}`}>
          Approve
        </button>
        <input
          className="waiting-reason"
          value={why}
          onChange={(e) => setWhy(e.target.value)}
          placeholder="Why not?"
          aria-label={`Reason to ${send.noLabel.toLowerCase()} ${approval.kind === 'review' ? approval.task : approval.id}`}
        />
        <button
          type="button"
          className="button small"
          disabled={busy || !why.trim()}
          onClick={() => void run(send.no(why.trim()))}
          aria-label={`${send.noLabel} ${approval.kind === 'review' ? approval.task : approval.id}`}
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

/** The dashboard's "Waiting for you": approvals and reviews this person may decide, with their buttons. */
export function WaitingForYou({ waiting }: { waiting: Waiting | undefined }) {
  const approvals = waiting?.approvals ?? [];
  return (
    <section className="panel" aria-labelledby="dash-waiting">
      <h2 id="dash-waiting">Waiting for you</h2>
      {approvals.length === 0 && <p className="muted">Nothing waits for your decision.</p>}
      <ul className="waiting-rows">
        {approvals.map((a) => (
          <Decision key={a.id} approval={a} />
        ))}
      </ul>
    </section>
  );
}
