import { parseRoom, taskRoom } from '../../../../../protocol/index.js';
import { navigate } from '../../app/routing';
import { Markdown } from '../Markdown';
import { StatusBadge } from '../StatusBadge';
import type { TableShape } from '../../logic/result-shapes.js';

function Cell({ column, value }: { column: string; value: unknown }) {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  const text = String(value);
  if (column === 'status') return <StatusBadge status={text} />;
  if (column === 'code' && parseRoom(taskRoom(text))) {
    return (
      <a href={`/r/task:${text}`} onClick={(e) => (e.preventDefault(), navigate({ page: 'chat', room: taskRoom(text) }))} className="code-link">
        {text}
      </a>
    );
  }
  if (text.startsWith('sb://')) return <Markdown text={text} className="inline" />;
  return <>{text}</>;
}

/** A command's table: a caption and rows, scrolling sideways on narrow screens. */
export function TableResult({ data }: { data: TableShape }) {
  return (
    <div className="result-table">
      {data.title && <div className="result-title">{data.title}</div>}
      {data.rows.length ? (
        // Focusable, so a table wider than the chat scrolls sideways by keyboard too.
        <div className="table-scroll" role="group" aria-label={data.title || 'Table'} tabIndex={0}>
          <table>
            <thead>
              <tr>
                {data.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row, i) => (
                <tr key={i}>
                  {data.columns.map((c) => (
                    <td key={c.key}>
                      <Cell column={c.key} value={row[c.key]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Nothing to show.</p>
      )}
    </div>
  );
}
