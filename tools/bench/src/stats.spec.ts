import { distribution } from './stats';

describe('distribution', () => {
  it('gives nearest-rank percentiles, each a measured value', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(distribution(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('handles one sample and none', () => {
    expect(distribution([7])).toEqual({ count: 1, p50: 7, p95: 7, p99: 7, max: 7 });
    expect(distribution([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('sorts numerically, not as strings', () => {
    expect(distribution([9, 10, 100, 2]).max).toBe(100);
    expect(distribution([9, 10, 100, 2]).p50).toBe(9);
  });
});
