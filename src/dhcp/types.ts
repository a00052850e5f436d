/**
 * Shared DHCPv4 types: the configuration model (built by the dhcpd.conf parser, read by
 * the allocator and state machine), leases (allocator, journal, CLI) and packets (codec,
 * state machine, transport). IPv4 addresses are unsigned 32-bit integers throughout the
 * pure logic; ipToString/ipFromString in ip.ts convert at the edges.
 */
import type { ClassDecl, ScopeProgram } from './eval/ast.js';

/** Parameters that inherit from global to shared-network, subnet, pool, group and host. */
export interface ScopeParams {
  /** Option code -> encoded option payload (RFC 2132 wire form, without code and length). */
  options: Map<number, Buffer>;
  defaultLeaseTime?: number;
  maxLeaseTime?: number;
  minLeaseTime?: number;
  authoritative?: boolean;
  /** siaddr for PXE (`next-server`). */
  nextServer?: number;
  /** BOOTP file field (`filename`). */
  filename?: string;
  /** BOOTP sname field (`server-name`). */
  serverName?: string;
  /** `server-identifier` when set in the config. */
  serverIdentifier?: number;
  pingCheck?: boolean;
  /** ddns-* statements as text (`ddns-update-style` -> `interim`, `ddns-hostname` -> `ws1`); src/dhcp/ddns/params.ts reads them. */
  ddns: Map<string, string>;
  /** `allow`/`deny`/`ignore` of booting, bootp, client-updates, unknown-clients... keyed by word. */
  permits: Map<string, 'allow' | 'deny' | 'ignore'>;
  /** Options of other spaces (`option SPACE.NAME VALUE;`): space -> code -> payload. */
  spaces?: Map<string, Map<number, Buffer>>;
  /** Other statements kept raw, keyed by keyword (`one-lease-per-client` -> `true`, `lease-file-name` -> path...). */
  settings?: Map<string, string>;
}

export interface IpRange {
  /** Inclusive bounds. */
  start: number;
  end: number;
}

export interface PoolDecl {
  ranges: IpRange[];
  /** `allow unknown-clients` (default) or `deny unknown-clients` / `allow known-clients`. */
  unknownClients: 'allow' | 'deny';
  knownClients: 'allow' | 'deny';
  /** Effective parameters (global -> shared-network -> subnet -> pool), merged. */
  params: ScopeParams;
  /** `allow members of "CLASS"` / `deny members of "CLASS"` (dhcpd.conf(5) "PERMIT LISTS"). */
  allowClasses?: string[];
  denyClasses?: string[];
  /** When the config has statements or classes: the scope chain run per packet (global first). */
  programs?: ScopeProgram[];
}

export interface SubnetDecl {
  network: number;
  mask: number;
  /** Effective parameters (global -> shared-network -> subnet), merged. */
  params: ScopeParams;
  /** Ranges written directly in the subnet become one implicit pool; `pool {}` blocks add more. */
  pools: PoolDecl[];
  /** When the config has statements or classes: the scope chain run per packet (global first). */
  programs?: ScopeProgram[];
  /** The shared-network this subnet belongs to (an implicit one named after the subnet if none). */
  sharedNetwork: string;
  /** `interface NAME;` of the subnet or its shared-network (dhcpd.conf(5) "interface"). */
  interface?: string;
  source: { file: string; line: number };
}

export interface SharedNetworkDecl {
  name: string;
  subnets: SubnetDecl[];
}

export interface HostDecl {
  name: string;
  /** Lower-case colon-separated MAC (`hardware ethernet`). */
  hardwareEthernet?: string;
  /** `option dhcp-client-identifier` given on the host, used as its identity (RFC 2132 9.14). */
  clientId?: Buffer;
  fixedAddresses: number[];
  /** The host's own parameters and those of its enclosing groups (not global): they override the subnet's. */
  params: ScopeParams;
  /** When the config has statements or classes: the host's chain below global. */
  programs?: ScopeProgram[];
}

