/**
 * The encoder (src/dns/encode.ts) on hand-built messages: RFC 1035 4.1.4 compression as
 * BIND 9.18 does it, truncation, section order, OPT, and a property test that whatever it
 * writes parses (dns-packet) back to what was given, within the size limit.
 *
 * The BIND sizes quoted were measured with `dig +norec +nocookie` against BIND 9.18.49
 * serving test/dns/data/conf.test.zone (MSG SIZE rcvd); respond.test.ts holds 131 more.
 */
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage, type OutgoingMessage } from '../../src/dns/encode.js';
import type { MessageFlags, ResponseOpt } from '../../src/dns/message.js';
import { RRType } from '../../src/zones/record.js';
import type { RRset } from '../../src/zones/zone-types.js';
import { decode, dname, ip4, mxRdata, srvRdata } from './helpers/zones.js';

const FLAGS: MessageFlags = { qr: true, opcode: 0, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 };
const OPT: ResponseOpt = { udpSize: 1232, extRcode: 0, version: 0, do: false, options: [] };

function rrset(name: string, type: number, rdatas: Buffer[], ttl = 3600): RRset {
  return { name, type, ttl, rdatas };
}

function msg(qname: string, qtype: number, answer: RRset[], more: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { id: 1, flags: FLAGS, question: { name: qname, type: qtype, class: 1 }, answer, authority: [], additional: [], ...more };
}

const enc = (m: OutgoingMessage, maxSize = 65535, preferAAAA = false) => encodeMessage(m, { maxSize, preferAAAA });

