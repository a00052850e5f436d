/** The clock is injected everywhere time matters (lease expiry, TCP idle timeouts, journal stamps). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Runs `fn` once `ms` milliseconds of this clock have passed; returns a cancel function.
   * Optional: a clock without it is read only, and `timerOf()` falls back to real timers.
   */
  setTimer?(ms: number, fn: () => unknown): () => void;
}

/**
 * Epoch milliseconds that move with a monotonic clock: the wall clock is read once, when the
 * clock is made, and time then advances by the monotonic clock (performance.now(), which
 * the system's clock changes do not move). A wall clock set back or forward by hours while
 * labnet runs neither expires every lease at once nor keeps expired ones alive: lease times,
 * timers and TTL arithmetic all follow elapsed time. A restart reads the wall clock again.
 */
export function monotonicClock(sources: { wall: () => number; mono: () => number } = { wall: Date.now, mono: () => performance.now() }): Clock {
  const wall0 = sources.wall();
  const mono0 = sources.mono();
  return { now: () => wall0 + Math.floor(sources.mono() - mono0), setTimer: realTimer };
}

/** Real time (monotonicClock); its timers are unref'd (they never keep the process alive; owners cancel them on close). */
export const systemClock: Clock = monotonicClock();

function realTimer(ms: number, fn: () => unknown): () => void {
  const t = setTimeout(fn, Math.max(0, ms));
  t.unref();
  return () => clearTimeout(t);
}

/** The clock's own timers, else real ones. */
export function timerOf(clock: Clock): (ms: number, fn: () => unknown) => () => void {
  return clock.setTimer ? clock.setTimer.bind(clock) : realTimer;
}

export interface VirtualClock extends Clock {
  /**
   * Move time forward: a number of milliseconds or a duration such as '90s', '2h', '1d'.
   * Timers fall due in order, each with the clock set to its own time.
   */
  advance(by: number | string): void;
  /**
   * As advance(), waiting after each timer for the work it started (the promise it returned)
   * before the next one falls due: a lease renewal over UDP, a delayed reply.
   */
  advanceAsync(by: number | string): Promise<void>;
  set(ms: number): void;
  setTimer(ms: number, fn: () => unknown): () => void;
  /** Timers not yet due. */
  pendingTimers(): number;
}

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!m) throw new Error(`bad duration '${text}'`);
  const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 }[m[2] ?? 'ms']!;
  return Number(m[1]) * unit;
}

/** Milliseconds from a number of milliseconds or a duration text. */
export function durationMs(by: number | string): number {
  return typeof by === 'number' ? by : parseDuration(by);
}

interface VirtualTimer {
  at: number;
  seq: number;
  fn: () => unknown;
}

export function virtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let t = start;
  let seq = 0;
  // Few timers at a time in a lab (leases, delayed replies): a sorted array is enough.
  let timers: VirtualTimer[] = [];
  const nextDue = (until: number): VirtualTimer | undefined => {
    const first = timers[0];
    if (first === undefined || first.at > until) return undefined;
    timers.shift();
    t = Math.max(t, first.at);
    return first;
  };
  return {
    now: () => t,
    advance(by) {
      const until = t + durationMs(by);
      for (let x = nextDue(until); x; x = nextDue(until)) void x.fn();
      t = until;
    },
    async advanceAsync(by) {
      const until = t + durationMs(by);
      for (let x = nextDue(until); x; x = nextDue(until)) await x.fn();
      t = until;
    },
    set(ms) {
      t = ms;
    },
    setTimer(ms, fn) {
      const timer = { at: t + Math.max(0, ms), seq: seq++, fn };
      timers.push(timer);
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      return () => {
        timers = timers.filter((x) => x !== timer);
      };
    },
    pendingTimers: () => timers.length,
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
