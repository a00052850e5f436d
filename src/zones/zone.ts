/**
 * The zone model: `buildZone()` streams parsed records into a compact, immutable `Zone`
 * (zone-types.ts) and makes the load-time checks `named-checkzone` (BIND 9.18) makes.
 *
 * Storage ("no JS object per record"): every record is appended to one growable byte arena
 * (header + RDATA, see REC_* below); records of one node are chained in file order through
 * an int32 `next` field. The node table is columnar (typed arrays indexed by entry number):
 * names as latin1 bytes in a second arena, found through an open-addressing hash table;
 * empty non-terminals (RFC 4592 2.2.2) are entries flagged ENT. No JS object is kept per
 * record or per name; `ZoneNode` and `RRset` views are materialised on lookup, with a
 * small cache.
 *
 * Checks and their BIND wording (see checks.ts for the post-load ones):
 * - class other than IN: fatal `class 'CH' != zone class 'IN'` at the record;
 * - owner outside the zone: warning `ignoring out-of-zone data (NAME)`, record dropped;
 * - TTL above 2^31-1 (RFC 2181 8): warning `$TTL N > MAXTTL, setting $TTL to 0`;
 * - RRset TTLs must agree (RFC 2181 5.2): warning `TTL set to prior TTL (N)`, first TTL kept;
 * - exact duplicates (RFC 2181 5: names in RDATA compared case-insensitively, RFC 4034 6.2)
 *   are dropped; the later spelling wins, as in BIND;
 * - second SOA/CNAME/DNAME/RESINFO at one name: fatal `NAME: multiple RRs of singleton type`;
 * - CNAME beside other data (RFC 1034 3.6.2, RFC 2181 10.1): fatal `NAME: CNAME and other data`;
 * - SOA below the apex: fatal `SOA record not at top of zone (NAME)`;
 * - check-names (checks.ts): `NAME: bad owner name (check-names)`, `warning: NAME: bad name
 *   (check-names)`; warnings by default (named-checkzone), fatal with checkNames 'fail'.
 */
import { LocatedError } from '../util/located-error.js';
import { isSubdomain, namesEqual, parentName, parseName, ROOT } from '../wire/name.js';
import { CLASS_IN, RRType, type ParsedRecord, type SourceLocation } from './record.js';
import type { RRset, Zone, ZoneNode } from './zone-types.js';
import { classToText } from '../wire/rrtypes.js';
import { checkNamesProblems, checkZoneIntegrity, fatalOwnerProblem, displayName, type CheckNamesMode } from './checks.js';
import { canonicalRdata, canonicalSortKey } from '../wire/canonical.js';

export { canonicalRdata, canonicalSortKey } from '../wire/canonical.js';

import type { ZoneWarning } from './zone-types.js';
export type { ZoneWarning } from './zone-types.js';

export interface BuildZoneOptions {
  origin: string;
  /** The zone file, for messages about the zone as a whole. */
  file: string;
  warn?: (w: ZoneWarning) => void;
  /** BIND `check-names`: 'warn' (named-checkzone's default, and labnet's), 'fail' (named's for a primary), 'ignore'. */
  checkNames?: CheckNamesMode;
  /** What the zone is expected to hold (see SizeHint): storage is sized once instead of grown. */
  sizeHint?: SizeHint;
}

/**
 * An estimate of a zone's size, from its file (zoneSizeHint: one record a line) or from the
 * zone an update rebuilds. Columns and arenas are allocated at this size up front: growing
 * them by doubling leaves each old copy as garbage the allocator keeps (measured on a
 * 1,000,003-record zone: ~70 MB of RSS beyond the zone's 51 MB of data), and the parts of an
 * over-estimate never written are never resident.
 */
export interface SizeHint {
  /** Records (and names) expected. */
  records: number;
  /** Bytes of RDATA plus owner names expected (an upper bound: the file's length serves). */
  bytes: number;
}

/**
 * The size hint for a zone file of `size` bytes whose text begins with `first`: its lines,
 * counted in `first` and scaled to the whole file (one record a line), and its length.
 */
export function zoneSizeHint(first: string, size = first.length): SizeHint {
  let lines = 1;
  for (let i = first.indexOf('\n'); i >= 0; i = first.indexOf('\n', i + 1)) lines++;
  const records = first.length >= size ? lines : Math.ceil((lines * size) / Math.max(first.length, 1));
  return { records, bytes: size };
}

/** RFC 2181 8: TTLs are 31-bit; BIND's master loader sets larger ones to 0 with a warning. */
export const MAX_TTL = 0x7fffffff;