describe('RFC 1035 4.1.4: name compression as BIND 9.18 does it', () => {
  it('an owner spelled as the question becomes a pointer to offset 12', () => {
    const { bytes } = enc(msg('www.conf.test.', RRType.A, [rrset('www.conf.test.', RRType.A, [ip4('192.0.2.10')])]));
    const owner = 12 + 15 + 4; // header, qname, qtype/qclass
    expect(bytes.subarray(owner, owner + 2).toString('hex')).toBe('c00c');
    expect(bytes.length).toBe(12 + 19 + 16);
  });

  it('matching is case-sensitive: an owner differing in case from the question is written out', () => {
    const same = enc(msg('www.conf.test.', RRType.A, [rrset('www.conf.test.', RRType.A, [ip4('192.0.2.10')])])).bytes;
    const firstLabel = enc(msg('WWW.conf.test.', RRType.A, [rrset('www.conf.test.', RRType.A, [ip4('192.0.2.10')])])).bytes;
    const allLabels = enc(msg('WWW.Conf.TEST.', RRType.A, [rrset('www.conf.test.', RRType.A, [ip4('192.0.2.10')])])).bytes;
    // "www" + pointer to "conf.test" (+4), then the whole name (+13): BIND's 170/174/183 for these queries.
    expect([firstLabel.length - same.length, allLabels.length - same.length]).toEqual([4, 13]);
  });

  it('only the whole name and the name less its first label are looked up (dns_compress_findglobal)', () => {
    const soa = rrset('conf.test.', RRType.SOA, [
      Buffer.concat([dname('ns1.conf.test.'), dname('hostmaster.conf.test.'), Buffer.alloc(20)]),
    ]);
    // Question "c.ent.conf.test." records "c.ent.conf.test." and "ent.conf.test." only, so
    // the SOA owner "conf.test." is written in full (11 octets) where a best compressor
    // would point (2): BIND's NODATA for c.ent.conf.test is 104 octets with its OPT.
    const { bytes } = enc(msg('c.ent.conf.test.', RRType.A, [], { authority: [soa], opt: OPT }));
    expect(bytes.length).toBe(104);
    const { bytes: shallow } = enc(msg('nothere.conf.test.', RRType.A, [], { authority: [soa], opt: OPT }));
    expect(shallow.length).toBe(97); // BIND: 97
    expect(decode(bytes).authority).toEqual(['conf.test. 3600 SOA ns1.conf.test. hostmaster.conf.test. 0 0 0 0 0']);
  });

  it('RFC 2782 / RFC 3597 4: an SRV target is written in full, yet later names point into it', () => {
    const srv = rrset('_sip._udp.conf.test.', RRType.SRV, [srvRdata(0, 5, 5060, 'sip.conf.test.')]);
    const sipA = rrset('sip.conf.test.', RRType.A, [ip4('192.0.2.60')]);
    const { bytes } = enc(msg('_sip._udp.conf.test.', RRType.SRV, [srv], { additional: [sipA] }));
    const d = decode(bytes);
    expect([d.answer, d.additional]).toEqual([['_sip._udp.conf.test. 3600 SRV 0 5 5060 sip.conf.test.'], ['sip.conf.test. 3600 A 192.0.2.60']]);
    // target: "sip" + pointer would be 6 octets; written in full it is 15.
    const rdlen = bytes.readUInt16BE(12 + 21 + 4 + 2 + 8);
    expect(rdlen).toBe(6 + 15);
    // The additional owner is a bare pointer to the SRV target.
    expect(bytes.readUInt16BE(bytes.length - 16) & 0xc000).toBe(0xc000);
  });

  it('RFC 6672 2.5: a DNAME target is never compressed', () => {
    const d = rrset('dname.conf.test.', RRType.DNAME, [dname('conf.test.')]);
    const { bytes } = enc(msg('dname.conf.test.', RRType.DNAME, [d]));
    expect(bytes.readUInt16BE(bytes.length - 11 - 2)).toBe(11); // RDLENGTH = full "conf.test."
  });

  it('compressible RDATA names (NS, MX, SOA, CNAME, PTR) point at earlier names', () => {
    const mx = rrset('conf.test.', RRType.MX, [mxRdata(10, 'mail.conf.test.')]);
    const { bytes } = enc(msg('conf.test.', RRType.MX, [mx]));
    expect(bytes.readUInt16BE(12 + 15 + 2 + 8)).toBe(2 + 5 + 2); // preference, "mail", pointer
  });

  it('no pointer targets at or past offset 0x4000 (14-bit offsets), even in a 60 kB TCP message', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `host${i}.big.example.`);
    const answer = names.map((n) => rrset(n, RRType.A, [ip4('10.0.0.1')]));
    const again = names.map((n) => rrset(n, RRType.AAAA, [Buffer.alloc(16)]));
    const { bytes, truncated } = enc(msg('big.example.', RRType.ANY, answer, { additional: again }));
    expect(truncated).toBe(false);
    expect(bytes.length).toBeGreaterThan(0x4000 * 3);
    const p = dnsPacket.decode(bytes);
    expect(p.answers?.map((a) => a.name)).toEqual(names.map((n) => n.slice(0, -1)));
    expect(p.additionals?.map((a) => a.name)).toEqual(names.map((n) => n.slice(0, -1)));
  });
});

