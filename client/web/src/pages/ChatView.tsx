import { parseRoom, type ArtifactOwner } from '../../../../protocol/index.js';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useHub, useSession, useUi } from '../app/contexts';
import { Composer } from '../components/Composer';
import { ContextPane } from '../components/ContextPane';
import { MessageList } from '../components/MessageList';
import { RunPanes } from '../components/RunPanes';
import { StatusBadge } from '../components/StatusBadge';
import { UploadList, useUploads } from '../components/Uploads';
import { roomTitle } from '../logic/format.js';

function ownerOfRoom(room: string): ArtifactOwner {
  const parsed = parseRoom(room);
  if (parsed?.kind === 'task' || parsed?.kind === 'sprint') return { kind: parsed.kind, code: parsed.id! };
  return { kind: 'project', code: null };
}

/** One room: its header with actions, the timeline, the composer, and the context beside them. */
export function ChatView({ room, contextOpen, onToggleContext }: { room: string; contextOpen: boolean; onToggleContext: () => void }) {
  const ui = useUi();
  const parsed = parseRoom(room)!;
  const task = useHub((s) => (parsed.kind === 'task' ? s.directory.tasks.find((t) => t.code === parsed.id) : undefined));
  const sprint = useHub((s) => (parsed.kind === 'sprint' ? s.directory.sprints.find((x) => x.code === parsed.id) : undefined));
  const subtitle = task?.title ?? sprint?.title ?? (parsed.kind === 'lobby' ? 'Everyone, every command' : parsed.kind === 'agent' ? 'Your inbox: only you (and admins) see it' : '');
  const status = task?.status ?? sprint?.status;
  const sprintCode = sprint?.code ?? task?.sprint;
  const openMenu = () => ui.set((s) => ({ ...s, navOpen: true }));
  const session = useSession();
  const myInbox = room === session.inbox;
  useEffect(() => {
    if (myInbox) void session.loadInbox().catch(() => undefined);
  }, [myInbox, session]);
  const owner = ownerOfRoom(room);
  const where = owner.kind === 'project' ? 'the project' : `${owner.kind} ${owner.code}`;
  const { uploads, upload, clearFinished } = useUploads();
  // Enter and leave fire for every child the pointer crosses: count them, so the hint does not flicker.
  const depth = useRef(0);
  const [dragging, setDragging] = useState(false);
  const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');
  const onDragEnter = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth.current = 0;
    setDragging(false);
    if (e.dataTransfer.files.length) upload(owner, e.dataTransfer.files);
  };
  return (
    <div className={`chat-layout ${contextOpen ? 'with-context' : ''}`}>
      <section
        className="chat"
        aria-label={`Room ${roomTitle(room)}`}
        onDragEnter={onDragEnter}
        onDragOver={(e) => carriesFiles(e) && e.preventDefault()}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        {dragging && <div className="chat-drop-hint">Drop to attach to {where}</div>}
        <header className="chat-header">
          <button type="button" className="icon-button menu-button" onClick={openMenu} aria-label="Open the room list">
            ☰
          </button>
          <div className="chat-title">
            <h1>
              <span className="chat-title-prefix" aria-hidden="true">
                {parsed.kind === 'agent' ? '✉' : '#'}
              </span>
              {roomTitle(room)}
              {status && <StatusBadge status={status} />}
            </h1>
            {subtitle && <p className="chat-subtitle">{subtitle}</p>}
          </div>
          <div className="chat-actions">
            {sprintCode && (
              <button type="button" className="button ghost" onClick={() => ui.set((s) => ({ ...s, sprint: sprintCode }))}>
                Board
              </button>
            )}
            <button type="button" className="button ghost" onClick={() => ui.set((s) => ({ ...s, artifacts: { owner: ownerOfRoom(room), uri: null } }))}>
              Artifacts
            </button>
            <button type="button" className="button ghost details-toggle" aria-pressed={contextOpen} onClick={onToggleContext}>
              Details
            </button>
          </div>
        </header>
        {parsed.kind === 'task' && <RunPanes task={parsed.id!} room={room} />}
        <MessageList room={room} />
        {uploads.length > 0 && (
          <div className="chat-uploads">
            <UploadList uploads={uploads} label={`Files for ${where}`} />
            {uploads.every((u) => u.state !== 'uploading') && (
              <button type="button" className="link-button small" onClick={clearFinished}>
                Clear
              </button>
            )}
          </div>
        )}
        <Composer room={room} />
      </section>
      {contextOpen && <ContextPane room={room} onClose={onToggleContext} />}
    </div>
  );
}
