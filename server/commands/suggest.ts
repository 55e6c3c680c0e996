/** Edit distance, for "did you mean". Small inputs only (command names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known names closest to `typed`: near misses first, then names it is a prefix of. */
export function suggest(typed: string, names: readonly string[], max = 3): string[] {
  const scored = names
    .map((name) => {
      const d = editDistance(typed, name);
      const near = d <= Math.max(2, Math.floor(name.length / 4));
      const prefix = name.startsWith(typed) || typed.startsWith(name);
      return { name, score: near ? d : prefix ? 10 + Math.abs(name.length - typed.length) : Infinity };
    })
    .filter((s) => s.score < Infinity)
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
