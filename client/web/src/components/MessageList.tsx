import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../protocol/index.js';
import { useHub, useSession } from '../app/contexts';
import { dayLabel, roomTitle } from '../logic/format.js';
import { emptyTimeline } from '../logic/timeline.js';
import { MessageItem, PendingItem, RefusedItem } from './MessageItem';

const GROUP_MS = 5 * 60 * 1000;

/** Same sender, same kind of message, within five minutes: one header for the run. */
function continues(prev: ChatMessage | undefined, m: ChatMessage): boolean {
  if (!prev || prev.sender.name !== m.sender.name || m.kind === 'result' || prev.kind === 'result') return false;
  return new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() < GROUP_MS;
}

/**
 * The room's messages, oldest at the top. Scrolling near the top loads the page before (keeping
 * the view still); new messages scroll into view when you were already at the bottom.
 */
export function MessageList({ room }: { room: string }) {
  const session = useSession();
  const timeline = useHub((s) => s.timelines[room]) ?? emptyTimeline();
  const me = useHub((s) => s.me.name);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const restore = useRef<{ height: number; top: number } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Where "new" began when the room was opened; it stays put while you read.
  const [newFrom] = useState(() => session.store.get().readMarks[room] ?? null);

  useEffect(() => {
    session.ensureJoined(room).catch((err: Error) => setError(err.message));
  }, [session, room]);

  const loadOlder = useCallback(async () => {
    const el = scroller.current;
    if (!el || loadingOlder || !timeline.hasOlder || !timeline.joined) return;
    setLoadingOlder(true);
    restore.current = { height: el.scrollHeight, top: el.scrollTop };
    try {
      await session.loadOlder(room);
    } finally {
      setLoadingOlder(false);
    }
  }, [session, room, loadingOlder, timeline.hasOlder, timeline.joined]);

  const onScroll = () => {
    const el = scroller.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    if (atBottom.current && document.visibilityState === 'visible') session.markRead(room);
    if (el.scrollTop < 120) void loadOlder();
  };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (restore.current) {
      el.scrollTop = restore.current.top + (el.scrollHeight - restore.current.height);
      restore.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [timeline.messages, timeline.pending, timeline.refused]);

  useEffect(() => {
    if (atBottom.current && document.visibilityState === 'visible') session.markRead(room);
    // A first page shorter than the screen: keep loading until it scrolls or nothing is older.
    const el = scroller.current;
    if (el && timeline.joined && timeline.hasOlder && el.scrollHeight <= el.clientHeight) void loadOlder();
  }, [session, room, timeline, loadOlder]);

  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && atBottom.current && session.markRead(room);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [session, room]);

  const messages = timeline.messages;
  return (
    <div className="timeline" ref={scroller} onScroll={onScroll} role="log" aria-label={`Messages in ${roomTitle(room)}`} aria-live="polite" aria-relevant="additions" tabIndex={0}>
      {error && (
        <p className="timeline-note error" role="alert">
          {error}
        </p>
      )}
      {timeline.joined && !timeline.hasOlder && (
        <div className="timeline-start">
          <strong>This is the very beginning of {roomTitle(room)}.</strong>
          <span className="muted">Type / for commands, @ to mention someone.</span>
        </div>
      )}
      {timeline.hasOlder && timeline.joined && (
        <div className="timeline-note muted" aria-hidden={!loadingOlder}>
          {loadingOlder ? 'Loading older messages…' : ' '}
        </div>
      )}
      {!timeline.joined && !error && <div className="timeline-note muted">Loading messages…</div>}
      {messages.map((m, i) => {
        const prev = messages[i - 1];
        const newDay = !prev || dayLabel(prev.createdAt) !== dayLabel(m.createdAt);
        const firstNew = newFrom !== null && m.seq > newFrom && (!prev || prev.seq <= newFrom) && m.sender.name !== me;
        return (
          <Fragment key={m.id}>
            {newDay && (
              <div className="day-divider" role="separator">
                <span>{dayLabel(m.createdAt)}</span>
              </div>
            )}
            {firstNew && (
              <div className="new-divider" role="separator">
                <span>New</span>
              </div>
            )}
            <MessageItem message={m} continued={!newDay && continues(prev, m)} />
          </Fragment>
        );
      })}
      {timeline.pending.map((p) => (
        <PendingItem key={p.clientId} room={room} pending={p} />
      ))}
      {timeline.refused.map((r) => (
        <RefusedItem key={r.clientId} room={room} refused={r} />
      ))}
    </div>
  );
}
