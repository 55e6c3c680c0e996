import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** A CSS custom property of the theme (`--accent`) or a colour. */
  color: string;
  kind: 'bar' | 'line';
}

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

interface Props {
  id: string;
  title: string;
  /** One sentence for screen readers: what the picture says. */
  summary: string;
  /** x values first, then one array per series. */
  data: uPlot.AlignedData;
  series: ChartSeries[];
  /** `time`: x is seconds since 1970 (days, weeks); otherwise the names of the x positions. */
  x: 'time' | { labels: string[] };
  /** The same figures as text, for screen readers (and for copying). */
  table: ChartTable;
  height?: number;
}

const themeColor = (color: string) => (color.startsWith('--') ? getComputedStyle(document.documentElement).getPropertyValue(color).trim() || '#5146d8' : color);

function options(p: Props, width: number): uPlot.Options {
  const labels = p.x === 'time' ? null : p.x.labels;
  const bars = uPlot.paths.bars!({ size: [0.6, 48] });
  // Bars at the first and last x would be cut in half: pad the time axis by half a step.
  const step = p.data[0].length > 1 ? (p.data[0][p.data[0].length - 1]! - p.data[0][0]!) / (p.data[0].length - 1) : 86_400;
  const pad = p.series.some((s) => s.kind === 'bar') ? step / 2 : 0;
  return {
    width,
    height: p.height ?? 220,
    scales: { x: labels ? { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } : { time: true, range: (_u, min, max) => [min - pad, max + pad] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      labels ? { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (labels[t] ?? '') : '')), stroke: themeColor('--muted') } : { stroke: themeColor('--muted') },
      // Counts are whole: no 0.25 ticks.
      { stroke: themeColor('--muted'), grid: { stroke: themeColor('--border') }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] },
    ],
    series: [
      {},
      ...p.series.map((s) => {
        const stroke = themeColor(s.color);
        return s.kind === 'bar' ? { label: s.label, stroke, fill: `${stroke}cc`, paths: bars, points: { show: false } } : { label: s.label, stroke, width: 2 };
      }),
    ],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  };
}

/**
 * A uPlot chart (small and fast: canvas, no framework) that follows its container's width, so it
 * fits a phone, drawn as an image with a one-sentence description, with its figures in a table
 * that screen readers read instead.
 */
export function Chart(p: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = JSON.stringify([p.series, p.x === 'time' ? 'time' : p.x.labels, p.height]);

  useEffect(() => {
    const el = box.current!;
    plot.current = new uPlot(options(p, Math.max(200, el.clientWidth)), p.data, el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height: p.height ?? 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series or axes change; new figures go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(p.data);
  }, [p.data]);

  return (
    <figure className="chart" data-chart={p.id}>
      <figcaption className="chart-title">{p.title}</figcaption>
      <div ref={box} className="chart-canvas" role="img" aria-label={p.summary} />
      {/* Wrapped: a table sizes to its content, so the hiding box is the div around it. */}
      <div className="visually-hidden">
        <table>
          <caption>{p.title}</caption>
          <thead>
            <tr>
              {p.table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (j === 0 ? <th key={j} scope="row">{v}</th> : <td key={j}>{v}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
