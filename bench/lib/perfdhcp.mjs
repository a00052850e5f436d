// perfdhcp (Kea 2.2) runs and reports, for bench/dhcp.mjs, bench/dhcp-pg.ts and bench/soak/.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** perfdhcp's final report: the "Statistics for:" blocks by exchange and the achieved rate. */
export function parsePerfdhcp(out) {
  const stages = {};
  for (const block of out.split('***Statistics for: ').slice(1)) {
    const name = block.slice(0, block.indexOf('***'));
    const num = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(block)?.[1] ?? NaN);
    stages[name] = { sent: num('sent packets'), received: num('received packets'), drops: num('drops'), nonUnique: num('non unique addresses') };
  }
  const rate = Number(/Rate: ([\d.]+) 4-way/.exec(out)?.[1] ?? NaN);
  return { rate, stages };
}

/**
 * One periodic report line of `perfdhcp -t N` (counts since the start, one per exchange
 * kind in the order DISCOVER-OFFER, REQUEST-ACK, then renewals and releases when -f/-F
 * are given): `sent: 999/999/98/98; received: 999/996/98/0; drops: 0/3/0/98; rejected: ...`.
 * Undefined for any other line.
 */
export function parsePerfdhcpInterval(line) {
  const m = /^sent: ([\d/]+); received: ([\d/]+); drops: ([\d/]+)/.exec(line);
  if (!m) return undefined;
  const nums = (s) => s.split('/').map(Number);
  return { sent: nums(m[1]), received: nums(m[2]), drops: nums(m[3]) };
}

/**
 * `seconds` of DORAs at `rate` a second from the relay address `relay` (giaddr; perfdhcp binds
 * its port 67) to `server` port 67, the clients' MACs counting up from `macPrefix` (two octets).
 */
export async function perfdhcpRun({ rate, seconds, relay, server = '127.0.0.1', macPrefix = '02:10', clients = 10_000_000 }) {
  const args = ['-4', '-l', relay, '-b', `mac=${macPrefix}:00:00:00:00`, '-r', String(rate), '-R', String(clients), '-p', String(seconds), server];
  // perfdhcp exits non-zero when packets were dropped: the report on stdout is what counts.
  const out = await run('perfdhcp', args, { timeout: (seconds + 15) * 1000, maxBuffer: 1 << 24 })
    .then((r) => r.stdout)
    .catch((e) => e.stdout ?? '');
  const { rate: achieved, stages } = parsePerfdhcp(out);
  const d = stages['DISCOVER-OFFER'];
  const r = stages['REQUEST-ACK'];
  if (!d || !r) return { rate, achieved: 0, sent: 0, completed: 0, lossPct: 100, nonUnique: 0 };
  // An exchange is lost when its DISCOVER never led to an ACK.
  const lossPct = d.sent > 0 ? 100 * (1 - r.received / d.sent) : 100;
  return { rate, achieved: Number.isFinite(achieved) ? achieved : 0, sent: d.sent, completed: r.received, lossPct, nonUnique: d.nonUnique + r.nonUnique };
}