describe('RFC 1035 4.2.1 / RFC 2181 9: truncation as BIND 9.18 (lib/ns/client.c, lib/dns/message.c)', () => {
  const forty = rrset('biga.conf.test.', RRType.A, Array.from({ length: 40 }, (_, i) => ip4(`10.0.0.${i + 1}`)));

  it('without an OPT: the records that fit stay (a partial RRset), TC', () => {
    const { bytes, truncated } = enc(msg('biga.conf.test.', RRType.A, [forty]), 512);
    expect([truncated, bytes.length, bytes.readUInt16BE(6)]).toEqual([true, 512, 30]); // BIND: 512, 30 answers
  });

  it('with an OPT: only the question and the OPT, TC (dns_message_renderend)', () => {
    const { bytes, truncated } = enc(msg('biga.conf.test.', RRType.A, [forty], { opt: OPT }), 600);
    expect([truncated, bytes.length]).toEqual([true, 43]); // BIND: 43
    expect(decode(bytes)).toMatchObject({ question: ['biga.conf.test. IN A'], answer: [], authority: [], additional: [] });
  });

  it('the OPT\'s space is reserved before the answer is written', () => {
    const one = rrset('x.example.', RRType.TXT, [Buffer.concat([Buffer.from([200]), Buffer.alloc(200, 0x61)])]);
    const base = enc(msg('x.example.', RRType.TXT, [one], { opt: OPT }));
    expect(base.truncated).toBe(false);
    expect(enc(msg('x.example.', RRType.TXT, [one], { opt: OPT }), base.bytes.length).truncated).toBe(false);
    expect(enc(msg('x.example.', RRType.TXT, [one], { opt: OPT }), base.bytes.length - 1).truncated).toBe(true);
  });

  it('additional RRsets that do not fit are dropped whole, without TC; the section stops there', () => {
    const ns = rrset('conf.test.', RRType.NS, [dname('ns1.conf.test.'), dname('ns2.conf.test.')]);
    const addA = rrset('ns1.conf.test.', RRType.A, [ip4('192.0.2.1')]);
    const addAAAA = rrset('ns1.conf.test.', RRType.AAAA, [Buffer.alloc(16)]);
    const addA2 = rrset('ns2.conf.test.', RRType.A, [ip4('192.0.2.2')]);
    const full = enc(msg('conf.test.', RRType.NS, [ns], { additional: [addA, addAAAA, addA2] }));
    const { bytes, truncated } = enc(msg('conf.test.', RRType.NS, [ns], { additional: [addA, addAAAA, addA2] }), full.bytes.length - 1);
    expect(truncated).toBe(false);
    // A first (both names), then AAAA: the AAAA is what no longer fits.
    expect(decode(bytes).additional).toEqual(['ns1.conf.test. 3600 A 192.0.2.1', 'ns2.conf.test. 3600 A 192.0.2.2']);
  });

  it('an authority section that does not fit sets TC too (with an OPT: question only)', () => {
    const ns = rrset('conf.test.', RRType.NS, [dname('ns1.conf.test.'), dname('ns2.conf.test.')]);
    const big = rrset('midtxt.conf.test.', RRType.TXT, [Buffer.concat([Buffer.from([250]), Buffer.alloc(250, 0x30), Buffer.from([180]), Buffer.alloc(180, 0x31)])]);
    const at512 = enc(msg('midtxt.conf.test.', RRType.TXT, [big], { authority: [ns], opt: OPT }), 512);
    const at513 = enc(msg('midtxt.conf.test.', RRType.TXT, [big], { authority: [ns], opt: OPT }), 513);
    expect([at512.truncated, at512.bytes.length]).toEqual([true, 45]);
    expect([at513.truncated, at513.bytes.length]).toEqual([true, 45]);
  });
});

describe('additional section order: BIND renders the preferred address type first (message.c wrong_priority)', () => {
  const a = (n: string) => rrset(n, RRType.A, [ip4('10.0.0.1')]);
  const aaaa = (n: string) => rrset(n, RRType.AAAA, [Buffer.alloc(16)]);
  const mx = rrset('x.', RRType.MX, [mxRdata(1, 'm.x.')]);
  const order = (preferAAAA: boolean) =>
    decode(enc(msg('x.', RRType.MX, [mx], { additional: [a('m.x.'), aaaa('m.x.'), aaaa('n.x.'), a('n.x.')] }), 65535, preferAAAA).bytes)
      .additional.map((l) => l.split(' ').slice(0, 3).join(' '));

  it.each([
    [false, ['m.x. 3600 A', 'n.x. 3600 A', 'm.x. 3600 AAAA', 'n.x. 3600 AAAA']],
    [true, ['m.x. 3600 AAAA', 'n.x. 3600 AAAA', 'm.x. 3600 A', 'n.x. 3600 A']],
  ])('preferAAAA=%s', (prefer, expected) => {
    expect(order(prefer)).toEqual(expected);
  });
});

describe('RFC 4035 3.2.3: AD as BIND clears it for unsigned data', () => {
  const www = rrset('www.x.', RRType.A, [ip4('10.0.0.1')]);
  const ad = { ...FLAGS, ad: true };
  it.each([
    ['a whole RRset written', msg('www.x.', RRType.A, [www], { flags: ad }), 65535, false],
    ['an empty answer and authority', msg('www.x.', RRType.A, [], { flags: ad }), 65535, false],
    ['stopped inside the first RRset, no OPT', msg('www.x.', RRType.A, [rrset('www.x.', RRType.A, Array.from({ length: 40 }, () => ip4('10.0.0.1')))], { flags: ad }), 512, true],
  ] as const)('%s -> AD %s', (_w, m, max, expected) => {
    expect((enc(m, max).bytes[3] & 0x20) !== 0).toBe(expected);
  });
});

