import { useId, useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { taskRoom, type Parcel } from '../../../../protocol/index.js';
import { useHub, useSession, useUi } from '../app/contexts';
import { navigate, pathOf } from '../app/routing';
import { ownerOfUri } from '../logic/artifact-refs.js';
import { formatBytes, relativeTime } from '../logic/format.js';
import { Markdown } from './Markdown';

const KIND_LABEL: Record<Parcel['kind'], string> = { message: 'Message', assignment: 'Assignment', mention: 'Mention', broadcast: 'Broadcast', notice: 'Notice' };

/** The earlier messages of its thread that this inbox holds, oldest first. */
function useThread(parcel: Parcel): Parcel[] {
  const parcels = useHub((s) => s.parcels);
  return useMemo(
    () =>
      Object.values(parcels)
        .filter((p) => p.threadId === parcel.threadId && p.id !== parcel.id && p.createdAt <= parcel.createdAt)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    [parcels, parcel],
  );
}

/**
 * A parcel in my inbox room, as a message: subject, sender, body, attachments and thread, with
 * Reply (`/message-send --reply-to`), Mark read (`/message-read`) and a link to its task.
 */
export function ParcelCard({ parcel }: { parcel: Parcel }) {
  const session = useSession();
  const ui = useUi();
  const thread = useThread(parcel);
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const replyId = useId();
  const replyButton = useRef<HTMLButtonElement>(null);
  // The hub's own notices have nobody to answer.
  const answerable = parcel.from.kind !== 'system';
  const closeReply = () => {
    setReplying(false);
    replyButton.current?.focus();
  };
  const unread = parcel.status !== 'read';
  const markRead = async () => {
    const ack = await session.markParcelRead(parcel.id);
    setError(ack.ok ? null : ack.error.message);
  };
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!reply.trim()) return;
    const ack = await session.replyTo(parcel, reply.trim());
    if (ack.ok) {
      setReply('');
      setError(null);
      closeReply();
    } else setError(ack.error.message);
  };
  const openTask = (e: MouseEvent) => {
    e.preventDefault();
    navigate({ page: 'chat', room: taskRoom(parcel.task!) });
  };
  return (
    <section className={`card parcel-card ${unread ? 'unread' : ''}`} aria-label={`${KIND_LABEL[parcel.kind]} from @${parcel.from.name}: ${parcel.subject}`} data-parcel={parcel.id}>
      <header className="parcel-header">
        <h3 className="parcel-subject">{parcel.subject}</h3>
        <span className="parcel-meta">
          {KIND_LABEL[parcel.kind]} from <strong>@{parcel.from.name}</strong> · {relativeTime(parcel.createdAt)}
          {unread ? <span className="status status-unread">Unread</span> : <span className="status status-read">Read</span>}
        </span>
      </header>
      {parcel.body && <Markdown text={parcel.body} className="parcel-body" />}
      {parcel.attachments.length > 0 && (
        <ul className="parcel-attachments" aria-label="Attachments">
          {parcel.attachments.map((a) => (
            <li key={a.uri}>
              <button type="button" className="link-button" onClick={() => ui.set((s) => ({ ...s, artifacts: { owner: ownerOfUri(a.uri) ?? { kind: 'project', code: null }, uri: a.uri } }))}>
                {a.name}
              </button>{' '}
              <span className="muted small">{formatBytes(a.size)}</span>
            </li>
          ))}
        </ul>
      )}
      {thread.length > 0 && (
        <details className="parcel-thread">
          <summary>
            Thread: {thread.length} earlier message{thread.length === 1 ? '' : 's'}
          </summary>
          <ol>
            {thread.map((p) => (
              <li key={p.id}>
                <strong>@{p.from.name}</strong> → @{p.to}: {p.subject}
                {p.body && <Markdown text={p.body} className="parcel-thread-body" />}
              </li>
            ))}
          </ol>
        </details>
      )}
      <div className="parcel-actions">
        {answerable && (
          <button type="button" ref={replyButton} className="button small" aria-expanded={replying} aria-controls={replyId} onClick={() => setReplying((r) => !r)}>
            Reply
          </button>
        )}
        {unread && (
          <button type="button" className="button small ghost" onClick={() => void markRead()}>
            Mark read
          </button>
        )}
        {parcel.task && (
          <a className="link-button" href={pathOf({ page: 'chat', room: taskRoom(parcel.task) })} onClick={openTask}>
            Open {parcel.task}
          </a>
        )}
      </div>
      {replying && (
        <form id={replyId} className="parcel-reply" onSubmit={(e) => void send(e)}>
          <label htmlFor={`${replyId}-text`}>Reply to @{parcel.from.name}</label>
          <textarea
            id={`${replyId}-text`}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), closeReply())}
            rows={3}
            autoFocus
          />
          <button type="submit" className="button primary small" disabled={!reply.trim()}>
            Send reply
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
