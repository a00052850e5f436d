/**
 * `labnet check-conf FILE` for a dhcpd.conf, as `dhcpd -t -cf FILE`: exit 0 with a short
 * summary, or the first error as `FILE:LINE:COL: message` and exit 1 (no stack trace).
 * Warnings (overlapping subnets, a MAC on two hosts) go to stderr as `FILE:LINE:COL: warning: ...`.
 */
import type { CommandResult } from './command-result.js';
import { loadDhcpdConf } from '../dhcp/conf/parser.js';
import { isLocatedError } from '../util/located-error.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

export function checkDhcpdConfCommand(file: string): CommandResult {
  try {
    const conf = loadDhcpdConf(file);
    const pools = conf.subnets.reduce((n, s) => n + s.pools.length, 0);
    const addresses = conf.subnets.reduce((n, s) => n + s.pools.reduce((m, p) => m + p.ranges.reduce((k, r) => k + r.end - r.start + 1, 0), 0), 0);
    const stderr = (conf.warnings ?? []).map((w) => `${w.file}:${w.line}:${w.col}: warning: ${w.message}\n`).join('');
    const stdout = `${file}: OK: ${plural(conf.subnets.length, 'subnet')}, ${plural(pools, 'pool')} (${plural(addresses, 'address')}), ${plural(conf.hosts.length, 'host')}\n`;
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (isLocatedError(e)) return { code: 1, stdout: '', stderr: e.format() + '\n' };
    return { code: 1, stdout: '', stderr: `${file}: ${(e as Error).message}\n` };
  }
}
