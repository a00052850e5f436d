/** The Lease <-> Kea lease4 row mapping (src/dhcp/leases-pg/codec.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INFINITY_LFT, leaseToRow, rowToLease, type Lease4Row } from '../../src/dhcp/leases-pg/codec.js';
import { ipFromString } from '../../src/dhcp/ip.js';
import type { Lease, LeaseState } from '../../src/dhcp/types.js';

const T = Date.UTC(2026, 11, 3, 6, 0, 0); // whole seconds
const ip = ipFromString('192.168.244.150');

describe('lease4 codec', () => {
  it('an active lease fills Kea\'s columns and needs no user_context', () => {
    const l: Lease = { ip, state: 'active', starts: T, ends: T + 600_000, cltt: T, hardwareEthernet: '00:50:56:aa:bb:01', clientId: '01005056aabb01', clientHostname: 'ws1' };
    const row = leaseToRow(l, 3);
    expect(row).toEqual({
      address: 3232298134, hwaddr: Buffer.from('005056aabb01', 'hex'), client_id: Buffer.from('01005056aabb01', 'hex'),
      valid_lifetime: 600, expire: T / 1000 + 600, subnet_id: 3, fqdn_fwd: false, fqdn_rev: false, hostname: 'ws1', state: 0, user_context: null,
    });
    expect(rowToLease(row)).toEqual(l);
  });

  it('states: abandoned -> declined (1), expired -> expired-reclaimed (2); released/free/backup -> 2 with labnet\'s state in user_context', () => {
    const base = { ip, starts: T, ends: T + 1000, cltt: T };
    expect(leaseToRow({ ...base, state: 'abandoned' }, 1).state).toBe(1);
    expect(leaseToRow({ ...base, state: 'expired' }, 1)).toMatchObject({ state: 2, user_context: null });
    for (const s of ['released', 'free', 'backup'] as LeaseState[]) {
      const row = leaseToRow({ ...base, state: s }, 1);
      expect(row.state).toBe(2);
      expect(JSON.parse(row.user_context!)).toEqual({ labnet: { state: s } });
      expect(rowToLease(row).state).toBe(s);
    }
  });

  it('expire = cltt + valid_lifetime (Kea); a start other than cltt and a missing cltt are kept in user_context', () => {
    const released: Lease = { ip, state: 'released', starts: T - 3_600_000, ends: T, cltt: T, hardwareEthernet: '00:50:56:aa:bb:01' };
    const row = leaseToRow(released, 1);
    expect(row.valid_lifetime).toBe(0);
    expect(row.expire).toBe(T / 1000);
    expect(JSON.parse(row.user_context!).labnet.starts).toBe(T / 1000 - 3600);
    expect(rowToLease(row)).toEqual(released);
    const noCltt: Lease = { ip, state: 'active', starts: T, ends: T + 5000 };
    expect(leaseToRow(noCltt, 1).valid_lifetime).toBe(5);
    expect(rowToLease(leaseToRow(noCltt, 1))).toEqual(noCltt);
  });

  it('an infinite lease is Kea\'s INFINITY_LFT with expire = cltt', () => {
    const l: Lease = { ip, state: 'active', starts: T, ends: Infinity, cltt: T, hardwareEthernet: '00:50:56:aa:bb:01' };
    const row = leaseToRow(l, 1);
    expect(row.valid_lifetime).toBe(INFINITY_LFT);
    expect(row.expire).toBe(T / 1000);
    expect(rowToLease(row)).toEqual(l);
  });

  it('times are whole seconds', () => {
    const row = leaseToRow({ ip, state: 'active', starts: T + 999, ends: T + 600_999, cltt: T + 999 }, 1);
    expect(row).toMatchObject({ expire: T / 1000 + 600, valid_lifetime: 600, user_context: null });
  });

  it('DNS registration: hostname is the FQDN with its final dot and fqdn_fwd/fqdn_rev set (RFC 4702); the guard goes to user_context', () => {
    const l: Lease = {
      ip, state: 'active', starts: T, ends: T + 600_000, cltt: T, hardwareEthernet: '00:50:56:aa:bb:01', clientHostname: 'ws1',
      ddns: { fwdName: 'ws1.lab.local', guard: { type: 49, rdata: '0001010203' }, revName: '150.244.168.192.in-addr.arpa.' },
    };
    const row = leaseToRow(l, 1);
    expect(row).toMatchObject({ hostname: 'ws1.lab.local.', fqdn_fwd: true, fqdn_rev: true });
    expect(JSON.parse(row.user_context!)).toEqual({ labnet: { hostname: 'ws1', ddns: { guard: { type: 49, rdata: '0001010203' }, revName: '150.244.168.192.in-addr.arpa.' } } });
    expect(rowToLease(row)).toEqual(l);
  });

  it('reads rows Kea wrote: its user_context, a non-Ethernet hwaddr, a state it may add later', () => {
    const kea: Lease4Row = {
      address: ip, hwaddr: Buffer.from('005056aabb02', 'hex'), client_id: Buffer.from('01005056aabb02', 'hex'), valid_lifetime: 4000,
      expire: T / 1000 + 4000, subnet_id: 1, fqdn_fwd: true, fqdn_rev: true, hostname: 'pc2.example.org.', state: 0,
      user_context: '{ "ISC": { "client-classes": [ "ALL", "KNOWN" ] } }',
    };
    expect(rowToLease(kea)).toEqual({
      ip, state: 'active', starts: T, ends: T + 4_000_000, cltt: T, hardwareEthernet: '00:50:56:aa:bb:02', clientId: '01005056aabb02',
      ddns: { fwdName: 'pc2.example.org', revName: '150.244.168.192.in-addr.arpa.' },
    });
    expect(rowToLease({ ...kea, hwaddr: Buffer.alloc(20, 1), fqdn_fwd: false, fqdn_rev: false }).hardwareEthernet).toBeUndefined();
    expect(rowToLease({ ...kea, state: 2, user_context: null }).state).toBe('expired');
    expect(rowToLease({ ...kea, state: 1, hwaddr: Buffer.alloc(0), client_id: null })).toMatchObject({ state: 'abandoned' });
    expect(rowToLease({ ...kea, state: 7 }).state).toBe('abandoned');
    expect(rowToLease({ ...kea, user_context: 'not json' }).state).toBe('active');
  });

  it('any lease with whole-second times survives the round trip', () => {
    const sec = fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }).map((s) => s * 1000);
    const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('hex'));
    const lease = fc.record(
      {
        ip: fc.integer({ min: 0, max: 0xffffffff }),
        state: fc.constantFrom<LeaseState>('active', 'free', 'released', 'expired', 'abandoned', 'backup'),
        starts: sec,
        ends: fc.oneof(sec, fc.constant(Infinity)),
        cltt: sec,
        hardwareEthernet: hex(6).map((h) => h.replace(/(..)(?!$)/g, '$1:')),
        clientId: hex(7),
        clientHostname: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      },
      { requiredKeys: ['ip', 'state', 'starts', 'ends'] },
    );
    fc.assert(fc.property(lease, fc.integer({ min: 0, max: 1000 }), (l, sid) => {
      expect(rowToLease(leaseToRow(l as Lease, sid))).toEqual(l);
    }));
  });
});
