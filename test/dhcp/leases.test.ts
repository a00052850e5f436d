/** dhcpd.leases(5): dhcpd 4.4's exact write format, reading ISC files, torn last records. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLease, formatLeaseTime, formatLeasesHeader, parseLeasesFile, parseLeasesFileDetailed, quotifyBytes } from '../../src/dhcp/leases/index.js';
import { ipFromString as ip, ipToString } from '../../src/dhcp/ip.js';
import type { Lease, LeaseState } from '../../src/dhcp/types.js';
import { LocatedError } from '../../src/util/located-error.js';

const T = (iso: string) => Date.parse(iso);

describe('dhcpd.leases(5) write format', () => {
  it('formats a lease exactly as dhcpd 4.4 write_lease does', () => {
    const lease: Lease = {
      ip: ip('192.168.244.150'),
      state: 'active',
      starts: T('2026-11-27T08:00:00Z'),
      ends: T('2026-11-27T08:10:00.999Z'),
      cltt: T('2026-11-27T08:00:00Z'),
      hardwareEthernet: '00:0c:29:aa:bb:10',
      clientId: '01000c29aabb10',
      clientHostname: 'x',
    };
    expect(formatLease(lease)).toBe(
      'lease 192.168.244.150 {\n' +
        '  starts 5 2026/11/27 08:00:00;\n' +
        '  ends 5 2026/11/27 08:10:00;\n' +
        '  cltt 5 2026/11/27 08:00:00;\n' +
        '  binding state active;\n' +
        '  next binding state free;\n' +
        '  hardware ethernet 00:0c:29:aa:bb:10;\n' +
        '  uid "\\001\\000\\014)\\252\\273\\020";\n' +
        '  client-hostname "x";\n' +
        '}\n',
    );
  });
  it('a free lease has no next binding state, no hardware, no uid', () => {
    expect(formatLease({ ip: ip('10.0.0.1'), state: 'free', starts: 0, ends: Infinity })).toBe(
      'lease 10.0.0.1 {\n  starts 4 1970/01/01 00:00:00;\n  ends never;\n  binding state free;\n}\n',
    );
  });
  it.each([
    ['2026-11-29T23:59:59Z', '0 2026/11/29 23:59:59'],
    ['2026-11-30T00:00:00Z', '1 2026/11/30 00:00:00'],
    ['2024-02-29T12:00:00Z', '4 2024/02/29 12:00:00'],
  ])('times are "W YYYY/MM/DD HH:MM:SS" in UTC (%s)', (iso, text) => {
    expect(formatLeaseTime(T(iso))).toBe(text);
  });
  it("uid and client-hostname use dhcpd's quotify_buf escapes", () => {
    expect(quotifyBytes(Buffer.from([0x22, 0x27, 0x24, 0x60, 0x5c, 0x41, 0x7f, 0x00]))).toBe('"\\"\\\'\\$\\`\\\\A\\177\\000"');
  });
});

const LEASE_STATES: LeaseState[] = ['active', 'free', 'released', 'expired', 'abandoned', 'backup'];
const secs = fc.integer({ min: 0, max: 4102444800 }).map((s) => s * 1000);
export const arbLease: fc.Arbitrary<Lease> = fc
  .record(
    {
      ip: fc.integer({ min: 0, max: 0xffffffff }),
      state: fc.constantFrom(...LEASE_STATES),
      starts: secs,
      ends: fc.oneof(secs, fc.constant(Infinity)),
      cltt: secs,
      hardwareEthernet: fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':')),
      clientId: fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => Buffer.from(b).toString('hex')),
      clientHostname: fc.string({ maxLength: 20, unit: 'grapheme' }),
    },
    { requiredKeys: ['ip', 'state', 'starts', 'ends'] },
  );

describe('round trip', () => {
  it('parse(format(lease)) == lease for any lease (whole seconds)', () => {
    fc.assert(
      fc.property(arbLease, (lease) => {
        const [back] = parseLeasesFile(formatLeasesHeader() + formatLease(lease), 'x.leases');
        expect(back).toEqual(lease);
      }),
      { numRuns: 500 },
    );
  });
});

describe('reading a file written by ISC dhcpd 4.4 (test/dhcp/data/isc-dhcpd.leases)', () => {
  const text = readFileSync('test/dhcp/data/isc-dhcpd.leases', 'utf8');
  const r = parseLeasesFileDetailed(text, 'isc-dhcpd.leases');
  it('skips authoring-byte-order, server-duid, failover state, set/on/tstp/tsfp/atsfp/rewind', () => {
    expect(r.warnings).toEqual([]);
    expect(r.torn).toBe(false);
    expect(r.records).toBe(6);
    expect(r.validBytes).toBe(Buffer.byteLength(text.trimEnd()));
  });
  it('keeps the last record per address', () => {
    const rows = r.leases.map((l) => [ipToString(l.ip), l.state, l.hardwareEthernet, l.clientHostname, l.ends]);
    expect(rows).toEqual([
      ['192.168.244.151', 'active', '00:0c:29:3e:5b:02', 'ubuntu-lab', T('2026-11-27T08:09:02Z')],
      ['192.168.244.152', 'free', '00:0c:29:3e:5b:03', undefined, T('2026-11-26T10:10:00Z')],
      ['192.168.244.153', 'abandoned', undefined, undefined, T('2026-11-27T07:10:00Z')],
      ['192.168.244.150', 'active', '00:0c:29:3e:5b:01', 'win10-lab', T('2026-11-27T08:13:20Z')],
      ['192.168.244.160', 'active', '00:0c:29:3e:5b:0a', undefined, Infinity],
    ]);
    const l150 = r.leases.find((l) => ipToString(l.ip) === '192.168.244.150')!;
    expect(l150.clientId).toBe('01000c293e5b01');
    expect(l150.cltt).toBe(T('2026-11-27T08:03:20Z'));
    expect(r.leases.find((l) => ipToString(l.ip) === '192.168.244.160')!.starts).toBe(T('2026-11-27T08:00:00Z'));
  });
});

describe('torn last record (a crash mid-write)', () => {
  const leases: Lease[] = [1, 2, 3].map((n) => ({
    ip: ip(`10.0.0.${n}`), state: 'active', starts: T('2026-11-27T08:00:00Z'), ends: T('2026-11-27T09:00:00Z'),
    hardwareEthernet: `00:0c:29:00:00:0${n}`, clientId: '01000c2900000' + n, clientHostname: `h"${n}`,
  }));
  const header = formatLeasesHeader();
  const blocks = leases.map(formatLease);
  const file = header + blocks.join('');
  it('every cut point: the complete records load, the torn one is dropped with a warning, never a throw', () => {
    const ends = blocks.map((_, i) => header.length + blocks.slice(0, i + 1).join('').length);
    for (let cut = header.length; cut <= file.length; cut++) {
      const r = parseLeasesFileDetailed(file.slice(0, cut), 'cut.leases');
      // the block boundary is the `}`; the newline after it does not matter
      const complete = ends.filter((e) => e - 1 <= cut).length;
      expect(r.leases, `cut at ${cut}`).toEqual(leases.slice(0, complete));
      const torn = ends.some((e, i) => cut > e - blocks[i].length && cut < e - 1);
      expect(r.torn, `cut at ${cut}`).toBe(torn);
      expect(r.warnings.map((w) => w.message)).toEqual(torn ? ['incomplete last record (torn write) ignored'] : []);
      if (torn) expect(r.validBytes).toBe(complete === 0 ? header.trimEnd().length : ends[complete - 1] - 1);
    }
  });
  it('a broken record followed by complete ones is an error, not a torn write', () => {
    const broken = file.replace('binding state active;', 'binding state bogus;');
    expect(() => parseLeasesFile(broken, 'b.leases')).toThrow(LocatedError);
    try {
      parseLeasesFile(broken, 'b.leases');
    } catch (e) {
      expect((e as LocatedError).format()).toBe("b.leases:10:17: unknown binding state 'bogus'");
    }
  });
});

describe('property: any input gives leases or a LocatedError, never another exception', () => {
  it('mutated lease files', () => {
    const base = formatLeasesHeader() + formatLease({ ip: ip('10.0.0.1'), state: 'active', starts: 0, ends: 1000, cltt: 0, hardwareEthernet: '00:0c:29:aa:bb:01', clientId: '0102', clientHostname: 'x' });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 5 })), { maxLength: 5 }), (edits) => {
        let text = base;
        for (const [a, b, s] of edits) text = text.slice(0, Math.min(a, b)) + s + text.slice(Math.max(a, b));
        try {
          parseLeasesFileDetailed(text, 'fuzz.leases');
        } catch (e) {
          expect(e).toBeInstanceOf(LocatedError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
