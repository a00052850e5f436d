/**
 * DHCPv4 packet codec (RFC 2131 2 message format, RFC 2132 options, RFC 3396 long options,
 * RFC 2132 9.3 option overload).
 *
 * Hand-written rather than the npm `dhcp` package's Protocol: that codec is built for its own
 * server (it throws on any htype/hlen other than Ethernet, decodes options into typed values
 * from its own table and drops unknown ones, does not handle overload or RFC 3396
 * concatenation, and does not bound the reply size). We need raw option payloads in order of
 * appearance and a size-bounded encoder; the tests use the npm package as an independent
 * decoder of what we encode.
 */
import type { DhcpPacket } from './types.js';

/** A datagram that is not a well-formed DHCP message. The server catches it and drops the packet. */
export class PacketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PacketError';
  }
}

/** RFC 2131 3: the options field starts with the magic cookie 99.130.83.99. */
export const MAGIC_COOKIE = 0x63825363;
/** Fixed BOOTP header up to (not including) the cookie: op..file (RFC 2131 2, figure 1). */
export const FIXED_LEN = 236;
/** RFC 1542 / RFC 2131 2: BOOTP relays expect at least 300 bytes. */
export const MIN_BOOTP_SIZE = 300;
/** RFC 2132 9.10: the minimum legal maximum-message-size; it counts the IP and UDP headers. */
export const MIN_MAX_MESSAGE_SIZE = 576;
/** IPv4 (20, no options) + UDP (8) headers, included in option 57's value. */
export const IP_UDP_OVERHEAD = 28;

const OPT_PAD = 0;
const OPT_END = 255;
const OPT_OVERLOAD = 52;
const OPT_MESSAGE_TYPE = 53;
const OPT_SERVER_ID = 54;
const OPT_AGENT_INFO = 82;

const SNAME_OFF = 44;
const SNAME_LEN = 64;
const FILE_OFF = 108;
const FILE_LEN = 128;

/**
 * Parse one option area (RFC 2132 2), adding payloads to `out` (RFC 3396: several
 * instances of a code are concatenated in order). Returns the overload value when option 52
 * is present. A missing End at the end of an area is tolerated, as dhcpd and Kea do.
 */
function parseOptionArea(
  buf: Buffer, start: number, end: number, out: Map<number, Buffer>, area: string,
): number {
  let overload = 0;
  let i = start;
  while (i < end) {
    const code = buf[i];
    if (code === OPT_PAD) { i++; continue; }
    if (code === OPT_END) return overload;
    if (i + 1 >= end) throw new PacketError(`${area}: option ${code} has no length byte`);
    const len = buf[i + 1];
    const dataStart = i + 2;
    if (dataStart + len > end) throw new PacketError(`${area}: option ${code} (length ${len}) overruns the ${area}`);
    const data = buf.subarray(dataStart, dataStart + len);
    if (code === OPT_OVERLOAD) {
      if (len !== 1 || data[0] < 1 || data[0] > 3) throw new PacketError(`${area}: bad option overload value`);
      overload = data[0];
    } else {
      const prev = out.get(code);
      out.set(code, prev ? Buffer.concat([prev, data]) : data);
    }
    i = dataStart + len;
  }
  return overload;
}

/** A NUL-terminated BOOTP string field (sname, file). UTF-8 when valid, else byte-per-char. */
function readCString(buf: Buffer, off: number, len: number): string {
  if (buf[off] === 0) return ''; // the usual case: an empty field, no view or decoding
  const field = buf.subarray(off, off + len);
  const nul = field.indexOf(0);
  const bytes = nul < 0 ? field : field.subarray(0, nul);
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? bytes.toString('latin1') : text;
}

/**
 * Decode a BOOTP/DHCP datagram (RFC 2131 2). Throws PacketError when it is shorter than
 * the fixed header plus cookie, the cookie is wrong, hlen > 16, or an option overruns its
 * area. Option overload (RFC 2132 9.3) continues the options into `file` then `sname`
 * (RFC 3396 5 order); those fields then read as empty strings.
 */
