/**
 * `labnet leases [--leases FILE] [--state DIR | --control HOST:PORT] [--json]`: the leases
 * as a table (IP, state, MAC, hostname, ends) or as a JSON array. With `--leases FILE`, the
 * latest record per address of a dhcpd.leases file (ours or ISC dhcpd's). Otherwise those
 * of the running `labnet up` of ./.labnet (or DIR), asked over its control endpoint; when
 * it is not running, the journal it left (said so on stderr); without one, ./dhcpd.leases,
 * as `labnet serve` writes it.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CommandResult } from './command-result.js';
import { parseLeasesFileDetailed } from '../dhcp/leases/index.js';
import { isLocatedError } from '../util/located-error.js';
import { leaseRows, leaseTable, type LeaseRow } from './lease-rows.js';
import { daemonEndpoint, parseClientFlags } from './find-daemon.js';
import { controlJson } from './control-client.js';

const USAGE = 'usage: labnet leases [--leases FILE] [--state DIR | --control HOST:PORT] [--json]\n';

const fail = (stderr: string): CommandResult => ({ code: 1, stdout: '', stderr });

async function fileRows(file: string): Promise<{ rows: LeaseRow[]; warnings: string } | { error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { error: `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}\n` };
  }
  try {
    const parsed = parseLeasesFileDetailed(text, file);
    return { rows: leaseRows(parsed.leases), warnings: parsed.warnings.map((w) => `${w.format()}\n`).join('') };
  } catch (e) {
    return { error: (isLocatedError(e) ? e.format() : `${file}: ${(e as Error).message}`) + '\n' };
  }
}

const show = (rows: LeaseRow[], json: boolean, stderr = ''): CommandResult => ({
  code: 0,
  stdout: json ? JSON.stringify(rows, null, 2) + '\n' : leaseTable(rows),
  stderr,
});

export async function leasesCommand(args: string[]): Promise<CommandResult> {
  let parsed;
  try {
    parsed = parseClientFlags(args, ['--leases']);
  } catch (e) {
    return fail(`labnet leases: ${(e as Error).message}\n${USAGE}`);
  }
  const { flags, rest, unexpected } = parsed;
  if (unexpected) return fail(`labnet leases: unexpected argument '${unexpected}'\n${USAGE}`);
  const given = rest.get('--leases');
  if (given === undefined) {
    const target = daemonEndpoint(flags);
    if ('control' in target) {
      try {
        return show(await controlJson<LeaseRow[]>(target.control, 'GET', '/leases'), flags.json);
      } catch (e) {
        return fail(`labnet leases: ${(e as Error).message}\n`);
      }
    }
    // Not running: the journal it left, said so.
    const journal = target.stale?.leasesFile ?? join(flags.stateDir, 'dhcpd.leases');
    if (existsSync(journal)) {
      const r = await fileRows(journal);
      if ('error' in r) return fail(`labnet leases: ${target.none}\n${r.error}`);
      return show(r.rows, flags.json, `labnet leases: ${target.none}; the leases its journal ${relative(process.cwd(), journal)} holds:\n${r.warnings}`);
    }
    if (!existsSync('dhcpd.leases')) return fail(`dhcpd.leases: file not found, and ${target.none}\n`);
  }
  const r = await fileRows(given ?? 'dhcpd.leases');
  if ('error' in r) return fail(r.error);
  return show(r.rows, flags.json, r.warnings);
}
