/**
 * A latency histogram with fixed upper bounds, as the Prometheus data model counts one:
 * cumulative buckets `le` (the last one +Inf), a sum and a count. Bounded memory whatever
 * the number of observations. State, not pure: `observe()` changes it, `snapshot()` copies.
 */
export interface HistogramSnapshot {
  /** Upper bounds in seconds, increasing; the implicit last bucket is +Inf. */
  bounds: readonly number[];
  /** Observations <= bounds[i] (cumulative), then the total as the +Inf bucket. */
  cumulative: number[];
  sum: number;
  count: number;
}

/** Bounds for disk sync latencies: 50 us to 10 s. */
export const SYNC_SECONDS_BOUNDS: readonly number[] = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(readonly bounds: readonly number[] = SYNC_SECONDS_BOUNDS) {
    for (let i = 1; i < bounds.length; i++) if (!(bounds[i]! > bounds[i - 1]!)) throw new RangeError('histogram bounds must increase');
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(seconds: number): void {
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }

  snapshot(): HistogramSnapshot {
    const cumulative: number[] = [];
    let run = 0;
    for (const c of this.counts) cumulative.push((run += c));
    return { bounds: this.bounds, cumulative, sum: this.sum, count: this.count };
  }
}
