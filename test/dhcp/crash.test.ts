/**
 * Crash safety: a labnet DHCP server process is killed with SIGKILL while clients boot.
 * Every DHCPACK a client received must be in the journal after the crash (the ACK is sent only
 * once its lease is durable, RFC 2131 4.3.2), and the restarted server gives each of those
 * clients the same address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDhcpClient, type DhcpClient } from '../../src/lab/dhcp-client.js';
import { parseLeasesFile } from '../../src/dhcp/leases/index.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { spawnServerProcess } from './helpers/server-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const LAB_CONF = join(ROOT, 'fixtures/lab/dhcpd.conf');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function spawnServer(leasesFile: string): Promise<{ child: ChildProcess; port: number }> {
  const s = await spawnServerProcess(['--conf', LAB_CONF, '--host', '127.0.0.1', '--port', '0', '--leases', leasesFile]);
  cleanups.push(() => {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  });
  return s;
}

describe('crash safety (kill -9 while clients boot)', () => {
  it('every ACK a client received is in the journal; after restart each client gets the same address', { timeout: 60000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labnet-dhcp-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const leasesFile = join(dir, 'dhcpd.leases');
    const { child, port } = await spawnServer(leasesFile);

    const macs = Array.from({ length: 80 }, (_, i) => `02:00:00:0d:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`);
    const acked = new Map<string, string>();
    const killAfter = 15 + Math.floor(Math.random() * 30); // a different moment each run
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let killed = false;
    // Eight clients at a time keep REQUESTs in flight (and group commits under way) at the kill.
    const queue = [...macs];
    const workers = Array.from({ length: 8 }, async () => {
      for (let mac = queue.shift(); mac && !killed; mac = queue.shift()) {
        const c: DhcpClient = createDhcpClient({ server: { address: '127.0.0.1', port }, mac, timeoutMs: 300, tries: 2 });
        try {
          const r = await c.boot();
          acked.set(mac, r.ip);
          if (acked.size >= killAfter && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch {
          /* the server died mid-exchange: no ACK, nothing promised */
        } finally {
          await c.close();
        }
      }
    });
    await Promise.all(workers);
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(killAfter);

    // Every ACK is durable: the journal holds an active lease for that client and address.
    const journal = parseLeasesFile(readFileSync(leasesFile, 'utf8'), leasesFile);
    const byIp = new Map(journal.map((l) => [ipToString(l.ip), l]));
    for (const [mac, ip] of acked) {
      const l = byIp.get(ip);
      expect(l, `${mac} ${ip}`).toBeDefined();
      expect(l!.hardwareEthernet, ip).toBe(mac);
      expect(l!.state, ip).toBe('active');
    }

    // The restarted server (same journal) gives each client its address back.
    const restarted = await spawnServer(leasesFile);
    for (const [mac, ip] of acked) {
      const c = createDhcpClient({ server: { address: '127.0.0.1', port: restarted.port }, mac, timeoutMs: 1000 });
      cleanups.push(() => c.close());
      expect((await c.boot()).ip, mac).toBe(ip);
    }
  });
});
