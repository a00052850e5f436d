/**
 * The authoritative answer logic, as a pure function: RFC 1034 4.3.2 as BIND 9.18 does it
 * with `recursion no` and its defaults (measured with dig against named; the cases and the
 * sizes are recorded in test/dns/resolve.test.ts):
 *
 * - Step 2: the zone is the loaded one with the longest origin above the name (ZoneSet.find);
 *   none: REFUSED without AA. A DS question for a zone's apex goes to its parent zone
 *   when that is loaded (RFC 4035 3.1.4.1).
 * - Step 3: walking down from the apex, a node with NS below the apex is a zone cut: a
 *   referral (NS in authority, glue in additional, AA clear), except a DS query for the cut
 *   itself, answered from the parent side (RFC 4035 3.1.4.1). A DNAME above the name
 *   rewrites it (RFC 6672 2.3: the DNAME and a synthesised CNAME, TTL of the DNAME).
 *   An exact match answers, or restarts at a CNAME's target (RFC 1034 3.6.2), or is NODATA
 *   (also for empty non-terminals, RFC 4592 2.2.2). No match: the wildcard at the closest
 *   encloser answers (RFC 4592 3.3.1), else NXDOMAIN.
 * - Restarts (CNAME, DNAME) follow only inside the zone first found (BIND's authdb): a
 *   target in another zone, loaded or not, ends the answer (NOERROR, no authority). After
 *   11 restarts (BIND's max-restarts) SERVFAIL, with what was found and EDE 0 "max.
 *   restarts reached" (RFC 8914); RRsets already in the answer are not repeated (loops).
 * - Negative answers carry the SOA, TTL min(SOA TTL, MINIMUM) (RFC 2308 3 and 5).
 * - `minimal-responses no-auth-recursive` (the default; the others in ResolveOptions): a
 *   positive answer to an RD=0 query carries the apex NS in authority (unless the answer
 *   holds it); RD=1 ones do not. With the
 *   `minimal` option (BIND over UDP with an EDNS size of 512 or less) neither does, and
 *   positive answers get no additional section.
 * - Additional section (RFC 1034 3.6.2, RFC 2181 5.4.1): A and AAAA of NS, MX, SRV (and
 *   the other RFC 1035 additional-processing types) targets in the same zone, wildcards
 *   included; glue below a cut only for NS targets; a NAPTR's SRV or addresses; SVCB and
 *   HTTPS targets as svcb-additional.ts says; nothing for ANY. RRsets already in the
 *   message are not repeated.
 * - ANY (RFC 8482 allows less; BIND 9.18 gives all): every RRset at the name, over UDP
 *   and TCP alike.
 * - Owner names: the zone's spelling; a wildcard answer's owner is the query name with
 *   the wildcard owner's letter case laid over it byte by byte (BIND keeps case as a
 *   bitmap per RRset: `*.MiXeD` answering `Foo.mixed` gives `foO.MiXed`, measured); a
 *   DNAME's synthesised CNAME is owned by the name as asked.
 * - DNSSEC OK (RFC 4035 3.1) on a signed zone: each RRset given is followed by the RRSIGs
 *   covering it (the answer, the apex NS, additional addresses; not glue, which is
 *   unsigned), the negative SOA's RRSIG at the SOA's negative TTL, NSEC or NSEC3 proofs
 *   (dnssec-proofs.ts) for NXDOMAIN, NODATA, wildcard answers and wildcard NODATA, and in a
 *   referral the DS with its RRSIGs or the proof that there is none (RFC 4035 3.1.4).
 *   Without DO none of these, except what is asked by type (RRSIG, NSEC) and ANY, which
 *   lists every RRset RRSIGs included (measured). Answer and authority are rendered grouped
 *   by owner name in order of first appearance, as BIND's message sections are. NSEC3
 *   owners live apart (Zone.nsec3) and do not exist for lookups (RFC 5155 7.2.8). AD is
 *   the encoder's (BIND's rule, encode.ts: cleared once an RRset is written, so a signed
 *   zone's answers carry none either, measured).
 * - Classes: IN is served; CH REFUSED; HS REFUSED with EDE 18 (BIND has no view for it);
 *   class 0, NONE and ANY FORMERR; others NOTIMP. Meta types (OPT, 128-254 but AXFR, IXFR,
 *   MAILA, MAILB) FORMERR; MAILA/MAILB NOTIMP. AXFR/IXFR are the responder's business.
 */
