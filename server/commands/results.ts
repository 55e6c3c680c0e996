import type { CommandResult, ResultComponent, TableData } from '../../protocol/index.js';

/** "2026-11-25 04:50": how every table and text shows a time (UTC, to the minute). */
export const success = <D>(component: ResultComponent, data: D, text: string): CommandResult<D> => ({ type: 'success', component, data, text });
export const info = <D>(component: ResultComponent, data: D, text: string): CommandResult<D> => ({ type: 'info', component, data, text });

/** Fixed-width text for terminals and bots: header, rule, rows; long cells are cut. */
export function renderTable(data: TableData, maxCell = 48): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '-' : String(v).replace(/\s+/g, ' ');
    return s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s;
  };
  const grid = [data.columns.map((c) => c.label), ...data.rows.map((r) => data.columns.map((c) => cell(r[c.key])))];
  const widths = data.columns.map((_, i) => Math.max(...grid.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(grid[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...grid.slice(1).map(line)].join('\n');
}

export function table<R extends Record<string, unknown>>(columns: [keyof R & string, string][], rows: R[], title: string, empty: string): CommandResult<TableData<R> & { title: string }> {
  const data = { title, columns: columns.map(([key, label]) => ({ key, label })), rows };
  return info('Table', data, rows.length ? `${title}\n${renderTable(data)}` : empty);
}
