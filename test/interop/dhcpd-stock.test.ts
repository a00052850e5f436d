/**
 * Debian's stock /etc/dhcp/dhcpd.conf (isc-dhcp-server 4.4, installed with the peers) with the
 * lab's subnet and hosts (fixtures/lab/dhcpd.conf) appended, as the report's user did: `dhcpd -t`
 * accepts it; `labnet check-conf` accepts it with no warning (it resolves nothing, as dhcpd -t);
 * `labnet serve` starts on it and serves the lab: a reserved host gets its address, the stock
 * domain name, and no name servers (the stock file names them ns1.example.org and
 * ns2.example.org, which no zone labnet serves holds: left out, each with its FILE:LINE:COL).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfCommand } from '../../src/cli/check-conf.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { buildCli, type BuiltCli } from '../cli/built-cli.js';
import { dhcpdVerdict } from './helpers/dhcpd-check.js';

const STOCK = '/etc/dhcp/dhcpd.conf';
let dir: TmpTree;
let cli: BuiltCli;
let file: string;
let stockLines: number;

beforeAll(() => {
  dir = tmpTree('labnet-dhcpd-stock-');
  cli = buildCli();
  const stock = readFileSync(STOCK, 'utf8');
  const lab = readFileSync('fixtures/lab/dhcpd.conf', 'utf8');
  // The lab's subnet and its reservations, after the stock file's own statements.
  const appended = lab.slice(lab.indexOf('subnet '));
  file = join(dir.dir, 'dhcpd.conf');
  writeFileSync(file, `${stock}\n${appended}`);
  stockLines = stock.split('\n').length;
});
afterAll(() => {
  dir.remove();
  cli.tree.remove();
});

describe("Debian's stock dhcpd.conf with the lab subnet appended", () => {
  it('is a file dhcpd -t accepts', () => {
    expect(readFileSync(STOCK, 'utf8')).toMatch(/^option domain-name-servers ns1\.example\.org, ns2\.example\.org;$/m);
    expect(dhcpdVerdict(dir.dir, file)).toMatchObject({ ok: true });
  });

  it('labnet check-conf: exit 0, no warning', async () => {
    const r = await checkConfCommand([file]);
    expect(r).toEqual({ code: 0, stdout: `${file}: OK: 1 subnet, 1 pool (101 addresses), 5 hosts\n`, stderr: '' });
  });

  it('labnet serve starts on it and serves a reserved host; the stock name servers are left out with their lines', async () => {
    const child = spawn(process.execPath, [cli.bin, 'serve', '--dhcpd-conf', file, '--dhcp', '127.0.0.1:0', '--leases', join(dir.dir, 'dhcpd.leases')], {
      cwd: dir.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => (err += d));
    const exit = once(child, 'exit');
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: string) => ((out += d), out.includes('Ctrl-C') && resolve()));
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    try {
      const port = Number(/^DHCP\s+127\.0\.0\.1:(\d+) \(UDP\)$/m.exec(out)![1]);
      const client = createDhcpClient({ server: { address: '127.0.0.1', port }, mac: '00:0c:29:aa:bb:01', parameterRequestList: [1, 3, 6, 15] });
      try {
        const r = await client.boot();
        expect(r.ip).toBe('192.168.244.131');
        expect(r.options.domainName).toBe('example.org');
        expect(r.options.raw.has(6)).toBe(false);
      } finally {
        await client.close();
      }
      const line = readFileSync(STOCK, 'utf8').split('\n').findIndex((l) => l.startsWith('option domain-name-servers')) + 1;
      expect(line).toBeGreaterThan(0);
      expect(line).toBeLessThan(stockLines);
      expect(err).toContain(`${file}:${line}:28: warning: host name ns1.example.org: no address in the zones served; left out`);
      expect(err).toContain(`${file}:${line}:45: warning: host name ns2.example.org: no address in the zones served; left out`);
    } finally {
      child.kill('SIGTERM');
      expect((await exit)[0]).toBe(0);
    }
  });
});
