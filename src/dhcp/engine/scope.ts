/**
 * The configuration seen from one request: which network segment the client is on
 * (RFC 2131 4.3.1: giaddr when relayed, else the receiving interface), which host
 * declaration it matches, and the effective parameters (host overrides pool/subnet,
 * which already carry global and shared-network values, as dhcpd.conf scoping does).
 */
import { mergeParams } from '../conf/params.js';
import type { DhcpConfig, DhcpPacket, HostDecl, PoolDecl, ScopeParams, SubnetDecl } from '../types.js';
import { inSubnet } from '../ip.js';
import type { ClientIdentity } from '../allocator.js';

export interface NetworkSegment {
  /** The subnet the request was located by. */
  subnet: SubnetDecl;
  /** Every subnet of its shared-network (the subnet alone when it has none). */
  subnets: SubnetDecl[];
}

/** RFC 2132 9.14 / dhcpd: identity by client identifier (61) when present, else htype + chaddr. */
/**
 * Who the client is: option 61 (RFC 2132 9.14) when present, else the hardware address.
 * `ignoreUids` (dhcpd.conf(5) `ignore-client-uids true;`): the hardware address only, and no
 * client identifier recorded in the lease.
 */
export function clientIdentity(req: DhcpPacket, ignoreUids = false): ClientIdentity {
  const hlen = Math.min(req.hlen, 16);
  const hw = req.chaddr.subarray(0, hlen).toString('hex');
  const hwKey = `hw:${req.htype}:${hw}`;
  const idOpt = ignoreUids ? undefined : req.options.get(61);
  const clientId = idOpt && idOpt.length > 0 ? idOpt.toString('hex') : undefined;
  const hardwareEthernet = req.htype === 1 && hlen === 6 ? colonHex(hw) : undefined;
  return { key: clientId ?? hwKey, hwKey, hardwareEthernet, clientId };
}

/** `0a1b2c` -> `0a:1b:2c` (every request's MAC goes through here). */
function colonHex(hex: string): string {
  let s = hex.slice(0, 2);
  for (let i = 2; i < hex.length; i += 2) s += ':' + hex.slice(i, i + 2);
  return s;
}

/** A printable name for logs: the MAC, else the identity key. */
export function clientLabel(c: ClientIdentity): string {
  return c.hardwareEthernet ?? (c.clientId !== undefined ? `id:${c.clientId}` : c.key);
}

export class ConfigView {
  private readonly hostsByHw = new Map<string, HostDecl>();
  private readonly hostsById = new Map<string, HostDecl>();
  readonly reserved: number[] = [];
  private readonly reservationOwners = new Map<number, HostDecl>();
  private readonly segments = new Map<SubnetDecl, NetworkSegment>();

  constructor(readonly config: DhcpConfig) {
    for (const h of config.hosts) {
      if (h.clientId && h.clientId.length > 0 && !this.hostsById.has(h.clientId.toString('hex'))) {
        this.hostsById.set(h.clientId.toString('hex'), h);
      }
      if (h.hardwareEthernet && !this.hostsByHw.has(h.hardwareEthernet.toLowerCase())) {
        this.hostsByHw.set(h.hardwareEthernet.toLowerCase(), h);
      }
      this.reserved.push(...h.fixedAddresses);
      for (const ip of h.fixedAddresses) if (!this.reservationOwners.has(ip)) this.reservationOwners.set(ip, h);
    }
  }

  /** dhcpd matches host declarations by client identifier first, then hardware address. */
  findHost(c: ClientIdentity): HostDecl | undefined {
    if (c.clientId) {
      const h = this.hostsById.get(c.clientId);
      if (h) return h;
    }
    return c.hardwareEthernet ? this.hostsByHw.get(c.hardwareEthernet) : undefined;
  }

  /** The host (if any) that has `ip` as a fixed address. */
  reservationOwner(ip: number): HostDecl | undefined {
    return this.reservationOwners.get(ip);
  }