// Record arena layout: one header, the RDATA, then for LOCATED types the record's source.
const REC_NEXT = 0; // int32: next record of the same node, -1 at the end
const REC_TYPE = 4; // uint16
const REC_RDLEN = 6; // uint16
const REC_TTL = 8; // uint32
const REC_HEADER = 12;
// After the RDATA of a LOCATED record: where it was read.
const LOC_FILE = 0; // uint16: index into the file-name table
const LOC_COL = 2; // uint16
const LOC_LINE = 4; // uint32
const LOC_SIZE = 8;
/**
 * The types whose records keep their source location: the ones checks.ts names in its
 * messages (the apex SOA and NS, delegation NS, MX and SRV targets). Other records do
 * not pay 8 bytes each for a location nothing reads.
 */
const LOCATED: ReadonlySet<number> = new Set<number>([RRType.SOA, RRType.NS, RRType.MX, RRType.SRV]);

/** Types that may share a name with a CNAME (RFC 2535 2.3.5, RFC 4035 2.5): BIND's `atcname`. */
export const AT_CNAME: ReadonlySet<number> = new Set<number>([RRType.RRSIG, RRType.NSEC, 24 /* SIG */, 25 /* KEY */, 30 /* NXT */]);
/**
 * At most one record per name: BIND 9.18's singleton types (DNS_RDATATYPEATTR_SINGLETON):
 * SOA, CNAME, DNAME and RESINFO (261: named-checkzone 9.18 refuses a second one at a name).
 */
const SINGLETON = new Set<number>([RRType.SOA, RRType.CNAME, RRType.DNAME, 261]);

/** The type an RRSIG record at arena offset `r` covers (RFC 4034 3.1.1), -1 when too short. */
function coveredAt(arena: Buffer, r: number): number {
  return arena.readUInt16LE(r + REC_RDLEN) >= 2 ? arena.readUInt16BE(r + REC_HEADER) : -1;
}

/** The type RRSIG RDATA covers, -1 for another type or too short RDATA. */
function coveredBy(type: number, rdata: Buffer): number {
  return type === RRType.RRSIG && rdata.length >= 2 ? rdata.readUInt16BE(0) : -1;
}

const SIG = 24;

/**
 * The type RRSIG or SIG RDATA covers, -1 for another type: BIND keeps one set per covered
 * type for both (dns_rdata_covers), so TTLs agree within one only.
 */
function sigCovers(type: number, rdata: Buffer): number {
  return type === SIG && rdata.length >= 2 ? rdata.readUInt16BE(0) : coveredBy(type, rdata);
}

/** `buf` itself if `need` bytes fit, else a copy of its first `used` bytes in a doubled buffer. */
function ensureCapacity(buf: Buffer, used: number, need: number): Buffer {
  if (used + need <= buf.length) return buf;
  let cap = buf.length * 2;
  while (used + need > cap) cap *= 2;
  const grown = Buffer.allocUnsafe(cap);
  buf.copy(grown, 0, 0, used);
  return grown;
}

type IntArray = Int32Array | Uint16Array | Uint8Array;

/** A growable typed-array column indexed by entry number. */
class Column<A extends IntArray> {
  data: A;
  constructor(private readonly make: (n: number) => A, capacity = 1024) {
    this.data = make(Math.max(capacity, 1024));
  }
  /** Drops capacity beyond `n` entries when it is more than twice that (unused capacity is never written, so never resident). */
  trim(n: number): void {
    if (this.data.length > 2 * n + 1024) this.data = this.data.slice(0, Math.max(n, 1)) as A;
  }
  /** Frees the column (a build-time one, once the zone is built). */
  drop(): void {
    this.data = this.make(0);
  }
  grow(n: number): void {
    if (n <= this.data.length) return;
    let len = this.data.length;
    while (len < n) len *= 2;
    const d = this.make(len);
    d.set(this.data);
    this.data = d;
  }
}

const int32Column = (capacity?: number): Column<Int32Array> => new Column((n) => new Int32Array(n), capacity);

/**
 * Name index: an open-addressing hash table (Int32Array of node number + 1) over names kept
 * as latin1 bytes in one arena. Hand-written instead of a Map<string, number>: a Map of a
 * million string keys costs two JS strings per name and seconds of GC on load.
 * Hashing and comparison lower-case ASCII letters (RFC 4343); names are canonical
 * presentation text (name.ts), so bytes outside 0x21-0x7e never occur.
 */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    let c = s.charCodeAt(k);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** The byte of a name's hash kept beside its slot: the top 8 bits (the slot takes the low ones), never 0. */
function hashTag(hash: number): number {
  return hash >>> 24 || 1;
}

