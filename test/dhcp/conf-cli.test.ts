/** `labnet check-conf FILE` for a dhcpd.conf (checkDhcpdConfCommand), as `dhcpd -t -cf FILE`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDhcpdConfCommand } from '../../src/cli/check-dhcpd-conf.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-check-dhcpd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('checkDhcpdConfCommand', () => {
  it('the lab file: exit 0 and a summary', () => {
    expect(checkDhcpdConfCommand('fixtures/lab/dhcpd.conf')).toEqual({
      code: 0,
      stdout: 'fixtures/lab/dhcpd.conf: OK: 1 subnet, 1 pool (101 addresses), 5 hosts\n',
      stderr: '',
    });
  });
  it('warnings go to stderr, exit stays 0', () => {
    const p = file('overlap.conf', 'subnet 10.0.0.0 netmask 255.255.255.0 { }\nsubnet 10.0.0.0 netmask 255.255.0.0 { }\n');
    expect(checkDhcpdConfCommand(p)).toEqual({
      code: 0,
      stdout: `${p}: OK: 2 subnets, 0 pools (0 addresses), 0 hosts\n`,
      stderr: `${p}:2:8: warning: subnet 10.0.0.0/16 overlaps subnet 10.0.0.0/24\n`,
    });
  });
  it('an error: the FILE:LINE:COL line, exit 1, no stack trace', () => {
    const p = file('bad.conf', 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.1.20;\n}\n');
    expect(checkDhcpdConfCommand(p)).toEqual({ code: 1, stdout: '', stderr: `${p}:2:19: bad range, address 10.0.1.20 not in subnet 10.0.0.0 netmask 255.255.255.0\n` });
  });
  it('a missing file', () => {
    const r = checkDhcpdConfCommand(join(dir, 'nope.conf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${join(dir, 'nope.conf')}:0:0: can't open ${join(dir, 'nope.conf')}: ENOENT\n`);
  });
});
