/**
 * Structured mutation of real packets with fast-check (there is no coverage-guided fuzzer on
 * npm that runs on Node 20 without native addons and drives a server in another process):
 * byte-level edits (flip, truncate, extend, splice, compression pointers anywhere, loops
 * included) plus edits that know the layouts - the DNS header counts, flags, opcode, QTYPE
 * and an OPT record with arbitrary options (RFC 1035 4.1, RFC 6891 6.1.2), and the DHCP
 * fixed fields and the option TLVs after the magic cookie (RFC 2131 2, RFC 2132: lengths
 * that lie, a missing End, option overload 52, a PAD run, a duplicated option).
 */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'extend'; bytes: Uint8Array }
  | { kind: 'count'; which: number; value: number }
  | { kind: 'pointer'; at: number; target: number }
  | { kind: 'splice'; at: number; bytes: Uint8Array };

/** Byte-level mutations, valid for any packet (the DNS header counts at 4..11). */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('count' as const), which: fc.integer({ min: 0, max: 3 }), value: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(0xffff)) }),
  fc.record({ kind: fc.constant('pointer' as const), at: fc.nat(), target: fc.integer({ min: 0, max: 0x3fff }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

export function mutate(src: Buffer, muts: readonly Mutation[]): Buffer {
  let b = Buffer.from(src);
  for (const m of muts) {
    switch (m.kind) {
      case 'flip':
        if (b.length > 0) b[m.at % b.length] ^= m.xor;
        break;
      case 'truncate':
        b = b.subarray(0, m.at % (b.length + 1));
        break;
      case 'extend':
        b = Buffer.concat([b, m.bytes]);
        break;
      case 'count':
        if (b.length >= 12) b.writeUInt16BE(m.value, 4 + 2 * m.which);
        break;
      case 'pointer': // a compression pointer anywhere: forward, backward, to itself (a loop)
        if (b.length >= 2) {
          const at = m.at % (b.length - 1);
          b[at] = 0xc0 | (m.target >> 8);
          b[at + 1] = m.target & 0xff;
        }
        break;
      case 'splice': {
        const at = m.at % (b.length + 1);
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      }
    }
  }
  return b;
}

/** QTYPEs worth hitting: the common ones, meta types (AXFR, IXFR, ANY, OPT), unknown. */
const QTYPES = [1, 2, 5, 6, 12, 15, 16, 28, 33, 41, 43, 46, 47, 48, 50, 64, 65, 99, 249, 250, 251, 252, 253, 254, 255, 256, 257, 65280, 65535];

/** The end of the first question (name then QTYPE, QCLASS), or -1 when it does not parse. */
function questionEnd(b: Buffer): number {
  let o = 12;
  while (o < b.length) {
    const l = b[o];
    if (l === 0) return o + 5 <= b.length ? o + 5 : -1;
    if ((l & 0xc0) === 0xc0) return o + 6 <= b.length ? o + 6 : -1;
    o += l + 1;
  }
  return -1;
}

export type DnsEdit =
  | { kind: 'flags'; value: number }
  | { kind: 'qtype'; qtype: number; qclass: number }
  | { kind: 'opt'; size: number; ttl: number; options: { code: number; data: Uint8Array; lie: number }[] };

const dnsEdit: fc.Arbitrary<DnsEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flags' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('qtype' as const), qtype: fc.constantFrom(...QTYPES), qclass: fc.constantFrom(1, 3, 4, 254, 255, 0, 2) }),
  fc.record({
    kind: fc.constant('opt' as const),
    size: fc.constantFrom(0, 1, 511, 512, 1232, 4096, 65535),
    ttl: fc.oneof(fc.constant(0), fc.constant(0x8000), fc.integer({ min: 0, max: 0xffffffff })),
    options: fc.array(
      fc.record({ code: fc.constantFrom(3, 8, 9, 10, 11, 12, 13, 14, 15, 65001, 0), data: fc.uint8Array({ maxLength: 48 }), lie: fc.constantFrom(0, 0, 0, 1, -1, 300) }),
      { maxLength: 3 },
    ),
  }),
);

export function editDns(src: Buffer, e: DnsEdit): Buffer {
  const b = Buffer.from(src);
  if (b.length < 12) return b;
  switch (e.kind) {
    case 'flags':
      b.writeUInt16BE(e.value, 2);
      return b;
    case 'qtype': {
      const end = questionEnd(b);
      if (end < 0) return b;
      b.writeUInt16BE(e.qtype, end - 4);
      b.writeUInt16BE(e.qclass, end - 2);
      return b;
    }
    case 'opt': {
      // A new OPT record in the additional section (a second one when there is one: FORMERR).
      const opts = e.options.map((o) => {
        const h = Buffer.alloc(4);
        h.writeUInt16BE(o.code, 0);
        h.writeUInt16BE(Math.max(0, Math.min(0xffff, o.data.length + o.lie)), 2);
        return Buffer.concat([h, o.data]);
      });
      const body = Buffer.concat(opts);
      const rr = Buffer.alloc(11);
      rr.writeUInt16BE(41, 1);
      rr.writeUInt16BE(e.size, 3);
      rr.writeUInt32BE(e.ttl >>> 0, 5);
      rr.writeUInt16BE(body.length, 9);
      const out = Buffer.concat([b, rr, body]);
      out.writeUInt16BE((out.readUInt16BE(10) + 1) & 0xffff, 10);
      return out;
    }
  }
}

/** Where DHCP options start: the fixed 236 bytes and the magic cookie (RFC 2131 3). */
const DHCP_OPTIONS = 240;

export type DhcpEdit =
  | { kind: 'field'; at: number; value: number }
  | { kind: 'option'; code: number; data: Uint8Array; lie: number; at: number }
  | { kind: 'cut-options'; keep: number }
  | { kind: 'chaddr'; mac: Uint8Array };

const dhcpEdit: fc.Arbitrary<DhcpEdit> = fc.oneof(
  // op, htype, hlen, hops, secs, flags, ciaddr..giaddr: the fixed header's bytes.
  fc.record({ kind: fc.constant('field' as const), at: fc.integer({ min: 0, max: 43 }), value: fc.oneof(fc.constantFrom(0, 1, 2, 6, 16, 17, 255), fc.integer({ min: 0, max: 255 })) }),
  fc.record({
    kind: fc.constant('option' as const),
    code: fc.constantFrom(0, 1, 3, 12, 15, 43, 50, 51, 52, 53, 54, 55, 57, 60, 61, 81, 82, 118, 119, 121, 124, 125, 255),
    data: fc.uint8Array({ maxLength: 40 }),
    lie: fc.constantFrom(0, 0, 1, -1, 200),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('cut-options' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('chaddr' as const), mac: fc.uint8Array({ minLength: 6, maxLength: 6 }) }),
);

export function editDhcp(src: Buffer, e: DhcpEdit): Buffer {
  const b = Buffer.from(src);
  switch (e.kind) {
    case 'field':
      if (b.length > e.at) b[e.at] = e.value;
      return b;
    case 'chaddr':
      if (b.length >= 34) Buffer.from(e.mac).copy(b, 28);
      return b;
    case 'cut-options':
      return b.length > DHCP_OPTIONS ? b.subarray(0, DHCP_OPTIONS + (e.keep % (b.length - DHCP_OPTIONS))) : b;
    case 'option': {
      const tlv = e.code === 0 || e.code === 255 ? Buffer.from([e.code]) : Buffer.concat([Buffer.from([e.code, Math.max(0, Math.min(255, e.data.length + e.lie))]), e.data]);
      if (b.length < DHCP_OPTIONS) return Buffer.concat([b, tlv]);
      const at = DHCP_OPTIONS + (e.at % (b.length - DHCP_OPTIONS + 1));
      return Buffer.concat([b.subarray(0, at), tlv, b.subarray(at)]);
    }
  }
}

/** One mutated DNS message from a corpus seed: layout edits, then byte edits (either may be none). */
export function dnsMutant(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(dnsEdit, { maxLength: 2 }), fc.array(mutation, { maxLength: 3 }))
    .map(([seed, edits, muts]) => mutate(edits.reduce(editDns, seed), muts));
}

/** One mutated DHCP message; byte edits outside the DNS-style header keep to fixed-field flips. */
export function dhcpMutant(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const bytes = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  );
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(dhcpEdit, { minLength: 1, maxLength: 3 }), fc.array(bytes, { maxLength: 2 }))
    .map(([seed, edits, muts]) => mutate(edits.reduce(editDhcp, seed), muts));
}

/** `n` values of `arb`, reproducible from `seed`, generated in batches (no million-element array). */
export function* samples<T>(arb: fc.Arbitrary<T>, n: number, seed: number, batch = 1000): Generator<T> {
  for (let i = 0; i * batch < n; i++) {
    for (const v of fc.sample(arb, { numRuns: Math.min(batch, n - i * batch), seed: seed + i })) yield v;
  }
}
