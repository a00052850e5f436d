/** The clock is injected everywhere time matters (lease expiry, TCP idle timeouts, journal stamps). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface VirtualClock extends Clock {
  /** Move time forward: a number of milliseconds or a duration such as '90s', '2h', '1d'. */
  advance(by: number | string): void;
  set(ms: number): void;
}

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!m) throw new Error(`bad duration '${text}'`);
  const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 }[m[2] ?? 'ms']!;
  return Number(m[1]) * unit;
}

export function virtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let t = start;
  return {
    now: () => t,
    advance(by) {
      t += typeof by === 'number' ? by : parseDuration(by);
    },
    set(ms) {
      t = ms;
    },
  };
}

/** Randomness is injected too: a function returning a float in [0, 1). */
export type Random = () => number;
export const systemRandom: Random = Math.random;

/** A small deterministic PRNG (mulberry32) for tests and simulations. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
