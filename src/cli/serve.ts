/**
 * `labnet serve` (GUIDE section 2): the user's own files on the given endpoints; prints
 * what it serves and how to query it, runs until SIGINT/SIGTERM (daemon.ts); SIGHUP
 * reloads the files. `--control 127.0.0.1:PORT` opens the control endpoint.
 */
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServiceOptions, Services } from '../lab/services.js';
import { formatEndpoint, parseEndpoint, UsageError, type Endpoint } from '../util/endpoint.js';
import { runDaemon, type DaemonOptions } from './daemon.js';
import { checkLoopback } from './control-server.js';
import { LOG_LEVELS } from '../util/logger.js';
import { isDatabaseUrl, redactUrl } from '../dhcp/lease-store.js';
import { readControlToken } from './control-token.js';

/** The flags `labnet serve` and `labnet up` share: logs, the control endpoint, the DNS workers. */
export const DAEMON_FLAGS = {
  'dns-workers': { type: 'string' },
  control: { type: 'string' },
  'control-token-file': { type: 'string' },
  'log-level': { type: 'string' },
  querylog: { type: 'boolean' },
} as const;

type DaemonFlagValues = { control?: string; 'control-token-file'?: string; 'log-level'?: string; querylog?: boolean; 'dns-workers'?: string };

export function daemonFlags(values: DaemonFlagValues, defaultControl?: string): Pick<DaemonOptions, 'control' | 'controlToken' | 'logLevel' | 'querylog' | 'dnsWorkers'> {
  const level = values['log-level'];
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got '${level}'`);
  const control = values.control ?? defaultControl;
  const token = values['control-token-file'] === undefined ? undefined : readControlToken(values['control-token-file']);
  return {
    control: control === undefined ? undefined : checkLoopback(parseEndpoint(control, '--control'), '--control', token),
    ...(token === undefined ? {} : { controlToken: token }),
    logLevel: level,
    querylog: values.querylog,
    // Queries answered by N worker processes sharing the DNS sockets (dns/workers/pool.ts).
    ...(values['dns-workers'] === undefined ? {} : { dnsWorkers: dnsWorkerCount(values['dns-workers']) }),
  };
}

export interface ServeOptions extends Pick<DaemonOptions, 'control' | 'controlToken' | 'logLevel' | 'querylog' | 'dnsWorkers'> {
  services: ServiceOptions;
}

export function parseServeArgs(argv: string[]): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'named-conf': { type: 'string' },
      zone: { type: 'string', multiple: true },
      dns: { type: 'string' },
      'dhcpd-conf': { type: 'string' },
      dhcp: { type: 'string' },
      interface: { type: 'string' },
      leases: { type: 'string' },
      ha: { type: 'string' },
      'allow-execute': { type: 'boolean' },
      ...DAEMON_FLAGS,
    },
    strict: true,
    allowPositionals: false,
  });
  const zones = (values.zone ?? []).map((z) => {
    const i = z.indexOf('=');
    if (i <= 0) throw new UsageError(`--zone: expected ORIGIN=FILE, got '${z}'`);
    const origin = z.slice(0, i);
    return { origin: origin.endsWith('.') ? origin : origin + '.', file: resolve(z.slice(i + 1)) };
  });
  const opts: ServiceOptions = {
    namedConf: values['named-conf'] ? resolve(values['named-conf']) : undefined,
    zones,
    dhcpdConf: values['dhcpd-conf'] ? resolve(values['dhcpd-conf']) : undefined,
    interface: values.interface,
    // A file path, or postgresql://USER:PASSWORD@HOST:PORT/DB for Kea's lease4 table (lease-store.ts).
    leasesFile: leasesSpec(values.leases ?? 'dhcpd.leases'),
    // Kea's HA hook parameters (JSON) for a pair with another labnet (src/dhcp/ha/config.ts).
    ...(values.ha ? { ha: { file: resolve(values.ha) } } : {}),
    // dhcpd.conf `execute` statements run programs only when asked for here (run-program.ts).
    ...(values['allow-execute'] ? { allowExecute: true } : {}),
  };
  if (!opts.namedConf && zones.length === 0 && !opts.dhcpdConf) {
    throw new UsageError('serve: give --named-conf or --zone for DNS, --dhcpd-conf for DHCP');
  }
  // Defaults as the real daemons (named on :53, dhcpd on :67).
  opts.dns = parseEndpoint(values.dns ?? '0.0.0.0:53', '--dns');
  opts.dhcp = parseEndpoint(values.dhcp ?? '0.0.0.0:67', '--dhcp');
  return { services: opts, ...daemonFlags(values) };
}

/**
 * `--dns-workers N`: 1 (the default) keeps today's one process; 2 or more start that many
 * workers. The default stays 1: see bench/README.md for the measurement that decided it.
 */
function dnsWorkerCount(v: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 64)) throw new UsageError(`--dns-workers: expected a number of processes from 1 to 64, got '${v}'`);
  return n;
}

function leasesSpec(v: string): string {
  return isDatabaseUrl(v) ? v : resolve(v);
}

/** Where the leases can be read: `labnet leases` for a journal, Kea's table (password hidden) for a database. */
function leasesHint(spec: string): string {
  return isDatabaseUrl(spec) ? `table lease4 in ${redactUrl(spec)} (kea-admin lease-dump pgsql)` : `labnet leases --leases ${spec}`;
}

/** The endpoints served, the example queries, the control endpoint. */
export function describeServices(s: Services, opts: { examples?: string[]; control?: Endpoint; leases?: string } = {}): string {
  const lines: string[] = [];
  const examples = opts.examples ?? ['NAME TYPE'];
  if (s.dns) {
    const a = s.dns.address;
    lines.push(`DNS      ${formatEndpoint(a)} (UDP and TCP)`);
    examples.forEach((e, i) => lines.push(`${i === 0 ? '         try: ' : '              '}dig @${a.address} -p ${a.port} ${e}`));
  }
  if (s.dhcp) {
    lines.push(`DHCP     ${formatEndpoint(s.dhcp.address)} (UDP)`);
    if (opts.leases) lines.push(`         leases: ${opts.leases}`);
  }
  if (opts.control) lines.push(`control  http://${formatEndpoint(opts.control)}/ (status, leases, reload, metrics)`);
  return lines.join('\n') + '\n';
}

export async function runServe(opts: ServeOptions): Promise<number> {
  if (opts.services.leasesFile && !isDatabaseUrl(opts.services.leasesFile)) mkdirSync(resolve(opts.services.leasesFile, '..'), { recursive: true });
  return runDaemon({
    ...opts,
    attach: async (services, { control }) => ({
      text: ['labnet: serving', describeServices(services, { control, leases: opts.services.leasesFile && leasesHint(opts.services.leasesFile) }).trimEnd(), 'Ctrl-C stops; SIGHUP reloads the files.', ''].join('\n'),
    }),
  });
}

