/**
 * The response encoder: RFC 1035 4.1 message layout with 4.1.4 name compression, sized and
 * truncated as BIND 9.18 does it, so that response sizes equal BIND's byte for byte.
 *
 * Hand-written, not dns-packet: dns-packet's encoder writes every name in full (it has no
 * name compression on encode), and it cannot stop at a size limit RRset by RRset.
 *
 * What BIND does, and so what this does (lib/dns/message.c, lib/ns/client.c, compress.c;
 * the measurements are in test/dns/encode.test.ts):
 * - Compression is case-sensitive (BIND sets DNS_COMPRESS_CASESENSITIVE for responses): a
 *   name is pointed at an earlier name only when the bytes match exactly, so the answer
 *   owner `www.lab.local` is written out after a question `WWW.lab.local` (the client's
 *   case shows in the question, the zone's in the answer).
 * - BIND 9.18 looks up only the whole name and the name less its first label, and
 *   records only the first two suffixes of what it writes (compress.c), so a question
 *   `c.ent.conf.test` gives no pointer for a later `conf.test`: sizes differ from a
 *   "best" compressor, and equal BIND's.
 * - Every name written (the question, owners, names inside RDATA) enters that table, at
 *   offsets below 0x4000; names inside RDATA are themselves compressed only
 *   for the RFC 1035 types RFC 3597 4 lists (NS, CNAME, SOA, PTR, MX, MINFO, MB, MD, MF,
 *   MG, MR); SRV, DNAME, RP, NAPTR... are written in full (RFC 2782, RFC 6672 2.5) but
 *   still serve as pointer targets.
 * - Answer and authority are written record by record; when one does not fit, TC is set
 *   and rendering stops. Additional RRsets go whole, A first, then AAAA (BIND's preferred
 *   glue for an IPv4 client), then the rest; the first that does not fit ends the section
 *   without TC.
 * - The OPT's space is reserved first. A truncated message with an OPT is cut back to the
 *   header and question (BIND's dns_message_renderend); without an OPT the records that
 *   fitted stay (a partial RRset included).
 * - AD (RFC 4035 3.2.3): the flag given is BIND's tentative AD (query AD or DO); it is
 *   cleared once a (necessarily insecure) RRset is completely written in the answer or
 *   authority section, or when the answer ends empty; a record-by-record truncation
 *   returns before clearing it, as BIND does.
 */
import { nameToWire } from '../wire/name.js';
import { nameFields, skipName } from '../wire/rdata.js';
import { CLASS_IN, RRType } from '../zones/record.js';
import type { RRset } from '../zones/zone-types.js';
import { TCP_MAX_SIZE, type MessageFlags, type Question, type ResponseOpt } from './message.js';

export interface OutgoingMessage {
  id: number;
  flags: MessageFlags;
  question?: Question;
  answer: readonly RRset[];
  authority: readonly RRset[];
  additional: readonly RRset[];
  opt?: ResponseOpt;
}

export interface EncodeOptions {
  /** The largest message allowed (UDP payload size or 65535 over TCP). */
  maxSize: number;
  /** Render AAAA before A in the additional section (BIND does so for IPv6 clients). */
  preferAAAA?: boolean;
}

export interface EncodedMessage {
  bytes: Buffer;
  truncated: boolean;
}

const SCRATCH = Buffer.alloc(TCP_MAX_SIZE);

/** Raised inside the writer when a write would pass the limit. */
const NO_SPACE = Symbol('no space');

class Writer {
  readonly buf: Buffer;
  pos = 0;
  limit: number;
  /** Suffix (exact wire bytes, latin1) -> offset; insertion order kept for rollback. */
  private readonly table = new Map<string, number>();
  private readonly added: string[] = [];

  constructor(size: number) {
    // One scratch buffer for every message (encoding is synchronous); the result is copied out.
    this.buf = SCRATCH;
    this.limit = size;
  }

  need(n: number): void {
    if (this.pos + n > this.limit) throw NO_SPACE;
  }

