/**
 * Zones for the resolver/encoder/responder tests: the conformance zones of test/dns/data
 * (conf.test, other.test) and the lab's zones loaded with the real parser and model, plus a
 * tiny Map-based Zone for hand-built cases that need no parser. Formatting helpers turn
 * RRsets and wire messages into dig-like lines so that tests assert whole sections.
 */
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { loadZoneFile } from '../../../src/zones/load.js';
import { nameKey, nameToWire, parentName, ROOT } from '../../../src/wire/name.js';
import { rdataToText } from '../../../src/wire/rdata.js';
import { typeToText } from '../../../src/wire/rrtypes.js';
import type { RRset, Zone, ZoneNode, ZoneSet } from '../../../src/zones/zone-types.js';
import { createZoneSet } from '../../../src/zones/zoneset.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

let conformance: ZoneSet | undefined;
/** conf.test, its child deleg3.conf.test and other.test from test/dns/data (as BIND served them). */
export function conformanceZones(): ZoneSet {
  conformance ??= createZoneSet([
    loadZoneFile('conf.test', here('../data/conf.test.zone')),
    loadZoneFile('other.test', here('../data/other.test.zone')),
    loadZoneFile('deleg3.conf.test', here('../data/deleg3.conf.test.zone')),
  ]);
  return conformance;
}

let lab: ZoneSet | undefined;
/** The lab's forward and reverse zones (fixtures/lab). */
export function labZones(): ZoneSet {
  lab ??= createZoneSet([
    loadZoneFile('lab.local', here('../../../fixtures/lab/direct')),
    loadZoneFile('244.168.192.in-addr.arpa', here('../../../fixtures/lab/inverse')),
  ]);
  return lab;
}

let signed: ZoneSet | undefined;
/**
 * The lab-like zone of test/interop/dns-dnssec.test.ts signed by dnssec-signzone (BIND 9.18,
 * ECDSAP256SHA256) twice: nsec.test with NSEC, nsec3.test with NSEC3 (salt AABBCCDD, no
 * iterations): a wildcard *.wild, an empty non-terminal b.c above a.b.c, a delegation with
 * DS (sub) and one without (unsigned).
 */
export function signedZones(): ZoneSet {
  signed ??= createZoneSet([
    loadZoneFile('nsec.test', here('../data/nsec.test.signed.zone')),
    loadZoneFile('nsec3.test', here('../data/nsec3.test.signed.zone')),
  ]);
  return signed;
}

/** One RR per line, as dig prints them: `owner TTL TYPE rdata`. */
export function rrLines(rrsets: readonly RRset[]): string[] {
  return rrsets.flatMap((rr) => rr.rdatas.map((rd) => `${rr.name} ${rr.ttl} ${typeToText(rr.type)} ${rdataToText(rr.type, rd)}`));
}

// ---- a hand-built zone ----

export type MemRecord = [owner: string, type: number, ttl: number, rdata: Buffer];

/** A Map-based Zone (zone-types.ts) over absolute owner names; RRsets in insertion order. */
export function memZone(origin: string, records: readonly MemRecord[]): Zone {
  const nodes = new Map<string, { name: string; rrsets: Map<number, RRset> }>();
  const ents = new Set<string>();
  for (const [owner, type, ttl, rdata] of records) {
    const k = nameKey(owner);
    let n = nodes.get(k);
    if (!n) nodes.set(k, (n = { name: owner, rrsets: new Map() }));
    const prev = n.rrsets.get(type);
    n.rrsets.set(type, { name: n.name, type, ttl: prev?.ttl ?? ttl, rdatas: [...(prev?.rdatas ?? []), rdata] });
    for (let p = parentName(k); p !== nameKey(origin) && p !== ROOT; p = parentName(p)) ents.add(p);
  }
  for (const k of nodes.keys()) ents.delete(k);
  let serial = 0;
  const soa = nodes.get(nameKey(origin))?.rrsets.get(6)?.rdatas[0];
  if (soa) serial = soa.readUInt32BE(soa.length - 20);
  return {
    origin,
    serial,
    recordCount: records.length,
    node: (name: string): ZoneNode | undefined => nodes.get(nameKey(name)),
    exists: (name: string): boolean => nodes.has(nameKey(name)) || ents.has(nameKey(name)),
    nodes: () => nodes.values(),
  };
}

