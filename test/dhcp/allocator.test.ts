import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { Allocator, type ClientIdentity, type PoolSpec } from '../../src/dhcp/allocator.js';
import type { PoolDecl } from '../../src/dhcp/types.js';
import { ip } from './helpers/wire.js';
import { ipToString } from '../../src/dhcp/ip.js';

function pool(ranges: Array<[string, string]>, network = '10.0.0.0', mask = '255.255.255.0'): PoolSpec {
  const decl: PoolDecl = {
    ranges: ranges.map(([a, b]) => ({ start: ip(a), end: ip(b) })),
    unknownClients: 'allow',
    knownClients: 'allow',
    params: { options: new Map(), ddns: new Map(), permits: new Map() },
  };
  return { decl, network: ip(network), mask: ip(mask) };
}

function client(n: number): ClientIdentity {
  const hex = n.toString(16).padStart(12, '0');
  const key = `hw:1:${hex}`;
  return { key, hwKey: key, hardwareEthernet: (hex.match(/../g) ?? []).join(':') };
}

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/** Allocate and bind an active lease; returns the address as text. */
function lease(a: Allocator, n: number, now = T0, ends = now + HOUR): string {
  const got = a.allocate(a.allPools, now);
  if (got === undefined) return 'none';
  a.bind(got, client(n), 'active', now, ends);
  return ipToString(got);
}

describe('RFC 2131 4.3.1: choosing a network address', () => {
  it('hands out never-used addresses in order, skipping reservations and the subnet broadcast', () => {
    const a = new Allocator([pool([['10.0.0.252', '10.0.0.255']])], [ip('10.0.0.253')]);
    expect([lease(a, 1), lease(a, 2), lease(a, 3)]).toEqual(['10.0.0.252', '10.0.0.254', 'none']);
  });

  it('reuses freed addresses oldest first, after the never-used ones', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.13']])], []);
    const got = [1, 2, 3, 4].map((n) => lease(a, n));
    expect(got).toEqual(['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13']);
    a.release(a.get(ip('10.0.0.12'))!, T0 + 10);
    a.release(a.get(ip('10.0.0.10'))!, T0 + 20);
    expect(lease(a, 5, T0 + 30)).toBe('10.0.0.12');
    expect(lease(a, 6, T0 + 30)).toBe('10.0.0.10');
    expect(lease(a, 7, T0 + 30)).toBe('none');
  });

  it('expired leases become free at their end time (lazy expiry), oldest expiry first', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.11']])], []);
    lease(a, 1, T0, T0 + 2 * HOUR);
    lease(a, 2, T0, T0 + HOUR);
    expect(lease(a, 3, T0 + HOUR - 1)).toBe('none');
    expect(lease(a, 3, T0 + 3 * HOUR)).toBe('10.0.0.11');
    expect(a.get(ip('10.0.0.10'))!.state).toBe('expired');
  });

  it('remembers the owner of a released or expired address ("returning to its address")', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.20']])], []);
    lease(a, 1);
    a.release(a.get(ip('10.0.0.10'))!, T0 + 1);
    const b = a.findClient(client(1))!;
    expect([ipToString(b.ip), b.state]).toEqual(['10.0.0.10', 'released']);
    expect(a.canUse(b.ip, client(1), a.allPools, T0 + 2)).toBe(true);
    expect(a.canUse(b.ip, client(2), a.allPools, T0 + 2)).toBe(true);
  });

  it('an address held by one client is not usable by another; a reserved one by nobody', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.20']])], [ip('10.0.0.15')]);
    lease(a, 1);
    expect(a.canUse(ip('10.0.0.10'), client(1), a.allPools, T0)).toBe(true);
    expect(a.canUse(ip('10.0.0.10'), client(2), a.allPools, T0)).toBe(false);
    expect(a.canUse(ip('10.0.0.15'), client(2), a.allPools, T0)).toBe(false);
    expect(a.canUse(ip('10.0.0.21'), client(2), a.allPools, T0)).toBe(false);
  });

  it('exhausted pool: no address and a warning callback, never a throw', () => {
    const onExhausted = vi.fn();
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.10']])], [], { onExhausted });
    lease(a, 1);
    expect(a.allocate(a.allPools, T0)).toBeUndefined();
    expect(onExhausted).toHaveBeenCalledTimes(1);
  });
});

