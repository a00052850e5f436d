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
  const b = Buffer.allocUnsafe(4); // from Node's pool; all four bytes are written
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

/** Codes already placed in the current list: stamp[code] === gen (module scratch, no allocation per reply). */
const placedStamp = new Uint32Array(256);
let placedGen = 0;
/** The order list being built (module scratch; buildReplyOptions is synchronous and not re-entrant). */
const scratch: number[] = [];

function place(code: number): void {
  if (placedStamp[code] === placedGen) return; // duplicates: the first wins
  placedStamp[code] = placedGen;
  scratch.push(code);
}

/**
 * The options of one reply in dhcpd's order (see the module comment). Built without copying
 * the scope's option map or making intermediate sets and arrays: this runs for every OFFER
 * and ACK, and the allocation profile of `labnet serve` under perfdhcp had it as the largest
 * source of garbage per reply.
 */
export function buildReplyOptions(input: ReplyOptionInput): Map<number, Buffer> {
  const { req } = input;
  const base = input.optionValues ?? input.params.options;
  const mt = Buffer.from([input.messageType]);
  const sid = u32(input.serverId);
  const lease = input.leaseTime !== undefined ? u32(input.leaseTime) : undefined;
  const message = input.message !== undefined ? Buffer.from(input.message, 'utf8') : undefined;
  const mask = !base.has(1) && input.subnetMask !== undefined ? u32(input.subnetMask) : undefined;
  /** The value sent for `code`: the engine's own (53, 54, 51, 56, 1) over the scope's; 51, 58, 59 only with a lease time. */
  const valueOf = (code: number): Buffer | undefined => {
    switch (code) {
      case 53:
        return mt;
      case 54:
        return sid;
      case 51:
        return lease;
      case 58:
      case 59:
        if (lease === undefined) return undefined;
        break;
      case 56:
        if (message) return message;
        break;
      case 1:
        if (mask) return mask;
        break;
    }
    return NEVER_FROM_CONFIG.has(code) ? undefined : base.get(code);
  };

  placedGen = (placedGen + 1) >>> 0;
  if (placedGen === 0) {
    placedStamp.fill(0);
    placedGen = 1;
  }
  scratch.length = 0;
  for (const code of PROTOCOL_FIRST) place(code);
  // dhcpd's ack_lease: a parameter request list set in scope (`option
  // dhcp-parameter-request-list = concat (option dhcp-parameter-request-list, d0, ...)`, as
  // syslinux documents) orders the reply in place of the client's.
  const prl = base.get(55) ?? req.options.get(55);
  if (prl && prl.length > 0) {
    for (const code of prl) if (code !== 82) place(code);
    if (req.options.has(81)) place(81);
    if (input.addMaskToPrl) place(1);
  } else {
    for (const code of DEFAULT_LIST) place(code);
    // The codes with a value in the order they were set: the scope's, then the engine's own.
    const codes: number[] = [];
    for (const code of base.keys()) if (code !== 43 && !NEVER_FROM_CONFIG.has(code) && valueOf(code)) codes.push(code);
    for (const code of [53, 54, 51, 56, 1]) if ((NEVER_FROM_CONFIG.has(code) || !base.has(code)) && valueOf(code)) codes.push(code);
    for (const code of hashOrder(codes)) place(code);
    place(43);
  }
  // The subnet mask ahead of the routers (RFC 2132 3.3).
  const iMask = scratch.indexOf(1);
  const iRouters = scratch.indexOf(3);
  if (iMask > iRouters && iRouters >= 0) [scratch[iMask], scratch[iRouters]] = [scratch[iRouters], scratch[iMask]];

  const out = new Map<number, Buffer>();
  for (const code of scratch) {
    const v = valueOf(code);
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