/** hashString of the latin1 name `b[off, off + len)`. */
function hashBytes(b: Buffer, off: number, len: number): number {
  let h = 0x811c9dc5;
  for (let k = off; k < off + len; k++) {
    let c = b[k];
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}


const FLAG_ENT = 1;

/** A PackedZone as plain data (PackedZone.toPlain / fromPlain). */
export interface PackedZonePlain {
  origin: string;
  serial: number;
  recordCount: number;
  nodeCount: number;
  arena: Uint8Array;
  nameBytes: Uint8Array;
  nameOff: Int32Array<ArrayBuffer>;
  nameLen: Uint16Array<ArrayBuffer>;
  flags: Uint8Array<ArrayBuffer>;
  heads: Int32Array<ArrayBuffer>;
  size: number;
  slots: Int32Array<ArrayBuffer>;
  tags: Uint8Array<ArrayBuffer>;
  rrsetNames: ReadonlyMap<number, string>;
  files: readonly string[];
  nsec3?: PackedZonePlain;
}

/** The built zone. Construct with buildZone(). */
export class PackedZone implements Zone {
  readonly origin: string;
  serial = 0;
  recordCount = 0;
  /** The NSEC3 tree (see Zone.nsec3). */
  nsec3: PackedZone | undefined;
  /** Number of names that own data. */
  nodeCount = 0;

  /** @internal arena of records (see REC_*). */
  arena: Buffer;
  /** @internal bytes used in the arena. */
  used = 0;
  /** @internal names (latin1 bytes, spelling of first appearance) and their columns. */
  nameBytes: Buffer;
  nameUsed = 0;
  readonly nameOff: Column<Int32Array>;
  /** @internal name lengths (presentation text of at most 255 wire bytes: under 1,024 chars). */
  readonly nameLen: Column<Uint16Array>;
  readonly flags: Column<Uint8Array>;
  /** @internal first and last record offset of each entry (-1: none). */
  readonly heads: Column<Int32Array>;
  /** @internal build-time only (dropped by trim()). */
  readonly tails: Column<Int32Array>;
  /** @internal entries (data nodes and empty non-terminals). */
  size = 0;
  private slots: Int32Array<ArrayBuffer>;
  /**
   * A byte of each slot's name hash (hashTag; 0: empty), beside the slots: a probe for a name
   * not in the table (each new name while loading) reads only these, not the entry's name
   * elsewhere in memory. Measured on 1,000,003 names: lookups took 9% of the load's time,
   * nearly all of it cache misses on the slot, the name's length and its bytes.
   */
  private tags: Uint8Array<ArrayBuffer>;
  /** @internal owner spelling of an RRset whose first record spelled it unlike the node (by record offset). */
  readonly rrsetNames = new Map<number, string>();
  /** @internal source files, indexed by LOC_FILE. */
  readonly files: string[] = [];
  private readonly cache = new Map<number, ZoneNode>();
  private sorted: Int32Array | undefined;

  constructor(origin: string, hint: SizeHint = { records: 0, bytes: 0 }) {
    this.origin = origin;
    const n = hint.records;
    this.nameOff = int32Column(n);
    this.nameLen = new Column((k) => new Uint16Array(k), n);
    this.flags = new Column((k) => new Uint8Array(k), n);
    this.heads = int32Column(n);
    this.tails = int32Column(n);
    let slots = 1 << 10;
    while (slots < 2 * n) slots *= 2;
    this.slots = new Int32Array(slots);
    this.tags = new Uint8Array(slots);
    this.arena = Buffer.allocUnsafe(Math.max(1 << 16, n * REC_HEADER + hint.bytes));
    this.nameBytes = Buffer.allocUnsafe(Math.max(1 << 14, hint.bytes + n * (origin.length + 1)));
  }

  node(name: string): ZoneNode | undefined {
    const i = this.lookup(name);
    return i < 0 || this.isEnt(i) ? undefined : this.nodeAt(i);
  }

  exists(name: string): boolean {
    return this.lookup(name) >= 0;
  }

  *nodes(): Iterable<ZoneNode> {
    if (!this.sorted) this.sorted = this.canonicalOrder();
    for (const i of this.sorted) yield this.materialise(i);
  }

  /** @internal entry number of `name` (case-insensitive), -1 when absent. */
  lookup(name: string, hash = hashString(name)): number {
    const slots = this.slots;
    const tags = this.tags;
    const mask = slots.length - 1;
    const lens = this.nameLen.data;
    const offs = this.nameOff.data;
    const b = this.nameBytes;
    const len = name.length;
    const tag = hashTag(hash);
    for (let h = hash & mask; ; h = (h + 1) & mask) {
      const t = tags[h];
      if (t === 0) return -1;
      if (t !== tag) continue;
      const i = slots[h] - 1;
      if (lens[i] !== len) continue;
      const off = offs[i];
      let k = 0;
      for (; k < len; k++) {
        let x = b[off + k];
        let y = name.charCodeAt(k);
        if (x === y) continue;
        if (x >= 0x41 && x <= 0x5a) x += 0x20;
        if (y >= 0x41 && y <= 0x5a) y += 0x20;
        if (x !== y) break;
      }
      if (k === len) return i;
    }
  }

  /** @internal adds `name` (known absent) as an entry; returns its number. */
  insert(name: string, flags: number, hash = hashString(name)): number {
    const i = this.size++;
    if (this.size > this.nameOff.data.length) {
      for (const c of [this.nameOff, this.nameLen, this.flags, this.heads, this.tails]) c.grow(this.size);
    }
    const len = name.length;
    this.nameBytes = ensureCapacity(this.nameBytes, this.nameUsed, len);
    const b = this.nameBytes;
    const off = this.nameUsed;
    for (let k = 0; k < len; k++) b[off + k] = name.charCodeAt(k);
    this.nameUsed += len;
    this.nameOff.data[i] = off;
    this.nameLen.data[i] = len;
    this.flags.data[i] = flags;
    this.heads.data[i] = -1;
    this.tails.data[i] = -1;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(i, hash);
    return i;
  }

  private place(i: number, hash: number): void {
    const tags = this.tags;
    const mask = tags.length - 1;
    let h = hash & mask;
    while (tags[h] !== 0) h = (h + 1) & mask;
    this.slots[h] = i + 1;
    tags[h] = hashTag(hash);
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    this.tags = new Uint8Array(capacity);
    // Hashes are recomputed from the names (a table sized from the zone's SizeHint rarely grows).
    const offs = this.nameOff.data;
    const lens = this.nameLen.data;
    for (let i = 0; i < this.size; i++) this.place(i, hashBytes(this.nameBytes, offs[i], lens[i]));
  }

  /** @internal the spelling of entry `i`. */
  nameAt(i: number): string {
    const off = this.nameOff.data[i];
    return this.nameBytes.toString('latin1', off, off + this.nameLen.data[i]);
  }

  /** @internal true when entry `i` is spelled exactly `name`. */
  spelledAs(i: number, name: string): boolean {
    if (this.nameLen.data[i] !== name.length) return false;
    const off = this.nameOff.data[i];
    for (let k = 0; k < name.length; k++) if (this.nameBytes[off + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  /** @internal */
  isEnt(i: number): boolean {
    return (this.flags.data[i] & FLAG_ENT) !== 0;
  }

  /** @internal an empty non-terminal gets data: it becomes a node spelled as `name`. */
  promote(i: number, name: string): void {
    this.flags.data[i] &= ~FLAG_ENT;
    this.nameBytes.write(name, this.nameOff.data[i], 'latin1'); // same length: only case differs
  }

  /**
   * The zone as plain data for another process (structured clone, e.g. a cluster worker's IPC
   * with `serialization: 'advanced'`): the arenas and columns only, without the node cache.
   * Copies cut to what is used (a clone takes a view's whole buffer, capacity included).
   */
  toPlain(): PackedZonePlain {
    const n = this.size;
    return {
      origin: this.origin, serial: this.serial, recordCount: this.recordCount, nodeCount: this.nodeCount,
      arena: new Uint8Array(this.arena.subarray(0, this.used)), nameBytes: new Uint8Array(this.nameBytes.subarray(0, this.nameUsed)),
      nameOff: this.nameOff.data.slice(0, n), nameLen: this.nameLen.data.slice(0, n), flags: this.flags.data.slice(0, n), heads: this.heads.data.slice(0, n),
      size: n, slots: this.slots, tags: this.tags, rrsetNames: this.rrsetNames, files: this.files,
      nsec3: this.nsec3?.toPlain(),
    };
  }

  /** The zone toPlain() described, as it was (answers byte for byte the same). */
  static fromPlain(p: PackedZonePlain): PackedZone {
    const z = new PackedZone(p.origin);
    z.serial = p.serial;
    z.recordCount = p.recordCount;
    z.nodeCount = p.nodeCount;
    // Buffers may come back as plain Uint8Arrays: views on the same memory, no copy.
    z.arena = Buffer.from(p.arena.buffer, p.arena.byteOffset, p.arena.byteLength);
    z.used = p.arena.byteLength;
    z.nameBytes = Buffer.from(p.nameBytes.buffer, p.nameBytes.byteOffset, p.nameBytes.byteLength);
    z.nameUsed = p.nameBytes.byteLength;
    z.nameOff.data = p.nameOff;
    z.nameLen.data = p.nameLen;
    z.flags.data = p.flags;
    z.heads.data = p.heads;
    z.size = p.size;
    z.slots = p.slots;
    z.tags = p.tags;
    for (const [k, v] of p.rrsetNames) z.rrsetNames.set(k, v);
    z.files.push(...p.files);
    z.nsec3 = p.nsec3 && PackedZone.fromPlain(p.nsec3);
    return z;
  }

  /**
   * @internal the zone is built: shrinks the arenas to what they hold and frees what only
   * building needs (the last record of each entry). No insert after.
   */
  trim(): void {
    // A tail never written costs address space only; copying to shrink would leave the old arena as garbage.
    if (this.arena.length > this.used * 4 + (1 << 20)) this.arena = Buffer.from(this.arena.subarray(0, this.used));
    if (this.nameBytes.length > this.nameUsed * 4 + (1 << 20)) this.nameBytes = Buffer.from(this.nameBytes.subarray(0, this.nameUsed));
    for (const c of [this.nameOff, this.nameLen, this.flags, this.heads]) c.trim(this.size);
    this.tails.drop();
  }

  /** @internal the view of node `i`, cached. */
  nodeAt(i: number): ZoneNode {
    let n = this.cache.get(i);
    if (n) {
      this.cache.delete(i);
      this.cache.set(i, n); // most recently used last
      return n;
    }
    n = this.materialise(i);
    this.cache.set(i, n);
    if (this.cache.size > 4096) this.cache.delete(this.cache.keys().next().value as number);
    return n;
  }

  private materialise(i: number): ZoneNode {
    const name = this.nameAt(i);
    const byType = new Map<number, { name: string; ttl: number; rdatas: Buffer[] }>();
    for (let r = this.heads.data[i]; r >= 0; r = this.arena.readInt32LE(r + REC_NEXT)) {
      const type = this.arena.readUInt16LE(r + REC_TYPE);
      const len = this.arena.readUInt16LE(r + REC_RDLEN);
      let set = byType.get(type);
      if (!set) {
        set = { name: this.rrsetNames.get(r) ?? name, ttl: this.arena.readUInt32LE(r + REC_TTL), rdatas: [] };
        byType.set(type, set);
      }
      set.rdatas.push(Buffer.from(this.arena.subarray(r + REC_HEADER, r + REC_HEADER + len)));
    }
    const rrsets = new Map<number, RRset>();
    for (const [type, s] of byType) rrsets.set(type, Object.freeze({ name: s.name, type, ttl: s.ttl, rdatas: s.rdatas }));
    const sigs = rrsets.has(RRType.RRSIG) ? this.sigsOf(i, name, RRType.RRSIG) : undefined;
    const oldSigs = rrsets.has(SIG) ? this.sigsOf(i, name, SIG) : undefined;
    if (sigs === undefined && oldSigs === undefined) return Object.freeze({ name, rrsets });
    return Object.freeze({ name, rrsets, ...(sigs && { sigs }), ...(oldSigs && { oldSigs }) });
  }

  /**
   * The RRSIGs (or SIGs) of node `i` by covered type, in the order the covered types first
   * appear, each set with its first record's TTL and owner spelling.
   */
  private sigsOf(i: number, name: string, sigType: number): Map<number, RRset> {
    const groups = new Map<number, { name: string; ttl: number; rdatas: Buffer[] }>();
    for (let r = this.heads.data[i]; r >= 0; r = this.arena.readInt32LE(r + REC_NEXT)) {
      if (this.arena.readUInt16LE(r + REC_TYPE) !== sigType) continue;
      const covered = coveredAt(this.arena, r);
      let g = groups.get(covered);
      if (!g) groups.set(covered, (g = { name: this.rrsetNames.get(r) ?? name, ttl: this.arena.readUInt32LE(r + REC_TTL), rdatas: [] }));
      const len = this.arena.readUInt16LE(r + REC_RDLEN);
      g.rdatas.push(Buffer.from(this.arena.subarray(r + REC_HEADER, r + REC_HEADER + len)));
    }
    const out = new Map<number, RRset>();
    for (const [covered, g] of groups) out.set(covered, Object.freeze({ name: g.name, type: sigType, ttl: g.ttl, rdatas: g.rdatas }));
    return out;
  }

  /** @internal the location of the first record of `type` (a LOCATED one) at node `i` (for messages). */
  locationOf(i: number, type: number): SourceLocation {
    for (let r = this.heads.data[i]; r >= 0; r = this.arena.readInt32LE(r + REC_NEXT)) {
      if (this.arena.readUInt16LE(r + REC_TYPE) === type) return this.recordLocation(r);
    }
    return { file: this.files[0] ?? '', line: 1, col: 1 };
  }

  /** @internal each record of `type` (a LOCATED one) at node `i`, with its location. */
  *recordsOf(i: number, type: number): Generator<{ rdata: Buffer; source: SourceLocation }> {
    for (let r = this.heads.data[i]; r >= 0; r = this.arena.readInt32LE(r + REC_NEXT)) {
      if (this.arena.readUInt16LE(r + REC_TYPE) !== type) continue;
      const len = this.arena.readUInt16LE(r + REC_RDLEN);
      yield { rdata: this.arena.subarray(r + REC_HEADER, r + REC_HEADER + len), source: this.recordLocation(r) };
    }
  }

  /** @internal where record `r` was read (only LOCATED types keep it: others give the zone file's first line). */
  recordLocation(r: number): SourceLocation {
    const a = this.arena;
    if (!LOCATED.has(a.readUInt16LE(r + REC_TYPE))) return { file: this.files[0] ?? '', line: 1, col: 1 };
    const l = r + REC_HEADER + a.readUInt16LE(r + REC_RDLEN);
    return { file: this.files[a.readUInt16LE(l + LOC_FILE)], line: a.readUInt32LE(l + LOC_LINE), col: a.readUInt16LE(l + LOC_COL) };
  }

  /** @internal true when entry `i` owns a record of `type`. */
  hasType(i: number, type: number): boolean {
    for (let r = this.heads.data[i]; r >= 0; r = this.arena.readInt32LE(r + REC_NEXT)) {
      if (this.arena.readUInt16LE(r + REC_TYPE) === type) return true;
    }
    return false;
  }

  /** Data nodes in canonical order (RFC 4034 6.1), computed once on first use. */
  private canonicalOrder(): Int32Array {
    const idx: number[] = [];
    for (let i = 0; i < this.size; i++) if (!this.isEnt(i)) idx.push(i);
    const keys = new Array<string>(this.size);
    for (const i of idx) keys[i] = canonicalSortKey(this.nameAt(i));
    idx.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    return Int32Array.from(idx);
  }
}

/** Accumulates records into a PackedZone with the per-record checks. */
class ZoneBuilder {
  readonly zone: PackedZone;
  private readonly fileIndex = new Map<string, number>();
  /** Per-node dedup index for nodes with many records (avoids quadratic scans). */
  private readonly bigNodes = new Map<number, Map<string, number>>();
  /** Records per node while it has 32 or fewer (then bigNodes indexes it). */
  private readonly counts: Column<Uint8Array>;
  private soaRecord = -1;
  private oldDnssecWarned = false;
  /** The NSEC3 records, built apart (see Zone.nsec3). */
  private nsec3: ZoneBuilder | undefined;

  constructor(
    readonly origin: string,
    readonly warn: (w: ZoneWarning) => void,
    readonly checkNames: CheckNamesMode,
    /** This builder holds the NSEC3 tree of another. */
    private readonly nsec3Tree = false,
    hint?: SizeHint,
  ) {
    this.zone = new PackedZone(origin, hint);
    this.counts = new Column((k) => new Uint8Array(k), hint?.records);
  }

  add(rr: ParsedRecord): void {
    const z = this.zone;
    const src = rr.source;
    if (rr.class !== CLASS_IN) {
      throw new LocatedError(`class '${classToText(rr.class)}' != zone class 'IN'`, src.file, src.line, src.col, classToText(rr.class));
    }
    if (!isSubdomain(rr.name, this.origin)) {
      this.warn({ ...src, message: `ignoring out-of-zone data (${displayName(rr.name)})` });
      return;
    }
    if ((rr.type === 24 || rr.type === 30) && !this.oldDnssecWarned) {
      // BIND (lib/dns/master.c), once per zone, for SIG or NXT (RFC 2535, obsoleted by RFC 3755).
      this.oldDnssecWarned = true;
      this.warn({ ...src, message: 'old style DNSSEC  zone detected' });
    }
    let ttl = rr.ttl;
    if (rr.rdata.length > 0xffff) {
      throw new LocatedError('RDATA longer than 65535 octets', src.file, src.line, src.col); // RFC 1035 3.2.1 RDLENGTH
    }
    if (ttl > MAX_TTL) {
      this.warn({ ...src, message: `$TTL ${ttl} > MAXTTL, setting $TTL to 0` });
      ttl = 0;
    }
    if (this.checkNames !== 'ignore') {
      for (const problem of checkNamesProblems(rr.name, rr.type, rr.rdata)) {
        if (this.checkNames === 'fail' || fatalOwnerProblem(rr.type, problem)) throw new LocatedError(problem.replace(/^warning: /, ''), src.file, src.line, src.col, rr.name);
        this.warn({ ...src, message: problem });
      }
    }
    if (rr.type === RRType.SOA && !namesEqual(rr.name, this.origin)) {
      throw new LocatedError(`SOA record not at top of zone (${displayName(rr.name)})`, src.file, src.line, src.col, rr.name);
    }
    if (!this.nsec3Tree && (rr.type === RRType.NSEC3 || coveredBy(rr.type, rr.rdata) === RRType.NSEC3)) {
      // BIND keeps NSEC3 records and their RRSIGs in a tree of their own (RFC 5155 7.1).
      (this.nsec3 ??= new ZoneBuilder(this.origin, this.warn, 'ignore', true)).add({ ...rr, ttl });
      return;
    }
    const hash = hashString(rr.name);
    let ni = z.lookup(rr.name, hash);
    const fresh = ni < 0 || z.isEnt(ni); // the node is spelled as this record's owner
    if (ni < 0) ni = this.newNode(rr.name, hash);
    else if (fresh) {
      z.promote(ni, rr.name);
      z.nodeCount++;
    }

    // Scan the node: CNAME and other data, singletons, duplicates, prior TTL.
    let canon: Buffer | undefined; // computed only when the node has records to compare with
    const isCname = rr.type === RRType.CNAME;
    const covered = sigCovers(rr.type, rr.rdata);
    let dup = -1;
    let priorTtl = -1;
    const big = this.bigNodes.get(ni);
    if (big) {
      canon = canonicalRdata(rr.type, rr.rdata);
      dup = big.get(rr.type + ':' + canon.toString('latin1')) ?? -1;
    }
    for (let r = z.heads.data[ni]; r >= 0; r = z.arena.readInt32LE(r + REC_NEXT)) {
      const t = z.arena.readUInt16LE(r + REC_TYPE);
      if (t !== rr.type) {
        if ((isCname && !AT_CNAME.has(t)) || (t === RRType.CNAME && !AT_CNAME.has(rr.type))) {
          throw new LocatedError(`${displayName(rr.name)}: CNAME and other data`, src.file, src.line, src.col, rr.name);
        }
        continue;
      }
      // RRSIGs (and SIGs) form one set per covered type (RFC 4034 3): TTLs agree within one only.
      if (covered >= 0 && coveredAt(z.arena, r) !== covered) continue;
      if (priorTtl < 0) priorTtl = z.arena.readUInt32LE(r + REC_TTL);
      if (big) {
        if (dup >= 0 || !SINGLETON.has(rr.type)) break; // type seen; dup known from the index
        continue;
      }
      if (dup < 0) {
        const len = z.arena.readUInt16LE(r + REC_RDLEN);
        canon ??= canonicalRdata(rr.type, rr.rdata);
        if (len === canon.length && canonicalRdata(t, z.arena.subarray(r + REC_HEADER, r + REC_HEADER + len)).equals(canon)) dup = r;
      }
    }
    if (priorTtl >= 0 && dup < 0 && SINGLETON.has(rr.type)) {
      throw new LocatedError(`${displayName(rr.name)}: multiple RRs of singleton type`, src.file, src.line, src.col, rr.name);
    }
    if (priorTtl >= 0 && priorTtl !== ttl) {
      this.warn({ ...src, message: `TTL set to prior TTL (${priorTtl})` });
      ttl = priorTtl;
    }
    if (dup >= 0) {
      // BIND keeps the later spelling of a duplicate (same length: only letter case differs).
      z.arena.set(rr.rdata, dup + REC_HEADER);
      return;
    }
    const r = this.append(rr, ttl, src);
    // BIND keeps the owner's spelling per RRset (the first record of each type).
    if (priorTtl < 0 && !fresh && !z.spelledAs(ni, rr.name)) z.rrsetNames.set(r, rr.name);
    if (z.heads.data[ni] < 0) z.heads.data[ni] = r;
    else z.arena.writeInt32LE(r, z.tails.data[ni] + REC_NEXT);
    z.tails.data[ni] = r;
    z.recordCount++;
    if (big) big.set(rr.type + ':' + canon!.toString('latin1'), r);
    else if (++this.counts.data[ni] > 32) this.indexNode(ni);
    if (rr.type === RRType.SOA) this.soaRecord = r;
  }

  private indexNode(ni: number): void {
    const z = this.zone;
    const m = new Map<string, number>();
    for (let r = z.heads.data[ni]; r >= 0; r = z.arena.readInt32LE(r + REC_NEXT)) {
      const t = z.arena.readUInt16LE(r + REC_TYPE);
      const len = z.arena.readUInt16LE(r + REC_RDLEN);
      m.set(t + ':' + canonicalRdata(t, z.arena.subarray(r + REC_HEADER, r + REC_HEADER + len)).toString('latin1'), r);
    }
    this.bigNodes.set(ni, m);
  }

  private newNode(name: string, hash: number): number {
    const z = this.zone;
    const ni = z.insert(name, 0, hash);
    z.nodeCount++;
    this.counts.grow(z.size);
    this.counts.data[ni] = 0;
    // Every ancestor between the node and the apex exists (RFC 4592 2.2.2). The name is in the
    // zone (add checked): when its first label's dot is the one before the origin, the parent
    // is the apex and there is nothing to add (most names of a big zone).
    const dot = name.indexOf('.');
    if (dot === name.length - this.origin.length - 1 && name.lastIndexOf('\\', dot) < 0) return ni;
    if (!namesEqual(name, this.origin)) {
      for (let p = parentName(name); p !== ROOT && !namesEqual(p, this.origin); p = parentName(p)) {
        if (z.lookup(p) >= 0) break;
        this.counts.grow(z.size + 1);
        this.counts.data[z.insert(p, FLAG_ENT)] = 0;
      }
    }
    return ni;
  }

  private append(rr: ParsedRecord, ttl: number, src: SourceLocation): number {
    const z = this.zone;
    const located = LOCATED.has(rr.type);
    const need = REC_HEADER + rr.rdata.length + (located ? LOC_SIZE : 0);
    z.arena = ensureCapacity(z.arena, z.used, need);
    const a = z.arena;
    const r = z.used;
    a.writeInt32LE(-1, r + REC_NEXT);
    a.writeUInt16LE(rr.type, r + REC_TYPE);
    a.writeUInt16LE(rr.rdata.length, r + REC_RDLEN);
    a.writeUInt32LE(ttl, r + REC_TTL);
    a.set(rr.rdata, r + REC_HEADER);
    if (located) {
      let fi = this.fileIndex.get(src.file);
      if (fi === undefined) {
        fi = z.files.length;
        z.files.push(src.file);
        this.fileIndex.set(src.file, fi);
      }
      const l = r + REC_HEADER + rr.rdata.length;
      a.writeUInt16LE(fi, l + LOC_FILE);
      a.writeUInt16LE(Math.min(src.col, 0xffff), l + LOC_COL);
      a.writeUInt32LE(src.line, l + LOC_LINE);
    }
    z.used += need;
    return r;
  }

  finish(file: string, firstSource: SourceLocation | undefined): PackedZone {
    const z = this.zone;
    z.trim(); // a loaded zone holds only what it uses
    const zoneText = `zone ${displayName(this.origin)}/IN`;
    if (this.soaRecord < 0) {
      const at = firstSource ?? { file, line: 1, col: 1 };
      throw new LocatedError(`${zoneText}: has 0 SOA records`, at.file, at.line, at.col);
    }
    const soa = z.arena.subarray(this.soaRecord + REC_HEADER, this.soaRecord + REC_HEADER + z.arena.readUInt16LE(this.soaRecord + REC_RDLEN));
    z.serial = soa.readUInt32BE(soa.length - 20);
    checkZoneIntegrity(z, zoneText, this.warn);
    if (this.nsec3) {
      this.nsec3.zone.trim();
      z.nsec3 = this.nsec3.zone;
      z.recordCount += this.nsec3.zone.recordCount;
    }
    return z;
  }
}

/**
 * Builds a zone from parsed records (streamed: pass the parser's generator), making
 * named-checkzone's checks. Fatal problems throw a LocatedError at the offending record;
 * warnings go to `opts.warn`.
 */
export function buildZone(records: Iterable<ParsedRecord>, opts: BuildZoneOptions): PackedZone {
  const origin = parseName(opts.origin.endsWith('.') ? opts.origin : opts.origin + '.', ROOT);
  const b = new ZoneBuilder(origin, opts.warn ?? (() => {}), opts.checkNames ?? 'warn', false, opts.sizeHint);
  let first: SourceLocation | undefined;
  for (const rr of records) {
    if (!first) first = rr.source;
    b.add(rr);
  }
  return b.finish(opts.file, first);
}
