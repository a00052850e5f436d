/**
 * Which options a reply carries and in what order, as ISC dhcpd 4.4's cons_options does:
 *
 * - first the protocol options: 53, 54, 51, 58, 59, 56, 50, 92 (those that have a value:
 *   dhcpd sends T1 and T2 only when the config sets dhcp-renewal-time / dhcp-rebinding-time,
 *   as a live dhcpd 4.4 shows in test/interop/dhcpd-live.test.ts; RFC 2131 4.4.5 has the
 *   client default them to 0.5 and 0.875 of the lease);
 * - with a parameter request list (RFC 2132 9.8): the requested options in the client's
 *   order (82 excluded: it is echoed last), then 81 if the client sent one, then 1 (subnet
 *   mask) at lowest priority for DISCOVER/REQUEST answers ("some clients rely on it");
 * - without one: 1, 3, 6, 12, 81, then every other configured option in the order dhcpd's
 *   option hash holds them (hashOrder), then 43;
 * - RFC 2132 3.3: the subnet mask goes before the routers when both are present;
 * - RFC 3046 2.2: the relay agent information option is echoed back verbatim, last.
 * An option is only sent when the effective scope (or the engine) has a value for it.
 * encodePacket drops from the end of this order when the reply does not fit.
 */
import type { DhcpPacket, ScopeParams } from '../types.js';

const PROTOCOL_FIRST = [53, 54, 51, 58, 59, 56, 50, 92];
const DEFAULT_LIST = [1, 3, 6, 12, 81];
const NEVER_FROM_CONFIG = new Set([0, 255, 52, 53, 54, 55, 57, 82]);

export function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0, 0);
  return b;
}

export interface ReplyOptionInput {
  req: DhcpPacket;
  /** The DHCP message type of the reply (RFC 2132 9.6). */
  messageType: number;
  serverId: number;
  params: ScopeParams;
  /** The option values to send (default: params.options), with option spaces folded in (encapsulate.ts). */
  optionValues?: Map<number, Buffer>;
  /** Subnet mask of the client's subnet, sent as option 1 when the config has none. */
  subnetMask?: number;
  /** Lease time in seconds (absent for INFORM and NAK). */
  leaseTime?: number;
  /** Request came as DISCOVER or REQUEST (dhcpd then adds the subnet mask to a PRL). */
  addMaskToPrl: boolean;
  /** Text for option 56 (NAK reason). */
  message?: string;
}

/**
 * dhcpd 4.4 walks its option state's hash table (common/options.c, 17 buckets,
 * compute_option_hash: (code & 15) + ((code >> 5) & 15), mod 17) bucket by bucket; a new option
 * goes to the head of its bucket, a replaced one keeps its place. `codes` come in the order they
 * were first set (global scope first, then inner scopes, each in file order), as a Map keeps them.
 */
export function hashOrder(codes: number[]): number[] {
  const bucket = (c: number) => ((c & 15) + ((c >> 5) & 15)) % 17;
  return codes.map((code, i) => ({ code, i })).sort((a, b) => bucket(a.code) - bucket(b.code) || b.i - a.i).map((x) => x.code);
}

export function buildReplyOptions(input: ReplyOptionInput): Map<number, Buffer> {
  const { req, params } = input;
  const values = new Map<number, Buffer>();
  for (const [code, v] of input.optionValues ?? params.options) if (!NEVER_FROM_CONFIG.has(code)) values.set(code, v);
  values.set(53, Buffer.from([input.messageType]));
  values.set(54, u32(input.serverId));
  if (input.leaseTime !== undefined) {
    values.set(51, u32(input.leaseTime));
  } else {
    values.delete(51);
    values.delete(58);
    values.delete(59);
  }
  if (input.message !== undefined) values.set(56, Buffer.from(input.message, 'utf8'));
  if (!values.has(1) && input.subnetMask !== undefined) values.set(1, u32(input.subnetMask));

  const prl = req.options.get(55);
  const order: number[] = [...PROTOCOL_FIRST];
  if (prl && prl.length > 0) {
    for (const code of prl) if (code !== 82) order.push(code);
    if (req.options.has(81)) order.push(81);
    if (input.addMaskToPrl) order.push(1);
  } else {
    order.push(...DEFAULT_LIST);
    order.push(...hashOrder([...values.keys()].filter((c) => c !== 43)));
    order.push(43);
  }
  // Remove duplicates (first wins), then put the subnet mask ahead of the routers (RFC 2132 3.3).
  const seen = new Set<number>();
  const list = order.filter((c) => (seen.has(c) ? false : (seen.add(c), true)));
  const iMask = list.indexOf(1);
  const iRouters = list.indexOf(3);
  if (iMask > iRouters && iRouters >= 0) [list[iMask], list[iRouters]] = [list[iRouters], list[iMask]];

  const out = new Map<number, Buffer>();
  for (const code of list) {
    const v = values.get(code);
    if (v) out.set(code, v);
  }
  const agent = req.options.get(82);
  if (agent) out.set(82, agent);
  return out;
}

/** NAK options (RFC 2131 table 3): 53, 54, optionally 56; the agent information echoed. */
export function nakOptions(req: DhcpPacket, serverId: number, message: string): Map<number, Buffer> {
  const out = new Map<number, Buffer>([
    [53, Buffer.from([6])],
    [54, u32(serverId)],
    [56, Buffer.from(message, 'utf8')],
  ]);
  const agent = req.options.get(82);
  if (agent) out.set(82, agent);
  return out;
}

/**
 * The BOOTP fields every reply with an address carries (RFC 2131 2, table 3; RFC 951):
 * siaddr from `next-server`, sname from `server-name`, file from `filename`. One place for
 * the OFFER, the ACK, the INFORM answer and the BOOTREPLY.
 */
export function setBootFields(reply: DhcpPacket, params: ScopeParams): void {
  reply.siaddr = params.nextServer ?? 0;
  reply.sname = params.serverName ?? '';
  reply.file = params.filename ?? '';
}
