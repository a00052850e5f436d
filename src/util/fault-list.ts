/**
 * The bookkeeping the test kit's DNS and DHCP faults share: faults in the order added, each
 * applying to a number of requests (`times`) or until cleared; the first that matches a
 * request and has requests left applies, and is counted.
 */

/** A fault as the test holds it. */
export interface FaultHandle<S> {
  readonly spec: Readonly<S>;
  /** Requests it applied to. */
  readonly hits: number;
  /** Requests it still applies to (Infinity without `times`). */
  readonly remaining: number;
  clear(): void;
}

export interface Counted<S> {
  spec: S;
  hits: number;
  remaining: number;
}

export class FaultList<S extends { times?: number }, F extends Counted<S>> {
  private faults: F[] = [];

  add(f: F): FaultHandle<S> {
    this.faults.push(f);
    return {
      spec: f.spec,
      get hits() {
        return f.hits;
      },
      get remaining() {
        return f.remaining;
      },
      clear: () => this.remove(f),
    };
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /** The first fault `matches` accepts, counted as applied; undefined for none. */
  take(matches: (f: F) => boolean): F | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && matches(x));
    if (!f) return undefined;
    f.hits++;
    if (--f.remaining === 0) this.remove(f);
    return f;
  }

  private remove(f: F): void {
    this.faults = this.faults.filter((x) => x !== f);
  }
}
