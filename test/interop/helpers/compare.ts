/**
 * The comparable form of a DNS response, as the BIND comparisons use it (see
 * test/interop/dns-bind.test.ts's header comment for what is compared how).
 */
import { rrLine, rrMultiset, rrsetsOrdered, type ParsedMessage } from './wire.js';
import { normalizeOptCookies } from './cookies.js';

/** The comparable form of a response (see the header comment for what is compared how). */
export function comparable(m: ParsedMessage) {
  const answer = m.tc
    ? m.answer.map((rr) => rrLine({ ...rr, rdata: '(truncated: RDATA not compared)' }))
    : rrsetsOrdered(m.answer);
  return {
    header: {
      id: m.id, qr: m.qr, opcode: m.opcode, aa: m.aa, tc: m.tc, rd: m.rd, ra: m.ra, z: m.z, ad: m.ad, cd: m.cd,
      rcode: m.rcode, counts: m.counts,
    },
    question: m.question,
    answer,
    authority: rrMultiset(m.authority),
    additional: rrMultiset(m.additional.map((rr) => (rr.type === 41 ? { ...rr, rdata: normalizeOptCookies(rr.rdata) } : rr))),
    length: m.length,
  };
}