describe('offers never requested (a DISCOVER flood from new MACs)', () => {
  it('100,000 clients offered addresses of a 4-address pool, each offer left to expire: the bindings and the client index stay at the pool size', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.13']])], []);
    const HOLD = 60_000; // engine.ts DEFAULT_OFFER_HOLD_MS
    let offered = 0;
    for (let n = 0; n < 100_000; n++) {
      const now = T0 + n * 20_000; // one DISCOVER every 20 s: three offers held at a time
      a.expire(now);
      const got = a.allocate(a.allPools, now);
      if (got === undefined) continue;
      a.bind(got, client(n), 'offered', now, now + HOLD);
      offered++;
    }
    expect(offered).toBe(100_000);
    expect(a.size).toBeLessThanOrEqual(4);
    expect(a.owners).toBeLessThanOrEqual(4);
    // The last owner of each address is still found (RFC 2131 4.3.1 "previous address").
    expect(a.findClient(client(99_999))?.ip).toBeDefined();
    expect(a.findClient(client(10))).toBeUndefined();
  });
});

describe('RFC 2131 4.3.3: declined addresses (dhcpd: abandoned)', () => {
  it('are set aside, reclaimed only when the pool is otherwise exhausted, oldest first', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.12']])], []);
    ['10.0.0.10', '10.0.0.11', '10.0.0.12'].forEach((_, i) => lease(a, i + 1));
    a.abandon(a.get(ip('10.0.0.11'))!, T0 + 1);
    a.abandon(a.get(ip('10.0.0.10'))!, T0 + 2);
    a.release(a.get(ip('10.0.0.12'))!, T0 + 3);
    expect(a.findClient(client(2))).toBeUndefined();
    expect(lease(a, 4, T0 + 4)).toBe('10.0.0.12');
    expect(lease(a, 5, T0 + 5)).toBe('10.0.0.11');
    expect(lease(a, 6, T0 + 6)).toBe('10.0.0.10');
  });

  it('become free after abandon-lease-time', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.11']])], [], { abandonMs: HOUR });
    lease(a, 1);
    a.abandon(a.get(ip('10.0.0.10'))!, T0);
    expect(a.canUse(ip('10.0.0.10'), client(2), a.allPools, T0 + 1)).toBe(false);
    a.expire(T0 + HOUR);
    expect(a.get(ip('10.0.0.10'))!.state).toBe('free');
    expect(a.canUse(ip('10.0.0.10'), client(2), a.allPools, T0 + HOUR)).toBe(true);
  });
});

describe('journal leases and reload', () => {
  it('loads leases: active ones are held, expired ones reusable, owners kept', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.12']])], []);
    a.load({ ip: ip('10.0.0.10'), state: 'active', starts: T0, ends: T0 + HOUR, hardwareEthernet: '00:00:00:00:00:01' });
    a.load({ ip: ip('10.0.0.11'), state: 'active', starts: T0 - 2 * HOUR, ends: T0 - HOUR, clientId: '01aabb' });
    expect(ipToString(a.findClient(client(1))!.ip)).toBe('10.0.0.10');
    expect(lease(a, 9)).toBe('10.0.0.12');
    expect(lease(a, 8)).toBe('10.0.0.11');
    expect(lease(a, 7)).toBe('none');
  });

  it('a reload that reserves an address in use keeps it from being handed out again', () => {
    const spec = pool([['10.0.0.10', '10.0.0.11']]);
    const a = new Allocator([spec], []);
    lease(a, 1);
    a.release(a.get(ip('10.0.0.10'))!, T0 + 1);
    a.configure([spec], [ip('10.0.0.10')]);
    expect(lease(a, 2, T0 + 2)).toBe('10.0.0.11');
    expect(lease(a, 3, T0 + 2)).toBe('none');
  });
});

