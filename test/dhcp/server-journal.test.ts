/**
 * The server with its lease journal (dhcpd.leases): the ACK is sent only after the lease is
 * durable (RFC 2131 4.3.2 commit before ACK), and a restart reloads every lease.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { openLeaseJournal, type LeaseJournal } from '../../src/dhcp/lease-journal.js';
import type { Lease } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { Histogram } from '../../src/util/histogram.js';

const LAB_CONF = resolve(import.meta.dirname, '../../fixtures/lab/dhcpd.conf');
const labConfig = () => loadDhcpdConf(LAB_CONF);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'labnet-dhcp-server-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('lease journal (dhcpd.leases) behind the server', () => {
  it('every ACKed lease is in the journal; a restarted server gives each client the same address', async () => {
    const dir = tempDir();
    const leasesFile = join(dir, 'dhcpd.leases');
    const s1 = await startDhcpServer({ config: labConfig(), leasesFile });
    const macs = Array.from({ length: 10 }, (_, i) => `02:00:00:00:09:${i.toString(16).padStart(2, '0')}`);
    const first = new Map<string, string>();
    for (const m of macs) {
      const c = createDhcpClient({ server: s1.address, mac: m, timeoutMs: 500 });
      first.set(m, (await c.boot()).ip);
      await c.close();
    }
    await s1.close();
    const j = await openLeaseJournal(leasesFile, {});
    const journaled = new Map(j.leases().filter((l) => l.state === 'active').map((l) => [l.hardwareEthernet, ipToString(l.ip)]));
    await j.close();
    for (const [m, ip] of first) expect(journaled.get(m), m).toBe(ip);
    const s2 = await startDhcpServer({ config: labConfig(), leasesFile });
    cleanups.push(() => s2.close());
    for (const [m, ip] of first) {
      const c = createDhcpClient({ server: s2.address, mac: m, timeoutMs: 500 });
      cleanups.push(() => c.close());
      expect((await c.boot()).ip, m).toBe(ip);
    }
  });
});


describe('RFC 2131 4.3.2: the binding is committed before the DHCPACK', () => {
  function gatedJournal() {
    const recorded: Lease[] = [];
    const gates: Array<() => void> = [];
    let syncs = 0;
    const journal: LeaseJournal = {
      path: 'gated',
      leases: () => [],
      record: (l) => new Promise<void>((res) => gates.push(() => { recorded.push(l); syncs++; res(); })),
      compact: async () => {},
      close: async () => {},
      stats: () => ({ writes: syncs, syncs, records: recorded.length, recordsInFile: recorded.length, compactions: 0, syncSeconds: new Histogram().snapshot() }),
    };
    return { journal, recorded, open: () => gates.splice(0).forEach((g) => g()), pending: () => gates.length };
  }

  it('no ACK leaves the server while its lease record is not durable', async () => {
    const g = gatedJournal();
    const s = await startDhcpServer({ config: labConfig(), journal: g.journal });
    cleanups.push(() => s.close());
    const c = createDhcpClient({ server: s.address, mac: '02:00:00:00:0b:01', timeoutMs: 5000, tries: 1 });
    cleanups.push(() => c.close());
    let acked = false;
    const boot = c.boot().then((r) => { acked = true; return r; });
    await expect.poll(() => g.pending()).toBe(1); // OFFER sent, REQUEST received, its lease waits for the disk
    expect(acked).toBe(false);
    expect(s.stats().byType.REQUEST).toBe(1);
    expect(s.stats().replies).toBe(1); // the OFFER only
    g.open();
    const r = await boot;
    expect(g.recorded.map((l) => ipToString(l.ip))).toEqual([r.ip]);
  });

  it('a failing journal means no ACK (the client hears nothing), and the server keeps serving', async () => {
    const journal: LeaseJournal = {
      path: 'failing', leases: () => [], compact: async () => {}, close: async () => {},
      record: () => Promise.reject(new Error('EIO: disk on fire')),
      stats: () => ({ writes: 0, syncs: 0, records: 0, recordsInFile: 0, compactions: 0, syncSeconds: new Histogram().snapshot() }),
    };
    const s = await startDhcpServer({ config: labConfig(), journal });
    cleanups.push(() => s.close());
    const c = createDhcpClient({ server: s.address, mac: '02:00:00:00:0b:02', timeoutMs: 200, tries: 2 });
    cleanups.push(() => c.close());
    await expect(c.boot()).rejects.toThrow(/REQUEST: no reply/);
    expect(s.stats().errors).toBe(2);
    const inform = await c.inform('192.168.244.20');
    expect(inform.type).toBe('ACK');
  });

  it('group commit: clients booting together share fdatasyncs', async () => {
    const dir = tempDir();
    const s = await startDhcpServer({ config: labConfig(), leasesFile: join(dir, 'dhcpd.leases') });
    cleanups.push(() => s.close());
    const macs = Array.from({ length: 60 }, (_, i) => `02:00:00:00:0c:${i.toString(16).padStart(2, '0')}`);
    const clients = macs.map((m) => createDhcpClient({ server: s.address, mac: m, timeoutMs: 2000 }));
    for (const c of clients) cleanups.push(() => c.close());
    const ips = (await Promise.all(clients.map((c) => c.boot()))).map((r) => r.ip);
    expect(new Set(ips).size).toBe(60);
    const st = s.stats();
    expect(st.journalRecords).toBe(60);
    expect(st.journalSyncs).toBeLessThan(60);
  });
});