describe('OPT (RFC 6891 6.1.2-6.1.3)', () => {
  it('root owner, type 41, CLASS = UDP size, TTL = extended RCODE, version, DO; options as given', () => {
    const opt: ResponseOpt = { udpSize: 1232, extRcode: 1, version: 0, do: true, options: [{ code: 15, data: Buffer.from('0012', 'hex') }] };
    const { bytes } = enc(msg('x.', RRType.A, [], { opt, flags: { ...FLAGS, aa: false, rcode: 0 } }));
    expect(bytes.subarray(bytes.length - 17).toString('hex')).toBe('00' + '0029' + '04d0' + '01008000' + '0006' + '000f00020012');
    expect(bytes.readUInt16BE(10)).toBe(1);
  });
});

// ---- property: whatever is written parses back to what was given ----

const label = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const nameArb = fc.array(label, { minLength: 1, maxLength: 4 }).chain((ls) =>
  fc.constantFrom('example.', 'Example.ORG.', 'a.b.c.test.').map((suffix) => ls.join('.') + '.' + suffix),
);
const rrArb = fc.oneof(
  fc.record({ name: nameArb, type: fc.constant(RRType.A), rd: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((b) => Buffer.from(b)) }),
  fc.record({ name: nameArb, type: fc.constant(RRType.NS), rd: nameArb.map(dname) }),
  fc.record({ name: nameArb, type: fc.constant(RRType.CNAME), rd: nameArb.map(dname) }),
  fc.record({ name: nameArb, type: fc.constant(RRType.MX), rd: nameArb.map((n) => mxRdata(5, n)) }),
  fc.record({ name: nameArb, type: fc.constant(RRType.SRV), rd: nameArb.map((n) => srvRdata(1, 2, 3, n)) }),
);
const sectionArb = fc.array(rrArb, { maxLength: 8 }).map((rs) => rs.map((r) => rrset(r.name, r.type, [r.rd], 60)));

describe('property (fast-check): encode then dns-packet decode', () => {
  it('gives back every name exactly (case included) and stays within the limit', () => {
    fc.assert(
      fc.property(nameArb, sectionArb, sectionArb, sectionArb, fc.boolean(), fc.integer({ min: 12, max: 1500 }), (q, an, ns, ar, withOpt, max) => {
        const m = msg(q, RRType.A, an, { authority: ns, additional: ar, opt: withOpt ? OPT : undefined });
        const limit = Math.max(max, 12 + q.length + 5 + (withOpt ? 11 : 0));
        const { bytes, truncated } = enc(m, limit);
        expect(bytes.length).toBeLessThanOrEqual(limit);
        const p = dnsPacket.decode(bytes);
        expect(p.questions?.[0].name).toBe(q.slice(0, -1));
        const flat = (rs: RRset[]) => rs.map((r) => r.name.slice(0, -1));
        const got = (l: dnsPacket.Answer[] | undefined) => (l ?? []).filter((r) => r.type !== 'OPT').map((r) => r.name);
        if (!truncated) {
          expect(got(p.answers)).toEqual(flat(an));
          expect(got(p.authorities)).toEqual(flat(ns));
          // additional: reordered by type pass, so compare as multisets, and it may be cut short
          const add = got(p.additionals);
          expect(add.length).toBeLessThanOrEqual(ar.length);
          if (bytes.length + 300 < limit) expect([...add].sort()).toEqual(flat(ar).sort());
        } else if (withOpt) {
          expect([got(p.answers), got(p.authorities), got(p.additionals)]).toEqual([[], [], []]);
        } else {
          expect(got(p.answers)).toEqual(flat(an).slice(0, got(p.answers).length));
        }
        // RDATA names come back too (checks compression inside RDATA)
        for (const r of (p.answers ?? []) as { type: string; data: unknown }[]) {
          if (r.type === 'NS' || r.type === 'CNAME') expect(typeof r.data).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
  });
});
