import { isMarkdown } from '../../logic/artifact-refs.js';
import { Markdown } from '../Markdown';
import type { TextShape } from '../../logic/result-shapes.js';

/** A block of text (an artifact preview): markdown drawn, anything else as it is. */
export function TextResult({ data }: { data: TextShape }) {
  return (
    <div className="card result-card">
      {data.title && <div className="result-title">{data.title}</div>}
      {isMarkdown(data.mediaType ?? '', data.title ?? '') ? <Markdown text={data.text} className="preview-markdown" /> : <pre className="preview-text">{data.text}</pre>}
      {data.truncated && <p className="muted">… the rest is in the file.</p>}
    </div>
  );
}
