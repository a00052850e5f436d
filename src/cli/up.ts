/**
 * `labnet up`: the report's lab on unprivileged loopback ports, as any user. Its files
 * (named.conf, the zones, dhcpd.conf, machines.json) are copied from the package's
 * fixtures/lab into STATE/lab on the first start, so they can be edited and reloaded; the
 * leases journal and up.json (how `labnet status`, `leases` and `reload` find this process)
 * live in STATE (default ./.labnet). Once the servers serve, every machine of machines.json
 * boots against the DHCP server over UDP (boot-machines.ts) and the table shows what each
 * got and whether its address resolves both ways in labnet's DNS.
 */
import { labDdnsKey } from '../lab/lab-ddns.js';
import { parseArgs } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from '../lab/services.js';
import { parseEndpoint, UsageError, type Endpoint } from '../util/endpoint.js';
import { systemClock } from '../util/clock.js';
import { loadMachines, type LabMachines } from '../lab/machines.js';
import { bootMachines, type BootedMachine } from '../lab/boot-machines.js';
import { hostNames, type HostNames } from '../lab/host-names.js';
import { leaseEndText } from './lease-rows.js';
import { runDaemon, type DaemonOptions } from './daemon.js';
import { DAEMON_FLAGS, daemonFlags, describeServices } from './serve.js';
import { checkLoopback } from './control-server.js';
import { findRunningUp, removeUpState, writeUpState } from './control-client.js';
import { formatTable } from './table.js';

/** The lab's embedded default: fixtures/lab inside the installed package. */
export const LAB_FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/lab');

export interface UpOptions extends Pick<DaemonOptions, 'control' | 'controlToken' | 'logLevel' | 'querylog' | 'dnsWorkers'> {
  /** `--control-token-file`: named in up.json so the commands of this folder find the token. */
  controlTokenFile?: string;
  dns: Endpoint;
  dhcp: Endpoint;
  stateDir: string;
  /**
   * Leases registered in the lab's zones (default). `--no-ddns`: the lab's files exactly as
   * written (`ddns-update-style none`), so hand edits of the zone files reload without a
   * journal in the way (a dynamic zone's file is edited as with BIND: its journal must agree).
   */
  ddns: boolean;
}

export function parseUpArgs(argv: string[]): UpOptions {
  const { values } = parseArgs({
    args: argv,
    options: { dns: { type: 'string' }, dhcp: { type: 'string' }, state: { type: 'string' }, 'no-ddns': { type: 'boolean' }, ...DAEMON_FLAGS },
    strict: true,
    allowPositionals: false,
  });
  return {
    dns: parseEndpoint(values.dns ?? '127.0.0.1:5300', '--dns'),
    dhcp: parseEndpoint(values.dhcp ?? '127.0.0.1:6767', '--dhcp'),
    stateDir: resolve(values.state ?? '.labnet'),
    ddns: values['no-ddns'] !== true,
    ...upDaemonFlags(values),
  };
}

/** The shared daemon flags; `labnet up` keeps its control endpoint on loopback, token or not. */
function upDaemonFlags(values: Parameters<typeof daemonFlags>[0]): ReturnType<typeof daemonFlags> & { controlTokenFile?: string } {
  const flags = daemonFlags(values, '127.0.0.1:0');
  if (flags.control) checkLoopback(flags.control, '--control');
  const file = values['control-token-file'];
  return file === undefined ? flags : { ...flags, controlTokenFile: resolve(file) };
}

/** STATE/lab: the package's lab files, each copied once (an edited copy is kept). */
export function prepareLabDir(stateDir: string, from = LAB_FIXTURES): string {
  const dir = join(stateDir, 'lab');
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(from)) if (!existsSync(join(dir, f))) copyFileSync(join(from, f), join(dir, f));
  return dir;
}

export interface MachineRow {
  name: string;
  role: string;
  mac: string;
  assignment: string;
  exchange: string;
  address: string | null;
  /** ISO time; null for a static machine or a failed boot. */
  leaseEnds: string | null;
  /** The client's state now (RFC 2131 figure 5), 'static' for a static machine. */
  state: string;
  forward: string | null;
  reverse: string | null;
  error: string | null;
}

function machineRow(b: BootedMachine, names: HostNames): MachineRow {
  return {
    name: b.machine.name,
    role: b.machine.role,
    mac: b.machine.mac,
    assignment: b.machine.assignment,
    exchange: b.exchange,
    address: b.address ?? null,
    leaseEnds: b.client.lease?.expiresAt !== undefined && b.exchange === 'DORA' ? new Date(b.client.lease.expiresAt).toISOString() : null,
    state: b.exchange === 'INFORM' ? 'static' : (b.client.state ?? 'INIT'),
    forward: names.forward ?? null,
    reverse: names.reverse ?? null,
    error: b.error ?? null,
  };
}