describe('scale: a /8 range', () => {
  it('allocates 100,000 addresses without preallocating the 16M-address range', () => {
    const a = new Allocator([pool([['10.0.0.1', '10.255.255.254']], '10.0.0.0', '255.0.0.0')], []);
    const before = process.memoryUsage().heapUsed;
    const seen = new Set<number>();
    for (let n = 0; n < 100_000; n++) {
      const got = a.allocate(a.allPools, T0)!;
      const key = `hw:1:${n}`;
      a.bind(got, { key, hwKey: key }, 'active', T0, T0 + HOUR);
      seen.add(got);
    }
    expect(seen.size).toBe(100_000);
    expect(a.size).toBe(100_000);
    // Well under what 16M preallocated entries would take (>= 64 MB even as a packed array).
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
    // After they all expire, never-used addresses still come first (dhcpd: never-used leases have the oldest end time).
    expect(ipToString(a.allocate(a.allPools, T0 + 2 * HOUR)!)).toBe('10.1.134.161');
  });
});

describe('RFC 2131 4.3.2: offers that come back', () => {
  it('an address only ever offered ranks as never used when the offer is withdrawn or lapses', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.20']])], []);
    const first = a.allocate(a.allPools, T0)!;
    a.bind(first, client(1), 'offered', T0, T0 + 60_000);
    const second = a.allocate(a.allPools, T0)!;
    a.bind(second, client(2), 'offered', T0, T0 + 60_000);
    a.withdrawOffer(a.get(first)!, T0 + 1);
    expect(ipToString(a.allocate(a.allPools, T0 + 2)!)).toBe('10.0.0.10');
    // The other offer lapses after its hold time and comes back the same way.
    a.bind(first, client(3), 'active', T0 + 2, T0 + HOUR);
    expect(ipToString(a.allocate(a.allPools, T0 + 60_000)!)).toBe('10.0.0.11');
  });
});

describe('lease records', () => {
  it('a new owner does not inherit the previous owner\'s host name; a renewal keeps it', () => {
    const a = new Allocator([pool([['10.0.0.10', '10.0.0.10']])], []);
    a.bind(ip('10.0.0.10'), client(1), 'active', T0, T0 + HOUR, 'alpha');
    a.bind(ip('10.0.0.10'), client(1), 'active', T0 + 1, T0 + HOUR);
    expect(a.leases(T0 + 2)[0].clientHostname).toBe('alpha');
    a.release(a.get(ip('10.0.0.10'))!, T0 + 3);
    a.bind(ip('10.0.0.10'), client(2), 'active', T0 + 4, T0 + HOUR);
    expect(a.leases(T0 + 5)[0]).toMatchObject({ hardwareEthernet: '00:00:00:00:00:02', state: 'active' });
    expect(a.leases(T0 + 5)[0].clientHostname).toBeUndefined();
  });
});

describe('restart: loadAll (journal leases kept raw until touched) agrees with load() one by one', () => {
  // Leases as the journal hands them over: active, expired-by-now, released, abandoned, one
  // address recorded twice (the later record wins), one client identifier, hw-only owners.
  const journal = () => [
    { ip: ip('10.0.0.10'), state: 'active' as const, starts: T0 - HOUR, ends: T0 + HOUR, cltt: T0 - HOUR, hardwareEthernet: '00:00:00:00:00:01' },
    { ip: ip('10.0.0.11'), state: 'active' as const, starts: T0 - 2 * HOUR, ends: T0 - HOUR, cltt: T0 - 2 * HOUR, hardwareEthernet: '00:00:00:00:00:02' },
    { ip: ip('10.0.0.12'), state: 'released' as const, starts: T0 - 3 * HOUR, ends: T0 - 3 * HOUR, cltt: T0 - 3 * HOUR, hardwareEthernet: '00:00:00:00:00:03' },
    { ip: ip('10.0.0.13'), state: 'abandoned' as const, starts: T0 - HOUR, ends: T0 + 23 * HOUR },
    { ip: ip('10.0.0.14'), state: 'active' as const, starts: T0 - HOUR, ends: T0 + HOUR, cltt: T0 - HOUR, hardwareEthernet: '00:00:00:00:00:04', clientId: '01aabb' },
    { ip: ip('10.0.0.14'), state: 'active' as const, starts: T0 - HOUR / 2, ends: T0 + 2 * HOUR, cltt: T0 - HOUR / 2, hardwareEthernet: '00:00:00:00:00:05' },
  ];
  const both = () => {
    const one = new Allocator([pool([['10.0.0.10', '10.0.0.20']])], []);
    for (const l of journal()) one.load(l);
    const bulk = new Allocator([pool([['10.0.0.10', '10.0.0.20']])], []);
    bulk.loadAll(journal());
    return [one, bulk];
  };

  it('same leases(), same owners found, same allocation order', () => {
    const [one, bulk] = both();
    expect(bulk.leases(T0)).toEqual(one.leases(T0));
    for (const n of [1, 2, 3, 4, 5]) expect(bulk.findClient(client(n))?.ip).toBe(one.findClient(client(n))?.ip);
    const id: ClientIdentity = { key: '01aabb', hwKey: 'hw:1:000000000004', clientId: '01aabb' };
    expect(bulk.findClient(id)).toBe(undefined); // 10.0.0.14 was taken over by client 5
    const order = (a: Allocator) => [lease(a, 10), lease(a, 11), lease(a, 12), lease(a, 13)];
    expect(order(bulk)).toEqual(order(one));
  });

  it('a loaded lease held by another client is not usable; its owner gets it back', () => {
    const [, bulk] = both();
    expect(bulk.canUse(ip('10.0.0.10'), client(9), bulk.allPools, T0)).toBe(false);
    expect(bulk.canUse(ip('10.0.0.10'), client(1), bulk.allPools, T0)).toBe(true);
    expect(bulk.canUse(ip('10.0.0.13'), client(9), bulk.allPools, T0)).toBe(false); // abandoned
    bulk.expire(T0 + 2 * HOUR);
    expect(bulk.get(ip('10.0.0.10'))?.state).toBe('expired');
    expect(bulk.leases(T0 + 2 * HOUR)).toEqual((() => { const [one] = both(); return one.leases(T0 + 2 * HOUR); })());
  });
});

