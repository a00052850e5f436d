/** `labnet leases [--leases FILE] [--json]` (leasesCommand). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leasesCommand } from '../../src/cli/leases.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-leases-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leasesCommand', () => {
  it('a table of the latest record per address, sorted by IP', async () => {
    const r = await leasesCommand(['--leases', 'test/dhcp/data/isc-dhcpd.leases']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'IP               STATE      MAC                HOSTNAME    ENDS (UTC)\n' +
        '192.168.244.150  active     00:0c:29:3e:5b:01  win10-lab   2026/11/27 08:13:20\n' +
        '192.168.244.151  active     00:0c:29:3e:5b:02  ubuntu-lab  2026/11/27 08:09:02\n' +
        '192.168.244.152  free       00:0c:29:3e:5b:03  -           2026/11/26 10:10:00\n' +
        '192.168.244.153  abandoned  -                  -           2026/11/27 07:10:00\n' +
        '192.168.244.160  active     00:0c:29:3e:5b:0a  -           never\n',
    });
  });
  it('--json: an array of objects', async () => {
    const r = await leasesCommand(['--json', '--leases=test/dhcp/data/isc-dhcpd.leases']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      ip: '192.168.244.150', state: 'active', mac: '00:0c:29:3e:5b:01', clientId: '01000c293e5b01', hostname: 'win10-lab',
      starts: '2026-11-27T08:03:20.000Z', ends: '2026-11-27T08:13:20.000Z', cltt: '2026-11-27T08:03:20.000Z',
    });
    expect(rows[4].ends).toBe('never');
  });
  it('errors: a missing file, a bad argument, a malformed file', async () => {
    expect(await leasesCommand(['--leases', join(dir, 'none')])).toEqual({ code: 1, stdout: '', stderr: `${join(dir, 'none')}: file not found\n` });
    expect((await leasesCommand(['--bogus'])).code).toBe(1);
    const bad = join(dir, 'bad.leases');
    writeFileSync(bad, 'lease 10.0.0.1 {\n  binding state weird;\n}\n');
    expect(await leasesCommand(['--leases', bad])).toEqual({ code: 1, stdout: '', stderr: `${bad}:2:17: unknown binding state 'weird'\n` });
  });
});
