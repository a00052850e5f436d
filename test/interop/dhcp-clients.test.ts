/**
 * Real DHCP clients (busybox udhcpc, ISC dhclient 4.4) against labnet in network namespaces
 * (GUIDE.md section 6): labnet on 192.168.244.139/24 (s0, namespace lnsrv-*) with the lab's
 * dhcpd.conf, bound to 0.0.0.0:67 with --interface s0; clients on c0 in lncli-*. All broadcast
 * stays on the veth between the two namespaces, which afterAll deletes even after a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createNetnsPair, type NetnsPair } from './helpers/netns.js';
import { parseLeasesFile } from '../../src/dhcp/leases/index.js';
import { ipToString } from '../../src/dhcp/ip.js';

const ROOT = resolve(import.meta.dirname, '../..');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const CHILD = join(ROOT, 'test/dhcp/crash-server.ts');
const LAB_CONF = join(ROOT, 'fixtures/lab/dhcpd.conf');

let pair: NetnsPair;
let dir: string;
let leasesFile: string;

interface RunningServer {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
}
let server: RunningServer | undefined;

async function startServer(): Promise<RunningServer> {
  const child = pair.spawn(
    pair.srv,
    VITE_NODE,
    [CHILD, '--conf', LAB_CONF, '--host', '0.0.0.0', '--port', '67', '--leases', leasesFile, '--interface', pair.srvIf],
    { env: { ...process.env, LABNET_LOG_LEVEL: 'debug' }, cwd: ROOT },
  );
  const logs: Array<Record<string, unknown>> = [];
  let errBuf = '';
  child.stderr!.on('data', (d: Buffer) => {
    errBuf += d.toString();
    let nl: number;
    while ((nl = errBuf.indexOf('\n')) >= 0) {
      const line = errBuf.slice(0, nl);
      errBuf = errBuf.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  await new Promise<void>((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`server did not start: ${errBuf}`)), 30000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) {
        clearTimeout(t);
        res();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      rej(new Error(`server exited ${code}: ${errBuf}`));
    });
  });
  return { child, logs };
}

async function killServer(signal: NodeJS.Signals): Promise<void> {
  if (!server) return;
  const s = server;
  server = undefined;
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill(signal);
  await exited;
}

async function setMac(mac: string): Promise<void> {
  await pair.exec(pair.cli, 'ip', ['link', 'set', pair.cliIf, 'down']);
  await pair.exec(pair.cli, 'ip', ['link', 'set', pair.cliIf, 'address', mac]);
  await pair.exec(pair.cli, 'ip', ['addr', 'flush', 'dev', pair.cliIf]);
  await pair.exec(pair.cli, 'ip', ['link', 'set', pair.cliIf, 'up']);
}

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  return env;
}

let udhcpcRuns = 0;
/** `udhcpc -i c0 -f -q -n -s SCRIPT`: the env its script saw on `bound`. */
async function udhcpc(mac: string, extra: string[] = []): Promise<Record<string, string>> {
  await setMac(mac);
  const out = join(dir, `udhcpc-${++udhcpcRuns}.env`);
  await pair.exec(pair.cli, 'udhcpc', ['-i', pair.cliIf, '-f', '-q', '-n', '-t', '5', '-T', '1', '-s', join(dir, 'udhcpc.sh'), ...extra], {
    env: { ...process.env, UDHCPC_OUT: out },
  });
  expect(existsSync(out), 'udhcpc script was called with bound').toBe(true);
  return parseEnv(readFileSync(out, 'utf8'));
}

interface DhclientRun {
  env: Record<string, string>;
  log: string;
  child: ChildProcess;
  exited: Promise<void>;
}
let dhclientRuns = 0;
/** `dhclient -d -1 -sf SCRIPT -lf FILE -pf PIDFILE c0`, until bound; stays running until stopped. */
async function dhclient(leaseFile: string): Promise<DhclientRun> {
  const tag = `run${++dhclientRuns}`;
  const envDir = join(dir, tag);
  writeFileSync(join(dir, 'current-tag'), envDir);
  const child = pair.spawn(pair.cli, 'dhclient', ['-d', '-1', '-sf', join(dir, 'dhclient.sh'), '-lf', leaseFile, '-pf', join(dir, 'dhclient.pid'), pair.cliIf]);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`dhclient not bound:\n${log}`)), 60000);
    const check = () => {
      if (/bound to /.test(log)) {
        clearTimeout(t);
        res();
      }
    };
    child.stderr!.on('data', check);
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(t);
      rej(new Error(`dhclient exited ${code}:\n${log}`));
    });
  });
  const env = parseEnv(readFileSync(join(dir, 'dhclient.env'), 'utf8'));
  return { env, log, child, exited };
}

async function stopDhclient(run: DhclientRun): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  await run.exited;
}

