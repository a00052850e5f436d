/**
 * dhcpd.conf `execute` (dhcp-eval(5)): labnet runs a configuration's program only when the
 * user allows it on the command line (`labnet serve --allow-execute`). Without the flag the
 * same lease is granted and the program is not run (a log line says so); with it, the
 * program runs at the commit with its arguments. The program is /usr/bin/touch on a file in
 * a temporary folder, so whether it ran is whether the file exists.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startServices } from '../../src/lab/services.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { parseServeArgs } from '../../src/cli/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-execute-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function conf(marker: string): string {
  const file = join(dir, `dhcpd-${marker}.conf`);
  writeFileSync(
    file,
    `default-lease-time 600;
max-lease-time 7200;
authoritative;
subnet 127.0.0.0 netmask 255.0.0.0 {
  range 127.0.0.150 127.0.0.160;
  on commit { execute ("/usr/bin/touch", "${join(dir, marker)}"); }
}
`,
  );
  return file;
}

async function bootWith(marker: string, allowExecute: boolean): Promise<{ ip: string; logs: string[] }> {
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => void logs.push((JSON.parse(l) as { msg: string }).msg) });
  const s = await startServices({ dhcpdConf: conf(marker), dhcp: { address: '127.0.0.1', port: 0 }, leasesFile: join(dir, `${marker}.leases`), logger, allowExecute });
  const client = createDhcpClient({ server: s.dhcp!.address, mac: '02:00:00:ee:00:01' });
  try {
    const { ip } = await client.boot();
    return { ip, logs };
  } finally {
    await client.close();
    await s.close();
  }
}

describe('execute statements run only with --allow-execute', () => {
  it('the flag is off unless given', () => {
    expect(parseServeArgs(['--dhcpd-conf', 'x.conf']).services.allowExecute).toBeUndefined();
    expect(parseServeArgs(['--dhcpd-conf', 'x.conf', '--allow-execute']).services.allowExecute).toBe(true);
  });

  it('without it: the lease is granted, the program is not run, a log line names the statement', async () => {
    const r = await bootWith('refused', false);
    expect(r.ip).toBe('127.0.0.150');
    expect(existsSync(join(dir, 'refused'))).toBe(false);
    expect(r.logs.some((m) => m.startsWith('execute ("/usr/bin/touch"): not run (labnet runs programs only with --allow-execute)'))).toBe(true);
  });

  it('with it: the program runs at the commit', async () => {
    const r = await bootWith('allowed', true);
    expect(r.ip).toBe('127.0.0.150');
    expect(existsSync(join(dir, 'allowed'))).toBe(true);
  });
});
