/**
 * `labnet leases [--leases FILE] [--json]`: the leases of a dhcpd.leases file (ours or ISC
 * dhcpd's), the latest record per address, as a table (IP, state, MAC, hostname, ends) or as
 * a JSON array. The default file is ./dhcpd.leases, as `labnet serve` writes it.
 */
import { readFile } from 'node:fs/promises';
import type { CommandResult } from './command-result.js';
import { parseLeasesFileDetailed, formatLeaseTime } from '../dhcp/leases/index.js';
import { ipToString } from '../dhcp/ip.js';
import { isLocatedError } from '../util/located-error.js';

const USAGE = 'usage: labnet leases [--leases FILE] [--json]\n';

function isoOrNever(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'never';
}

export async function leasesCommand(args: string[]): Promise<CommandResult> {
  let file = 'dhcpd.leases';
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--leases' && i + 1 < args.length) file = args[++i];
    else if (a.startsWith('--leases=')) file = a.slice('--leases='.length);
    else return { code: 1, stdout: '', stderr: `labnet leases: unexpected argument '${a}'\n${USAGE}` };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { code: 1, stdout: '', stderr: `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}\n` };
  }
  let parsed;
  try {
    parsed = parseLeasesFileDetailed(text, file);
  } catch (e) {
    return { code: 1, stdout: '', stderr: (isLocatedError(e) ? e.format() : `${file}: ${(e as Error).message}`) + '\n' };
  }
  const stderr = parsed.warnings.map((w) => `${w.format()}\n`).join('');
  const leases = [...parsed.leases].sort((a, b) => a.ip - b.ip);
  if (json) {
    const rows = leases.map((l) => ({
      ip: ipToString(l.ip),
      state: l.state,
      mac: l.hardwareEthernet ?? null,
      clientId: l.clientId ?? null,
      hostname: l.clientHostname ?? null,
      starts: isoOrNever(l.starts),
      ends: isoOrNever(l.ends),
      cltt: isoOrNever(l.cltt),
    }));
    return { code: 0, stdout: JSON.stringify(rows, null, 2) + '\n', stderr };
  }
  const table = [['IP', 'STATE', 'MAC', 'HOSTNAME', 'ENDS (UTC)']];
  for (const l of leases) {
    const ends = Number.isFinite(l.ends) ? formatLeaseTime(l.ends).slice(2) : 'never';
    table.push([ipToString(l.ip), l.state, l.hardwareEthernet ?? '-', l.clientHostname ?? '-', ends]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const stdout = table.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n';
  return { code: 0, stdout, stderr };
}
