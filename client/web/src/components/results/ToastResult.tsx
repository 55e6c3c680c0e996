import type { CommandResult } from '../../../../../protocol/index.js';
import { Markdown } from '../Markdown';

const ICONS = { success: '✓', info: 'i', error: '!' } as const;

/** A one-line outcome: what happened, with its links live (the icon says success, so the text's ✅ goes). */
export function ToastResult({ result }: { result: CommandResult }) {
  return (
    <div className={`toast toast-${result.type}`}>
      <span className="toast-icon" aria-hidden="true">
        {ICONS[result.type]}
      </span>
      <Markdown text={result.text.replace(/^✅\s*/u, '')} />
    </div>
  );
}