export function decodePacket(buf: Buffer): DhcpPacket {
  if (buf.length < FIXED_LEN + 4) throw new PacketError(`too short: ${buf.length} bytes (minimum ${FIXED_LEN + 4})`);
  const hlen = buf[2];
  if (hlen > 16) throw new PacketError(`hlen ${hlen} > 16`);
  const cookie = buf.readUInt32BE(FIXED_LEN);
  if (cookie !== MAGIC_COOKIE) throw new PacketError(`bad magic cookie 0x${cookie.toString(16).padStart(8, '0')}`);

  // One private copy of the datagram: option payloads are views into it, so the caller's
  // buffer may be reused and no per-option copy is made.
  const own = Buffer.from(buf);
  const options = new Map<number, Buffer>();
  const overload = parseOptionArea(own, FIXED_LEN + 4, own.length, options, 'options');
  if (overload & 1) parseOptionArea(own, FILE_OFF, FILE_OFF + FILE_LEN, options, 'file');
  if (overload & 2) parseOptionArea(own, SNAME_OFF, SNAME_OFF + SNAME_LEN, options, 'sname');

  return {
    op: buf[0],
    htype: buf[1],
    hlen,
    hops: buf[3],
    xid: buf.readUInt32BE(4),
    secs: buf.readUInt16BE(8),
    flags: buf.readUInt16BE(10),
    ciaddr: buf.readUInt32BE(12),
    yiaddr: buf.readUInt32BE(16),
    siaddr: buf.readUInt32BE(20),
    giaddr: buf.readUInt32BE(24),
    chaddr: own.subarray(28, 44),
    sname: overload & 2 ? '' : readCString(buf, SNAME_OFF, SNAME_LEN),
    file: overload & 1 ? '' : readCString(buf, FILE_OFF, FILE_LEN),
    options,
  };
}

/** Encoded size of one option: code+length per 255-byte instance, plus the data (RFC 3396 7). */
function optionSize(data: Buffer): number {
  return data.length + 2 * Math.max(1, Math.ceil(data.length / 255));
}

/** Write code+length+data at `off`, split into 255-byte instances when longer (RFC 3396 7). */
function writeOption(out: Buffer, off: number, code: number, data: Buffer): number {
  let pos = 0;
  do {
    const n = Math.min(255, data.length - pos);
    out[off++] = code;
    out[off++] = n;
    data.copy(out, off, pos, pos + n);
    off += n;
    pos += n;
  } while (pos < data.length);
  return off;
}

function writeCString(out: Buffer, off: number, len: number, text: string): void {
  if (text.length === 0) return;
  // A field filled to its full length carries no NUL, as dhcpd writes it.
  const bytes = Buffer.from(text, 'utf8');
  bytes.copy(out, off, 0, Math.min(bytes.length, len));
}

export interface EncodeOptions {
  /**
   * The client's maximum DHCP message size (option 57, RFC 2132 9.10), which counts the IP
   * and UDP headers; values below 576 are raised to 576.
   */
  maxSize: number;
  /** The request's parameter request list (option 55): when given, options not in it are dropped first. */
  prl?: Uint8Array;
}

function skipped(code: number): boolean {
  return code === OPT_MESSAGE_TYPE || code === OPT_SERVER_ID || code === OPT_AGENT_INFO
    || code === OPT_PAD || code === OPT_END || code === OPT_OVERLOAD || !(code >= 0 && code <= 255);
}

/**
 * Encode a DHCP message (RFC 2131 2). Options go out 53 first, 54 next, then in the order of
 * `p.options` (the engine inserts them in dhcpd's priority order), with 82 last (RFC 3046
 * 2.1: relay agent information is the last option). When they do not fit in `maxSize`
 * (minus the IP/UDP headers), whole options are dropped, lowest priority first: those not
 * in `prl` (when given), then from the end of the order; 53 and 54 are never dropped, 82
 * only when it alone cannot fit. Always ends with End and is padded to 300 bytes (RFC 1542 2.1).
 * Written in place into one buffer (this is on the server's per-packet path).
 */
