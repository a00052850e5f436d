/**
 * `labnet boot MAC [--hostname NAME] [--dhcp HOST:PORT] [--dns HOST:PORT] [--release] [--json]`:
 * one machine booting against a DHCP server on loopback, as `labnet up` boots the lab's:
 * DISCOVER, OFFER, REQUEST, ACK over UDP (RFC 2131 3.1) with its host name (option 12),
 * then the names its address has in the DNS server (host-names.ts: labnet's own DNS client,
 * never the system resolver). `--release` then gives the lease back (RFC 2131 4.4.6).
 * Without --dhcp/--dns, the endpoints of the `labnet up` of `--state DIR` (default ./.labnet).
 * Any DHCP server on loopback will do (`labnet serve`, dhcpd, Kea): the client binds
 * 127.0.0.1 and sends only to the loopback endpoint given (network safety: nothing else).
 */
import type { CommandResult } from './command-result.js';
import { parseClientFlags } from './find-daemon.js';
import { findRunningUp } from './control-client.js';
import { createDhcpClient } from '../lab/dhcp-client.js';
import { hostNames, type HostNames } from '../lab/host-names.js';
import { formatEndpoint, parseEndpoint, type Endpoint } from '../util/endpoint.js';
import { systemClock } from '../util/clock.js';
import { formatLeaseTime } from '../dhcp/leases/index.js';
import { formatTable } from './table.js';

const USAGE = 'usage: labnet boot MAC [--hostname NAME] [--dhcp HOST:PORT] [--dns HOST:PORT] [--release] [--state DIR] [--json]\n';

/** How long the names of a new lease are waited for (a registration takes a few round trips on loopback). */
const DNS_WAIT_MS = 2000;

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

export interface BootReport {
  mac: string;
  hostname: string | null;
  address: string;
  serverId: string;
  leaseSeconds: number | null;
  /** ISO time, null for an infinite lease. */
  leaseEnds: string | null;
  /** What the DNS server answers for the address, when one was asked. */
  forward: string | null;
  reverse: string | null;
  released: boolean;
}

const isLoopback = (address: string) => /^127\./.test(address) || address === '::1';

function loopbackOnly(e: Endpoint, flag: string): Endpoint {
  if (!isLoopback(e.address)) throw new Error(`${flag}: ${formatEndpoint(e)} is not a loopback address; labnet boot sends only to loopback`);
  return e;
}

export function bootText(r: BootReport): string {
  const ends = r.leaseEnds === null ? 'never' : formatLeaseTime(Date.parse(r.leaseEnds)).slice(2);
  return formatTable([
    ['NAME', 'MAC', 'ADDRESS', 'LEASE ENDS (UTC)', 'FORWARD', 'REVERSE'],
    [r.hostname ?? '-', r.mac, r.address, r.released ? 'released' : ends, r.forward ?? '-', r.reverse ?? '-'],
  ]);
}

export async function bootCommand(args: string[]): Promise<CommandResult> {
  const fail = (message: string): CommandResult => ({ code: 1, stdout: '', stderr: `labnet boot: ${message}\n` });
  const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && /^--(hostname|dhcp|dns|state|control|control-token-file)$/.test(args[i - 1]!)));
  const mac = positional[0];
  if (mac === undefined || positional.length > 1) return { code: 1, stdout: '', stderr: USAGE };
  if (!MAC.test(mac)) return fail(`'${mac}' is not a MAC address (aa:bb:cc:dd:ee:ff)`);
  const release = args.includes('--release');
  try {
    const { flags, rest, unexpected } = parseClientFlags(
      args.filter((a) => a !== mac && a !== '--release'),
      ['--hostname', '--dhcp', '--dns'],
    );
    if (unexpected) return { code: 1, stdout: '', stderr: `labnet boot: unexpected argument '${unexpected}'\n${USAGE}` };
    let dhcp = rest.has('--dhcp') ? parseEndpoint(rest.get('--dhcp')!, '--dhcp') : undefined;
    let dns = rest.has('--dns') ? parseEndpoint(rest.get('--dns')!, '--dns') : undefined;
    if (!dhcp) {
      const found = findRunningUp(flags.stateDir);
      if (!('up' in found)) return fail(`no --dhcp given and ${found.none}`);
      if (!found.up.dhcp) return fail('the running labnet up serves no DHCP');
      dhcp = found.up.dhcp;
      dns ??= found.up.dns ?? undefined;
    }
    loopbackOnly(dhcp, '--dhcp');
    if (dns) loopbackOnly(dns, '--dns');
    const hostname = rest.get('--hostname');
    const client = createDhcpClient({ server: dhcp, mac: mac.toLowerCase().replace(/-/g, ':'), hostname, clock: systemClock, timeoutMs: 1000, tries: 3 });
    try {
      const booted = await client.boot();
      let names: HostNames = {};
      // The DNS names are asked after the ACK: a server registering leases (RFC 4703) has
      // sent its updates by then, as with `labnet up`.
      if (dns) {
        const domain = booted.options.domainName?.replace(/\.$/, '');
        const fqdn = hostname && domain ? `${hostname}.${domain}` : undefined;
        const ask = async (): Promise<HostNames> => {
          const n = await hostNames(dns, fqdn ?? booted.ip, booted.ip);
          // No name to ask for: the PTR's target, if its A records hold the address.
          return fqdn === undefined && n.reverse !== undefined ? hostNames(dns, n.reverse, booted.ip) : n;
        };
        // A DHCP server registers a lease after its ACK (dhcpd: the forward A and DHCID, then
        // the PTR, RFC 4703 5.1), so both names are asked again until they are there, for
        // DNS_WAIT_MS at most.
        const until = Date.now() + DNS_WAIT_MS;
        names = await ask();
        while ((names.forward === undefined || names.reverse === undefined) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 100));
          names = await ask();
        }
      }
      if (release) await client.release();
      const report: BootReport = {
        mac: client.mac,
        hostname: hostname ?? null,
        address: booted.ip,
        serverId: booted.lease.serverId,
        leaseSeconds: booted.lease.leaseTime ?? null,
        leaseEnds: booted.lease.expiresAt === undefined ? null : new Date(booted.lease.expiresAt).toISOString(),
        forward: names.forward ?? null,
        reverse: names.reverse ?? null,
        released: release,
      };
      return { code: 0, stdout: flags.json ? JSON.stringify(report, null, 2) + '\n' : bootText(report), stderr: '' };
    } finally {
      await client.close();
    }
  } catch (e) {
    return fail((e as Error).message);
  }
}