import { isSubdomain, nameFromWire, nameKey, nameToWire, parentName, ROOT } from '../wire/name.js';
import { RRType } from '../zones/record.js';
import { nameFields } from '../wire/rdata.js';
import { storedRdatas } from './rrset-order.js';
import type { RRset, Zone, ZoneNode, ZoneSet } from '../zones/zone-types.js';
import { DnsClass, EdeCode, Rcode, type ExtendedError, type Question } from './message.js';
import { rrsetsWithSigs, zoneSecure } from '../zones/node-rrsets.js';
import {
  insecureDelegationProofs, nodataProofs, nxdomainProofs, usesNsec3, wildcardAnswerProofs, wildcardNodataProofs, type Proof,
} from './dnssec-proofs.js';
import { SVCB_TYPES, svcbAdditional, type AdditionalSink } from './svcb-additional.js';

export interface Resolution {
  rcode: number;
  aa: boolean;
  answer: RRset[];
  authority: RRset[];
  additional: RRset[];
  /** An Extended DNS Error to report when the client speaks EDNS (RFC 8914). */
  ede?: ExtendedError;
}

export interface ResolveOptions {
  /** Recursion desired: decides the authority NS of positive answers (see file comment). */
  rd: boolean;
  /**
   * DNSSEC OK (RFC 3225, RFC 4035 3.1): RRSIGs of the RRsets given, NSEC/NSEC3 proofs in
   * negative and wildcard answers and DS or its absence in referrals (signed zones).
   */
  do?: boolean;
  /**
   * BIND's `minimal-responses yes`: positive answers carry no authority NS and no additional
   * records (referrals keep their glue, negative answers their SOA). BIND 9.18 answers so
   * over UDP when the client's EDNS payload size is 512 or less (measured; respond.ts).
   */
  minimal?: boolean;
  /**
   * named.conf `minimal-responses` (default no-auth-recursive). For positive answers (BIND
   * 9.18, measured): `no` adds the apex NS to the authority section (and its addresses),
   * whatever RD; `no-auth` never, `no-auth-recursive` only for RD=0; `yes` never, and adds
   * additional data only when the question is for NS. Negative answers carry their SOA and
   * referrals their NS and glue in every mode.
   */
  minimalResponses?: boolean | 'no-auth' | 'no-auth-recursive';
}

/**
 * Types that may sit beside a CNAME (RFC 2181 10.1; RFC 4035 2.5; BIND's
 * DNS_RDATATYPEATTR_ATCNAME: SIG, KEY, RRSIG, NSEC): asked at a CNAME's owner they are
 * answered there, NODATA when absent, and the CNAME is not followed (BIND 9.18, measured).
 */
const AT_CNAME = new Set([24, 25, 46, 47]);

/** BIND 9.18's max-restarts: CNAME/DNAME hops followed before giving up. */
export const MAX_RESTARTS = 11;

const MAILB = 253;
const MAILA = 254;

function result(rcode: number, aa = false, ede?: ExtendedError): Resolution {
  const r: Resolution = { rcode, aa, answer: [], authority: [], additional: [] };
  if (ede) r.ede = ede;
  return r;
}

/** The rcode for a question BIND does not answer from zone data, or undefined. */
function gate(q: Question): Resolution | undefined {
  if (q.class !== DnsClass.IN) {
    if (q.class === DnsClass.CH) return result(Rcode.REFUSED);
    if (q.class === DnsClass.HS) return result(Rcode.REFUSED, false, { code: EdeCode.PROHIBITED });
    if (q.class === 0 || q.class === DnsClass.NONE || q.class === DnsClass.ANY) return result(Rcode.FORMERR);
    return result(Rcode.NOTIMP);
  }
  const t = q.type;
  if (t === MAILA || t === MAILB) return result(Rcode.NOTIMP);
  if (t === RRType.OPT || (t >= 128 && t <= 255 && t !== RRType.ANY && t !== RRType.AXFR && t !== RRType.IXFR)) {
    return result(Rcode.FORMERR);
  }
  return undefined;
}

/** Names from just below `origin` down to `name` itself (which lies under origin). */
function descent(name: string, origin: string): string[] {
  const out: string[] = [];
  const o = nameKey(origin);
  for (let n = name; nameKey(n) !== o && n !== ROOT; n = parentName(n)) out.push(n);
  return out.reverse();
}

