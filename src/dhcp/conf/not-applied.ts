/**
 * What a dhcpd.conf asks for that labnet accepts but does not do, reported once per statement
 * (its first FILE:LINE) when a server loads the file, so a user sees it without reading the
 * manual. Everything of dhcpd's server option space (server-options.ts) is listed here unless
 * labnet applies it; the typed parameters (lease times, next-server, filename, authoritative,
 * permits, options) are applied by the engine and never appear.
 */
import type { DhcpConfig } from '../types.js';
import { SERVER_OPTIONS, SPECIAL_SETTINGS } from './server-options.js';

/** Server options labnet applies (engine/encapsulate.ts, engine/scope.ts clientIdentity, ddns/params.ts). */
const APPLIED = new Set([
  'vendor-option-space', 'site-option-space', 'ignore-client-uids',
  'client-updates', 'update-optimization', 'update-static-leases', 'do-forward-updates', 'do-reverse-updates',
  'update-conflict-detection', 'fqdn-reply', 'ddns-ttl',
]);

/** Why, for the statements users write most. */
const REASONS: Record<string, string> = {
  'ping-check': 'labnet sends no ICMP echo before offering (Node has no raw sockets)',
  'ping-timeout': 'no ping check',
  'ping-timeout-ms': 'no ping check',
  'ping-cltt-secs': 'no ping check',
  mclt: 'every lease reaches the partner before the ACK (Kea HA), so no lease outruns what the partner knows',
  balance: 'the pair shares no free pool: each server allocates from the whole range, and the partner learns each lease before the ACK',
  'auto-partner-down': 'partner-down follows max-response-delay (src/dhcp/ha/config.ts)',
  interface: 'labnet cannot tell which interface a packet came in on; use --interface',
  'local-port': 'the port comes from --dhcp HOST:PORT',
  'local-address': 'the address comes from --dhcp HOST:PORT',
  'lease-file-name': 'the leases file comes from --leases',
  'pid-file-name': 'labnet writes no pid file',
  'log-facility': 'labnet logs JSON lines (pino) to stderr',
  'omapi-port': 'labnet is controlled through --control',
  'omapi-key': 'labnet is controlled through --control',
  'dont-use-fsync': 'the lease journal syncs before each ACK',
};

export interface NotApplied {
  file: string;
  line: number;
  statement: string;
  message: string;
}

export function notApplied(config: DhcpConfig): NotApplied[] {
  const out: NotApplied[] = [];
  const sources = config.statementSources ?? new Map<string, { file: string; line: number }>();
  const report = (statement: string, at: { file: string; line: number } | undefined) => {
    if (!at) return;
    const why = REASONS[statement] ?? 'labnet accepts it and does not apply it';
    out.push({ ...at, statement, message: `${statement}: accepted, not applied (${why})` });
  };
  for (const kw of sources.keys()) {
    if (!(SERVER_OPTIONS.has(kw) || SPECIAL_SETTINGS.has(kw)) || APPLIED.has(kw)) continue;
    if (kw === 'ping-check') continue;
    report(kw, sources.get(kw));
  }
  // dhcpd pings by default; only a file that asks for it explicitly is told.
  if (pingAsked(config)) report('ping-check', sources.get('ping-check'));
  // failover peer runs as a Kea HA pair (src/dhcp/ha/config.ts); what that mapping leaves out:
  for (const peer of config.failoverPeers ?? []) {
    for (const [k, reason] of [['mclt', 'mclt'], ['max-lease-misbalance', 'balance'], ['max-lease-ownership', 'balance'], ['min-balance', 'balance'], ['max-balance', 'balance'], ['auto-partner-down', 'auto-partner-down']] as const) {
      if (!peer.numbers.has(k)) continue;
      out.push({ ...peer.source, statement: k, message: `failover peer ${peer.name}: ${k}: accepted, not applied (${REASONS[reason]})` });
    }
  }
  report('interface', sources.get('interface'));
  return out.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

function pingAsked(config: DhcpConfig): boolean {
  const scopes = [config.global, ...config.subnets.map((s) => s.params), ...config.subnets.flatMap((s) => s.pools.map((p) => p.params))];
  return scopes.some((p) => p.pingCheck === true);
}
