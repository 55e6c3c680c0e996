/** The samples of a Prometheus text exposition, by `name{labels}` as written (labels in the order given). */
export function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

/** The value of one sample, 0 when the series is not there yet (a counter never incremented). */
export const sample = (samples: Map<string, number>, key: string): number => samples.get(key) ?? 0;