describe('restart on a dense journal: the cursors pass the loaded addresses (bound-bits.ts) in the order one-by-one load() gives', () => {
  it('same addresses in the same order until the pool is empty, with reservations, edges, leases outside the pool and binds after the load', () => {
    const offset = fc.integer({ min: 0, max: 300 }); // 10.0.0.0 + offset; the pool is 10.0.0.0-10.0.0.255 of a /24
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ o: offset, state: fc.constantFrom('active' as const, 'expired' as const, 'abandoned' as const) }), { selector: (l) => l.o, maxLength: 300 }),
        fc.uniqueArray(offset, { maxLength: 10 }),
        fc.uniqueArray(offset, { maxLength: 10 }),
        (loaded, reserved, later) => {
          const leases = () =>
            loaded.map(({ o, state }, n) => ({
              ip: ip('10.0.0.0') + o,
              state,
              starts: T0 - HOUR,
              ends: state === 'expired' ? T0 - 1 : T0 + HOUR,
              cltt: T0 - HOUR,
              ...(state === 'abandoned' ? {} : { hardwareEthernet: client(n + 1).hardwareEthernet }),
            }));
          const make = (bulk: boolean) => {
            const a = new Allocator([pool([['10.0.0.0', '10.0.0.255']])], reserved.map((o) => ip('10.0.0.0') + o));
            if (bulk) a.loadAll(leases());
            else for (const l of leases()) a.load(l);
            // Addresses a client asked for after the restart (INIT-REBOOT), above the cursor.
            later.forEach((o, n) => a.bind(ip('10.0.0.0') + o, client(5000 + n), 'active', T0, T0 + HOUR));
            const got: string[] = [];
            for (let n = 0; n < 300; n++) {
              const addr = lease(a, 1000 + n);
              got.push(addr);
              if (addr === 'none') break;
            }
            return got;
          };
          expect(make(true)).toEqual(make(false));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a loaded run of 50,000 from the start of a /16: the first address after it, then the next', () => {
    const a = new Allocator([pool([['10.0.0.1', '10.0.255.254']], '10.0.0.0', '255.255.0.0')], []);
    a.loadAll(Array.from({ length: 50_000 }, (_, k) => ({ ip: ip('10.0.0.1') + k, state: 'active' as const, starts: T0, ends: T0 + HOUR, cltt: T0, hardwareEthernet: client(k + 1).hardwareEthernet })));
    expect([lease(a, 100_001), lease(a, 100_002)]).toEqual(['10.0.195.81', '10.0.195.82']);
  });
});

