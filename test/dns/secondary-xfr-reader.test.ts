/**
 * Reading a transfer as a secondary (src/dns/secondary/xfr-reader.ts, RFC 1995 4, RFC 5936
 * 2.2): records fed message by message, the end found at the closing SOA; up to date;
 * difference sequences; the whole zone in answer to IXFR; and the broken transfers named's
 * xfrin rejects (first record not the SOA, IXFR out of sync, records after the end, an
 * end before the closing SOA).
 */
import { describe, expect, it } from 'vitest';
import { createXfrReader, XfrError } from '../../src/dns/secondary/xfr-reader.js';
import { rdataFromText } from '../../src/wire/rdata.js';
import { RRType, type ResourceRecord } from '../../src/zones/record.js';

const O = 'x.test.';
const soa = (serial: number): ResourceRecord => ({ name: O, ttl: 300, class: 1, type: RRType.SOA, rdata: rdataFromText(RRType.SOA, ['ns.x.test.', 'hm.x.test.', String(serial), '3600', '900', '86400', '300'], O) });
const a = (name: string, ip: string): ResourceRecord => ({ name: `${name}.${O}`, ttl: 300, class: 1, type: RRType.A, rdata: rdataFromText(RRType.A, [ip], O) });

describe('transfer reader', () => {
  it('AXFR over several messages ends at the closing SOA', () => {
    const r = createXfrReader(O);
    expect(r.push([soa(5), a('a', '10.0.0.1')])).toBe(false);
    expect(() => r.result()).toThrow(XfrError);
    expect(r.push([a('b', '10.0.0.2'), soa(5)])).toBe(true);
    expect(r.result()).toEqual({ kind: 'axfr', records: [soa(5), a('a', '10.0.0.1'), a('b', '10.0.0.2')] });
  });

  it('IXFR: the SOA alone, not newer, is up to date; newer waits for more', () => {
    const same = createXfrReader(O, 5);
    expect(same.push([soa(5)])).toBe(true);
    expect(same.result().kind).toBe('up-to-date');
    expect(createXfrReader(O, 5).push([soa(4)])).toBe(true);
    expect(createXfrReader(O, 5).push([soa(6)])).toBe(false);
  });

  it('IXFR: two versions of differences; the whole zone when the second record is no SOA of ours', () => {
    const r = createXfrReader(O, 5);
    expect(r.push([soa(7), soa(5), a('a', '10.0.0.1'), soa(6), a('b', '10.0.0.2'), soa(6), soa(7)])).toBe(false);
    expect(r.push([a('c', '10.0.0.3'), soa(7)])).toBe(true);
    expect(r.result()).toEqual({
      kind: 'ixfr', soa: soa(7), transactions: [
        { oldSoa: soa(5), deleted: [a('a', '10.0.0.1')], newSoa: soa(6), added: [a('b', '10.0.0.2')] },
        { oldSoa: soa(6), deleted: [], newSoa: soa(7), added: [a('c', '10.0.0.3')] },
      ],
    });
    const whole = createXfrReader(O, 5);
    expect(whole.push([soa(7), a('a', '10.0.0.1'), soa(7)])).toBe(true);
    expect(whole.result().kind).toBe('axfr');
  });

  it('broken transfers fail', () => {
    expect(() => createXfrReader(O).push([a('a', '10.0.0.1')])).toThrow(/first record is not the zone SOA/);
    expect(() => createXfrReader(O, 5).push([soa(7), soa(5), soa(6), soa(4)])).toThrow(/out of sync/);
    expect(() => createXfrReader(O).push([soa(5), soa(5), a('a', '10.0.0.1')])).toThrow(/after the closing SOA/);
    expect(() => createXfrReader(O).push([soa(5), a('a', '10.0.0.1'), soa(6)])).toThrow(/closing SOA/);
  });
});
