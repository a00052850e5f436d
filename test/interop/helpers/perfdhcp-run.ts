/**
 * Kea's perfdhcp as a relay on loopback (GUIDE.md section 6) for the interop suite: run until
 * told to stop (SIGINT makes it print its report), then read what it received. `-x l` lists the
 * address of every DHCPACK ("Leases for REQUEST-ACK"); `-u` counts addresses ACKed twice
 * ("non unique addresses"). And the loopback aliases the relays and servers bind.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PerfdhcpReport {
  /** The addresses of the DHCPACKs received, in the order listed. */
  acked: string[];
  /** perfdhcp -u's count of addresses given twice. */
  nonUnique: number;
  /** All it printed. */
  report: string;
}

export interface PerfdhcpRun {
  relay: string;
  server: string;
  /** DORAs a second. */
  rate: number;
  /** The first client MAC (`-b mac=`); clients count up from it. */
  mac: string;
  seed: number;
}

/** perfdhcp until `stop` resolves, then SIGINT: its report. */
export async function perfdhcpUntil(o: PerfdhcpRun, stop: Promise<void>): Promise<PerfdhcpReport> {
  const args = ['-4', '-l', o.relay, '-r', String(o.rate), '-R', '65536', '-b', `mac=${o.mac}`, '-s', String(o.seed), '-u', '-x', 'l', o.server];
  const child = spawn('perfdhcp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let report = '';
  child.stdout!.on('data', (d: Buffer) => (report += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (report += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await stop;
  child.kill('SIGINT');
  await exited;
  const section = report.split('***Leases for REQUEST-ACK***')[1];
  if (section === undefined) throw new Error(`perfdhcp printed no leases:\n${report}`);
  const acked = [...section.matchAll(/^[^,\n]*,(\d+\.\d+\.\d+\.\d+),/gm)].map((m) => m[1]!);
  const nonUnique = [...report.matchAll(/non unique addresses: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { acked, nonUnique, report };
}

/** Adds the /32 aliases to lo that are not there; returns those added (for removeLoopback). */
export async function addLoopback(addresses: readonly string[]): Promise<string[]> {
  const lo = (await run('ip', ['-4', 'addr', 'show', 'dev', 'lo'])).stdout;
  const added: string[] = [];
  for (const a of addresses) {
    if (new RegExp(`inet ${a.replace(/\./g, '\\.')}/32`).test(lo)) continue;
    await run('ip', ['addr', 'add', `${a}/32`, 'dev', 'lo']);
    added.push(a);
  }
  return added;
}

export async function removeLoopback(addresses: readonly string[]): Promise<void> {
  for (const a of addresses) await run('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo']).catch(() => {});
}
