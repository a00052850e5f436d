import { describe, expect, it } from 'vitest';
import { flatness, leastSquaresSlope, median } from '../../bench/soak/trend.js';
import { seededRandom as rng } from '../../src/util/clock.js';

/** 180 samples, one every 10 s (a 30-minute soak). */
const T = Array.from({ length: 180 }, (_, i) => i * 10);
const RSS = { rel: 0.1, abs: 8 };

describe('leastSquaresSlope and median', () => {
  it('fits the slope of a line exactly, 0 when x does not vary', () => {
    expect(leastSquaresSlope([0, 1, 2, 3], [5, 7, 9, 11])).toBeCloseTo(2, 12);
    expect(leastSquaresSlope([1, 1, 1], [1, 2, 3])).toBe(0);
  });
  it('takes the middle value, or the mean of the two middle ones, ignoring non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2, NaN])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('flatness', () => {
  it('calls a constant series flat, with zero slope and equal thirds', () => {
    const f = flatness(T, T.map(() => 100), RSS);
    expect(f).toMatchObject({ verdict: 'flat', start: 100, middle: 100, end: 100, slopePerSecond: 0, fittedChange: 0 });
    expect(f.samples).toBe(162); // 10% warm-up left out
  });

  it('calls a noisy series without trend flat (uniform noise of +-10% around 100)', () => {
    const r = rng(1);
    expect(flatness(T, T.map(() => 100 + 20 * (r() - 0.5)), RSS).verdict).toBe('flat');
  });

  it('calls a series rising 30% over the run rising, its fitted change near the truth', () => {
    const r = rng(2);
    const f = flatness(T, T.map((t) => 100 + (30 * t) / 1790 + 4 * (r() - 0.5)), RSS);
    expect(f.verdict).toBe('rising');
    expect(f.fittedChange).toBeGreaterThan(24);
    expect(f.fittedChange).toBeLessThan(30);
    expect(f.slopePerSecond * 3600).toBeCloseTo(60, -1);
  });

  it('calls a falling series falling', () => {
    expect(flatness(T, T.map((t) => 200 - t / 20), RSS).verdict).toBe('falling');
  });

  it('leaves the warm-up out: a climb in the first 10% followed by a plateau is flat', () => {
    expect(flatness(T, T.map((t) => (t < 150 ? 40 + t / 3 : 90)), RSS).verdict).toBe('flat');
    expect(flatness(T, T.map((t) => (t < 150 ? 40 + t / 3 : 90)), RSS, 0).verdict).toBe('rising');
  });

  it('is not tipped by one large spike at the end (the thirds\' medians do not move, the slope little)', () => {
    const ys = T.map(() => 100);
    ys[179] = 180;
    expect(flatness(T, ys, RSS).verdict).toBe('flat');
  });

  it('uses the absolute floor for series near zero (a drop rate of 0 with a blip of 0.5 points is flat)', () => {
    const ys = T.map((_, i) => (i % 50 === 0 ? 0.5 : 0));
    expect(flatness(T, ys, { rel: 0.5, abs: 1 }).verdict).toBe('flat');
    expect(flatness(T, T.map((t) => t / 300), { rel: 0.5, abs: 1 }).verdict).toBe('rising');
  });

  it('leaves non-finite samples out and says when too few remain', () => {
    const ys = T.map((_, i) => (i % 2 ? NaN : 100));
    expect(flatness(T, ys, RSS).samples).toBe(81);
    expect(flatness([0, 1, 2, 3], [1, 2, 3, 4], RSS).verdict).toBe('too few samples');
    expect(() => flatness([0, 1], [1], RSS)).toThrow(RangeError);
  });
});
