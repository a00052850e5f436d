/**
 * One dhcpd.conf checked by the real ISC dhcpd (`dhcpd -t`, config test only: it opens no
 * socket and reads no lease) and by labnet's parser, as comparable verdicts.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDhcpdConf } from '../../../src/dhcp/conf/parser.js';
import { LocatedError } from '../../../src/util/located-error.js';

/** The ISC binary by path: node_modules/.bin has a `dhcpd` of the npm `dhcp` package. */
export const DHCPD = '/usr/sbin/dhcpd';

export interface Verdict {
  ok: boolean;
  /** The line named for a rejected file (dhcpd: `FILE line N:`; labnet: `FILE:N:COL:`). */
  line?: number;
  message: string;
  /** dhcpd died of a signal (4.4.3 segfaults on some files): no verdict. */
  crashed?: string;
}

/** `dhcpd -t -cf FILE -lf LEASES` in `dir`. */
export function dhcpdVerdict(dir: string, file: string): Verdict {
  const leases = join(dir, 'dhcpd-t.leases');
  writeFileSync(leases, '');
  const r = spawnSync(DHCPD, ['-t', '-cf', file, '-lf', leases], { cwd: dir, encoding: 'utf8' });
  const m = /line (\d+): (.*)/.exec(r.stderr);
  const message = m ? m[2] : r.stderr.split('\n').slice(4).find((l) => l && !/^(Config file|Database file|PID file)/.test(l)) ?? '';
  return { ok: r.status === 0, line: m ? Number(m[1]) : undefined, message, ...(r.signal ? { crashed: r.signal } : {}) };
}

/** labnet's parser on the same file. */
export function labnetVerdict(file: string, text: string): Verdict {
  try {
    parseDhcpdConf(text, file);
    return { ok: true, message: '' };
  } catch (e) {
    if (!(e instanceof LocatedError)) throw e;
    return { ok: false, line: e.line, message: e.message };
  }
}

/** Same verdict, and for a rejected file the same line (when dhcpd names one: its sanity checks after parsing name none). */
export function agree(real: Verdict, ours: Verdict): boolean {
  return real.ok === ours.ok && (real.ok || real.line === undefined || real.line === ours.line);
}
