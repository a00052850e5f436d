/**
 * Where a reply goes (RFC 2131 4.1, "the server sends ... "), plus labnet's egress guard
 * for servers bound to loopback. Pure: no sockets.
 */
import type { DhcpPacket } from './types.js';
import { MessageType } from './types.js';
import { ipFromString, ipToString, isLoopback } from './ip.js';

export const SERVER_PORT = 67;
export const CLIENT_PORT = 68;
export const BROADCAST = '255.255.255.255';
/** RFC 2131 2, figure 2: the leftmost bit of `flags` is BROADCAST. */
export const BROADCAST_FLAG = 0x8000;

export type ReplyRoute = { address: string; port: number; broadcast: boolean } | { drop: string };

export interface RouteContext {
  /** Where the request came from (the UDP source). */
  source: { address: string; port: number };
  /** The server's socket is bound to a 127.x address: nothing may leave loopback. */
  serverOnLoopback: boolean;
}

/** An IPv4 (or IPv4-mapped IPv6) address string as a number, or undefined. */
function parseV4(address: string): number | undefined {
  const text = address.startsWith('::ffff:') ? address.slice(7) : address;
  try {
    return ipFromString(text);
  } catch {
    return undefined;
  }
}

/** RFC 2131 4.1 destination rules, without the guard. */
export function rfcDestination(req: DhcpPacket, reply: DhcpPacket): { address: string; port: number; broadcast: boolean } {
  const type = reply.options.get(53)?.[0];
  // "If the 'giaddr' field in a DHCP message from a client is non-zero, the server sends any
  // return messages to the 'DHCP server' port on the BOOTP relay agent whose address appears in 'giaddr'."
  if (req.giaddr !== 0) return { address: ipToString(req.giaddr), port: SERVER_PORT, broadcast: false };
  // "If the 'giaddr' field is zero and the 'ciaddr' field is nonzero, then the server unicasts
  // DHCPOFFER and DHCPACK messages to the address in 'ciaddr'."
  if (req.ciaddr !== 0 && type !== MessageType.NAK) return { address: ipToString(req.ciaddr), port: CLIENT_PORT, broadcast: false };
  // "In all cases, when 'giaddr' is zero, the server broadcasts any DHCPNAK messages to 0xffffffff."
  // Broadcast bit set: broadcast. Not set: RFC 2131 asks for a unicast to chaddr/yiaddr, which
  // needs an ARP entry for an unconfigured client; Node's dgram cannot add one, so we broadcast
  // (allowed: "If unicasting is not possible, the message MAY be sent as an IP broadcast").
  return { address: BROADCAST, port: CLIENT_PORT, broadcast: true };
}

/**
 * Route a reply. With `serverOnLoopback`, the result is always a drop or a 127.0.0.0/8
 * destination: a non-loopback giaddr, ciaddr or broadcast is redirected to the request's
 * source when that source is loopback (Kea does this for test clients on lo), else dropped.
 */
export function routeReply(req: DhcpPacket, reply: DhcpPacket, ctx: RouteContext): ReplyRoute {
  const dest = rfcDestination(req, reply);
  if (!ctx.serverOnLoopback) return dest;
  const destIp = parseV4(dest.address);
  if (!dest.broadcast && destIp !== undefined && isLoopback(destIp)) return dest;
  const src = parseV4(ctx.source.address);
  if (src !== undefined && isLoopback(src) && ctx.source.port > 0 && ctx.source.port < 65536) {
    return { address: ipToString(src), port: ctx.source.port, broadcast: false };
  }
  return { drop: `egress guard: server on loopback will not send to ${dest.address} (request from ${ctx.source.address})` };
}