  u16(v: number): void {
    this.need(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.need(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }

  bytes(b: Uint8Array, start = 0, end = b.length): void {
    this.need(end - start);
    this.buf.set(b.subarray(start, end), this.pos);
    this.pos += end - start;
  }

  /**
   * Writes the uncompressed name at wire[start..] (RFC 1035 4.1.4), pointing at the longest
   * suffix already written when `compress`, and records its new suffixes either way.
   */
  name(wire: Buffer, start = 0, compress = true): void {
    const labels: number[] = [];
    let p = start;
    while (wire[p] !== 0) {
      labels.push(p);
      p += wire[p] + 1;
    }
    const end = p + 1;
    let match = labels.length;
    let target = -1;
    if (compress) {
      // BIND 9.18 (compress.c dns_compress_findglobal) tries the whole name and the name
      // less its first label only.
      const tries = Math.min(labels.length, 2);
      for (let i = 0; i < tries; i++) {
        const off = this.table.get(wire.toString('latin1', labels[i], end));
        if (off !== undefined) {
          match = i;
          target = off;
          break;
        }
      }
    }
    const at = this.pos;
    if (target >= 0) {
      const prefix = labels[match] - start;
      this.need(prefix + 2);
      this.buf.set(wire.subarray(start, labels[match]), at);
      this.buf.writeUInt16BE(0xc000 | target, at + prefix);
      this.pos += prefix + 2;
    } else {
      this.bytes(wire, start, end);
    }
    // ...and dns_compress_add records at most the first two suffixes of what it wrote.
    for (let i = 0, n = Math.min(match, 2); i < n; i++) {
      const off = at + labels[i] - start;
      if (off >= 0x4000) break;
      const key = wire.toString('latin1', labels[i], end);
      if (!this.table.has(key)) {
        this.table.set(key, off);
        this.added.push(key);
      }
    }
  }

  /** Forgets everything written from `pos` on, compression entries included. */
  rollback(pos: number): void {
    this.pos = pos;
    while (this.added.length > 0) {
      const key = this.added[this.added.length - 1];
      if ((this.table.get(key) as number) < pos) break;
      this.table.delete(key);
      this.added.pop();
    }
  }
}

/** Per-RDATA name offsets, remembered while the zone keeps the buffer alive. */
const NAMES_IN = new WeakMap<Buffer, { offsets: number[]; compress: boolean }>();
const NO_NAMES = { offsets: [] as number[], compress: false };

function namesIn(type: number, rd: Buffer): { offsets: number[]; compress: boolean } {
  let n = NAMES_IN.get(rd);
  if (n === undefined) {
    const fields = nameFields(type, rd);
    n = fields.length === 0 ? NO_NAMES : { offsets: fields.map((f) => f.offset), compress: fields.some((f) => f.compress) };
    NAMES_IN.set(rd, n);
  }
  return n;
}

/** Owner names in wire form, remembered per RRset object (zone RRsets are immutable). */
const OWNER_WIRE = new WeakMap<RRset, Buffer>();

/** One RR: owner, type, class, TTL, RDLENGTH, RDATA with its names (RFC 1035 4.1.3). */
function writeRR(w: Writer, owner: Buffer, rr: RRset, rd: Buffer): void {
  w.name(owner);
  w.u16(rr.type);
  w.u16(CLASS_IN);
  w.u32(rr.ttl);
  const lenAt = w.pos;
  w.u16(0);
  const start = w.pos;
  const { offsets, compress } = namesIn(rr.type, rd);
  let p = 0;
  for (const off of offsets) {
    const after = skipName(rd, off);
    if (after < 0) break;
    w.bytes(rd, p, off);
    w.name(rd, off, compress);
    p = after;
  }
  w.bytes(rd, p);
  w.buf.writeUInt16BE(w.pos - start, lenAt);
}

function opt(o: ResponseOpt): Buffer {
  let len = 0;
  for (const x of o.options) len += 4 + x.data.length;
  const b = Buffer.alloc(11 + len);
  b[0] = 0; // root owner (RFC 6891 6.1.2)
  b.writeUInt16BE(RRType.OPT, 1);
  b.writeUInt16BE(o.udpSize, 3);
  b[5] = o.extRcode & 0xff;
  b[6] = o.version & 0xff;
  b.writeUInt16BE(o.do ? 0x8000 : 0, 7);
  b.writeUInt16BE(len, 9);
  let p = 11;
  for (const x of o.options) {
    b.writeUInt16BE(x.code, p);
    b.writeUInt16BE(x.data.length, p + 2);
    x.data.copy(b, p + 4);
    p += 4 + x.data.length;
  }
  return b;
}

/** BIND's render order for the additional section (message.c wrong_priority): by name, then pass. */
function additionalOrder(rrsets: readonly RRset[], preferAAAA: boolean): RRset[] {
  const byName = new Map<string, RRset[]>();
  for (const rr of rrsets) {
    const k = rr.name.toLowerCase();
    const l = byName.get(k);
    if (l) l.push(rr);
    else byName.set(k, [rr]);
  }
  const grouped = [...byName.values()].flat();
  const first = preferAAAA ? RRType.AAAA : RRType.A;
  const second = preferAAAA ? RRType.A : RRType.AAAA;
  const pass = (t: number): number => (t === first ? 0 : t === second ? 1 : t === RRType.RRSIG || t === RRType.DNSKEY ? 2 : 3);
  return [0, 1, 2, 3].flatMap((n) => grouped.filter((rr) => pass(rr.type) === n));
}

/**
 * Encodes a response within `opts.maxSize` octets (see the file comment for what is kept
 * when it does not fit). `truncated` tells whether TC was set.
 */
export function encodeMessage(msg: OutgoingMessage, opts: EncodeOptions): EncodedMessage {
  const maxSize = Math.max(12, Math.min(opts.maxSize, TCP_MAX_SIZE));
  const optBytes = msg.opt ? opt(msg.opt) : undefined;
  const w = new Writer(maxSize);
  const f = msg.flags;
  let tc = f.tc;
  let ad = f.ad;
  const counts = [0, 0, 0, 0];

  w.pos = 12;
  const qname = msg.question ? nameToWire(msg.question.name) : undefined;
  const writeQuestion = (): void => {
    if (!msg.question || !qname) return;
    try {
      w.name(qname);
      w.u16(msg.question.type);
      w.u16(msg.question.class);
      counts[0] = 1;
    } catch (e) {
      if (e !== NO_SPACE) throw e;
      w.rollback(12);
      tc = true;
    }
  };
  // The OPT's space is reserved before anything else is written.
  w.limit = maxSize - (optBytes ? optBytes.length : 0);
  writeQuestion();

  const ownerOf = (rr: RRset): Buffer => {
    let o = OWNER_WIRE.get(rr);
    if (!o) OWNER_WIRE.set(rr, (o = nameToWire(rr.name)));
    return o;
  };

  /** Record by record; false when one did not fit (what fitted stays). */
  const partialSection = (section: readonly RRset[], idx: number): boolean => {
    for (const rr of section) {
      const owner = ownerOf(rr);
      for (const rd of rr.rdatas) {
        const at = w.pos;
        try {
          writeRR(w, owner, rr, rd);
          counts[idx]++;
        } catch (e) {
          if (e !== NO_SPACE) throw e;
          w.rollback(at);
          return false;
        }
      }
      ad = false; // a whole insecure RRset written (see file comment)
    }
    if (idx === 1 && counts[1] === 0) ad = false;
    if (idx === 2 && counts[1] === 0 && counts[2] === 0) ad = false;
    return true;
  };

  let rendered = !tc;
  if (rendered && !partialSection(msg.answer, 1)) {
    tc = true;
    rendered = false;
  }
  if (rendered && !partialSection(msg.authority, 2)) {
    tc = true;
    rendered = false;
  }
  if (rendered) {
    for (const rr of additionalOrder(msg.additional, opts.preferAAAA === true)) {
      const at = w.pos;
      const before = counts[3];
      try {
        const owner = ownerOf(rr);
        for (const rd of rr.rdatas) {
          writeRR(w, owner, rr, rd);
          counts[3]++;
        }
      } catch (e) {
        if (e !== NO_SPACE) throw e;
        w.rollback(at);
        counts[3] = before;
        break;
      }
    }
  }

  if (tc && optBytes) {
    // dns_message_renderend: a truncated message with an OPT keeps only the question.
    w.rollback(12);
    counts[1] = counts[2] = counts[3] = 0;
    counts[0] = 0;
    ad = false;
    writeQuestion();
  }
  if (optBytes) {
    w.limit = maxSize;
    w.bytes(optBytes);
    counts[3]++;
  }

  const b = w.buf;
  b.writeUInt16BE(msg.id & 0xffff, 0);
  b[2] =
    (f.qr ? 0x80 : 0) | ((f.opcode & 0xf) << 3) | (f.aa ? 0x04 : 0) | (tc ? 0x02 : 0) | (f.rd ? 0x01 : 0);
  b[3] = (f.ra ? 0x80 : 0) | (ad ? 0x20 : 0) | (f.cd ? 0x10 : 0) | (f.rcode & 0xf);
  b.writeUInt16BE(counts[0], 4);
  b.writeUInt16BE(counts[1], 6);
  b.writeUInt16BE(counts[2], 8);
  b.writeUInt16BE(counts[3], 10);
  return { bytes: Buffer.from(b.subarray(0, w.pos)), truncated: tc };
}