export function encodePacket(p: DhcpPacket, opts: EncodeOptions): Buffer {
  const maxSize = Math.max(MIN_MAX_MESSAGE_SIZE, Number.isFinite(opts.maxSize) ? opts.maxSize : MIN_MAX_MESSAGE_SIZE);
  const budget = Math.min(maxSize, 65535) - IP_UDP_OVERHEAD - FIXED_LEN - 4 - 1; // cookie, End

  const mt = p.options.get(OPT_MESSAGE_TYPE);
  const sid = p.options.get(OPT_SERVER_ID);
  let agent = p.options.get(OPT_AGENT_INFO);
  let used = (mt ? optionSize(mt) : 0) + (sid ? optionSize(sid) : 0);
  // dhcpd reserves room for the agent options first; one too long for the packet is left out.
  if (agent && used + optionSize(agent) > budget) agent = undefined;
  if (agent) used += optionSize(agent);

  // Pass 1: PRL members (all options without a PRL) in order; pass 2: the others.
  const prl = opts.prl;
  let dropped: Set<number> | undefined;
  for (let pass = 0; pass < (prl ? 2 : 1); pass++) {
    for (const code of p.options.keys()) {
      if (skipped(code)) continue;
      if (prl && prl.includes(code) !== (pass === 0)) continue;
      const size = optionSize(p.options.get(code)!);
      // dhcpd's store_options skips an option that does not fit and tries the next ones; so do we.
      if (used + size <= budget) used += size;
      else (dropped ??= new Set()).add(code);
    }
  }

  const total = Math.max(MIN_BOOTP_SIZE, FIXED_LEN + 4 + used + 1);
  // A slice of Node's shared pool, zeroed here: Buffer.alloc makes an ArrayBuffer of its own
  // per reply, which the profile showed in allocation and in V8's ArrayBuffer sweeping.
  const out = Buffer.allocUnsafe(total).fill(0);
  out[0] = p.op;
  out[1] = p.htype;
  out[2] = Math.min(p.hlen, 16);
  out[3] = p.hops;
  out.writeUInt32BE(p.xid >>> 0, 4);
  out.writeUInt16BE(p.secs & 0xffff, 8);
  out.writeUInt16BE(p.flags & 0xffff, 10);
  out.writeUInt32BE(p.ciaddr >>> 0, 12);
  out.writeUInt32BE(p.yiaddr >>> 0, 16);
  out.writeUInt32BE(p.siaddr >>> 0, 20);
  out.writeUInt32BE(p.giaddr >>> 0, 24);
  p.chaddr.copy(out, 28, 0, Math.min(16, p.chaddr.length));
  writeCString(out, SNAME_OFF, SNAME_LEN, p.sname);
  writeCString(out, FILE_OFF, FILE_LEN, p.file);
  out.writeUInt32BE(MAGIC_COOKIE, FIXED_LEN);
  let off = FIXED_LEN + 4;
  if (mt) off = writeOption(out, off, OPT_MESSAGE_TYPE, mt);
  if (sid) off = writeOption(out, off, OPT_SERVER_ID, sid);
  // Keys and get, not entries: no [code, data] pair allocated per option on the per-packet path.
  for (const code of p.options.keys()) {
    if (skipped(code) || dropped?.has(code)) continue;
    off = writeOption(out, off, code, p.options.get(code)!);
  }
  if (agent) off = writeOption(out, off, OPT_AGENT_INFO, agent);
  out[off] = OPT_END;
  return out;
}

/** The DHCP message type (option 53) of a packet, or undefined for plain BOOTP. */
export function messageTypeOf(p: DhcpPacket): number | undefined {
  const o = p.options.get(OPT_MESSAGE_TYPE);
  return o && o.length === 1 ? o[0] : undefined;
}
