/**
 * The event loop's delay, as the control endpoint's metrics report it: Node's
 * perf_hooks.monitorEventLoopDelay records, in nanoseconds, the time between the firings of a
 * timer armed every `resolutionMs` (an idle loop records about the resolution itself), so
 * the delay is that time less the resolution, at least 0. Each read gives the 50th and 99th
 * percentiles and the maximum since the previous read, in seconds, and starts a new
 * interval (reset). The histogram is injected so the reading can be tested without a loop
 * to delay.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The part of perf_hooks' IntervalHistogram read here. */
export interface DelayHistogram {
  percentile(p: number): number;
  readonly max: number;
  readonly count: number;
  reset(): void;
}

export interface LoopDelayReading {
  p50: number;
  p99: number;
  max: number;
  /** Delay samples taken in the interval (0: no sample yet; then the figures are 0). */
  samples: number;
}

export class EventLoopDelay {
  constructor(
    private readonly histogram: DelayHistogram,
    private readonly resolutionMs: number,
  ) {}

  /** Percentiles and maximum (seconds) since the last read; then starts the next interval. */
  read(): LoopDelayReading {
    const h = this.histogram;
    const samples = h.count;
    const s = (ns: number) => (samples > 0 && Number.isFinite(ns) ? Math.max(0, ns / 1e9 - this.resolutionMs / 1000) : 0);
    const out = { p50: s(h.percentile(50)), p99: s(h.percentile(99)), max: s(h.max), samples };
    h.reset();
    return out;
  }
}

/** A monitor of this process's loop, sampling every `resolutionMs` (Node's default 10 ms). */
export function startEventLoopDelay(resolutionMs = 10): { delay: EventLoopDelay; stop(): void } {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  return { delay: new EventLoopDelay(h, resolutionMs), stop: () => h.disable() };
}
