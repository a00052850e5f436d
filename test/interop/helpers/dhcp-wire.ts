/**
 * Test-side DHCPv4 packets, written apart from labnet's codec so the live comparison does not
 * check labnet against itself: a request builder (RFC 2131 2 fixed header, RFC 2132 options,
 * a relay's giaddr and hops, ciaddr) and a reply reader that keeps every option's bytes in order.
 */

export interface RequestSpec {
  /** DHCP message type (RFC 2132 9.6): 1 DISCOVER, 3 REQUEST. */
  type: number;
  xid: number;
  mac: string;
  /** Relay agent address (RFC 2131 4.1: the server answers it on port 67). */
  giaddr?: string;
  /** The client's address (RFC 2131 4.4.6: a DHCPRELEASE names the lease in ciaddr). */
  ciaddr?: string;
  /** Options after 53, in this order: [code, payload]. */
  options: Array<[number, Buffer]>;
}

export interface Reply {
  op: number;
  xid: number;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  sname: string;
  file: string;
  /** Options in wire order (53 included; pad and end not). */
  options: Array<[number, Buffer]>;
}

const ip4 = (s: string) => Buffer.from(s.split('.').map(Number));
const ipText = (b: Buffer, at: number) => [...b.subarray(at, at + 4)].join('.');
const cstr = (b: Buffer) => {
  const z = b.indexOf(0);
  return (z < 0 ? b : b.subarray(0, z)).toString('latin1');
};

export function buildRequest(spec: RequestSpec): Buffer {
  const head = Buffer.alloc(236);
  head[0] = 1; // op BOOTREQUEST
  head[1] = 1; // htype ethernet
  head[2] = 6; // hlen
  head[3] = spec.giaddr ? 1 : 0; // hops
  head.writeUInt32BE(spec.xid >>> 0, 4);
  head.writeUInt16BE(0, 8); // secs
  head.writeUInt16BE(spec.giaddr ? 0 : 0x8000, 10); // flags: broadcast when not relayed
  if (spec.ciaddr) ip4(spec.ciaddr).copy(head, 12);
  if (spec.giaddr) ip4(spec.giaddr).copy(head, 24);
  Buffer.from(spec.mac.split(':').map((h) => parseInt(h, 16))).copy(head, 28);
  const opts: number[] = [99, 130, 83, 99, 53, 1, spec.type];
  for (const [code, v] of spec.options) opts.push(code, v.length, ...v);
  opts.push(255);
  const out = Buffer.concat([head, Buffer.from(opts)]);
  return out.length < 300 ? Buffer.concat([out, Buffer.alloc(300 - out.length)]) : out;
}

export function readReply(b: Buffer): Reply {
  if (b.length < 240 || b.readUInt32BE(236) !== 0x63825363) throw new Error('not a DHCP reply');
  const options: Array<[number, Buffer]> = [];
  for (let p = 240; p < b.length; ) {
    const code = b[p];
    if (code === 255) break;
    if (code === 0) {
      p++;
      continue;
    }
    const len = b[p + 1];
    options.push([code, Buffer.from(b.subarray(p + 2, p + 2 + len))]);
    p += 2 + len;
  }
  return {
    op: b[0], xid: b.readUInt32BE(4), yiaddr: ipText(b, 16), siaddr: ipText(b, 20), giaddr: ipText(b, 24),
    sname: cstr(b.subarray(44, 108)), file: cstr(b.subarray(108, 236)), options,
  };
}

/** A text option payload. */
export const text = (s: string) => Buffer.from(s, 'latin1');
/** Bytes from colon-separated hex. */
export const hex = (s: string) => Buffer.from(s.split(':').map((h) => parseInt(h, 16)));