function wildcardOf(encloser: string): string {
  return encloser === ROOT ? '*.' : '*.' + encloser;
}

/**
 * The owner BIND writes for a wildcard answer: `qname`'s bytes with the letter case of
 * the wildcard owner at the same wire positions (BIND's per-RRset case bitmap).
 */
export function wildcardOwner(wildcardName: string, qname: string): string {
  const w = nameToWire(wildcardName);
  const q = nameToWire(qname);
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    const isLetter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!isLetter) continue;
    const upper = i < w.length && w[i] >= 0x41 && w[i] <= 0x5a;
    q[i] = upper ? c & ~0x20 : c | 0x20;
  }
  return nameFromWire(q, 0).name;
}

function withOwner(rr: RRset, name: string): RRset {
  return rr.name === name ? rr : { name, type: rr.type, ttl: rr.ttl, rdatas: rr.rdatas };
}

function targetOf(rr: RRset, offset = 0): string {
  return nameFromWire(rr.rdatas[0], offset).name;
}

type Lookup =
  | { kind: 'delegation'; ns: RRset; cut: ZoneNode }
  | { kind: 'dname'; dname: RRset; node: ZoneNode }
  /** `wildcard`: the node is the wildcard that answers for the name (RFC 4592 3.3.1). */
  | { kind: 'node'; node: ZoneNode; owner: string; wildcard: boolean }
  | { kind: 'nodata' }
  | { kind: 'nxdomain' };

/** The closest encloser's wildcard node for a name that does not exist (RFC 4592 3.3.1). */
function wildcardFor(zone: Zone, qname: string): ZoneNode | undefined {
  const origin = nameKey(zone.origin);
  let ce = parentName(qname);
  while (nameKey(ce) !== origin && ce !== ROOT && !zone.exists(ce)) ce = parentName(ce);
  return zone.node(wildcardOf(ce));
}

/** One pass of RFC 1034 4.3.2 step 3 in `zone` for `qname` (which lies in it). */
function lookup(zone: Zone, qname: string, qtype: number): Lookup {
  const qkey = nameKey(qname);
  const apex = zone.node(zone.origin);
  if (apex && qkey !== nameKey(zone.origin)) {
    const d = apex.rrsets.get(RRType.DNAME);
    if (d) return { kind: 'dname', dname: d, node: apex };
  }
  for (const a of descent(qname, zone.origin)) {
    const node = zone.node(a);
    if (!node) continue;
    const atName = nameKey(a) === qkey;
    const ns = node.rrsets.get(RRType.NS);
    if (ns && !(atName && qtype === RRType.DS)) return { kind: 'delegation', ns, cut: node };
    if (!atName) {
      const d = node.rrsets.get(RRType.DNAME);
      if (d) return { kind: 'dname', dname: d, node };
    }
  }
  const node = zone.node(qname);
  if (node) return { kind: 'node', node, owner: node.name, wildcard: false };
  if (zone.exists(qname)) return { kind: 'nodata' };
  const wc = wildcardFor(zone, qname);
  if (wc) return { kind: 'node', node: wc, owner: wildcardOwner(wc.name, qname), wildcard: true };
  return { kind: 'nxdomain' };
}

/** The key of an RRset in a message: owner, type, and for RRSIGs the type covered (RFC 4034 3). */
function rrsetKey(rr: RRset): string {
  const k = nameKey(rr.name) + '/' + rr.type;
  return rr.type === RRType.RRSIG && rr.rdatas[0]?.length >= 2 ? k + '/' + rr.rdatas[0].readUInt16BE(0) : k;
}

/**
 * The RRsets of one message, with BIND's rules: an RRset is never added twice, and with
 * DNSSEC OK it is followed by the RRSIGs covering it (RFC 4035 3.1.1) when its node has them.
 */
class Sections {
  readonly answer: RRset[] = [];
  readonly authority: RRset[] = [];
  readonly additional: RRset[] = [];
  private readonly present = new Set<string>();

  constructor(readonly dnssec: boolean) {}

  has(name: string, type: number): boolean {
    return this.present.has(nameKey(name) + '/' + type);
  }

  add(section: RRset[], rr: RRset): void {
    const k = rrsetKey(rr);
    if (this.present.has(k)) return;
    this.present.add(k);
    section.push(rr);
  }

