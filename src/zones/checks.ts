/**
 * The checks `named-checkzone ZONE FILE` (BIND 9.18) makes once a zone is loaded, with
 * BIND's wording: the apex must own NS records whose in-zone targets have addresses
 * (fatal, RFC 1034 4.2.1, RFC 2181 10.3), and `check-integrity`'s warnings for delegation
 * NS (glue, RFC 1034 4.2.1), MX (RFC 2181 10.3) and SRV (RFC 2782) targets.
 * Out-of-zone targets are not looked up: this is `named-checkzone -i local`; the default
 * `-i full` also asks the system resolver, which depends on the machine's network.
 */
import { LocatedError } from '../util/located-error.js';
import { isSubdomain, nameFromWire, nameKey, nameLabels, parentName, ROOT } from '../wire/name.js';
import { RRType } from './record.js';
import type { SourceLocation } from './record.js';
import type { ZoneWarning } from './zone-types.js';
import { canonicalSortKey } from '../wire/canonical.js';
import { base32hexDecode } from '../wire/rdata/base32hex.js';

/** What the checks read of a loaded zone (zone.ts's CheckedZone provides it). */
export interface CheckedZone {
  readonly origin: string;
  readonly size: number;
  readonly files: readonly string[];
  lookup(key: string): number;
  hasType(i: number, type: number): boolean;
  nameAt(i: number): string;
  locationOf(i: number, type: number): SourceLocation;
  recordsOf(i: number, type: number): Iterable<{ rdata: Buffer; source: SourceLocation }>;
}

/** A name as BIND prints it in messages: no trailing dot (the root stays `.`). */
export function displayName(name: string): string {
  return name === ROOT ? ROOT : name.replace(/\.$/, '');
}

/** What a lookup of a target name for addresses finds (BIND's dns_db_find with GLUEOK). */
type TargetResult =
  | { kind: 'ok' }
  | { kind: 'cname' }
  | { kind: 'dname'; owner: string }
  | { kind: 'delegation'; cut: string }
  | { kind: 'none' };

class TargetFinder {
  private readonly apexKey: string;
  constructor(private readonly z: CheckedZone) {
    this.apexKey = nameKey(z.origin);
  }

  private has(key: string, type: number): boolean {
    const i = this.z.lookup(key);
    return i >= 0 && this.z.hasType(i, type);
  }

  private hasAddress(key: string): boolean {
    return this.has(key, RRType.A) || this.has(key, RRType.AAAA);
  }

  find(target: string): TargetResult {
    const key = nameKey(target);
    // Walk from the apex down (RFC 1034 4.3.2 step 3): a zone cut or a DNAME above the
    // target ends the search.
    const chain: string[] = [];
    for (let p = key; p !== this.apexKey && p !== ROOT; p = parentName(p)) chain.push(p);
    chain.reverse();
    for (const k of chain) {
      const i = this.z.lookup(k);
      if (i < 0) continue;
      if (this.z.hasType(i, RRType.NS)) return this.hasAddress(key) ? { kind: 'ok' } : { kind: 'delegation', cut: k };
      if (k !== key && this.z.hasType(i, RRType.DNAME)) return { kind: 'dname', owner: this.z.nameAt(i) };
    }
    const i = this.z.lookup(key);
    if (i >= 0) {
      if (this.hasAddress(key)) return { kind: 'ok' };
      if (this.z.hasType(i, RRType.CNAME)) return { kind: 'cname' };
      return { kind: 'none' };
    }
    // RFC 4592 3.3.1: the source of synthesis is `*` below the closest encloser.
    let ce = parentName(key);
    while (ce !== this.apexKey && this.z.lookup(ce) < 0) ce = parentName(ce);
    const w = this.z.lookup('*.' + ce);
    if (w >= 0) {
      if (this.z.hasType(w, RRType.A) || this.z.hasType(w, RRType.AAAA)) return { kind: 'ok' };
      if (this.z.hasType(w, RRType.CNAME)) return { kind: 'cname' };
    }
    return { kind: 'none' };
  }
}

/**
 * Post-load checks. First the apex checks (BIND zone_postload), which throw a LocatedError
 * at the NS record (or SOA) they concern; then the warnings about delegation, MX and SRV
 * targets, to `warn` in canonical node order, as BIND's integrity_checks() walks the
 * database (named-checkzone prints none of them when the apex check fails).
 */
