import type { ChatMessage } from '../../../../protocol/index.js';
import { useHub, useSession, useUi } from '../app/contexts';
import { clockTime } from '../logic/format.js';
import type { PendingMessage, RefusedMessage } from '../logic/timeline.js';
import { Avatar } from './Avatar';
import { Markdown } from './Markdown';
import { ParcelCard } from './ParcelCard';
import { ResultView } from './results/ResultView';

function Header({ name, kind, at, tag }: { name: string; kind: string; at: string; tag?: string }) {
  return (
    <div className="message-header">
      <span className="message-author">{kind === 'system' ? 'Switchboard' : name}</span>
      {(kind === 'agent' || kind === 'system') && <span className="author-tag">{kind === 'agent' ? 'agent' : 'app'}</span>}
      {tag && <span className="author-tag">{tag}</span>}
      <time className="message-time" dateTime={at} title={new Date(at).toLocaleString()}>
        {clockTime(at)}
      </time>
    </div>
  );
}

function Body({ message }: { message: ChatMessage }) {
  // A parcel's line in my inbox room: the parcel itself, once the inbox is loaded (or it arrived live).
  const parcelId = typeof message.meta?.parcel === 'string' ? message.meta.parcel : null;
  const parcel = useHub((s) => (parcelId ? s.parcels[parcelId] : undefined));
  if (parcel) return <ParcelCard parcel={parcel} />;
  if (message.kind === 'command') return <code className="command-line">{message.text}</code>;
  if (message.kind === 'result' && message.result) return <ResultView result={message.result} />;
  return <Markdown text={message.text} className={message.kind === 'system' ? 'system-text' : ''} />;
}

/** One stored message: avatar and name unless it continues the run above. */
export function MessageItem({ message, continued }: { message: ChatMessage; continued: boolean }) {
  const me = useHub((s) => s.me.name);
  const mine = message.sender.name === me;
  return (
    <article className={`message message-${message.kind} ${continued ? 'continued' : ''} ${mine ? 'mine' : ''}`} data-seq={message.seq}>
      <div className="message-gutter">
        {continued ? (
          <time className="gutter-time" dateTime={message.createdAt}>
            {clockTime(message.createdAt)}
          </time>
        ) : (
          <Avatar name={message.sender.name} kind={message.sender.kind} />
        )}
      </div>
      <div className="message-main">
        {!continued && <Header name={message.sender.name} kind={message.sender.kind} at={message.createdAt} />}
        <Body message={message} />
      </div>
    </article>
  );
}

/** My message before its ack: faded while sending, with Retry (same client id) if the hub did not answer. */
export function PendingItem({ room, pending }: { room: string; pending: PendingMessage }) {
  const session = useSession();
  const me = useHub((s) => s.me);
  return (
    <article className={`message pending ${pending.state}`} aria-busy={pending.state === 'sending'}>
      <div className="message-gutter">
        <Avatar name={me.name} kind={me.kind} />
      </div>
      <div className="message-main">
        <Header name={me.name} kind={me.kind} at={pending.createdAt} />
        {pending.text.startsWith('/') ? <code className="command-line">{pending.text}</code> : <Markdown text={pending.text} />}
        {pending.state === 'sending' ? (
          <span className="pending-note muted">Sending…</span>
        ) : (
          <span className="pending-note error">
            Not sent — the hub did not answer.{' '}
            <button type="button" className="link-button" onClick={() => void session.retry(room, pending.clientId)}>
              Retry
            </button>
          </span>
        )}
      </div>
    </article>
  );
}

/** A send the hub refused: only I see it, with the reason, the command's usage, and a way to fix it. */
export function RefusedItem({ room, refused }: { room: string; refused: RefusedMessage }) {
  const session = useSession();
  const ui = useUi();
  const edit = () => {
    ui.set((s) => ({ ...s, draft: { room, text: refused.text } }));
    session.dismissRefused(room, refused.clientId);
  };
  return (
    <article className="message refused" role="alert">
      <div className="message-gutter">
        <span className="avatar avatar-error" aria-hidden="true">
          !
        </span>
      </div>
      <div className="message-main">
        <div className="message-header">
          <span className="message-author">Switchboard</span>
          <span className="author-tag">only visible to you</span>
        </div>
        <code className="command-line refused-line">{refused.text}</code>
        <p className="refused-message">{refused.error.message}</p>
        {refused.error.usage && (
          <p className="refused-usage">
            Usage: <code>{refused.error.usage}</code>
          </p>
        )}
        <div className="refused-actions">
          <button type="button" className="link-button" onClick={edit}>
            Edit and resend
          </button>
          <button type="button" className="link-button" onClick={() => session.dismissRefused(room, refused.clientId)}>
            Dismiss
          </button>
        </div>
      </div>
    </article>
  );
}
