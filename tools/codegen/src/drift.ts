/** How a committed generated file differs from what codegen produces now. */
export interface Drift {
  readonly path: string;
  readonly problem: 'missing' | 'stale' | 'changed';
  /** For `changed`: the first differing line, committed then expected. */
  readonly detail?: string;
}

/** Compares expected outputs with committed files; both maps are keyed by repository-relative path. */
export function findDrift(expected: ReadonlyMap<string, string>, committed: ReadonlyMap<string, string>): Drift[] {
  const drift: Drift[] = [];
  for (const [path, text] of expected) {
    const actual = committed.get(path);
    if (actual === undefined) drift.push({ path, problem: 'missing' });
    else if (actual !== text) drift.push({ path, problem: 'changed', detail: firstDifference(actual, text) });
  }
  for (const path of committed.keys()) {
    if (!expected.has(path)) drift.push({ path, problem: 'stale' });
  }
  return drift.sort((a, b) => a.path.localeCompare(b.path));
}

/** Longest excerpt of a differing line: generated HTML holds lines of hundreds of kilobytes. */
const MAX_EXCERPT = 160;

function excerpt(line: string | undefined, column: number): string {
  if (line === undefined) return '<end of file>';
  if (line.length <= MAX_EXCERPT) return JSON.stringify(line);
  const start = Math.max(0, column - 40);
  const end = start + MAX_EXCERPT;
  return `${start > 0 ? '…' : ''}${JSON.stringify(line.slice(start, end))}${end < line.length ? '…' : ''}`;
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    const [left, right] = [a[i], e[i]];
    if (left !== right) {
      let column = 0;
      while (left !== undefined && right !== undefined && left[column] === right[column]) column++;
      const long = Math.max(left?.length ?? 0, right?.length ?? 0) > MAX_EXCERPT;
      const where = long ? `, column ${column + 1}` : '';
      return `line ${i + 1}${where}: committed ${excerpt(left, column)}, expected ${excerpt(right, column)}`;
    }
  }
  return 'line endings differ';
}

export function describeDrift(drift: readonly Drift[]): string {
  const reason: Record<Drift['problem'], string> = {
    missing: 'missing (run npm run codegen)',
    stale: 'stale: no schema generates it any more (run npm run codegen to delete it)',
    changed: 'differs from its schema or the catalogue (edited by hand, or codegen not run)',
  };
  return drift.map((d) => `  ${d.path}: ${reason[d.problem]}${d.detail ? `\n      ${d.detail}` : ''}`).join('\n');
}
