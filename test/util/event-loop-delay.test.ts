import { describe, expect, it } from 'vitest';
import { EventLoopDelay, startEventLoopDelay, type DelayHistogram } from '../../src/util/event-loop-delay.js';

/** A histogram of given nanosecond samples, as perf_hooks' (nearest-rank percentiles). */
function fakeHistogram(samples: number[]): DelayHistogram & { resets: number } {
  let xs = [...samples];
  return {
    resets: 0,
    percentile(p: number) {
      const s = [...xs].sort((a, b) => a - b);
      return s.length === 0 ? 9.2e18 : s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
    },
    get max() {
      return xs.length === 0 ? 0 : Math.max(...xs);
    },
    get count() {
      return xs.length;
    },
    reset() {
      xs = [];
      this.resets++;
    },
  };
}

describe('EventLoopDelay', () => {
  it('reads p50, p99 and max in seconds from the nanosecond histogram, less the timer\'s resolution, then resets it', () => {
    const samples = Array.from({ length: 100 }, (_, i) => (10 + i + 1) * 1e6); // 11..110 ms between firings of a 10 ms timer
    const h = fakeHistogram(samples);
    const d = new EventLoopDelay(h, 10);
    const r = d.read();
    expect(r.samples).toBe(100);
    expect(r.p50).toBeCloseTo(0.05, 9);
    expect(r.p99).toBeCloseTo(0.099, 9);
    expect(r.max).toBeCloseTo(0.1, 9);
    expect(h.resets).toBe(1);
  });

  it('reads zeros, not the empty histogram\'s sentinel, when no sample was taken since the last read', () => {
    const d = new EventLoopDelay(fakeHistogram([]), 10);
    expect(d.read()).toEqual({ p50: 0, p99: 0, max: 0, samples: 0 });
  });

  it('reads 0, never a negative delay, for a timer that fired a little early', () => {
    expect(new EventLoopDelay(fakeHistogram([9.5e6, 9.8e6]), 10).read()).toEqual({ p50: 0, p99: 0, max: 0, samples: 2 });
  });

  it('sees a loop blocked for 150 ms in the real monitor, and only in the interval it happened', async () => {
    const m = startEventLoopDelay(5);
    try {
      await new Promise((r) => setTimeout(r, 30));
      const until = performance.now() + 150;
      while (performance.now() < until);
      await new Promise((r) => setTimeout(r, 30));
      const blocked = m.delay.read();
      expect(blocked.samples).toBeGreaterThan(0);
      expect(blocked.max).toBeGreaterThanOrEqual(0.14);
      expect(blocked.p50).toBeLessThan(0.14);
      expect(blocked.p50).toBeLessThanOrEqual(blocked.max);
      await new Promise((r) => setTimeout(r, 40));
      const next = m.delay.read();
      expect(next.samples).toBeGreaterThan(0);
      expect(next.max).toBeLessThan(blocked.max);
    } finally {
      m.stop();
    }
  });
});
