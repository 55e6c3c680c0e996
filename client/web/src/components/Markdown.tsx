import { useMemo, type MouseEvent } from 'react';
import { useUi } from '../app/contexts';
import { ownerOfUri } from '../logic/artifact-refs.js';
import { renderMarkdown } from '../markdown/render';

/** Sanitised markdown; `sb://` artifact links open the artifacts modal on that file. */
export function Markdown({ text, className = '' }: { text: string; className?: string }) {
  const ui = useUi();
  const html = useMemo(() => renderMarkdown(text), [text]);
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const link = (e.target as HTMLElement).closest('a[data-artifact]');
    if (!link) return;
    e.preventDefault();
    const uri = link.getAttribute('data-artifact')!;
    ui.set((s) => ({ ...s, artifacts: { owner: ownerOfUri(uri) ?? { kind: 'project', code: null }, uri } }));
  };
  return <div className={`markdown ${className}`} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
