/**
 * Knot DNS 3.2 (`knotd`) and NSD 4.6 (`nsd -d`) as secondaries of a primary on loopback,
 * each in a temporary folder on 127.0.0.1 and a given port: the zone transferred from
 * `primary` (IXFR once they hold it, AXFR the first time), NOTIFY accepted from 127.0.0.1
 * unsigned. The processes log to stderr (kept for the tests); close() stops them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK, type Endpoint } from './net.js';

export interface SecondaryInstance {
  address: Endpoint;
  log(): string;
  close(): Promise<void>;
}

function run(cmd: string, args: string[], address: Endpoint, dir: string): SecondaryInstance {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d.toString()));
  child.stderr!.on('data', (d) => (log += d.toString()));
  let exited = false;
  const done = new Promise<void>((res) => child.once('exit', () => ((exited = true), res())));
  return {
    address,
    log: () => log,
    async close() {
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** knotd with `zone` as a secondary of `primary` (Knot 3.2: `master:`, an ACL for notify). */
export function startKnotSecondary(zone: string, port: number, primary: Endpoint): SecondaryInstance {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-knot2-'));
  const conf = join(dir, 'knot.conf');
  writeFileSync(conf, `log:
  - target: stderr
    any: info
database:
  storage: "${dir}"
server:
  listen: ${LOOPBACK}@${port}
  rundir: "${dir}"
remote:
  - id: primary
    address: ${primary.host}@${primary.port}
acl:
  - id: notify_from_primary
    address: ${primary.host}
    action: notify
zone:
  - domain: ${zone}
    storage: "${dir}"
    file: "${zone}.zone"
    master: primary
    acl: notify_from_primary
`);
  return run('knotd', ['-c', conf], { host: LOOPBACK, port }, dir);
}

/** nsd -d with `zone` as a secondary of `primary` (request-xfr: IXFR, AXFR fallback). */
export function startNsdSecondary(zone: string, port: number, primary: Endpoint): SecondaryInstance {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-nsd2-'));
  const conf = join(dir, 'nsd.conf');
  writeFileSync(conf, `server:
  port: ${port}
  ip-address: ${LOOPBACK}
  pidfile: "${dir}/nsd.pid"
  database: ""
  xfrdfile: "${dir}/xfrd.state"
  zonelistfile: "${dir}/zone.list"
  xfrdir: "${dir}"
  zonesdir: "${dir}"
  username: ""
  chroot: ""
  do-ip6: no
  verbosity: 2
  server-count: 1
remote-control:
  control-enable: no
zone:
  name: ${zone}
  zonefile: "${dir}/${zone}.zone"
  allow-notify: ${primary.host} NOKEY
  request-xfr: ${primary.host}@${primary.port} NOKEY
`);
  return run('nsd', ['-d', '-c', conf], { host: LOOPBACK, port }, dir);
}
