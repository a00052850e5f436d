/**
 * Test-side DNS wire helpers, written apart from labnet's codec so that the interop suites
 * do not check labnet against itself: a query builder that can set any header bit, opcode,
 * class and EDNS field (dns-packet cannot set an opcode or EDNS version on a query without
 * hand-packing the flags, and we need byte-identical queries for BIND and labnet), and a
 * message parser that renders every record in one canonical text form (RFC 1035 4.1),
 * decompressing the names inside RDATA for the types that carry them.
 */

export interface EdnsSpec {
  /** Requestor's UDP payload size (RFC 6891 6.1.2). */
  udpSize: number;
  /** EDNS version; 0 is the only one defined, 1 draws BADVERS (RFC 6891 6.1.3). */
  version?: number;
  /** The DO bit (RFC 3225). */
  dnssecOk?: boolean;
  /** Options as {code, data}. */
  options?: { code: number; data: Buffer }[];
}

export interface QuerySpec {
  id?: number;
  name: string;
  type: number;
  /** 1 = IN, 3 = CH. */
  qclass?: number;
  /** RFC 1035 4.1.1 OPCODE (0 QUERY, 1 IQUERY, 2 STATUS, 4 NOTIFY, 5 UPDATE). */
  opcode?: number;
  rd?: boolean;
  cd?: boolean;
  ad?: boolean;
  edns?: EdnsSpec;
  /** Malformed-query knobs: QR set on the query, a QDCOUNT other than 1, bytes appended. */
  qr?: boolean;
  qdcount?: number;
  trailing?: Buffer;
}

/** Presentation name (absolute or not; no escapes needed by the suites) to wire labels. */
export function encodeName(name: string): Buffer {
  const parts: Buffer[] = [];
  const trimmed = name.replace(/\.$/, '');
  if (trimmed !== '') {
    for (const label of trimmed.split('.')) {
      const b = Buffer.from(label, 'latin1');
      parts.push(Buffer.from([b.length]), b);
    }
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Builds one query message (RFC 1035 4.1.1-4.1.2, RFC 6891 6.1.2 for the OPT record). */
export function buildQuery(q: QuerySpec): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id ?? 0x4c4e, 0);
  let flags = ((q.opcode ?? 0) & 0xf) << 11;
  if (q.qr) flags |= 0x8000;
  if (q.rd) flags |= 0x0100;
  if (q.ad) flags |= 0x0020;
  if (q.cd) flags |= 0x0010;
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(q.qdcount ?? 1, 4); // QDCOUNT
  header.writeUInt16BE(q.edns ? 1 : 0, 10); // ARCOUNT
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(q.type, 0);
  tail.writeUInt16BE(q.qclass ?? 1, 2);
  const parts = [header, encodeName(q.name), tail];
  if (q.edns) {
    const opts = Buffer.concat(
      (q.edns.options ?? []).map((o) => {
        const h = Buffer.alloc(4);
        h.writeUInt16BE(o.code, 0);
        h.writeUInt16BE(o.data.length, 2);
        return Buffer.concat([h, o.data]);
      }),
    );
    const opt = Buffer.alloc(11);
    opt[0] = 0; // root owner
    opt.writeUInt16BE(41, 1); // TYPE OPT
    opt.writeUInt16BE(q.edns.udpSize, 3); // CLASS = payload size
    opt[5] = 0; // extended RCODE
    opt[6] = q.edns.version ?? 0;
    opt.writeUInt16BE(q.edns.dnssecOk ? 0x8000 : 0, 7);
    opt.writeUInt16BE(opts.length, 9);
    parts.push(opt, opts);
  }
  if (q.trailing) parts.push(q.trailing);
  return Buffer.concat(parts);
}

export interface ParsedRR {
  name: string;
  type: number;
  class: number;
  ttl: number;
  /** RDATA in canonical text: names decompressed (case kept), other fields in hex. */
  rdata: string;
}

export interface ParsedMessage {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  z: boolean;
  ad: boolean;
  cd: boolean;
  rcode: number;
  counts: [number, number, number, number];
  question: { name: string; type: number; class: number }[];
  answer: ParsedRR[];
  authority: ParsedRR[];
  additional: ParsedRR[];
  length: number;
}