export interface DhcpConfig {
  file: string;
  global: ScopeParams;
  sharedNetworks: SharedNetworkDecl[];
  /** Every subnet, in file order. */
  subnets: SubnetDecl[];
  hosts: HostDecl[];
  /** Warnings as `dhcpd -t` prints them (overlapping subnets) or labnet adds (duplicate hardware), located. */
  warnings?: Array<{ file: string; line: number; col: number; message: string }>;
  /** `key` declarations (TSIG keys for DNS updates, dhcpd.conf(5)). */
  ddnsKeys?: import('./conf/ddns-decls.js').DdnsKeyDecl[];
  /** `zone` declarations: where each zone's updates go, and with which key. */
  ddnsZones?: import('./conf/ddns-decls.js').DdnsZoneDecl[];
  /** `key`, `zone`, `class`, `subclass`, `failover peer` and `on EVENT` blocks: accepted and kept raw (text of the tokens inside). */
  rawBlocks?: Array<{ kind: string; name: string; text: string; file: string; line: number }>;
  /** Option spaces other than `dhcp` (`option space`, `agent`): layout and definitions, by name. */
  optionSpaces?: Map<string, import('./option-spaces.js').OptionSpace>;
  /** The `dhcp` space's definitions, built-in and the config's own (`option NAME code N = TYPE;`). */
  optionDefs?: import('./option-defs.js').OptionTable;
  /** Where each statement keyword first appears (`ping-check` -> FILE:LINE), for conf/not-applied.ts. */
  statementSources?: Map<string, { file: string; line: number }>;
  /** `failover peer` declarations (parsed and checked; labnet does not run failover). */
  failoverPeers?: import('./conf/failover.js').FailoverPeerDecl[];
  /** `class` declarations in file order (dhcpd.conf(5) "CLIENT CLASSING"). */
  classes?: ClassDecl[];
  /** Set when the config has executable statements or classes: parameters are then evaluated per packet. */
  dynamic?: boolean;
  /** With `dynamic`: the global scope's program (one element), run at startup (engine/startup.ts) and per packet. */
  programs?: ScopeProgram[];
}

export type LeaseState = 'active' | 'free' | 'released' | 'expired' | 'abandoned' | 'backup';

/** One lease, as the journal records it (ISC dhcpd.leases semantics). Times are epoch milliseconds. */
export interface Lease {
  ip: number;
  state: LeaseState;
  starts: number;
  ends: number;
  /** Client-last-transaction time. */
  cltt?: number;
  hardwareEthernet?: string;
  /** Client identifier (option 61), raw bytes as hex. */
  clientId?: string;
  clientHostname?: string;
  /** The DNS names registered for this lease (src/dhcp/ddns/), as dhcpd keeps them in lease bindings. */
  ddns?: LeaseDdns;
}

/**
 * What a lease remembers of its DNS registration: dhcpd's lease bindings `ddns-fwd-name`,
 * `ddns-dhcid` (standard style) or `ddns-txt` (interim), `ddns-rev-name`, `ddns-client-fqdn`
 * (dhcpd.leases(5)).
 */
export interface LeaseDdns {
  /** The forward name the server registered (`ws1.lab.local`). */
  fwdName?: string;
  /** The guard record's type (49 DHCID, 16 TXT) and RDATA as hex. */
  guard?: { type: number; rdata: string };
  /** `10.244.168.192.in-addr.arpa.` */
  revName?: string;
  /** The client's own name, when it updates its A record itself. */
  clientFqdn?: string;
}

/** A decoded BOOTP/DHCP message (RFC 2131 2). Options keep their order of appearance. */
export interface DhcpPacket {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: number;
  yiaddr: number;
  siaddr: number;
  giaddr: number;
  /** 16 bytes as on the wire. */
  chaddr: Buffer;
  sname: string;
  file: string;
  /** Option code -> payload (concatenated when an option is split, RFC 3396). Pad/End excluded. */
  options: Map<number, Buffer>;
}

/** DHCP message types (RFC 2132 9.6). */
export const MessageType = {
  DISCOVER: 1, OFFER: 2, REQUEST: 3, DECLINE: 4, ACK: 5, NAK: 6, RELEASE: 7, INFORM: 8,
} as const;
