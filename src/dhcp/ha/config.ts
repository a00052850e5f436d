/**
 * An HA relationship's configuration, from either of the two places a user has one:
 *
 * 1. Kea's HA hook parameters (Kea ARM "ha: High Availability", "Load-Balancing
 *    Configuration" / "Hot-Standby Configuration"), as a JSON file: the hook's `parameters`
 *    object (`{"high-availability": [ {...} ]}`) or the relationship itself:
 *    `this-server-name`, `mode` (load-balancing | hot-standby), `heartbeat-delay`,
 *    `max-response-delay`, `max-ack-delay`, `max-unacked-clients` (Kea's defaults 10000,
 *    60000, 10000, 10), `peers` [{name, url, role: primary | secondary | standby}]. The URL
 *    is where that peer's HA exchange listens (service.ts). Backup peers are not run.
 *
 * 2. ISC dhcpd's `failover peer "NAME" { ... }` (dhcpd.conf(5) "DHCP FAILOVER"), mapped:
 *    - primary / secondary -> Kea's roles primary / secondary (names `NAME-primary`,
 *      `NAME-secondary`); `address`:`port` is this server's HA listener, `peer address`:`peer
 *      port` its partner's (both default 647 as dhcpd's); labnet's exchange is Kea's
 *      HTTP/JSON, not dhcpd's failover protocol, so both servers of the pair must be labnet.
 *    - `split N` / `hba` -> load-balancing on dhcpd's own bucket rule (loadb.ts, dhcpd-hba),
 *      so every client goes to the server dhcpd would give it: `split 128` halves the
 *      buckets, `split 256` gives the primary every bucket (hot-standby in effect: the
 *      secondary answers nobody until the primary is down), `split 0` gives them all to the
 *      secondary. Only the primary states them (dhcpd warns "secondary may not define load
 *      balance settings"): as dhcpd's primary sends its HBA to the secondary, labnet's
 *      primary puts it in its heartbeat answers and the secondary serves by it
 *      (HaConfig.learnsSplit); the secondary serves no client before it has heard one.
 *    - `load balance max seconds` -> clients with a larger `secs` are served by both, as dhcpd.
 *    - `max-response-delay S` -> Kea's max-response-delay (S s); heartbeats every S/3 s.
 *    - `max-unacked-updates N` -> at most N lease updates in flight to the partner at once
 *      (dhcpd's meaning: BNDUPDs before a BNDACK); failure detection itself is Kea's with
 *      max-unacked-clients 0: partner-down once max-response-delay passes in silence, as
 *      dhcpd's `auto-partner-down 0` after communications-interrupted would be at once.
 *    - `mclt`, `max-lease-misbalance` and the other balance settings: not applied (every
 *      lease reaches the partner before the client's ACK, so no lease outruns what the
 *      partner knows; notApplied says so).
 * Pure: text in, a config or a LocatedError out.
 */
import { parseLocatedJson } from '../../util/json-located.js';
import { LocatedError } from '../../util/located-error.js';
import type { FailoverPeerDecl } from '../conf/failover.js';
import type { DhcpConfig } from '../types.js';
import { hbaFromSplit, hbaFromText, type Split } from './loadb.js';
import { KEA_DEFAULT_TIMERS, type HaMode, type HaRole, type HaTimers } from './state.js';

export interface HaPeer {
  name: string;
  role: HaRole;
  host: string;
  port: number;
}

export interface HaConfig {
  mode: HaMode;
  split: Split;
  timers: HaTimers;
  self: HaPeer;
  partner: HaPeer;
  /** The split comes from the primary's heartbeat answers (a dhcpd secondary). */
  learnsSplit?: true;
  /** Lease updates in flight to the partner at once (dhcpd max-unacked-updates); default unbounded. */
  maxUnackedUpdates?: number;
}

