/**
 * A small stand-in responder for handler and transport tests: A records from a map,
 * NXDOMAIN otherwise, TC with an empty answer when the answer does not fit the UDP limit
 * (RFC 1035 4.2.1: 512; RFC 6891 7: the client's size). Answer owners are compressed to
 * the question (like most servers), unless `caseSensitiveOwners` is set, in which case
 * they are written out in the zone's case, as BIND 9.18 does for a query in another case.
 */
import type { ZoneSet } from '../../src/zones/zone-types.js';
import { nameKey, nameToWire } from '../../src/wire/name.js';
import type { ParsedQuery } from '../../src/dns/query-parse.js';

export interface FakeZones extends ZoneSet {
  readonly records: Map<string, string[]>;
  readonly tag: string;
}

export function fakeZones(tag: string, records: Record<string, string[]>): FakeZones {
  const m = new Map<string, string[]>();
  for (const [k, v] of Object.entries(records)) m.set(nameKey(k.endsWith('.') ? k : k + '.'), v);
  return { zones: [], failed: [], find: () => undefined, records: m, tag };
}

export function makeFakeResponder(opts: { caseSensitiveOwners?: boolean; calls?: { n: number } } = {}) {
  return function respond(zones: ZoneSet, q: ParsedQuery): Buffer {
    if (opts.calls) opts.calls.n++;
    const z = zones as FakeZones;
    const name = q.question.name;
    if (nameKey(name) === 'boom.test.') throw new Error('responder exploded');
    const ips = q.question.type === 1 ? z.records.get(nameKey(name)) : undefined;
    const known = z.records.has(nameKey(name));
    const qname = nameToWire(name);
    const ownerWire = opts.caseSensitiveOwners && nameKey(name) !== name ? nameToWire(nameKey(name)) : Buffer.from([0xc0, 12]);
    const answers = (ips ?? []).map((ip) =>
      Buffer.concat([ownerWire, Buffer.from([0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4]), Buffer.from(ip.split('.').map(Number))]),
    );
    const opt = q.edns ? Buffer.from([0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]) : Buffer.alloc(0);
    const limit = q.transport === 'tcp' ? 65535 : Math.max(512, q.edns?.udpSize ?? 512);
    let body = Buffer.concat(answers);
    let tc = false;
    if (12 + qname.length + 4 + body.length + opt.length > limit) {
      body = Buffer.alloc(0);
      tc = true;
    }
    const h = Buffer.alloc(12);
    h.writeUInt16BE(q.id, 0);
    h[2] = 0x84 | (tc ? 2 : 0) | (q.rd ? 1 : 0) | (q.opcode << 3);
    h[3] = known || (ips?.length ?? 0) > 0 ? 0 : 3;
    h.writeUInt16BE(1, 4);
    h.writeUInt16BE(tc ? 0 : answers.length, 6);
    h.writeUInt16BE(q.edns ? 1 : 0, 10);
    const tcl = Buffer.alloc(4);
    tcl.writeUInt16BE(q.question.type, 0);
    tcl.writeUInt16BE(q.question.class, 2);
    return Buffer.concat([h, qname, tcl, body, opt]);
  };
}
