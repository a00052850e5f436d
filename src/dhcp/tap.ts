/**
 * A tap on the DHCP server's packet path (the test kit): `before` may drop, delay or NAK a
 * request ahead of the engine (src/dhcp/faults.ts); `after` sees what the engine decided
 * once the lease changes are durable (the lab's lease events). A server without one is
 * unchanged.
 */
import type { DhcpPacket } from './types.js';
import type { HandleResult } from './engine.js';

export type DhcpTapAction =
  | { drop: true }
  /** Handle the request this much later on the server's clock. */
  | { delayMs: number }
  /** Answer DHCPNAK (RFC 2131 4.3.2) with this message (option 56), whatever the engine would say. */
  | { nak: string };

export interface DhcpTap {
  before?(req: DhcpPacket): DhcpTapAction | undefined;
  after?(req: DhcpPacket, result: HandleResult): void;
}
