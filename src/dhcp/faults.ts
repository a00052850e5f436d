/**
 * DHCP faults on demand for the test kit: drop, delay (on the server's clock) or NAK the
 * next N packets of a client, by its MAC (chaddr, RFC 2131 2), or of every client; optionally
 * only one message type. The first matching fault with packets left applies.
 */
import type { DhcpPacket } from './types.js';
import { MessageType } from './types.js';
import { durationMs } from '../util/clock.js';
import { nakOptions } from './engine/reply-options.js';
import { BROADCAST_FLAG } from './routing.js';
import type { DhcpTapAction } from './tap.js';
import { FaultList, type FaultHandle } from '../util/fault-list.js';

export interface DhcpFaultSpec {
  /** The client's hardware address (`aa:bb:cc:dd:ee:ff`, any case, `-` or `:`); default every client. */
  mac?: string;
  /** Only this message type ('DISCOVER', 'REQUEST', ...). */
  messageType?: keyof typeof MessageType;
  drop?: boolean;
  /** Handle the packet this much later: ms or a duration ('3s'). */
  delay?: number | string;
  /** Answer DHCPNAK; a string is the message (option 56). */
  nak?: boolean | string;
  /** Apply to this many packets, then retire; default every packet until cleared. */
  times?: number;
}

export type DhcpFault = FaultHandle<DhcpFaultSpec>;

interface Active {
  spec: DhcpFaultSpec;
  mac?: string;
  action: DhcpTapAction;
  hits: number;
  remaining: number;
}

const normalMac = (mac: string) => mac.toLowerCase().replace(/-/g, ':');

/** The MAC of a request's chaddr as `aa:bb:...` (hlen octets, at most 16). */
export function chaddrText(p: DhcpPacket): string {
  return [...p.chaddr.subarray(0, Math.min(p.hlen, 16))].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/**
 * A DHCPNAK for `req` (RFC 2131 4.3.2, table 3): no addresses, the server identifier and a
 * message; relayed NAKs set the broadcast bit so the relay broadcasts them.
 */
export function nakReply(req: DhcpPacket, serverId: number, message: string): DhcpPacket {
  return {
    ...req,
    op: 2,
    hops: 0,
    secs: 0,
    flags: (req.flags & BROADCAST_FLAG) | (req.giaddr !== 0 ? BROADCAST_FLAG : 0),
    ciaddr: 0,
    yiaddr: 0,
    siaddr: 0,
    chaddr: Buffer.from(req.chaddr),
    sname: '',
    file: '',
    options: nakOptions(req, serverId, message),
  };
}

export class DhcpFaults {
  private readonly faults = new FaultList<DhcpFaultSpec, Active>();

  add(spec: DhcpFaultSpec): DhcpFault {
    const given = [spec.drop, spec.delay, spec.nak].filter((x) => x !== undefined && x !== false).length;
    if (given !== 1) throw new Error('a DHCP fault needs exactly one of drop, delay, nak');
    if (spec.messageType !== undefined && !(spec.messageType in MessageType)) throw new Error(`unknown DHCP message type '${spec.messageType}'`);
    const action: DhcpTapAction = spec.drop
      ? { drop: true }
      : spec.delay !== undefined
        ? { delayMs: durationMs(spec.delay) }
        : { nak: typeof spec.nak === 'string' ? spec.nak : 'fault injected by the test' };
    const f: Active = { spec: { ...spec }, mac: spec.mac === undefined ? undefined : normalMac(spec.mac), action, hits: 0, remaining: spec.times ?? Infinity };
    return this.faults.add(f);
  }

  clear(): void {
    this.faults.clear();
  }

  /** The action for a request, counted as applied; undefined for none. */
  take(req: DhcpPacket): DhcpTapAction | undefined {
    if (this.faults.size === 0) return undefined;
    const mac = chaddrText(req);
    const type = req.options.get(53)?.[0];
    return this.faults.take((x) => (x.mac === undefined || x.mac === mac) && (x.spec.messageType === undefined || MessageType[x.spec.messageType] === type))?.action;
  }
}
