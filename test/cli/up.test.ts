/**
 * `labnet up` as a user runs it: `node bin/labnet.js up` (the package built into a temporary
 * folder, built-cli.ts) in a fresh folder, on ephemeral loopback ports. The host table is
 * read from its output and every cell checked against labnet's DNS asked over UDP with the
 * project's DNS client; `labnet status`, `leases`, `reload` run from the same folder find
 * it through ./.labnet; SIGHUP with a broken file keeps the old data; SIGTERM exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { buildCli, type BuiltCli } from './built-cli.js';
import { dnsPort, labnet, startUp, table, type Row } from './up-process.js';
import { tmpTree } from '../util/tmp-tree.js';
import { queryDns } from '../../src/dns/client.js';
import { reverseName } from '../../src/lab/host-names.js';
import { loadMachines } from '../../src/lab/machines.js';
import { LAB_FIXTURES_DIR } from '../../src/lab/lab.js';
import { controlRequest } from '../../src/cli/control-client.js';
import type { Endpoint } from '../../src/util/endpoint.js';
import { createSocket } from 'node:dgram';
import { labDdnsKey } from '../../src/lab/lab-ddns.js';
import { buildUpdate, UpdateOp } from '../../src/dns/update-build.js';
import { signMessage } from '../../src/dns/tsig.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';

type Decoded = { rcode?: string; answers?: { type: string; data: unknown }[] };

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
}, 120_000);
afterAll(() => cli?.tree.remove());

const A = async (dns: Endpoint, name: string) => ((await queryDns(dns, name, 'A')) as Decoded).answers?.filter((a) => a.type === 'A').map((a) => a.data) ?? [];
const PTR = async (dns: Endpoint, address: string) => ((await queryDns(dns, reverseName(address), 'PTR')) as Decoded).answers?.filter((a) => a.type === 'PTR').map((a) => a.data) ?? [];

describe('labnet up', () => {
  it('boots every machine over DHCP and prints a table whose names are what labnet DNS answers; status, leases, metrics from the same folder; SIGTERM exits 0', async () => {
    const dir = tmpTree('labnet-up-');
    const up = await startUp(cli, dir.dir);
    try {
      const machines = loadMachines(join(LAB_FIXTURES_DIR, 'machines.json')).machines;
      const rows = table(up.out);
      expect(rows.map((r) => [r.name, r.mac])).toEqual(machines.map((m) => [m.name, m.mac]));
      const dns = { address: '127.0.0.1', port: dnsPort(up.out) };
      for (const [i, m] of machines.entries()) {
        const r = rows[i];
        if (m.assignment === 'static') expect(r.ends).toBe('static (INFORM)');
        else expect(r.ends).toMatch(/^\d{4}\//);
        if (m.address) expect(r.address).toBe(m.address);
        else expect(r.address).toMatch(/^192\.168\.244\.(1[5-9]\d|2[0-4]\d|250)$/);
        // Each cell is what labnet's DNS answers, '-' exactly when it has no such record.
        const forward = await A(dns, `${m.name}.lab.local`);
        expect(r.forward, m.name).toBe(forward.includes(r.address) ? `${m.name}.lab.local` : '-');
        const ptr = await PTR(dns, r.address);
        expect(r.reverse, m.name).toBe(ptr.length ? String(ptr[0]) : '-');
        // Every machine resolves both ways, and its PTR name back to it: the dynamic ones
        // through their leases' DNS registration (RFC 2136 updates from labnet's DHCP server).
        expect(r.forward, m.name).not.toBe('-');
        expect(await A(dns, r.reverse)).toContain(r.address);
      }
      expect(new Set(rows.map((r) => r.address)).size).toBe(rows.length);
      // The README shows this session: the same rows (times aside).
      const readme = table(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8').split('$ npx labnet up\n')[1]);
      const cells = (r: Row) => [r.name, r.mac, r.address, r.forward, r.reverse];
      expect(readme.map(cells)).toEqual(rows.map(cells));
      expect(up.out).toMatch(/^\s+try: dig @127\.0\.0\.1 -p \d+ vcenter\.lab\.local A$/m);

      // The other commands find it through ./.labnet.
      const status = await labnet(cli, dir.dir, 'status', '--json');
      expect(status.code).toBe(0);
      const s = JSON.parse(status.stdout);
      expect(s.pid).toBe(up.child.pid);
      expect(s.dns.address.port).toBe(dns.port);
      expect(s.dns.zones.map((z: { origin: string }) => z.origin)).toEqual(['lab.local.', '244.168.192.in-addr.arpa.']);
      expect(s.machines.map((m: { name: string; state: string }) => [m.name, m.state])).toEqual(machines.map((m) => [m.name, m.assignment === 'static' ? 'static' : 'BOUND']));
      const dynamic = rows.filter((r) => machines.find((m) => m.name === r.name)!.assignment === 'dynamic');
      expect(s.dhcp.leases.active).toBe(dynamic.length);
      expect(s.dhcp.pools).toEqual([{ subnet: '192.168.244.0/24', range: '192.168.244.150-192.168.244.250', size: 101, active: dynamic.length, abandoned: 0, free: 101 - dynamic.length }]);

      const leases = await labnet(cli, dir.dir, 'leases', '--json');
      expect(leases.code).toBe(0);
      expect(JSON.parse(leases.stdout).map((l: { ip: string; mac: string; state: string; hostname: string }) => [l.ip, l.mac, l.state, l.hostname])).toEqual(
        dynamic.map((r) => [r.address, r.mac, 'active', r.name]),
      );
      const leaseTable = await labnet(cli, dir.dir, 'leases');
      expect(leaseTable.stdout.split('\n')[0]).toMatch(/^IP\s+STATE\s+MAC\s+HOSTNAME\s+ENDS \(UTC\)$/);
      const statusText = await labnet(cli, dir.dir, 'status');
      expect(statusText.stdout).toMatch(/^DNS\s+127\.0\.0\.1:\d+ \(UDP and TCP\)/m);
      expect(statusText.stdout).toMatch(/pool 192\.168\.244\.150-192\.168\.244\.250 \(192\.168\.244\.0\/24\): 98 of 101 free/);

      // Prometheus metrics: the boot's own lookups counted by type and rcode.
      const metrics = await controlRequest(s.control, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatch(/^labnet_dns_queries_total\{type="A",rcode="NOERROR"\} \d+$/m);
      expect(metrics.body).toMatch(/^labnet_dns_queries_total\{type="PTR",rcode="NOERROR"\} \d+$/m);
      // The lab's named.conf has no rate-limit: nothing limited.
      expect(metrics.body).toMatch(/^labnet_dns_rate_limited_total\{action="drop"\} 0$/m);
      expect(metrics.body).toContain(`labnet_dhcp_leases{state="active"} ${dynamic.length}\n`);
      expect(metrics.body).toContain(`labnet_dhcp_pool_addresses_free{subnet="192.168.244.0/24",range="192.168.244.150-192.168.244.250"} ${101 - dynamic.length}\n`);
      // The boot's DDNS registrations, as UPDATEs by zone, and the lease journal's sync latency.
      expect(metrics.body).toMatch(/^labnet_dns_updates_total\{zone="lab\.local\.",rcode="NOERROR"\} [1-9]\d*$/m);
      expect(metrics.body).toMatch(/^labnet_dns_updates_total\{zone="244\.168\.192\.in-addr\.arpa\.",rcode="NOERROR"\} [1-9]\d*$/m);
      const syncs = Number(/^labnet_dhcp_journal_syncs_total (\d+)$/m.exec(metrics.body)![1]);
      expect(syncs).toBeGreaterThan(0);
      expect(metrics.body).toContain(`labnet_dhcp_journal_sync_seconds_bucket{le="+Inf"} ${syncs}\n`);
      expect(metrics.body).toContain(`labnet_dhcp_journal_sync_seconds_count ${syncs}\n`);
      // Each registration was journaled in its zone before it was answered.
      expect(Number(/^labnet_dns_journal_commit_seconds_count (\d+)$/m.exec(metrics.body)![1])).toBeGreaterThan(0);
      // The event loop's delay since the previous scrape (none before this one): the three gauges, max >= p99 >= p50.
      const delay = (q: string) => Number(new RegExp(`^labnet_event_loop_delay_seconds\\{quantile="${q.replace('.', '\\.')}"\\} (\\S+)$`, 'm').exec(metrics.body)![1]);
      expect(delay('1')).toBeGreaterThanOrEqual(0);
      expect(delay('1')).toBeGreaterThanOrEqual(delay('0.99'));
      expect(delay('0.99')).toBeGreaterThanOrEqual(delay('0.5'));
      expect((await controlRequest(s.control, 'GET', '/reload')).status).toBe(405);
      // No key's secret in anything the endpoint answers: the lab's DDNS key, in base64 as in its file.
      const secret = /secret "([^"]+)"/.exec(readFileSync(join(dir.dir, '.labnet', 'ddns.key'), 'utf8'))![1];
      for (const path of ['/status', '/leases', '/metrics']) {
        const body = (await controlRequest(s.control, 'GET', path)).body;
        expect(body.includes(secret), path).toBe(false);
        expect(body.includes(Buffer.from(secret, 'base64').toString('hex')), path).toBe(false);
      }

      // A second `labnet up` in the same folder refuses.
      const twice = await labnet(cli, dir.dir, 'up', '--dns', '127.0.0.1:0', '--dhcp', '127.0.0.1:0');
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/already running .*\(pid \d+\)/);

      // Logs (JSON off a terminal): one line per lease event and per zone load, none per query.
      const logs = up.err().trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
      expect(logs.filter((l) => l.msg.startsWith('lease granted: ')).length).toBe(dynamic.length);
      expect(logs.filter((l) => /^zone \S+\/IN: loaded serial 3$/.test(l.msg)).length).toBe(2);
      expect(logs.filter((l) => l.msg.startsWith('query: ')).length).toBe(0);
    } finally {
      up.child.kill('SIGTERM');
    }
    expect(await up.exit).toBe(0);
    expect(existsSync(join(dir.dir, '.labnet', 'up.json'))).toBe(false);
    // The journal holds the leases; `labnet leases` reads it and says why.
    const after = await labnet(cli, dir.dir, 'leases', '--json');
    expect(after.code).toBe(0);
    expect(after.stderr).toMatch(/no labnet up running here.*the leases its journal \.labnet\/dhcpd\.leases holds/);
    expect(JSON.parse(after.stdout).filter((l: { state: string }) => l.state === 'active').length).toBe(3);
    dir.remove();
  });

  it('SIGTERM under load: exit 0, every ACKed lease and every UPDATE answered NOERROR is there after a restart; only replies already in flight cross the signal', { timeout: 90_000 }, async () => {
    const dir = tmpTree('labnet-up-term-');
    const up = await startUp(cli, dir.dir);
    const dns = { address: '127.0.0.1', port: dnsPort(up.out) };
    const status = JSON.parse((await labnet(cli, dir.dir, 'status', '--json')).stdout) as { dhcp: { address: Endpoint } };
    const { key } = labDdnsKey(join(dir.dir, '.labnet', 'ddns.key'));
    const acked = new Map<string, string>();
    const updated: string[] = [];
    let stopping = false;
    let answeredAfterStop = 0;
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const waiting = new Map<number, (m: Buffer) => void>();
    sock.on('message', (m) => {
      if (stopping) answeredAfterStop++;
      waiting.get(m.readUInt16BE(0))?.(m);
    });
    const update = (i: number): Promise<number | undefined> => {
      const id = 0x4000 + i;
      const msg = buildUpdate(id, 'lab.local', [], [UpdateOp.add(`t${i}.lab.local`, 1, 300, Buffer.from([192, 168, 244, 1 + (i % 100)]))]);
      const signed = signMessage(msg, key, { now: Math.floor(Date.now() / 1000) }).message;
      return new Promise((resolve) => {
        const t = setTimeout(() => (waiting.delete(id), resolve(undefined)), 500);
        waiting.set(id, (m) => (clearTimeout(t), waiting.delete(id), resolve(m[3]! & 0x0f)));
        sock.send(signed, dns.port, dns.address);
      });
    };
    const stopAt = 12;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      up.child.kill('SIGTERM');
    };
    const macs = Array.from({ length: 60 }, (_, i) => `02:00:00:1e:00:${i.toString(16).padStart(2, '0')}`);
    const dhcpWorkers = Array.from({ length: 4 }, async () => {
      for (let mac = macs.shift(); mac && !stopping; mac = macs.shift()) {
        const c = createDhcpClient({ server: status.dhcp.address, mac, timeoutMs: 300, tries: 1 });
        try {
          const r = await c.boot();
          acked.set(mac, r.ip);
          if (acked.size >= stopAt && updated.length >= stopAt) stop();
        } catch {
          /* no ACK: nothing promised */
        } finally {
          await c.close();
        }
      }
    });
    const updater = (async () => {
      for (let i = 0; i < 200 && !stopping; i++) {
        if ((await update(i)) === 0) updated.push(`t${i}.lab.local`);
        if (acked.size >= stopAt && updated.length >= stopAt) stop();
      }
    })();
    await Promise.all([...dhcpWorkers, updater]);
    stop();
    expect(await up.exit).toBe(0);
    const sentAfterExit = answeredAfterStop;
    sock.close();
    expect(acked.size).toBeGreaterThanOrEqual(stopAt);
    expect(updated.length).toBeGreaterThanOrEqual(stopAt);
    const logs = up.err().trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(logs.some((l) => l.msg.startsWith('stopping: no new packets'))).toBe(true);
    // The clients send nothing new once the signal is sent, so what arrives after it answers
    // requests already in flight (the UPDATE loop has one at a time on this socket).
    expect(sentAfterExit).toBeLessThanOrEqual(8);

    // Restarted in the same folder: the lease journal and the zone journal hold everything acknowledged.
    const again = await startUp(cli, dir.dir);
    try {
      const dns2 = { address: '127.0.0.1', port: dnsPort(again.out) };
      for (const name of updated) expect(await A(dns2, name), name).toHaveLength(1);
      const leases = JSON.parse((await labnet(cli, dir.dir, 'leases', '--json')).stdout) as { ip: string; mac: string }[];
      const held = new Map(leases.map((l) => [l.mac, l.ip]));
      for (const [mac, ip] of acked) expect(held.get(mac), mac).toBe(ip);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exit).toBe(0);
    dir.remove();
  });

  it('SIGHUP or labnet reload with a broken file: FILE:LINE:COL reported, the old data keeps serving; a good edit is served', async () => {
    const dir = tmpTree('labnet-up-reload-');
    // Zone files edited by hand: the lab without lease registration (a dynamic zone is edited as with BIND, its journal agreeing).
    const up = await startUp(cli, dir.dir, {}, ['--querylog', '--no-ddns']);
    try {
      const dns = { address: '127.0.0.1', port: dnsPort(up.out) };
      const direct = join(dir.dir, '.labnet', 'lab', 'direct');
      const good = readFileSync(direct, 'utf8');
      const badLine = good.split('\n').length;
      appendFileSync(direct, 'web IN A 192.168.244.300\n');
      up.child.kill('SIGHUP');
      let s: { lastReload: { ok: boolean; errors: string[] } | null } = { lastReload: null };
      for (let i = 0; i < 100 && !s.lastReload; i++) {
        await new Promise((r) => setTimeout(r, 50));
        s = JSON.parse((await labnet(cli, dir.dir, 'status', '--json')).stdout);
      }
      expect(s.lastReload!.ok).toBe(false);
      expect(s.lastReload!.errors[0]).toMatch(new RegExp(`^${direct}:${badLine}:\\d+: .*192\\.168\\.244\\.300`));
      expect(await A(dns, 'vcenter.lab.local')).toEqual(['192.168.244.135']);

      // A broken dhcpd.conf through `labnet reload`: exit 1, located; DNS and DHCP unchanged.
      writeFileSync(direct, good.replace(/3(\s+; Serial)/, '4$1') + 'web IN A 192.168.244.77\n');
      const conf = join(dir.dir, '.labnet', 'lab', 'dhcpd.conf');
      const goodConf = readFileSync(conf, 'utf8');
      writeFileSync(conf, goodConf.replace('default-lease-time 600;', 'default-lease-time 600'));
      const bad = await labnet(cli, dir.dir, 'reload');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`^${conf}:\\d+:\\d+: semicolon expected`, 'm'));
      expect(await A(dns, 'web.lab.local')).toEqual([]);

      writeFileSync(conf, goodConf);
      const ok = await labnet(cli, dir.dir, 'reload');
      expect(ok).toMatchObject({ code: 0, stdout: 'labnet: reloaded\n' });
      expect(await A(dns, 'web.lab.local')).toEqual(['192.168.244.77']);
      const logs = up.err().trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
      expect(logs.some((l) => l.msg === 'zone lab.local/IN: loaded serial 4')).toBe(true);
      // --querylog: a line per query.
      expect(logs.some((l) => l.msg === 'query: web.lab.local. IN A')).toBe(true);
    } finally {
      up.child.kill('SIGTERM');
    }
    expect(await up.exit).toBe(0);
    dir.remove();
  });

  it('logs readable lines with LABNET_LOG_FORMAT=pretty, and --log-level warn keeps info lines out', async () => {
    const dir = tmpTree('labnet-up-logs-');
    const pretty = await startUp(cli, dir.dir, { LABNET_LOG_FORMAT: 'pretty' });
    pretty.child.kill('SIGTERM');
    expect(await pretty.exit).toBe(0);
    expect(pretty.err()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: zone lab\.local\/IN: loaded serial 3/m);
    expect(pretty.err()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: lease granted: 192\.168\.244\.\d+ to 00:0c:29:aa:bb:a1 \(ws01\)/m);
    const quiet = await startUp(cli, dir.dir, {}, ['--log-level', 'warn']);
    quiet.child.kill('SIGTERM');
    expect(await quiet.exit).toBe(0);
    expect(quiet.err()).toBe('');
    const wrong = await labnet(cli, dir.dir, 'up', '--log-level', 'loud');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/--log-level: expected one of fatal, error, warn, info, debug, trace, silent/);
    const outside = await labnet(cli, dir.dir, 'up', '--control', '192.168.244.139:8080');
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/loopback only/);
    dir.remove();
  });
});