const inRange = (ip: string) => {
  const m = /^192\.168\.244\.(\d+)$/.exec(ip);
  return !!m && Number(m[1]) >= 150 && Number(m[1]) <= 250;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-dhcp-interop-'));
  leasesFile = join(dir, 'dhcpd.leases');
  // udhcpc passes its own environment: UDHCPC_OUT says where to write; it configures the
  // address so that a later RELEASE can be sent from it.
  writeFileSync(
    join(dir, 'udhcpc.sh'),
    `#!/bin/sh
case "$1" in
  deconfig) /usr/sbin/ip addr flush dev "$interface" ;;
  bound) /usr/sbin/ip addr flush dev "$interface"; /usr/sbin/ip addr add "$ip/$mask" dev "$interface"; env > "$UDHCPC_OUT.tmp"; echo "event=$1" >> "$UDHCPC_OUT.tmp"; mv "$UDHCPC_OUT.tmp" "$UDHCPC_OUT" ;;
  renew) env > "$UDHCPC_OUT.tmp"; echo "event=$1" >> "$UDHCPC_OUT.tmp"; mv "$UDHCPC_OUT.tmp" "$UDHCPC_OUT" ;;
esac
exit 0
`,
  );
  // dhclient gives its script a clean environment: the output path is written in.
  writeFileSync(
    join(dir, 'dhclient.sh'),
    `#!/bin/sh
env >> "${dir}/dhclient.all"
case "$reason" in
  PREINIT) /usr/sbin/ip addr flush dev "$interface" ;;
  BOUND|RENEW|REBIND|REBOOT)
    /usr/sbin/ip addr flush dev "$interface"
    /usr/sbin/ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface"
    env > "${dir}/dhclient.env" ;;
  RELEASE|EXPIRE|FAIL|STOP) /usr/sbin/ip addr flush dev "$interface"; env > "${dir}/dhclient.released" ;;
esac
exit 0
`,
  );
  chmodSync(join(dir, 'udhcpc.sh'), 0o755);
  chmodSync(join(dir, 'dhclient.sh'), 0o755);
  pair = await createNetnsPair({ serverCidr: '192.168.244.139/24' });
  server = await startServer();
});

