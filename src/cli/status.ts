/**
 * `labnet status [--state DIR | --control HOST:PORT] [--json]`: what a running labnet
 * serves, from its control endpoint's /status: endpoints, zones and serials, leases by
 * state, free addresses per pool, the last reload, and for `labnet up` its machines.
 */
import type { CommandResult } from './command-result.js';
import { withDaemon } from './find-daemon.js';
import { controlJson } from './control-client.js';
import type { DaemonStatus } from './daemon-report.js';
import { formatEndpoint } from '../util/endpoint.js';
import { formatTable } from './table.js';
import type { MachineRow } from './up.js';
import { leaseEndText } from './lease-rows.js';

const USAGE = 'usage: labnet status [--state DIR | --control HOST:PORT] [--json]\n';

export function statusText(s: DaemonStatus): string {
  const lines = [`labnet: running, pid ${s.pid}, up ${s.uptimeSeconds} s (since ${s.startedAt})`];
  if (s.dns) {
    lines.push(`DNS      ${formatEndpoint(s.dns.address)} (UDP and TCP), ${s.dns.queries} queries`);
    for (const z of s.dns.zones) lines.push(`         zone ${z.origin} serial ${z.serial}, ${z.records} records`);
    for (const z of s.dns.failedZones) lines.push(`         zone ${z.origin} NOT LOADED: ${z.error}`);
  }
  if (s.dhcp) {
    const counts = Object.entries(s.dhcp.leases).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
    lines.push(`DHCP     ${formatEndpoint(s.dhcp.address)} (UDP), server id ${s.dhcp.serverId}, leases: ${counts.join(', ') || 'none'}`);
    for (const p of s.dhcp.pools) lines.push(`         pool ${p.range} (${p.subnet}): ${p.free} of ${p.size} free`);
  }
  if (s.control) lines.push(`control  http://${formatEndpoint(s.control)}/`);
  if (s.lastReload) lines.push(`reload   ${s.lastReload.at}: ${s.lastReload.ok ? 'ok' : 'FAILED, the previous data keeps serving'}`, ...s.lastReload.errors.map((e) => `         ${e}`));
  let text = lines.join('\n') + '\n';
  const machines = s.machines as MachineRow[] | undefined;
  if (machines) {
    const ends = (m: MachineRow) => (m.leaseEnds ? leaseEndText(m.leaseEnds) : '-');
    text += formatTable([['MACHINE', 'ROLE', 'STATE', 'ADDRESS', 'LEASE ENDS (UTC)'], ...machines.map((m) => [m.name, m.role, m.state, m.address ?? '-', ends(m)])]);
  }
  return text;
}

export function statusCommand(args: string[]): Promise<CommandResult> {
  return withDaemon('status', USAGE, args, async (control, flags) => {
    const s = await controlJson<DaemonStatus>(control, 'GET', '/status');
    return { code: 0, stdout: flags.json ? JSON.stringify(s, null, 2) + '\n' : statusText(s), stderr: '' };
  });
}