export function machineTable(rows: readonly MachineRow[]): string {
  const end = (r: MachineRow) => (r.exchange === 'INFORM' ? 'static (INFORM)' : leaseEndText(r.leaseEnds));
  let text = formatTable([
    ['NAME', 'MAC', 'ADDRESS', 'LEASE ENDS (UTC)', 'FORWARD', 'REVERSE'],
    ...rows.map((r) => [r.name, r.mac, r.address ?? '-', end(r), r.forward ?? '-', r.reverse ?? '-']),
  ]);
  if (rows.some((r) => r.address && (!r.forward || !r.reverse))) text += "'-': not in labnet's DNS (labnet up --no-ddns does not register leases; or a registration failed: see the log)\n";
  for (const r of rows) if (r.error) text += `${r.name}: ${r.error}\n`;
  return text;
}

/** Boots the machines, looks their names up, and keeps them (renewing) until stop. */
async function attachMachines(services: Services, lab: LabMachines, control: Endpoint | undefined, stateDir: string, labDir: string) {
  const booted = services.dhcp ? await bootMachines(lab.machines, services.dhcp.address, systemClock) : [];
  // The DNS updates the leases started (dhcpd.conf ddns-update-style) are done before the names are looked up.
  await services.dhcp?.ddnsIdle();
  const dns = services.dns?.address;
  const names = await Promise.all(booted.map((b) => (dns && b.address ? hostNames(dns, `${b.machine.name}.${lab.domain}`, b.address) : Promise.resolve({}))));
  const bootNames = new Map(booted.map((b, i) => [b, names[i]]));
  const rows = () => booted.map((b) => machineRow(b, bootNames.get(b)!));
  const here = (p: string) => relative(process.cwd(), p) || '.';
  const text = [
    `labnet: the lab (${lab.domain}) is up; its machines booted over DHCP (UDP on loopback)`,
    machineTable(rows()).trimEnd(),
    describeServices(services, { examples: ['vcenter.lab.local A', '-x 192.168.244.135'], control }).trimEnd(),
    `files    ${here(labDir)}/ (edit, then: labnet reload)`,
    ...(dns && existsSync(join(stateDir, 'ddns.key')) ? [`nsupdate nsupdate -k ${here(join(stateDir, 'ddns.key'))}   then: server ${dns.address} ${dns.port}; update add test.${lab.domain} 300 A 192.168.244.77; send`] : []),
    `from this folder: labnet status | labnet leases | labnet reload${stateDir === resolve('.labnet') ? '' : `   (add --state ${here(stateDir)})`}`,
    'Ctrl-C stops; SIGHUP reloads the files.',
    '',
  ].join('\n');
  return {
    text,
    status: () => ({ stateDir, labDir, machines: rows() }),
    close: async () => {
      await Promise.all(booted.map((b) => b.client.close()));
    },
  };
}

export async function runUp(opts: UpOptions): Promise<number> {
  const running = findRunningUp(opts.stateDir);
  if ('up' in running) throw new UsageError(`labnet up is already running in ${opts.stateDir} (pid ${running.up.pid}); stop it first, or give another --state`);
  const labDir = prepareLabDir(opts.stateDir);
  const lab = loadMachines(join(labDir, 'machines.json'));
  const leasesFile = join(opts.stateDir, 'dhcpd.leases');
  return runDaemon({
    control: opts.control,
    ...(opts.controlToken === undefined ? {} : { controlToken: opts.controlToken }),
    logLevel: opts.logLevel,
    querylog: opts.querylog,
    ...(opts.dnsWorkers === undefined ? {} : { dnsWorkers: opts.dnsWorkers }),
    // Leases registered in the lab's zones (RFC 2136, TSIG) with a key kept in the state folder.
    services: { namedConf: join(labDir, 'named.conf'), dhcpdConf: join(labDir, 'dhcpd.conf'), dns: opts.dns, dhcp: opts.dhcp, leasesFile, labDdns: opts.ddns ? labDdnsKey(join(opts.stateDir, 'ddns.key')) : undefined },
    announce: (services, control) =>
      writeUpState(opts.stateDir, {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        dns: services.dns?.address ?? null,
        dhcp: services.dhcp?.address ?? null,
        control: control!,
        ...(opts.controlTokenFile === undefined ? {} : { controlTokenFile: opts.controlTokenFile }),
        leasesFile,
        labDir,
      }),
    attach: (services, { control }) => attachMachines(services, lab, control, opts.stateDir, labDir),
    stopped: () => removeUpState(opts.stateDir),
  });
}
