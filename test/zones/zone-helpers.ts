/** Hand-made ParsedRecords for zone model tests (no parser needed). */
import { nameToWire, parseName } from '../../src/wire/name.js';
import { RRType, type ParsedRecord } from '../../src/zones/record.js';

export const ORIGIN = 'example.com.';
export const FILE = 'z.db';

export function abs(n: string): string {
  return parseName(n, ORIGIN);
}

export function a(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}
export function aaaa(hex16: string): Buffer {
  return Buffer.from(hex16, 'hex');
}
export function name(n: string): Buffer {
  return nameToWire(abs(n));
}
export function mx(pref: number, n: string): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(pref);
  return Buffer.concat([b, name(n)]);
}
export function srv(prio: number, weight: number, port: number, n: string): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(prio, 0);
  b.writeUInt16BE(weight, 2);
  b.writeUInt16BE(port, 4);
  return Buffer.concat([b, name(n)]);
}
export function soa(serial = 1): Buffer {
  const nums = Buffer.alloc(20);
  [serial, 2, 3, 4, 5].forEach((v, i) => nums.writeUInt32BE(v, i * 4));
  return Buffer.concat([name('ns'), name('hostmaster'), nums]);
}
export function txt(s: string): Buffer {
  return Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'latin1')]);
}

/** A record as the parser would yield it; `line` counts from 1 and sets the source. */
export function rec(line: number, owner: string, type: keyof typeof RRType, rdata: Buffer, ttl = 300, klass = 1): ParsedRecord {
  return {
    name: abs(owner),
    ttl,
    class: klass,
    type: RRType[type],
    rdata,
    source: { file: FILE, line, col: 1 },
    explicitTtl: false,
  };
}

/** The smallest loadable zone: SOA, NS, the NS's address (lines 1-3). */
export function base(): ParsedRecord[] {
  return [rec(1, '@', 'SOA', soa()), rec(2, '@', 'NS', name('ns')), rec(3, 'ns', 'A', a('10.0.0.1'))];
}
