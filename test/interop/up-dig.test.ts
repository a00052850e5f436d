/**
 * `labnet up`'s host table against dig (bind9-dnsutils): for every machine, what dig asks
 * labnet's DNS port (forward A, reverse -x, over UDP and TCP) is what the table printed, a
 * '-' exactly where dig gets no record. Everything on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildCli, type BuiltCli } from '../cli/built-cli.js';
import { dnsPort, startUp, table } from '../cli/up-process.js';
import { tmpTree } from '../util/tmp-tree.js';

const exec = promisify(execFile);
let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => cli?.tree.remove());

const dig = async (port: number, ...q: string[]) => (await exec('dig', ['@127.0.0.1', '-p', String(port), '+short', '+norecurse', ...q])).stdout.trim().split('\n').filter(Boolean);

describe('labnet up host table, checked with dig', () => {
  it('every FORWARD and REVERSE cell is what dig gets from labnet, over UDP and TCP', async () => {
    const dir = tmpTree('labnet-up-dig-');
    const up = await startUp(cli, dir.dir);
    try {
      const port = dnsPort(up.out);
      const rows = table(up.out);
      expect(rows.length).toBe(9);
      let resolvedBothWays = 0;
      for (const r of rows) {
        for (const tcp of [[], ['+tcp']]) {
          const forward = await dig(port, ...tcp, `${r.name}.lab.local`, 'A');
          expect(forward, `${r.name} A ${tcp}`).toEqual(r.forward === '-' ? [] : [r.address]);
          const reverse = await dig(port, ...tcp, '-x', r.address);
          expect(reverse, `${r.address} PTR ${tcp}`).toEqual(r.reverse === '-' ? [] : [`${r.reverse}.`]);
        }
        if (r.forward !== '-' && r.reverse !== '-') resolvedBothWays++;
      }
      // All nine: the server, the ESXi hosts, vCenter and the Jupyter VM from the zone files,
      // the three workstations through their leases' DNS registration.
      expect(resolvedBothWays).toBe(9);
    } finally {
      up.child.kill('SIGTERM');
    }
    expect(await up.exit).toBe(0);
    dir.remove();
  });
});
