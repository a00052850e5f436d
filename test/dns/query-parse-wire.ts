/** Small builders for hand-made DNS messages in tests (RFC 1035 4.1). */

export function wireName(name: string): Buffer {
  const parts = name.split('.').filter(Boolean);
  const bufs: Buffer[] = [];
  for (const p of parts) bufs.push(Buffer.from([p.length]), Buffer.from(p, 'latin1'));
  bufs.push(Buffer.from([0]));
  return Buffer.concat(bufs);
}

/** Header: ID, flags (16 bits), QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT. */
export function header(id: number, flags: number, qd: number, an = 0, ns = 0, ar = 0): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(id, 0);
  b.writeUInt16BE(flags, 2);
  b.writeUInt16BE(qd, 4);
  b.writeUInt16BE(an, 6);
  b.writeUInt16BE(ns, 8);
  b.writeUInt16BE(ar, 10);
  return b;
}

export function typeClass(type: number, klass = 1): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(type, 0);
  b.writeUInt16BE(klass, 2);
  return b;
}

export function question(name: string, type = 1, klass = 1): Buffer {
  return Buffer.concat([wireName(name), typeClass(type, klass)]);
}

/** An OPT pseudo-RR (RFC 6891 6.1.2): owner, TYPE 41, CLASS = UDP size, TTL = ext-rcode/version/DO. */
export function opt(udpSize = 1232, ttl = 0, rdata: Buffer = Buffer.alloc(0), owner: Buffer = Buffer.from([0])): Buffer {
  const b = Buffer.alloc(10);
  b.writeUInt16BE(41, 0);
  b.writeUInt16BE(udpSize, 2);
  b.writeUInt32BE(ttl >>> 0, 4);
  b.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([owner, b, rdata]);
}

/** An A record owned by a pointer to the question name (offset 12). */
export function aRecordAtQname(): Buffer {
  return Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4]);
}

/** A standard query: RD set, one question, optional OPT. */
export function query(id: number, name: string, type = 1, opts: { rd?: boolean; edns?: Buffer } = {}): Buffer {
  const flags = opts.rd === false ? 0 : 0x0100;
  return Buffer.concat([header(id, flags, 1, 0, 0, opts.edns ? 1 : 0), question(name, type), opts.edns ?? Buffer.alloc(0)]);
}
