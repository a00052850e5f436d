/**
 * perfdhcp (Kea's load generator, acting as a relay at 127.0.0.3) against labnet on
 * 127.0.0.1:67 with a shared-network whose 127.0.0.0/8 subnet lets the relay's giaddr select
 * the dynamic range (GUIDE.md section 6). `-u` makes perfdhcp check that no address is handed
 * out twice. Everything stays on loopback; 127.0.0.3/32 is added to lo and removed afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { ipToString } from '../../src/dhcp/ip.js';

const run = promisify(execFile);

// The relay-mode config shared with bench/dhcp.mjs.
const PERF_CONF = readFileSync(join(process.cwd(), 'fixtures/perf/dhcpd.conf'), 'utf8');

interface PerfdhcpStage {
  sent: number;
  received: number;
  drops: number;
  dropsRatio: number;
  nonUnique: number;
  rejected: number;
}

/** The two "Statistics for:" blocks of perfdhcp's final report. */
function parsePerfdhcp(out: string): { rate?: number; stages: Record<string, PerfdhcpStage> } {
  const stages: Record<string, PerfdhcpStage> = {};
  for (const block of out.split('***Statistics for: ').slice(1)) {
    const name = block.slice(0, block.indexOf('***'));
    const num = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(block)?.[1] ?? NaN);
    stages[name] = {
      sent: num('sent packets'),
      received: num('received packets'),
      drops: num('drops'),
      dropsRatio: num('drops ratio'),
      nonUnique: num('non unique addresses'),
      rejected: num('rejected leases'),
    };
  }
  const rate = /Rate: ([\d.]+) 4-way/.exec(out)?.[1];
  return { rate: rate ? Number(rate) : undefined, stages };
}

let addedAddr = false;
let server: DhcpServer | undefined;
let dir: string;

beforeAll(async () => {
  const lo = (await run('ip', ['-4', 'addr', 'show', 'dev', 'lo'])).stdout;
  if (!/inet 127\.0\.0\.3\/32/.test(lo)) {
    await run('ip', ['addr', 'add', '127.0.0.3/32', 'dev', 'lo']);
    addedAddr = true;
  }
  dir = mkdtempSync(join(tmpdir(), 'labnet-perfdhcp-'));
  server = await startDhcpServer({
    config: parseDhcpdConf(PERF_CONF, 'perf.conf'),
    host: '127.0.0.1',
    port: 67,
    leasesFile: join(dir, 'dhcpd.leases'),
  });
});

afterAll(async () => {
  await server?.close();
  if (addedAddr) await run('ip', ['addr', 'del', '127.0.0.3/32', 'dev', 'lo']).catch(() => {});
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('perfdhcp relay smoke test (RFC 2131 4.1 relayed DORA)', () => {
  it('200 DORA/s from 1000 clients for 5 s: no address handed out twice, low drops', async () => {
    // perfdhcp exits non-zero when packets were dropped; the report is what we check.
    const out = await run('perfdhcp', ['-4', '-l', '127.0.0.3', '-r', '200', '-R', '1000', '-p', '5', '-u', '127.0.0.1'], { timeout: 60000 })
      .then((r) => r.stdout)
      .catch((e: { stdout?: string }) => e.stdout ?? '');
    const { stages } = parsePerfdhcp(out);
    const doff = stages['DISCOVER-OFFER'];
    const rack = stages['REQUEST-ACK'];
    expect(doff, out).toBeDefined();
    expect(rack, out).toBeDefined();
    expect(doff.sent).toBeGreaterThan(500);
    expect(doff.nonUnique).toBe(0);
    expect(rack.nonUnique).toBe(0);
    expect(doff.rejected + rack.rejected).toBe(0);
    expect(doff.dropsRatio, out).toBeLessThan(5);
    expect(rack.dropsRatio, out).toBeLessThan(5);
    // Server side: one active lease per ACKed client, all distinct, all in the range.
    const active = server!.leases().filter((l) => l.state === 'active');
    expect(active.length).toBeGreaterThanOrEqual(rack.received);
    expect(new Set(active.map((l) => l.ip)).size).toBe(active.length);
    expect(new Set(active.map((l) => l.hardwareEthernet)).size).toBe(active.length);
    for (const l of active) expect(ipToString(l.ip)).toMatch(/^10\./);
    expect(server!.stats().errors).toBe(0);
  });
});