export function checkZoneIntegrity(z: CheckedZone, zoneText: string, warn: (w: ZoneWarning) => void): void {
  const finder = new TargetFinder(z);
  const apexKey = nameKey(z.origin);
  const apexEntry = z.lookup(apexKey);
  const apex = apexEntry < 0 ? undefined : apexEntry;

  // Apex NS: fatal for a primary zone (BIND zone_postload: "has no NS records", and each
  // in-zone target must have an address).
  const soaAt = apex === undefined ? { file: z.files[0] ?? '', line: 1, col: 1 } : z.locationOf(apex, RRType.SOA);
  const nsRecords = apex === undefined ? [] : [...z.recordsOf(apex, RRType.NS)];
  if (nsRecords.length === 0) throw new LocatedError(`${zoneText}: has no NS records`, soaAt.file, soaAt.line, soaAt.col);
  for (const { rdata, source } of nsRecords) {
    const target = nameFromWire(rdata, 0).name;
    if (!isSubdomain(target, z.origin)) continue;
    const r = finder.find(target);
    const what = `${zoneText}: NS '${displayName(target)}'`;
    let msg: string | undefined;
    if (r.kind === 'cname') msg = `${what} is a CNAME (illegal)`;
    else if (r.kind === 'dname') msg = `${what} is below a DNAME '${displayName(r.owner)}' (illegal)`;
    else if (r.kind === 'none') msg = `${what} has no address records (A or AAAA)`;
    if (msg) throw new LocatedError(msg, source.file, source.line, source.col, target);
  }

  // Nodes to check: non-apex NS, MX, SRV owners. One pass over the record arena.
  const todo = new Set<number>();
  for (let i = 0; i < z.size; i++) {
    if ((i !== apex && z.hasType(i, RRType.NS)) || z.hasType(i, RRType.MX) || z.hasType(i, RRType.SRV)) todo.add(i);
  }
  const order = [...todo].map((i) => ({ i, k: canonicalSortKey(z.nameAt(i)) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));

  for (const { i } of order) {
    const ownerName = z.nameAt(i);
    const owner = displayName(ownerName);
    if (i !== apex) {
      for (const { rdata, source } of z.recordsOf(i, RRType.NS)) {
        const target = nameFromWire(rdata, 0).name;
        if (!isSubdomain(target, z.origin)) continue;
        const r = finder.find(target);
        const what = `${zoneText}: ${owner}/NS '${displayName(target)}'`;
        let msg: string | undefined;
        if (r.kind === 'cname') msg = `${what} is a CNAME (illegal)`;
        else if (r.kind === 'dname') msg = `${what} is below a DNAME '${displayName(r.owner)}' (illegal)`;
        else if (r.kind === 'none' || r.kind === 'delegation') {
          const glue = isSubdomain(target, ownerName) ? 'REQUIRED GLUE ' : r.kind === 'delegation' ? 'SIBLING GLUE ' : '';
          msg = `${what} has no ${glue}address records (A or AAAA)`;
        }
        if (msg) warn({ ...source, message: msg });
      }
    }
    for (const [type, label, at] of [[RRType.MX, 'MX', 2], [RRType.SRV, 'SRV', 6]] as const) {
      for (const { rdata, source } of z.recordsOf(i, type)) {
        const target = nameFromWire(rdata, at).name;
        if (!isSubdomain(target, z.origin)) continue;
        const r = finder.find(target);
        const what = `${zoneText}: ${owner}/${label} '${displayName(target)}'`;
        let msg: string | undefined;
        if (r.kind === 'cname') msg = `${what} is a CNAME (illegal)`;
        else if (r.kind === 'dname') msg = `${what} is below a DNAME '${displayName(r.owner)}' (illegal)`;
        else if (r.kind === 'none') msg = `${what} has no address records (A or AAAA)`;
        if (msg) warn({ ...source, message: msg });
      }
    }
  }
}

/**
 * RFC 952 / RFC 1123 2.1 host names, as BIND's dns_name_ishostname(): every label letters,
 * digits and inner hyphens; with `wildcard`, a leading `*` label is allowed. Escaped bytes
 * (`\.`, `\DDD`, ...) are never letter-digit-hyphen, so a name holding `\` is no host name.
 */
export function isHostname(name: string, wildcard: boolean): boolean {
  if (name === ROOT) return true;
  if (name.includes('\\')) return false;
  let i = wildcard && name.startsWith('*.') ? 2 : 0;
  const end = name.length - 1; // the final dot
  while (i < end) {
    const dot = name.indexOf('.', i);
    for (let k = i; k < dot; k++) {
      const c = name.charCodeAt(k);
      const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
      if (!alnum && (c !== 0x2d || k === i || k === dot - 1)) return false;
    }
    i = dot + 1;
  }
  return true;
}

/** BIND's dns_name_ismailbox(): a first label of printable bytes (RFC 1035 8), then a host name. */
export function isMailbox(name: string): boolean {
  if (name === ROOT) return true;
  const parent = parentName(name);
  const first = name.slice(0, name.length - (parent === ROOT ? 0 : parent.length) - 1);
  // Canonical text writes bytes outside 0x21-0x7e as \DDD; `\X` escapes are printable.
  if (/\\\d{3}/.test(first)) return false;
  return isHostname(parent, false);
}

/** True when a check-names problem of `type` stops the load even in 'warn' mode (BIND master.c: NSEC3 owners). */
export function fatalOwnerProblem(type: number, problem: string): boolean {
  return type === RRType.NSEC3 && !problem.startsWith('warning: ');
}

/** `check-names` (BIND ARM): `warn` is named-checkzone's default, `fail` named's for primary zones. */
export type CheckNamesMode = 'warn' | 'fail' | 'ignore';

const GC_MSDCS = 'gc._msdcs.';
const NO_PROBLEMS: readonly string[] = [];
const CHECKED_TYPES = new Set<number>([RRType.A, RRType.AAAA, 38, RRType.MX, 11, RRType.NS, RRType.PTR, RRType.SRV, RRType.SOA, RRType.NSEC3, 64, 65]);
const REVERSE = ['in-addr.arpa.', 'ip6.arpa.', 'ip6.int.'];

/**
 * The check-names problems of one record: owner names of address and mail-exchanger records
 * must be host names (RFC 1123 2.1; BIND checkowner: A, AAAA, A6, MX, WKS; an A at
 * `gc._msdcs.HOST` is allowed for Active Directory), and so must the names NS, MX, SRV,
 * SOA (MNAME; RNAME a mailbox), A6 (its prefix name), ServiceMode SVCB/HTTPS and reverse-tree PTR
 * records point to (BIND checknames, fromtext_in_a6). An NSEC3 owner's first label must be unpadded base32hex
 * (RFC 5155 3: the hashed owner name; BIND checkowner_nsec3), which BIND's loader holds fatal
 * unless check-names is 'ignore' (see `fatalOwnerProblem`).
 * Returns the messages in BIND's wording (`warning: ` marks an RDATA name).
 */
export function checkNamesProblems(owner: string, type: number, rdata: Buffer): readonly string[] {
  if (!CHECKED_TYPES.has(type)) return NO_PROBLEMS;
  let out: string[] | undefined; // made only for a problem: most records have none
  switch (type) {
    case RRType.A:
    case RRType.AAAA:
    case 38: // A6
    case RRType.MX:
    case 11: { // WKS
      let ok = isHostname(owner, true);
      if (!ok && type === RRType.A && nameKey(owner).startsWith(GC_MSDCS)) ok = isHostname(owner.slice(GC_MSDCS.length), false);
      if (!ok) (out ??= []).push(`${displayName(owner)}: bad owner name (check-names)`);
      if (type !== RRType.MX && type !== 38) return out ?? NO_PROBLEMS; // no names in the RDATA
      break;
    }
    case RRType.NSEC3: {
      const first = owner === ROOT ? '' : owner.slice(0, owner.indexOf('.') < 0 ? owner.length : owner.indexOf('.'));
      if (owner === ROOT || owner.includes('\\') || base32hexDecode(first) === undefined) return [`${displayName(owner)}: bad owner name (check-names)`];
      return NO_PROBLEMS;
    }
  }
  const badName = (n: string) => (out ??= []).push(`warning: ${displayName(n)}: bad name (check-names)`);
  try {
    switch (type) {
      case RRType.NS:
      case RRType.PTR: {
        const target = nameFromWire(rdata, 0).name;
        if (type === RRType.PTR && !REVERSE.some((r) => isSubdomain(owner, r))) break;
        if (!isHostname(target, false)) badName(target);
        break;
      }
      case RRType.MX:
      case RRType.SRV: {
        const target = nameFromWire(rdata, type === RRType.MX ? 2 : 6).name;
        if (!isHostname(target, false)) badName(target);
        break;
      }
      case 64: // SVCB and HTTPS in ServiceMode (RFC 9460 2.4.3; BIND checknames_in_svcb)
      case 65: {
        const target = nameFromWire(rdata, 2).name;
        if (rdata.readUInt16BE(0) !== 0 && !isHostname(target, false)) badName(target);
        break;
      }
      case 38: { // A6 prefix name (BIND fromtext_in_a6: a host name)
        if (rdata[0] === 0) break;
        const prefix = nameFromWire(rdata, 1 + 16 - Math.floor(rdata[0] / 8)).name;
        if (!isHostname(prefix, false)) badName(prefix);
        break;
      }
      case RRType.SOA: {
        const mname = nameFromWire(rdata, 0);
        const rname = nameFromWire(rdata, mname.next).name;
        if (!isHostname(mname.name, false)) badName(mname.name);
        if (!isMailbox(rname)) badName(rname);
        break;
      }
    }
  } catch {
    // Malformed RDATA is the parser's to report; nothing to check here.
  }
  return out ?? NO_PROBLEMS;
}
