// What the kernel says about a run: CPU time of a process tree, UDP receive-buffer drops,
// load average, and the machine (for bench/RESULTS.md). Linux /proc only.
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux (sysconf(_SC_CLK_TCK))

function statOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state(3) ppid(4) ... utime(14) stime(15).
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** user+system CPU ms of `pid` and every live descendant (all threads are in a pid's stat). */
export function cpuMs(pid) {
  const all = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = statOf(d);
    if (st) all.set(Number(d), st);
  }
  let ticks = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    const st = all.get(p);
    if (!st) continue;
    ticks += st.ticks;
    for (const [c, cs] of all) if (cs.ppid === p) todo.push(c);
  }
  return ticks * TICK_MS;
}

/** The kernel's UDP counters (RcvbufErrors: datagrams dropped for a full receive buffer). */
export function udpRcvbufErrors() {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [head, vals] = lines.map((l) => l.split(/\s+/));
  return Number(vals[head.indexOf('RcvbufErrors')]);
}

export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function version(cmd, args, re) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return 'not found';
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return (re.exec(out)?.[1] ?? out.split('\n')[0]).trim();
}

/** Cores, kernel, Node and the peers' versions. */
export function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    bind: version('named', ['-v'], /BIND (\S+)/),
    knot: version('knotd', ['--version'], /version (\S+)/),
    nsd: version('nsd', ['-v'], /NSD version (\S+)/),
    kea: version('kea-dhcp4', ['-v'], /^(\S+)/),
    dnsperf: version('dnsperf', ['-h'], /Version (\S+)/),
  };
}