/** Reads a possibly compressed name (RFC 1035 4.1.4); returns text with a trailing dot. */
export function readName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  let jumps = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error(`name runs past end at ${pos}`);
    const len = buf[pos];
    if (len === 0) {
      pos++;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (next < 0) next = pos + 2;
      if (++jumps > 64) throw new Error('compression loop');
      pos = ((len & 0x3f) << 8) | buf[pos + 1];
      continue;
    }
    if (len & 0xc0) throw new Error(`bad label type at ${pos}`);
    const raw = buf.subarray(pos + 1, pos + 1 + len);
    let text = '';
    for (const b of raw) {
      if (b === 0x2e || b === 0x5c) text += '\\' + String.fromCharCode(b);
      else if (b < 0x21 || b > 0x7e) text += '\\' + String(b).padStart(3, '0');
      else text += String.fromCharCode(b);
    }
    labels.push(text);
    pos += 1 + len;
  }
  return { name: labels.length ? labels.join('.') + '.' : '.', next: next < 0 ? pos : next };
}

/**
 * Field layout of RDATA by type: 'n' = a domain name, 'h<k>' = k raw bytes, 'r' = the rest.
 * Only the types whose RDATA holds names need a layout; everything else is hex as a whole.
 */
const LAYOUT: Record<number, string[]> = {
  2: ['n'], // NS
  5: ['n'], // CNAME
  6: ['n', 'n', 'r'], // SOA
  12: ['n'], // PTR
  15: ['h2', 'n'], // MX
  33: ['h6', 'n'], // SRV
  39: ['n'], // DNAME
};

function rdataText(buf: Buffer, type: number, start: number, end: number): string {
  const layout = LAYOUT[type];
  if (!layout) return buf.subarray(start, end).toString('hex');
  const out: string[] = [];
  let pos = start;
  for (const f of layout) {
    if (f === 'n') {
      const { name, next } = readName(buf, pos);
      out.push(name);
      pos = next;
    } else if (f === 'r') {
      out.push(buf.subarray(pos, end).toString('hex'));
      pos = end;
    } else {
      const k = Number(f.slice(1));
      out.push(buf.subarray(pos, pos + k).toString('hex'));
      pos += k;
    }
  }
  if (pos !== end) throw new Error(`RDATA of type ${type} has ${end - pos} bytes left over`);
  return out.join(' ');
}

/** Parses a whole DNS message; throws on any malformation (a reply must be well formed). */
export function parseMessage(buf: Buffer): ParsedMessage {
  if (buf.length < 12) throw new Error(`message of ${buf.length} bytes`);
  const flags = buf.readUInt16BE(2);
  const counts: [number, number, number, number] = [
    buf.readUInt16BE(4),
    buf.readUInt16BE(6),
    buf.readUInt16BE(8),
    buf.readUInt16BE(10),
  ];
  let pos = 12;
  const question: ParsedMessage['question'] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(buf, pos);
    question.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    pos = next + 4;
  }
  const sections: ParsedRR[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) {
      const { name, next } = readName(buf, pos);
      const type = buf.readUInt16BE(next);
      const klass = buf.readUInt16BE(next + 2);
      const ttl = buf.readUInt32BE(next + 4);
      const rdlen = buf.readUInt16BE(next + 8);
      const start = next + 10;
      if (start + rdlen > buf.length) throw new Error('RDATA runs past end of message');
      sections[s].push({ name, type, class: klass, ttl, rdata: rdataText(buf, type, start, start + rdlen) });
      pos = start + rdlen;
    }
  }
  if (pos !== buf.length) throw new Error(`${buf.length - pos} trailing bytes after the last record`);
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags & 0x0040) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    counts,
    question,
    answer: sections[0],
    authority: sections[1],
    additional: sections[2],
    length: buf.length,
  };
}

/** One record as a line: `owner TTL CLASS TYPE rdata`. */
export function rrLine(rr: ParsedRR): string {
  return `${rr.name} ${rr.ttl} ${rr.class} ${rr.type} ${rr.rdata}`;
}

/**
 * Groups a section into RRsets (consecutive records of one owner, type and class), keeping
 * the order of the RRsets and sorting the records inside each: BIND's default rrset-order
 * rotates or shuffles records within an RRset (ARM "rrset-order"), so only the set is defined.
 */
export function rrsetsOrdered(section: ParsedRR[]): string[] {
  const groups: string[][] = [];
  let key = '';
  for (const rr of section) {
    const k = `${rr.name.toLowerCase()}|${rr.type}|${rr.class}`;
    if (k !== key || groups.length === 0) {
      groups.push([]);
      key = k;
    }
    groups[groups.length - 1].push(rrLine(rr));
  }
  return groups.map((g) => g.sort().join('\n'));
}

/** A section as a sorted multiset of records: for sections whose order no RFC defines. */
export function rrMultiset(section: ParsedRR[]): string[] {
  return section.map(rrLine).sort();
}
