import { describeDrift, findDrift } from './drift';

describe('findDrift', () => {
  it('reports nothing when committed files equal the fresh output', () => {
    const files = new Map([['a.ts', 'x\n']]);
    expect(findDrift(files, new Map(files))).toEqual([]);
  });

  it('reports missing, stale and changed files, with the first differing line', () => {
    const expected = new Map([
      ['gen/a.ts', 'one\ntwo\nthree\n'],
      ['gen/b.ts', 'b\n'],
    ]);
    const committed = new Map([
      ['gen/a.ts', 'one\nTWO\nthree\n'],
      ['gen/old.ts', 'old\n'],
    ]);
    expect(findDrift(expected, committed)).toEqual([
      { path: 'gen/a.ts', problem: 'changed', detail: 'line 2: committed "TWO", expected "two"' },
      { path: 'gen/b.ts', problem: 'missing' },
      { path: 'gen/old.ts', problem: 'stale' },
    ]);
  });

  it('notices a missing trailing line', () => {
    expect(findDrift(new Map([['a', 'x\ny\n']]), new Map([['a', 'x\n']]))[0]?.detail).toBe(
      'line 2: committed "", expected "y"',
    );
  });

  it('shows an excerpt around the first difference of a very long line', () => {
    const line = (mark: string): string => `${'a'.repeat(500)}${mark}${'b'.repeat(500)}`;
    const detail = findDrift(new Map([['a.html', line('X')]]), new Map([['a.html', line('Y')]]))[0]?.detail ?? '';
    expect(detail).toMatch(/^line 1, column 501: committed …"a{40}Yb{119}"…, expected …"a{40}Xb{119}"…$/);
  });

  it('tells what to do about each problem', () => {
    const text = describeDrift([
      { path: 'a', problem: 'changed', detail: 'line 1: ...' },
      { path: 'b', problem: 'missing' },
    ]);
    expect(text).toContain('a: differs from its schema or the catalogue');
    expect(text).toContain('b: missing (run npm run codegen)');
  });
});