  /** `rr` from `node` (owned by `owner`), then its RRSIGs when DNSSEC OK; `ttl` overrides both TTLs. */
  addSigned(section: RRset[], node: ZoneNode | undefined, rr: RRset, owner = rr.name, ttl?: number): void {
    this.add(section, retimed(withOwner(rr, owner), ttl));
    if (!this.dnssec) return;
    const sig = node?.sigs?.get(rr.type);
    if (sig) this.add(section, retimed(withOwner(sig, owner), ttl));
  }

  /** NSEC or NSEC3 proofs (with their RRSIGs) into the authority section. */
  addProofs(proofs: readonly Proof[]): void {
    for (const p of proofs) this.addSigned(this.authority, p.node, p.rrset);
  }
}

function retimed(rr: RRset, ttl: number | undefined): RRset {
  return ttl === undefined || ttl === rr.ttl ? rr : { name: rr.name, type: rr.type, ttl, rdatas: rr.rdatas };
}

/**
 * A section as BIND renders it: RRsets grouped by owner name in the order each name first
 * appears (its message sections are lists of names, each with its RRsets in order added).
 */
function byOwner(section: RRset[]): RRset[] {
  if (section.length < 3) return section;
  const groups = new Map<string, RRset[]>();
  for (const rr of section) {
    const k = nameKey(rr.name);
    const g = groups.get(k);
    if (g) g.push(rr);
    else groups.set(k, [rr]);
  }
  return groups.size === section.length ? section : [...groups.values()].flat();
}

/** The SOA for a negative answer: TTL min(SOA TTL, MINIMUM) (RFC 2308 3, 5). */
function negativeSoa(zone: Zone): RRset | undefined {
  const soa = zone.node(zone.origin)?.rrsets.get(RRType.SOA);
  if (!soa) return undefined;
  const rd = soa.rdatas[0];
  const minimum = rd.readUInt32BE(rd.length - 4);
  return { name: soa.name, type: RRType.SOA, ttl: Math.min(soa.ttl, minimum), rdatas: soa.rdatas };
}

/**
 * A and AAAA for `name` from `zone` into the additional section. Below a zone cut only
 * when `glueOk` (NS targets); an existing name's own data, else its wildcard.
 */
function addAddresses(s: Sections, zone: Zone, name: string, glueOk: boolean): void {
  if (name === ROOT || !isSubdomain(name, zone.origin)) return;
  let node: ZoneNode | undefined;
  let owner = name;
  let belowCut = false;
  for (const a of descent(name, zone.origin)) {
    if (zone.node(a)?.rrsets.has(RRType.NS)) {
      belowCut = true;
      break;
    }
  }
  if (belowCut) {
    if (!glueOk) return;
    node = zone.node(name);
    if (node) owner = node.name;
  } else {
    node = zone.node(name);
    if (node) owner = node.name;
    else if (!zone.exists(name)) {
      node = wildcardFor(zone, name);
      if (node) owner = wildcardOwner(node.name, name);
    }
  }
  if (!node) return;
  for (const t of [RRType.A, RRType.AAAA]) {
    const rr = node.rrsets.get(t);
    if (rr) s.addSigned(s.additional, node, rr, owner);
  }
}

function additionalFor(s: Sections, zone: Zone, rr: RRset): void {
  if (SVCB_TYPES.has(rr.type)) {
    const sink: AdditionalSink = {
      find: (name, type) => (isSubdomain(name, zone.origin) ? zone.node(name)?.rrsets.get(type) : undefined),
      addRRset: (x) => {
        if (s.has(x.name, x.type)) return;
        s.addSigned(s.additional, zone.node(x.name), x);
        additionalFor(s, zone, x);
      },
      addAddresses: (name) => addAddresses(s, zone, name, false),
    };
    for (const rd of rr.rdatas) svcbAdditional(sink, rr, rd);
    return;
  }
  if (rr.type === RRType.NAPTR) {
    for (const rd of storedRdatas(rr)) naptrAdditional(s, zone, rd);
    return;
  }
  // In BIND's stored order (canonical, rrset-order.ts): it decides the additional section's order.
  for (const rd of storedRdatas(rr)) {
    for (const f of nameFields(rr.type, rd)) {
      if (f.additional) addAddresses(s, zone, nameFromWire(rd, f.offset).name, rr.type === RRType.NS);
    }
  }
}