/** `labnet serve ARGS --control 127.0.0.1:0` in `cwd`; resolves once it serves, with its control endpoint as printed. */
async function startServeWithControl(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [cli.bin, 'serve', ...args, '--control', '127.0.0.1:0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const exit = once(child, 'exit');
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: string) => ((out += d), out.includes('Ctrl-C') && resolve())));
  const control = /^control\s+http:\/\/(127\.0\.0\.1:\d+)\//m.exec(out)![1];
  return { child, exit, control };
}

describe('labnet serve --control with a token', () => {
  it('--control-token-file: the endpoint answers 401 without the token; labnet status with it works', async () => {
    const dir = tmpTree('labnet-serve-token-');
    const tokenFile = dir.write('control.token', 'bGFibmV0LXRlc3QtY29udHJvbC10b2tlbg\n');
    const lab = join(cli.root, 'fixtures', 'lab');
    const { child, exit, control } = await startServeWithControl(dir.dir, ['--named-conf', join(lab, 'named.conf'), '--dns', '127.0.0.1:0', '--control-token-file', tokenFile]);
    const without = await labnet(cli, dir.dir, 'status', '--control', control);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/a token is required/);
    const withToken = await labnet(cli, dir.dir, 'status', '--control', control, '--control-token-file', tokenFile, '--json');
    expect(withToken.code).toBe(0);
    expect(JSON.parse(withToken.stdout).pid).toBe(child.pid);
    // A non-loopback control endpoint needs the token; labnet up keeps it on loopback even with one.
    const open = await labnet(cli, dir.dir, 'serve', '--named-conf', join(lab, 'named.conf'), '--dns', '127.0.0.1:0', '--control', '0.0.0.0:0');
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/loopback only .* unless --control-token-file/);
    const up = await labnet(cli, dir.dir, 'up', '--control', '0.0.0.0:0', '--control-token-file', tokenFile);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/loopback only/);
    child.kill('SIGTERM');
    expect((await exit)[0]).toBe(0);
    dir.remove();
  });
});

describe('labnet serve --control', () => {
  it('opens the control endpoint labnet status --control reads; SIGTERM exits 0', async () => {
    const dir = tmpTree('labnet-serve-control-');
    const lab = join(cli.root, 'fixtures', 'lab');
    const { child, exit, control } = await startServeWithControl(dir.dir, ['--named-conf', join(lab, 'named.conf'), '--dns', '127.0.0.1:0', '--dhcpd-conf', join(lab, 'dhcpd.conf'), '--dhcp', '127.0.0.1:0', '--leases', join(dir.dir, 'l.leases')]);
    const s = JSON.parse((await labnet(cli, dir.dir, 'status', '--control', control, '--json')).stdout);
    expect(s.pid).toBe(child.pid);
    expect(s.dhcp.leases.active).toBe(0);
    expect(s.machines).toBeUndefined();
    // Without --control and no labnet up here, status says so.
    const none = await labnet(cli, dir.dir, 'status');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^labnet status: no labnet up running here/);
    child.kill('SIGTERM');
    expect((await exit)[0]).toBe(0);
    dir.remove();
  });
});
