/**
 * The allocator's hand-written containers against the built-ins they replace: StringTable and
 * IpTable behave as a Map under any sequence of operations; MinHeap (push or append + heapify,
 * Floyd's O(n) construction) pops in (key, ip) order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StringTable } from '../../src/dhcp/allocator/string-table.js';
import { IpTable } from '../../src/dhcp/allocator/ip-table.js';
import { MinHeap } from '../../src/dhcp/allocator/min-heap.js';
import { BoundBits } from '../../src/dhcp/allocator/bound-bits.js';

const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 40 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('getOrInsert' as const), key: fc.integer({ min: 0, max: 40 }), value: fc.integer() }),
);

describe('allocator containers', () => {
  it('StringTable: same answers as a Map (set, get, getOrInsert, delete with backward shift, growth)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 0, max: 64 }), (ops, reserve) => {
        const t = new StringTable();
        if (reserve) t.reserve(reserve);
        const m = new Map<string, number>();
        for (const o of ops) {
          const key = `k${o.key}`;
          if (o.kind === 'set') {
            t.set(key, o.value);
            m.set(key, o.value);
          } else if (o.kind === 'getOrInsert') {
            // The value already there, untouched; else the new one set.
            expect(t.getOrInsert(key, o.value)).toBe(m.get(key));
            if (!m.has(key)) m.set(key, o.value);
          } else if (o.kind === 'get') expect(t.get(key)).toBe(m.get(key));
          else expect(t.delete(key)).toBe(m.delete(key));
          expect(t.size).toBe(m.size);
        }
        for (let k = 0; k <= 40; k++) expect(t.get(`k${k}`)).toBe(m.get(`k${k}`));
      }),
    );
  });

  it('IpTable: same answers and first-insertion iteration order as a Map', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(0xffffffff), fc.constant(0x80000000)), fc.integer()), { maxLength: 300 }), fc.boolean(), (sets, reserve) => {
        const t = new IpTable<number>();
        if (reserve) t.reserve(sets.length);
        const m = new Map<number, number>();
        for (const [ip, v] of sets) {
          t.set(ip, v);
          m.set(ip, v);
          expect(t.size).toBe(m.size);
        }
        for (const [ip] of sets) {
          expect(t.get(ip)).toBe(m.get(ip));
          expect(t.has(ip)).toBe(true);
        }
        expect(t.has(51)).toBe(false);
        expect([...t.values()]).toEqual([...m.values()]);
      }),
    );
  });

  it('MinHeap: pops in (key, ip) order whether built by push or by append + heapify', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 0xffffffff })), { maxLength: 200 }), (entries) => {
        const expected = [...entries].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        for (const bulk of [false, true]) {
          const h = new MinHeap();
          entries.forEach(([key, ip], i) => (bulk ? h.append(key, ip, i) : h.push(key, ip, i)));
          if (bulk) h.heapify();
          const got: [number, number][] = [];
          while (h.size > 0) {
            got.push([h.topKey(), h.topIp()]);
            h.pop();
          }
          expect(got).toEqual(expected);
        }
      }),
    );
  });

  it('BoundBits: has() as a Set of the addresses; nextClear() the first address not in it, from any start', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0, 0x0a000001, 0xfffffe00), (offsets, base) => {
        const set = new Set(offsets.map((o) => base + o));
        const bits = BoundBits.of(Uint32Array.from(set));
        const lo = Math.min(...set);
        const hi = Math.max(...set);
        if (Math.floor((hi - lo) / 32) + 1 > set.size) {
          expect(bits).toBeUndefined(); // more than a word per address: not built
          return;
        }
        expect(bits).toBeDefined();
        for (let ip = lo - 40; ip <= hi + 40; ip++) {
          expect(bits!.has(ip)).toBe(set.has(ip));
          let want = ip;
          while (set.has(want)) want++;
          expect(bits!.nextClear(ip)).toBe(want);
        }
      }),
    );
  });

  it('BoundBits: a run across whole words and the end of the span', () => {
    const run = Uint32Array.from({ length: 100 }, (_, k) => 1000 + k); // 1000-1099: three full words and more
    const bits = BoundBits.of(run)!;
    expect([bits.nextClear(1000), bits.nextClear(1031), bits.nextClear(1099), bits.nextClear(999), bits.nextClear(5000)]).toEqual([1100, 1100, 1100, 999, 5000]);
    expect(BoundBits.of(new Uint32Array(0))).toBeUndefined();
    expect(BoundBits.of(Uint32Array.from([1, 1000]))).toBeUndefined(); // 32 words for 2 addresses
  });
});
