/**
 * A full disk under the lease journal (issue: faults): a small tmpfs the test mounts holds the
 * leases file. (It found a short write acknowledged as whole: write(2) on a nearly full disk
 * writes part of a record and fails only on the next call; lease-journal.ts writeAll.) While the disk is full, a DHCPREQUEST gets no DHCPACK (the lease could not be
 * made durable, RFC 2131 4.3.2) and the server logs why; once space is freed the same clients
 * are served again, and every lease that was ACKed is in the file. Root only (mount).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient, DhcpClientError } from '../../src/lab/dhcp-client.js';
import { parseLeasesFile } from '../../src/dhcp/leases/reader.js';
import { ipToString } from '../../src/dhcp/ip.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-diskfull-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
});

afterAll(() => {
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

describe('lease journal on a full disk (tmpfs)', () => {
  it('no ACK while the journal cannot be written, a log line, service resumes when space is freed', async () => {
    const logs: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s)) });
    const leasesFile = join(dir, 'dhcpd.leases');
    const config = parseDhcpdConf('authoritative; default-lease-time 600; subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.10 192.168.244.250; }', 'x.conf');
    const server = await startDhcpServer({ config, host: '127.0.0.1', port: 0, leasesFile, logger });
    const acked = new Map<string, string>();
    const boot = async (i: number) => {
      const mac = `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`;
      const client = createDhcpClient({ server: server.address, mac, timeoutMs: 300, tries: 1 });
      try {
        const { ip } = await client.boot();
        acked.set(mac, ip);
        return true;
      } catch (e) {
        if (!(e instanceof DhcpClientError)) throw e;
        return false;
      } finally {
        await client.close();
      }
    };
    try {
      expect(await boot(1)).toBe(true);
      // Fill the disk: the journal's last page still has room for a few records, then none.
      const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
      writeFileSync(join(dir, 'filler'), Buffer.alloc(free));
      let failed = -1;
      for (let i = 2; i < 40 && failed < 0; i++) if (!(await boot(i))) failed = i;
      expect(failed).toBeGreaterThan(0);
      expect(logs.some((l) => l.msg === 'lease journal write failed')).toBe(true);
      // Space back: the client that got no ACK is served, and others after it.
      rmSync(join(dir, 'filler'));
      expect(await boot(failed)).toBe(true);
      for (let i = failed + 1; i < failed + 10; i++) expect(await boot(i)).toBe(true);
      expect(acked.size).toBe(failed + 9);
    } finally {
      await server.close();
    }
    const inFile = new Map(parseLeasesFile(readFileSync(leasesFile, 'utf8'), leasesFile).filter((l) => l.state === 'active').map((l) => [l.hardwareEthernet, ipToString(l.ip)]));
    for (const [mac, ip] of acked) expect(inFile.get(mac), mac).toBe(ip);
  });
});
