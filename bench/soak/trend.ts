/**
 * Is a soak series flat? Pure: samples (seconds since the start, value) in, a verdict out.
 *
 * The first `warmupFraction` of the run is left out (the JIT, the heap and the lease table
 * settle there). Over the rest: the least-squares slope (value per second) and the change it
 * fits over that span (slope x span), and the medians of the first and the last third. A
 * series is flat when both the fitted change and the difference of the thirds' medians are
 * within the tolerance, max(rel x |median of the series|, abs); otherwise it is rising or
 * falling by the sign of the fitted change. Two measures, so that neither one spike at an
 * end (which moves the slope little and a third's median not at all) nor a slow drift
 * hidden in noise (which the slope sees) decides alone.
 */
import { slope as leastSquaresSlope } from '../fuzz/server-process.js';

/** Least-squares slope of ys against xs (0 when the xs do not vary); the floods' own. */
export { leastSquaresSlope };

export interface Tolerance {
  /** Allowed change over the run, as a fraction of the series' median. */
  rel: number;
  /** Allowed change over the run in the series' own unit, whatever its median. */
  abs: number;
}

export interface Flatness {
  samples: number;
  /** Medians of the first, middle and last third (after the warm-up). */
  start: number;
  middle: number;
  end: number;
  median: number;
  /** Least squares, unit per second. */
  slopePerSecond: number;
  /** slopePerSecond x the span of the samples used. */
  fittedChange: number;
  /** end - start. */
  thirdsChange: number;
  allowed: number;
  verdict: 'flat' | 'rising' | 'falling' | 'too few samples';
}

export function median(xs: readonly number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Samples with a non-finite value are left out; at least 6 are needed after the warm-up. */
export function flatness(t: readonly number[], y: readonly number[], tol: Tolerance, warmupFraction = 0.1): Flatness {
  if (t.length !== y.length) throw new RangeError('flatness: t and y differ in length');
  const t0 = t[0] ?? 0;
  const from = t0 + warmupFraction * ((t.at(-1) ?? t0) - t0);
  const xs: number[] = [];
  const ys: number[] = [];
  t.forEach((ti, i) => {
    if (ti >= from && Number.isFinite(y[i]!)) {
      xs.push(ti);
      ys.push(y[i]!);
    }
  });
  const n = ys.length;
  const third = Math.floor(n / 3);
  const start = median(ys.slice(0, third));
  const middle = median(ys.slice(third, n - third));
  const end = median(ys.slice(n - third));
  const med = median(ys);
  const slopePerSecond = leastSquaresSlope(xs, ys);
  const fittedChange = n < 2 ? 0 : slopePerSecond * (xs[n - 1]! - xs[0]!);
  const thirdsChange = end - start;
  const allowed = Math.max(tol.rel * Math.abs(med), tol.abs);
  const base = { samples: n, start, middle, end, median: med, slopePerSecond, fittedChange, thirdsChange, allowed };
  if (n < 6) return { ...base, verdict: 'too few samples' };
  const flat = Math.abs(fittedChange) <= allowed && Math.abs(thirdsChange) <= allowed;
  return { ...base, verdict: flat ? 'flat' : fittedChange + thirdsChange > 0 ? 'rising' : 'falling' };
}