  subnetContaining(ip: number): SubnetDecl | undefined {
    // The most specific subnet wins when declarations nest.
    let best: SubnetDecl | undefined;
    for (const s of this.config.subnets) {
      if (inSubnet(ip, s.network, s.mask) && (!best || (s.mask >>> 0) > (best.mask >>> 0))) best = s;
    }
    return best;
  }

  segmentOf(subnet: SubnetDecl): NetworkSegment {
    let seg = this.segments.get(subnet);
    if (!seg) {
      const subnets = this.config.subnets.filter((s) => s.sharedNetwork === subnet.sharedNetwork);
      seg = { subnet, subnets: subnets.length > 0 ? subnets : [subnet] };
      this.segments.set(subnet, seg);
    }
    return seg;
  }

  /**
   * RFC 2131 4.3.1: "If the client is on a different subnet (giaddr != 0) the server selects
   * the subnet containing giaddr"; else the subnet of the interface the request came in on
   * (dhcpd IFACE, here `localSubnet`); else the one containing ciaddr.
   */
  locate(req: DhcpPacket, localSubnet?: { network: number; mask: number }): NetworkSegment | undefined {
    let s: SubnetDecl | undefined;
    if (req.giaddr !== 0) s = this.subnetContaining(req.giaddr);
    else if (localSubnet) s = this.subnetContaining(localSubnet.network >>> 0);
    else if (req.ciaddr !== 0) s = this.subnetContaining(req.ciaddr);
    return s ? this.segmentOf(s) : undefined;
  }

  /** Is `ip` on the segment (inside one of its subnets)? */
  onSegment(seg: NetworkSegment, ip: number): SubnetDecl | undefined {
    let best: SubnetDecl | undefined;
    for (const s of seg.subnets) {
      if (inSubnet(ip, s.network, s.mask) && (!best || (s.mask >>> 0) > (best.mask >>> 0))) best = s;
    }
    return best;
  }

  /** The host's fixed address on this segment, if it has one. */
  fixedAddressOn(host: HostDecl | undefined, seg: NetworkSegment): number | undefined {
    if (!host) return undefined;
    return host.fixedAddresses.find((ip) => this.onSegment(seg, ip) !== undefined);
  }

  /**
   * Pools of the segment that admit this client (dhcpd `allow/deny known-clients /
   * unknown-clients`, and `members of "CLASS"` for the classes the packet is in). A pool
   * with a class in its allow list takes only what its allow list names (dhcpd's permitted()).
   */
  permittedPools(seg: NetworkSegment, known: boolean, classes?: ReadonlySet<string>): PoolDecl[] {
    const out: PoolDecl[] = [];
    for (const s of seg.subnets) {
      for (const p of s.pools) {
        const unknownRule = p.params.permits.get('unknown-clients');
        const knownRule = p.params.permits.get('known-clients');
        if (p.denyClasses?.some((c) => classes?.has(c))) continue;
        if (p.allowClasses) {
          const allowed = p.allowClasses.some((c) => classes?.has(c)) || p.params.permits.get('all clients') === 'allow' ||
            (known ? knownRule === 'allow' : unknownRule === 'allow');
          if (!allowed) continue;
          if (!known && (unknownRule === 'deny' || unknownRule === 'ignore')) continue;
          if (known && (knownRule === 'deny' || knownRule === 'ignore')) continue;
          out.push(p);
          continue;
        }
        if (!known && (p.unknownClients === 'deny' || unknownRule === 'deny' || unknownRule === 'ignore')) continue;
        if (known && (p.knownClients === 'deny' || knownRule === 'deny' || knownRule === 'ignore')) continue;
        out.push(p);
      }
    }
    return out;
  }
}

/** Host parameters override the pool's or subnet's (which already include global values). */
export function effectiveParams(base: ScopeParams, host?: HostDecl): ScopeParams {
  return host ? mergeParams(base, host.params) : base;
}
