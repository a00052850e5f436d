/**
 * Which messages a DNS worker answers itself and which go to the primary process (pool.ts).
 * A worker holds the zones and views only; it answers standard queries (opcode QUERY,
 * RFC 1035 4.1.1) for anything but a zone transfer. The primary owns the rest: UPDATE
 * (RFC 2136: it changes zones and journals them), NOTIFY (RFC 1996: the secondary zones),
 * AXFR and IXFR (RFC 5936, RFC 1995: the journals), and any message signed with TSIG
 * (RFC 8945: the keys; the view a key selects). Pure: reads the message bytes only.
 */

const TYPE_TSIG = 250;
const TYPE_IXFR = 251;
const TYPE_AXFR = 252;

/** The offset just past the (possibly compressed) name at `off`, or -1 when it runs past the end. */
function skipName(msg: Buffer, off: number): number {
  for (let hops = 0; off < msg.length && hops < 128; hops++) {
    const len = msg[off]!;
    if (len === 0) return off + 1;
    if ((len & 0xc0) === 0xc0) return off + 2 <= msg.length ? off + 2 : -1; // a pointer ends the name here
    off += 1 + len;
  }
  return -1;
}

/**
 * True when the worker answers `msg` from its own zones; false when the primary must
 * (see above). A message too short or malformed to tell is the worker's: its handler
 * drops or answers FORMERR as the primary's would.
 */
export function answeredByWorker(msg: Buffer): boolean {
  if (msg.length < 12) return true;
  if (((msg[2]! >> 3) & 0x0f) !== 0) return false; // opcode other than QUERY
  const qd = msg.readUInt16BE(4);
  const records = msg.readUInt16BE(6) + msg.readUInt16BE(8) + msg.readUInt16BE(10);
  let off = 12;
  for (let i = 0; i < qd; i++) {
    off = skipName(msg, off);
    if (off < 0 || off + 4 > msg.length) return true;
    const type = msg.readUInt16BE(off);
    if (type === TYPE_AXFR || type === TYPE_IXFR) return false;
    off += 4;
  }
  // TSIG is the last record of the additional section (RFC 8945 5.1); look at every record.
  for (let i = 0; i < records; i++) {
    off = skipName(msg, off);
    if (off < 0 || off + 10 > msg.length) return true;
    if (msg.readUInt16BE(off) === TYPE_TSIG) return false;
    off += 10 + msg.readUInt16BE(off + 8);
  }
  return true;
}
