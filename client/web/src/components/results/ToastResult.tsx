import type { CommandResult } from '../../../../../protocol/index.js';
import { movedForward } from '../../logic/moved-forward.js';
import { Markdown } from '../Markdown';

const ICONS = { success: '✓', info: 'i', error: '!' } as const;

/**
 * A one-line outcome: what happened, with its links live (the icon says success, so the text's ✅
 * goes), and what it moved forward (a sprint's progress when a task completed).
 */
export function ToastResult({ result }: { result: CommandResult }) {
  const moved = result.type === 'success' ? movedForward(result.data) : null;
  return (
    <div className={`toast toast-${result.type}`}>
      <span className="toast-icon" aria-hidden="true">
        {ICONS[result.type]}
      </span>
      <div className="toast-text">
        <Markdown text={result.text.replace(/^✅\s*/u, '')} />
        {moved && <p className={`toast-moved ${moved.done ? 'done' : ''}`}>{moved.text}</p>}
      </div>
    </div>
  );
}
