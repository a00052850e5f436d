/**
 * `labnet serve` and `labnet up` (GUIDE section 2): start the servers, print what they
 * serve and how to query them, run until SIGINT/SIGTERM; SIGHUP reloads the files.
 */
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../util/logger.js';
import { startServices, type ServiceOptions, type Services } from '../lab/services.js';
import { formatEndpoint, parseEndpoint, UsageError } from '../util/endpoint.js';

/** The lab's embedded default: fixtures/lab inside the installed package. */
export const LAB_FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/lab');

export function parseServeArgs(argv: string[]): ServiceOptions {
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
    leasesFile: resolve(values.leases ?? 'dhcpd.leases'),
  };
  if (!opts.namedConf && zones.length === 0 && !opts.dhcpdConf) {
    throw new UsageError('serve: give --named-conf or --zone for DNS, --dhcpd-conf for DHCP');
  }
  // Defaults as the real daemons (named on :53, dhcpd on :67).
  opts.dns = parseEndpoint(values.dns ?? '0.0.0.0:53', '--dns');
  opts.dhcp = parseEndpoint(values.dhcp ?? '0.0.0.0:67', '--dhcp');
  return opts;
}

export function parseUpArgs(argv: string[]): ServiceOptions {
  const { values } = parseArgs({
    args: argv,
    options: { dns: { type: 'string' }, dhcp: { type: 'string' }, state: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const state = resolve(values.state ?? '.labnet');
  return {
    namedConf: join(LAB_FIXTURES, 'named.conf'),
    dhcpdConf: join(LAB_FIXTURES, 'dhcpd.conf'),
    dns: parseEndpoint(values.dns ?? '127.0.0.1:5300', '--dns'),
    dhcp: parseEndpoint(values.dhcp ?? '127.0.0.1:6767', '--dhcp'),
    leasesFile: join(state, 'dhcpd.leases'),
  };
}

/** The lab's own example queries, for `labnet up`. */
const LAB_EXAMPLES = ['vcenter.lab.local A', '-x 192.168.244.135'];

export function describeServices(s: Services, title: string, examples: string[] = ['NAME TYPE']): string {
  const lines = [title];
  if (s.dns) {
    const a = s.dns.address;
    lines.push(`DNS   ${formatEndpoint(a)} (UDP and TCP)`);
    examples.forEach((e, i) => lines.push(`${i === 0 ? '      try: ' : '           '}dig @${a.address} -p ${a.port} ${e}`));
  }
  if (s.dhcp) {
    const a = s.dhcp.address;
    lines.push(`DHCP  ${formatEndpoint(a)} (UDP)`);
    lines.push(`      leases: labnet leases`);
  }
  lines.push('Ctrl-C stops; SIGHUP reloads the files.');
  return lines.join('\n') + '\n';
}

/** Runs the services until SIGINT/SIGTERM. Resolves with the exit code. */
export async function runServices(opts: ServiceOptions, title: string, lab = false): Promise<number> {
  const logger = createLogger();
  if (opts.leasesFile) mkdirSync(resolve(opts.leasesFile, '..'), { recursive: true });
  const services = await startServices({ ...opts, logger });
  process.stdout.write(describeServices(services, title, lab ? LAB_EXAMPLES : undefined));
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGHUP', reload);
      services.close().then(() => done(0), () => done(1));
    };
    const reload = () => {
      void services.reload();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.on('SIGHUP', reload);
  });
}