function parseUrl(u: string): { host: string; port: number } | undefined {
  const m = /^http:\/\/(\d{1,3}(?:\.\d{1,3}){3}|\[[^\]]+\]|[a-z0-9.-]+)(?::(\d+))?\/?$/i.exec(u);
  if (!m) return undefined;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  return port > 65535 ? undefined : { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Kea's HA hook parameters (see the module comment). */
export function haConfigFromJson(text: string, file: string): HaConfig {
  const json = parseLocatedJson(text, file);
  let base: (string | number)[] = [];
  let rel = json.value as Record<string, unknown>;
  if (!rel || typeof rel !== 'object' || Array.isArray(rel)) throw json.error([], 'expected an object');
  if ('high-availability' in rel) {
    const list = rel['high-availability'];
    if (!Array.isArray(list) || list.length !== 1) throw json.error(['high-availability'], 'high-availability must be a list of one relationship');
    base = ['high-availability', 0];
    rel = list[0] as Record<string, unknown>;
    if (!rel || typeof rel !== 'object') throw json.error(base, 'expected an object');
  }
  const at = (...p: (string | number)[]) => [...base, ...p];
  const num = (k: string, def: number) => {
    const v = rel[k];
    if (v === undefined) return def;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw json.error(at(k), `'${k}' must be a non-negative integer`);
    return v;
  };
  const thisName = rel['this-server-name'];
  if (typeof thisName !== 'string') throw json.error(at('this-server-name'), "'this-server-name' is required");
  const mode = rel.mode ?? 'load-balancing';
  if (mode !== 'load-balancing' && mode !== 'hot-standby') throw json.error(at('mode'), `unsupported mode '${String(mode)}' (load-balancing or hot-standby)`);
  const peersV = rel.peers;
  if (!Array.isArray(peersV)) throw json.error(at('peers'), "'peers' must be a list");
  const peers: HaPeer[] = peersV.map((p: unknown, i) => {
    const o = p as Record<string, unknown>;
    if (!o || typeof o !== 'object') throw json.error(at('peers', i), 'expected an object');
    if (typeof o.name !== 'string' || o.name === '') throw json.error(at('peers', i), "a peer needs a 'name'");
    const url = typeof o.url === 'string' ? parseUrl(o.url) : undefined;
    if (!url) throw json.error(at('peers', i, 'url'), "a peer needs a 'url' as http://ADDRESS:PORT/");
    const role = o.role;
    if (role !== 'primary' && role !== 'secondary' && role !== 'standby') {
      throw json.error(at('peers', i, 'role'), `unsupported role '${String(role)}' (primary, secondary or standby; backup peers are not run)`);
    }
    return { name: o.name, role, ...url };
  });
  if (peers.length !== 2) throw json.error(at('peers'), 'an HA pair has exactly two peers');
  const want: HaRole = mode === 'load-balancing' ? 'secondary' : 'standby';
  if (!peers.some((p) => p.role === 'primary') || !peers.some((p) => p.role === want)) {
    throw json.error(at('peers'), `${mode} needs one primary and one ${want} peer`);
  }
  const self = peers.find((p) => p.name === thisName);
  if (!self) throw json.error(at('this-server-name'), `'${thisName}' is not one of the peers`);
  const timers: HaTimers = {
    heartbeatDelay: num('heartbeat-delay', KEA_DEFAULT_TIMERS.heartbeatDelay),
    maxResponseDelay: num('max-response-delay', KEA_DEFAULT_TIMERS.maxResponseDelay),
    maxAckDelay: num('max-ack-delay', KEA_DEFAULT_TIMERS.maxAckDelay),
    maxUnackedClients: num('max-unacked-clients', KEA_DEFAULT_TIMERS.maxUnackedClients),
  };
  return {
    mode,
    split: mode === 'hot-standby' ? { kind: 'hot-standby' } : { kind: 'kea-load-balancing' },
    timers,
    self,
    partner: peers.find((p) => p !== self)!,
  };
}

/** dhcpd's failover peer (see the module comment). */
export function haConfigFromFailover(decl: FailoverPeerDecl): HaConfig {
  const n = decl.numbers;
  if (decl.address === undefined) {
    throw new LocatedError(`failover peer ${decl.name}: labnet needs this server's 'address' for the HA exchange`, decl.source.file, decl.source.line, 1);
  }
  const primary = decl.role === 'primary';
  const hba = decl.hba !== undefined ? hbaFromText(decl.hba) : hbaFromSplit(n.get('split') ?? 0);
  const mrd = (n.get('max-response-delay') ?? 60) * 1000;
  const timers: HaTimers = { heartbeatDelay: Math.max(1, Math.floor(mrd / 3)), maxResponseDelay: mrd, maxAckDelay: KEA_DEFAULT_TIMERS.maxAckDelay, maxUnackedClients: 0 };
  const maxSecs = n.get('load balance max seconds');
  const other = primary ? 'secondary' : 'primary';
  return {
    mode: 'load-balancing',
    split: { kind: 'dhcpd-hba', hba, ...(maxSecs !== undefined ? { maxSecs } : {}) },
    ...(primary ? {} : { learnsSplit: true }),
    timers,
    self: { name: `${decl.name}-${decl.role}`, role: decl.role, host: decl.address, port: n.get('port') ?? 647 },
    partner: { name: `${decl.name}-${other}`, role: other, host: decl.peerAddress!, port: n.get('peer port') ?? 647 },
    ...(n.has('max-unacked-updates') ? { maxUnackedUpdates: Math.max(1, n.get('max-unacked-updates')!) } : {}),
  };
}

/** The HA pair a dhcpd.conf declares: none, or its one failover peer (labnet runs one relationship). */
export function haConfigFromDhcpdConf(config: DhcpConfig): HaConfig | undefined {
  const peers = config.failoverPeers ?? [];
  if (peers.length === 0) return undefined;
  if (peers.length > 1) {
    const second = peers[1]!;
    throw new LocatedError(`failover peer ${second.name}: labnet runs one failover relationship per server (${peers[0]!.name} is declared first)`, second.source.file, second.source.line, 1);
  }
  return haConfigFromFailover(peers[0]!);
}