afterAll(async () => {
  await killServer('SIGKILL').catch(() => {});
  await pair?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** MAC -> address of every client that got an ACK, for the crash check at the end. */
const acked = new Map<string, string>();

describe('labnet DHCP with real clients in network namespaces', () => {
  it('RFC 2131 3.1: udhcpc gets an address from the range, router, DNS and domain (RFC 2132 3.3, 3.8, 3.17)', async () => {
    const env = await udhcpc('02:00:00:00:01:01');
    expect(inRange(env.ip), env.ip).toBe(true);
    expect(env.router).toBe('192.168.244.2');
    expect(env.dns).toBe('192.168.244.139');
    expect(env.domain).toBe('lab.local');
    expect(env.subnet).toBe('255.255.255.0');
    expect(env.serverid).toBe('192.168.244.139');
    expect(env.lease).toBe('600');
    acked.set('02:00:00:00:01:01', env.ip);
  });

  it('RFC 2131 3.1: dhclient gets an address from the range with the lab options', async () => {
    await setMac('02:00:00:00:02:01');
    const run = await dhclient(join(dir, 'dhclient-a.leases'));
    await stopDhclient(run);
    expect(inRange(run.env.new_ip_address), run.env.new_ip_address).toBe(true);
    expect(run.env.new_routers).toBe('192.168.244.2');
    expect(run.env.new_domain_name_servers).toBe('192.168.244.139');
    expect(run.env.new_domain_name).toBe('lab.local');
    expect(run.env.new_subnet_mask).toBe('255.255.255.0');
    expect(run.env.new_dhcp_server_identifier).toBe('192.168.244.139');
    expect(run.log).toMatch(/DHCPACK of .* from 192\.168\.244\.139/);
    acked.set('02:00:00:00:02:01', run.env.new_ip_address);
  });

  it('dhcpd host reservation: MAC 00:0c:29:aa:bb:01 (esxi01) gets 192.168.244.131 from udhcpc and dhclient', async () => {
    const env = await udhcpc('00:0c:29:aa:bb:01');
    expect(env.ip).toBe('192.168.244.131');
    expect(env.router).toBe('192.168.244.2');
    await setMac('00:0c:29:aa:bb:01');
    const run = await dhclient(join(dir, 'dhclient-esxi01.leases'));
    await stopDhclient(run);
    expect(run.env.new_ip_address).toBe('192.168.244.131');
    expect(run.env.new_host_name).toBe('esxi01');
  });

  it('RFC 2131 3.2/4.3.2: INIT-REBOOT for an address of another network is NAKed (authoritative), then the client gets one from the range', async () => {
    await setMac('02:00:00:00:03:01');
    const leaseFile = join(dir, 'dhclient-wrongnet.leases');
    writeFileSync(
      leaseFile,
      `lease {
  interface "${pair.cliIf}";
  fixed-address 10.9.9.9;
  option subnet-mask 255.255.255.0;
  option routers 10.9.9.1;
  option dhcp-server-identifier 10.9.9.1;
  option dhcp-lease-time 86400;
  renew 4 2036/01/01 00:00:00;
  rebind 4 2036/01/01 00:00:00;
  expire 4 2036/01/01 00:00:00;
}
`,
    );
    const run = await dhclient(leaseFile);
    await stopDhclient(run);
    expect(run.log).toMatch(/DHCPREQUEST for 10\.9\.9\.9/);
    expect(run.log).toMatch(/DHCPNAK from 192\.168\.244\.139/);
    expect(inRange(run.env.new_ip_address), run.env.new_ip_address).toBe(true);
    acked.set('02:00:00:00:03:01', run.env.new_ip_address);
  });

  it('RFC 2131 4.4.6: dhclient -r releases; the client returns to its address on the next boot', async () => {
    await setMac('02:00:00:00:04:01');
    const leaseFile = join(dir, 'dhclient-release.leases');
    const first = await dhclient(leaseFile);
    const ip = first.env.new_ip_address;
    expect(inRange(ip), ip).toBe(true);
    // -r stops the running dhclient (pid file) and sends a DHCPRELEASE to the server.
    await pair.exec(pair.cli, 'dhclient', ['-r', '-sf', join(dir, 'dhclient.sh'), '-lf', leaseFile, '-pf', join(dir, 'dhclient.pid'), pair.cliIf]);
    await first.exited;
    await expect.poll(() => server!.logs.some((l) => l.msg === 'dhcp: request' && l.type === 'RELEASE' && l.ciaddr === ip), { timeout: 5000 }).toBe(true);
    // A fresh lease file: the client asks for nothing, the server remembers it (dhcpd behaviour).
    rmSync(leaseFile, { force: true });
    const second = await dhclient(leaseFile);
    await stopDhclient(second);
    expect(second.env.new_ip_address).toBe(ip);
    acked.set('02:00:00:00:04:01', ip);
  });

  it('RFC 2131 4.4.5: udhcpc renews (SIGUSR1) by unicast from its address and is ACKed with the same address, unicast back', async () => {
    const mac = '02:00:00:00:06:01';
    await setMac(mac);
    const out = join(dir, 'udhcpc-renew.env');
    const child = pair.spawn(pair.cli, 'udhcpc', ['-i', pair.cliIf, '-f', '-t', '5', '-T', '1', '-s', join(dir, 'udhcpc.sh')], { env: { ...process.env, UDHCPC_OUT: out } });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      await expect.poll(() => existsSync(out), { timeout: 20000 }).toBe(true);
      const bound = parseEnv(readFileSync(out, 'utf8'));
      expect(bound.event).toBe('bound');
      rmSync(out);
      child.kill('SIGUSR1');
      await expect.poll(() => existsSync(out), { timeout: 20000 }).toBe(true);
      const renewed = parseEnv(readFileSync(out, 'utf8'));
      expect(renewed.event).toBe('renew');
      expect(renewed.ip).toBe(bound.ip);
      expect(server!.logs.some((l) => l.msg === 'dhcp: request' && l.type === 'REQUEST' && l.ciaddr === bound.ip && (l.source as { address: string }).address === bound.ip)).toBe(true);
      expect(server!.logs.some((l) => l.msg === 'dhcp: reply sent' && l.type === 'ACK' && l.dest === bound.ip && l.port === 68)).toBe(true);
      acked.set(mac, bound.ip);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('kill -9 of labnet, then a restart keeps every lease (journal) and each client gets its address back', async () => {
    for (const mac of ['02:00:00:00:05:01', '02:00:00:00:05:02', '02:00:00:00:05:03']) {
      const env = await udhcpc(mac);
      expect(inRange(env.ip), env.ip).toBe(true);
      acked.set(mac, env.ip);
    }
    await killServer('SIGKILL');
    const journal = parseLeasesFile(readFileSync(leasesFile, 'utf8'), leasesFile);
    const latest = new Map<string, string>();
    for (const l of journal) if (l.hardwareEthernet && l.state === 'active') latest.set(l.hardwareEthernet, ipToString(l.ip));
    for (const [mac, ip] of acked) expect(latest.get(mac), mac).toBe(ip);
    server = await startServer();
    for (const [mac, ip] of acked) {
      const env = await udhcpc(mac);
      expect(env.ip, mac).toBe(ip);
    }
  });
});