export const ip4 = (s: string): Buffer => Buffer.from(s.split('.').map(Number));
export const dname = (s: string): Buffer => nameToWire(s);
export function soaRdata(mname: string, rname: string, serial: number, minimum: number): Buffer {
  const nums = Buffer.alloc(20);
  [serial, 7200, 3600, 1209600, minimum].forEach((v, i) => nums.writeUInt32BE(v, i * 4));
  return Buffer.concat([nameToWire(mname), nameToWire(rname), nums]);
}
export function mxRdata(pref: number, exchange: string): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(pref);
  return Buffer.concat([b, nameToWire(exchange)]);
}
export function srvRdata(prio: number, weight: number, port: number, target: string): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(prio, 0);
  b.writeUInt16BE(weight, 2);
  b.writeUInt16BE(port, 4);
  return Buffer.concat([b, nameToWire(target)]);
}

// ---- decoding responses ----

export interface Decoded {
  id: number;
  flags: string[];
  rcode: number;
  question: string[];
  answer: string[];
  authority: string[];
  additional: string[];
  opt?: { udpSize: number; extRcode: number; version: number; do: boolean; options: { code: number; data: string }[] };
  size: number;
}

function dataText(r: { type: string; data: unknown }): string {
  const d = r.data as never;
  switch (r.type) {
    case 'MX':
      return `${(d as { preference: number }).preference} ${(d as { exchange: string }).exchange}.`;
    case 'SOA': {
      const s = d as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return `${s.mname}. ${s.rname}. ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    case 'SRV': {
      const s = d as { priority: number; weight: number; port: number; target: string };
      return `${s.priority} ${s.weight} ${s.port} ${s.target}.`;
    }
    case 'TXT':
      return (d as Buffer[]).map((b) => JSON.stringify(b.toString('latin1'))).join(' ');
    case 'NS': case 'CNAME': case 'PTR': case 'DNAME':
      return `${d as string}.`;
    case 'A': case 'AAAA':
      return d as string;
    default:
      return Buffer.isBuffer(d) ? (d as Buffer).toString('hex') : JSON.stringify(d);
  }
}

/** Decodes a response with dns-packet (which must accept it) into dig-like lines. */
export function decode(bytes: Buffer): Decoded {
  const p = dnsPacket.decode(bytes);
  const line = (r: dnsPacket.Answer): string =>
    `${r.name === '.' ? '' : r.name}. ${(r as { ttl?: number }).ttl} ${r.type} ${dataText(r as never)}`;
  const f = bytes.readUInt16BE(2);
  const flags = (
    [
      [0x8000, 'qr'], [0x0400, 'aa'], [0x0200, 'tc'], [0x0100, 'rd'], [0x0080, 'ra'], [0x0020, 'ad'], [0x0010, 'cd'],
    ] as const
  )
    .filter(([bit]) => (f & bit) !== 0)
    .map(([, n]) => n);
  const optRr = (p.additionals ?? []).find((r) => r.type === 'OPT') as
    | { udpPayloadSize: number; extendedRcode: number; ednsVersion: number; flags: number; options: { code: number; data: Buffer }[] }
    | undefined;
  return {
    id: p.id ?? 0,
    flags,
    rcode: (f & 0xf) | ((optRr?.extendedRcode ?? 0) << 4),
    question: (p.questions ?? []).map((q) => `${q.name}. ${q.class} ${q.type}`),
    answer: (p.answers ?? []).map(line),
    authority: (p.authorities ?? []).map(line),
    additional: (p.additionals ?? []).filter((r) => r.type !== 'OPT').map(line),
    opt: optRr && {
      udpSize: optRr.udpPayloadSize,
      extRcode: optRr.extendedRcode,
      version: optRr.ednsVersion,
      do: (optRr.flags & 0x8000) !== 0,
      options: optRr.options.map((o) => ({ code: o.code, data: Buffer.from(o.data).toString('hex') })),
    },
    size: bytes.length,
  };
}
