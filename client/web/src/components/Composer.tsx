import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Limits } from '../../../../protocol/index.js';
import { useHub, useSession, useUi, useUiState } from '../app/contexts';
import { complete, type CompletionSources } from '../logic/autocomplete.js';
import { commandOfLine } from '../logic/catalog.js';
import { roomTitle } from '../logic/format.js';

/**
 * Where people type. `/` opens the commands this person may run; arguments complete to task and
 * sprint codes, option values and @names; the usage line of the command being typed stays in view.
 * Enter sends (or takes the highlighted suggestion), Shift+Enter starts a new line.
 */
export function Composer({ room }: { room: string }) {
  const session = useSession();
  const ui = useUi();
  const draft = useUiState((s) => s.draft);
  const commands = useHub((s) => s.commands);
  const directory = useHub((s) => s.directory);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const nextCaret = useRef<number | null>(null);
  const listId = useId();

  const sources: CompletionSources = useMemo(
    () => ({ commands, sprints: directory.sprints, tasks: directory.tasks, names: directory.principals }),
    [commands, directory],
  );
  const completion = dismissed === text ? null : complete(text, caret, sources);
  const command = commandOfLine(commands, text);
  const open = Boolean(completion);

  useEffect(() => setActive(0), [completion?.from, completion?.items.length, completion?.title]);

  useEffect(() => {
    if (draft?.room !== room) return;
    setText(draft.text);
    nextCaret.current = draft.text.length;
    ui.set((s) => ({ ...s, draft: null }));
    input.current?.focus();
  }, [draft, room, ui]);

  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 220)}px`;
    if (nextCaret.current !== null) {
      el.setSelectionRange(nextCaret.current, nextCaret.current);
      setCaret(nextCaret.current);
      nextCaret.current = null;
    }
  }, [text]);

  const accept = (index: number) => {
    if (!completion) return;
    const item = completion.items[index];
    if (!item) return;
    const next = text.slice(0, completion.from) + item.insert + text.slice(completion.to);
    nextCaret.current = completion.from + item.insert.length;
    setText(next);
    input.current?.focus();
  };

  const send = () => {
    const line = text.trim();
    if (!line) return;
    setText('');
    setDismissed(null);
    void session.send(room, line);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && completion) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = completion.items.length;
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        accept(active);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(text);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send();
  };

  const tooLong = new TextEncoder().encode(text).length > Limits.messageBytes;
  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <form className="composer" onSubmit={onSubmit}>
      {completion && (
        <div className="suggestions">
          <div className="suggestions-title" id={`${listId}-title`}>
            {completion.title}
          </div>
          <ul id={listId} role="listbox" aria-labelledby={`${listId}-title`}>
            {completion.items.map((item, i) => (
              <li
                key={`${item.label}-${i}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(i);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="suggestion-label">{item.label}</span>
                <span className="suggestion-detail">{item.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="composer-box">
        <label htmlFor={`${listId}-input`} className="visually-hidden">
          Message {roomTitle(room)}
        </label>
        <textarea
          id={`${listId}-input`}
          ref={input}
          rows={1}
          value={text}
          placeholder={`Message ${roomTitle(room)} — / for commands`}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(active) : undefined}
          aria-describedby={command ? `${listId}-usage` : undefined}
          aria-invalid={tooLong}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          spellCheck={!text.startsWith('/')}
          autoComplete="off"
        />
        <button type="submit" className="button primary send-button" disabled={!text.trim() || tooLong} aria-label="Send">
          ↵
        </button>
      </div>
      <div className="composer-hint" id={`${listId}-usage`}>
        {tooLong ? (
          <span className="error">Too long for one message ({Limits.messageBytes / 1024} KiB at most); put it in an artifact.</span>
        ) : command ? (
          <>
            <code>{command.usage}</code> <span className="muted">{command.summary}</span>
          </>
        ) : (
          <span className="muted">
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>/</kbd> commands · <kbd>@</kbd> mention
          </span>
        )}
      </div>
    </form>
  );
}