/**
 * RFC 3403 4.1 / RFC 2915: a NAPTR's replacement gets its SRV RRset (flag "S", with that
 * SRV's own additional addresses) or its addresses (flag "A") in the additional section,
 * as BIND 9.18 does (measured).
 */
function naptrAdditional(s: Sections, zone: Zone, rd: Buffer): void {
  const names = nameFields(RRType.NAPTR, rd);
  if (names.length === 0) return;
  const flags = rd.toString('latin1', 5, 5 + rd[4]).toLowerCase(); // order, preference, flags
  const replacement = nameFromWire(rd, names[0].offset).name;
  if (replacement === ROOT || !isSubdomain(replacement, zone.origin)) return;
  if (flags.includes('s')) {
    const srvNode = zone.node(replacement);
    const srv = srvNode?.rrsets.get(RRType.SRV);
    if (srv && !s.has(srv.name, RRType.SRV)) {
      s.addSigned(s.additional, srvNode, srv);
      additionalFor(s, zone, srv);
    }
  } else if (flags.includes('a')) {
    addAddresses(s, zone, replacement, false);
  }
}

/**
 * Answers one question from the loaded zones (pure; see the file comment for the rules).
 * Owner names of the RRsets are the ones to write; the encoder compresses them.
 */
export function resolve(zones: ZoneSet, q: Question, opts: ResolveOptions): Resolution {
  const refused = gate(q);
  if (refused) return refused;
  let zone = zones.find(q.name);
  if (!zone) return result(Rcode.REFUSED);
  // RFC 4035 3.1.4.1: the DS of a child zone's apex lives in the parent; when the parent is
  // loaded too, it answers (BIND: DNS_GETDB_NOEXACT for DS).
  if (q.type === RRType.DS && zone.origin !== ROOT && nameKey(zone.origin) === nameKey(q.name)) {
    zone = zones.find(parentName(zone.origin)) ?? zone;
  }
  // A configured zone that failed to load: SERVFAIL at and under it (BIND, measured).
  if (zone.loadError !== undefined) return result(Rcode.SERVFAIL);
  // Zone transfers are not answered from here (the responder decides); treat as NOTIMP.
  if (q.type === RRType.AXFR || q.type === RRType.IXFR) return result(Rcode.NOTIMP);

  const dnssec = opts.do === true;
  const s = new Sections(dnssec);
  let aa = true;
  /** Wildcard proofs of the answers so far (RFC 4035 3.1.3.3), added to the authority at the end. */
  const wildcardProofs: Proof[] = [];
  let qname = q.name;
  let restarts = 0;
  const done = (rcode: number, extra?: Partial<Resolution>): Resolution => ({
    rcode,
    aa,
    answer: byOwner(s.answer),
    authority: byOwner(s.authority),
    additional: s.additional,
    ...extra,
  });
  /**
   * A negative answer: the SOA (its RRSIG with the SOA's negative TTL, RFC 4035 3.1.3) and,
   * with DNSSEC OK, the proofs; BIND adds a wildcard NODATA's NSEC3 proofs before the SOA.
   */
  const negative = (rcode: number, proofs: () => Proof[] = () => [], proofsFirst = false): Resolution => {
    if (dnssec && proofsFirst) s.addProofs(proofs());
    const soa = negativeSoa(zone);
    if (soa) s.addSigned(s.authority, zone.node(zone.origin), soa, soa.name, soa.ttl);
    if (dnssec) {
      s.addProofs(wildcardProofs);
      if (!proofsFirst) s.addProofs(proofs());
    }
    return done(rcode);
  };
  /**
   * A positive answer: the additional section (not for ANY) and, for RD=0, the apex NS
   * (BIND's minimal-responses no-auth-recursive); neither when minimal.
   */
  const positive = (additional: boolean): Resolution => {
    if (!opts.minimal) {
      const mode = opts.minimalResponses ?? 'no-auth-recursive';
      if (additional && (mode !== true || q.type === RRType.NS)) for (const a of [...s.answer]) additionalFor(s, zone, a);
      if (mode === false || (mode === 'no-auth-recursive' && !opts.rd)) addApexNs(s, zone, additional);
    }
    if (dnssec) s.addProofs(wildcardProofs);
    return done(Rcode.NOERROR);
  };
  /** Moves on to `target` after a CNAME or DNAME; returns a final Resolution if it stops here. */
  const restart = (target: string): Resolution | undefined => {
    if (restarts >= MAX_RESTARTS) {
      return done(Rcode.SERVFAIL, { ede: { code: EdeCode.OTHER, text: 'max. restarts reached' } });
    }
    restarts++;
    qname = target;
    if (zones.find(target) !== zone) return done(Rcode.NOERROR);
    return undefined;
  };

  for (;;) {
    const r = lookup(zone, qname, q.type);
    if (r.kind === 'delegation') {
      if (restarts === 0) aa = false;
      s.add(s.authority, r.ns);
      if (dnssec && zoneSecure(zone)) {
        // RFC 4035 3.1.4: the DS RRset with its RRSIGs, or the proof that there is none;
        // not from an unsigned zone, even one holding a DS (BIND 9.18, measured).
        const ds = r.cut.rrsets.get(RRType.DS);
        if (ds) s.addSigned(s.authority, r.cut, ds);
        else s.addProofs(insecureDelegationProofs(zone, r.cut));
      }
      additionalFor(s, zone, r.ns);
      return done(Rcode.NOERROR);
    }
    if (r.kind === 'dname') {
      // RFC 6672 2.2-2.3: replace the DNAME owner suffix of qname by the DNAME target.
      const d = r.dname;
      s.addSigned(s.answer, r.node, d);
      const owner = d.name;
      const prefix = qname.slice(0, qname.length - owner.length);
      const t = targetOf(d);
      const target = t === ROOT ? prefix : prefix + t;
      let wire: Buffer;
      try {
        wire = nameToWire(target);
        if (wire.length > 255) throw new Error('name too long');
      } catch {
        return done(Rcode.YXDOMAIN);
      }
      s.add(s.answer, { name: qname, type: RRType.CNAME, ttl: d.ttl, rdatas: [wire] });
      // The synthesised CNAME itself answers a CNAME or ANY question (BIND, measured).
      if (q.type === RRType.CNAME || q.type === RRType.ANY) return positive(q.type === RRType.CNAME);
      const stop = restart(target);
      if (stop) return stop;
      continue;
    }
    const name = qname;
    if (r.kind === 'nodata') return negative(Rcode.NOERROR, () => nodataProofs(zone, name));
    if (r.kind === 'nxdomain') return negative(Rcode.NXDOMAIN, () => nxdomainProofs(zone, name));

    const { node, owner } = r;
    const answered = (): void => {
      if (dnssec && r.wildcard) wildcardProofs.push(...wildcardAnswerProofs(zone, name, node.name));
    };
    if (q.type === RRType.ANY) {
      // Every RRset, RRSIGs included even without DNSSEC OK (BIND, measured).
      for (const rr of rrsetsWithSigs(node)) s.add(s.answer, withOwner(rr, owner));
      answered();
      return positive(false);
    }
    if (q.type === RRType.RRSIG && node.sigs !== undefined && node.sigs.size > 0) {
      // The RRSIGs asked by type: each covered type's set with its own TTL.
      for (const sig of node.sigs.values()) s.add(s.answer, withOwner(sig, owner));
      answered();
      return positive(true);
    }
    const rr = q.type === RRType.RRSIG ? undefined : node.rrsets.get(q.type);
    if (rr) {
      s.addSigned(s.answer, node, rr, owner);
      answered();
      return positive(true);
    }
    const cname = node.rrsets.get(RRType.CNAME);
    if (cname && q.type !== RRType.CNAME && !AT_CNAME.has(q.type)) {
      s.addSigned(s.answer, node, cname, owner);
      answered();
      const stop = restart(targetOf(cname));
      if (stop) return stop;
      continue;
    }
    if (r.wildcard) return negative(Rcode.NOERROR, () => wildcardNodataProofs(zone, name, node), usesNsec3(zone));
    return negative(Rcode.NOERROR, () => nodataProofs(zone, name));
  }
}

/**
 * BIND's authority NS for positive answers (minimal-responses no-auth-recursive), not for
 * a DS answered at a zone cut, and not when the answer already holds the apex NS.
 */
function addApexNs(s: Sections, zone: Zone, withAdditional: boolean): void {
  const last = s.answer[s.answer.length - 1];
  if (last && last.type === RRType.DS) return;
  const apex = zone.node(zone.origin);
  const ns = apex?.rrsets.get(RRType.NS);
  if (!ns || s.has(ns.name, RRType.NS)) return;
  s.addSigned(s.authority, apex, ns);
  if (withAdditional) additionalFor(s, zone, ns);
}
