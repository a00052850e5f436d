/**
 * RFC 3074 load balancing (src/dhcp/ha/loadb.ts): the hash of section 6 with values worked by
 * hand from the mixing table as ISC dhcpd's failover.c lists it (ten to a row), Kea's
 * hash % 2 split and dhcpd's HBA rule with its `& 3` bit index.
 */
import { describe, expect, it } from 'vitest';
import { hbaFromSplit, hbaFromText, loadbHash, loadbKey, ownerOf } from '../../src/dhcp/ha/loadb.js';
import { request } from './helpers/wire.js';

const k = (...b: number[]) => Uint8Array.from(b);

describe('RFC 3074 6 hash', () => {
  it('the mixing table holds 256 distinct values: one-octet keys hash to every value once', () => {
    // A one-octet key [b] hashes to T[1 ^ b], so these are the table's 256 entries.
    const seen = new Set<number>();
    for (let b = 0; b < 256; b++) seen.add(loadbHash(k(b)));
    expect(seen.size).toBe(256);
  });

  it('hand-worked values', () => {
    expect(loadbHash(k())).toBe(0); // seed = length 0, no rounds
    expect(loadbHash(k(0x00))).toBe(175); // T[1 ^ 0] = T[1]
    expect(loadbHash(k(0x01))).toBe(251); // T[0]
    expect(loadbHash(k(0x0f))).toBe(0); // T[14] (row 1, 5th entry: 0)
    expect(loadbHash(k(0xee))).toBe(4); // T[239], last of row 23
    expect(loadbHash(k(0xea))).toBe(1); // T[235]
    expect(loadbHash(k(0xff))).toBe(234); // T[254]
    // Two octets: seed 2; last octet first: T[2 ^ 0] = T[2] = 119, then T[119 ^ 0] = 150.
    expect(loadbHash(k(0x00, 0x00))).toBe(150);
    // seed 2; T[2 ^ 0x02] = T[0] = 251; then T[251 ^ 0x01] = T[250] = 170 (row 25's first).
    expect(loadbHash(k(0x01, 0x02))).toBe(170);
  });

  it('the key: option 61 when present and non-empty, else the chaddr over hlen (RFC 3074 5)', () => {
    const mac = '00:0c:29:aa:bb:01';
    expect([...loadbKey(request({ type: 1, mac }))]).toEqual([0x00, 0x0c, 0x29, 0xaa, 0xbb, 0x01]);
    expect([...loadbKey(request({ type: 1, mac, clientId: Buffer.from('01000c29aabb01', 'hex') }))]).toEqual([1, 0x00, 0x0c, 0x29, 0xaa, 0xbb, 0x01]);
    const empty = request({ type: 1, mac });
    empty.options.set(61, Buffer.alloc(0));
    expect(loadbKey(empty).length).toBe(6);
  });
});

describe('who owns a client', () => {
  it("Kea's load-balancing: hash % 2, even to the primary; hot-standby: the primary", () => {
    expect(ownerOf({ kind: 'kea-load-balancing' }, k(0x00), 0)).toBe('secondary'); // 175 odd
    expect(ownerOf({ kind: 'kea-load-balancing' }, k(0x00, 0x00), 0)).toBe('primary'); // 150 even
    expect(ownerOf({ kind: 'hot-standby' }, k(0x00), 0)).toBe('primary');
  });

  it("dhcpd's split: bits 0..N-1 of the HBA; split 128 gives the primary the hashes below 128", () => {
    expect([...hbaFromSplit(128)]).toEqual([...Array(16).fill(0xff), ...Array(16).fill(0)]);
    expect([...hbaFromSplit(4)].slice(0, 2)).toEqual([0x0f, 0]);
    expect(hbaFromSplit(256).every((b) => b === 0xff)).toBe(true);
    const s128 = { kind: 'dhcpd-hba' as const, hba: hbaFromSplit(128) };
    expect(ownerOf(s128, k(0x01, 0x02), 0)).toBe('secondary'); // 170
    expect(ownerOf(s128, k(0x00, 0x00), 0)).toBe('secondary'); // 150
    expect(ownerOf(s128, k(0xee), 0)).toBe('primary'); // 4
    expect(ownerOf(s128, k(0xff), 0)).toBe('secondary'); // 234
    expect(ownerOf(s128, k(0x0f), 0)).toBe('primary'); // 0
    expect(ownerOf({ kind: 'dhcpd-hba', hba: hbaFromSplit(0) }, k(0x0f), 0)).toBe('secondary');
  });

  it("dhcpd 4.4 tests bit (hash & 3) of octet hash / 8 (load_balance_mine), so hashes 0 and 4 share bit 0", () => {
    const hba = hbaFromText(['01', ...Array(31).fill('00')].join(':'));
    expect(ownerOf({ kind: 'dhcpd-hba', hba }, k(0x0f), 0)).toBe('primary'); // hash 0: bit 0
    expect(ownerOf({ kind: 'dhcpd-hba', hba }, k(0xee), 0)).toBe('primary'); // hash 4: bit 4 & 3 = 0
    expect(ownerOf({ kind: 'dhcpd-hba', hba }, k(0xea), 0)).toBe('secondary'); // hash 1: bit 1 clear
  });

  it('load balance max seconds: a client waiting longer is served by both', () => {
    const s = { kind: 'dhcpd-hba' as const, hba: hbaFromSplit(128), maxSecs: 3 };
    expect(ownerOf(s, k(0x01, 0x02), 3)).toBe('secondary');
    expect(ownerOf(s, k(0x01, 0x02), 4)).toBe('either');
  });
});
