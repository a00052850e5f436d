/**
 * A shared lease store refusing a lease (another server's client holds the address,
 * src/dhcp/lease-store.ts LeaseConflictError): the server does not ACK it, the engine learns
 * the other lease, the client is NAKed (RFC 2131 4.3.2, as Kea answers a REQUEST for an address
 * it cannot give) and its next DISCOVER is offered another address.
 * The store here arbitrates in memory with the PostgreSQL store's rule (leases-pg/store.ts):
 * a record wins when the address is free, expired or the same client's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient, DhcpClientError } from '../../src/lab/dhcp-client.js';
import { LeaseConflictError, type LeaseStore } from '../../src/dhcp/lease-store.js';
import type { Lease } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';

const LAB_CONF = resolve(import.meta.dirname, '../../fixtures/lab/dhcpd.conf');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** One table shared by every store made from it, as servers share a database. */
function sharedTable() {
  const rows = new Map<number, Lease>();
  const owner = (l: Lease) => l.clientId ?? l.hardwareEthernet;
  const open = (now: () => number): LeaseStore & { conflicts: number } => {
    let records = 0;
    const store = {
      conflicts: 0,
      leases: () => [...rows.values()],
      async record(l: Lease) {
        const cur = rows.get(l.ip);
        if (cur && cur.ends > now() && owner(cur) !== owner(l) && owner(l) !== undefined) {
          store.conflicts++;
          throw new LeaseConflictError(l.ip, cur);
        }
        rows.set(l.ip, l);
        records++;
      },
      close: async () => {},
      stats: () => ({ syncs: records, records }),
    };
    return store;
  };
  return { rows, open };
}

describe('a lease store shared with another server', () => {
  it('an address the other server leased is NAKed, learned, and the client is offered another', async () => {
    const table = sharedTable();
    const storeA = table.open(Date.now);
    const storeB = table.open(Date.now);
    const a = await startDhcpServer({ config: loadDhcpdConf(LAB_CONF), journal: storeA });
    cleanups.push(() => a.close());
    const b = await startDhcpServer({ config: loadDhcpdConf(LAB_CONF), journal: storeB });
    cleanups.push(() => b.close());
    const c1 = createDhcpClient({ server: a.address, mac: '02:00:00:00:c0:01', timeoutMs: 500 });
    cleanups.push(() => c1.close());
    const c2 = createDhcpClient({ server: b.address, mac: '02:00:00:00:c0:02', timeoutMs: 500 });
    cleanups.push(() => c2.close());
    const first = await c1.boot();
    // Server B allocates as A did (same order), so it offers A's address and the store refuses the REQUEST.
    const nak = await c2.boot().then(() => undefined, (e: unknown) => e);
    expect(nak).toBeInstanceOf(DhcpClientError);
    expect((nak as Error).message).toMatch(new RegExp(`REQUEST for ${first.ip.replace(/\./g, '\\.')} NAKed`));
    expect(storeB.conflicts).toBe(1);
    expect(b.stats().leaseConflicts).toBe(1);
    // B now knows A's lease: the retry gets another address, and the table holds both.
    const second = await c2.boot();
    expect(second.ip).not.toBe(first.ip);
    expect(b.leases().find((l) => ipToString(l.ip) === first.ip)?.hardwareEthernet).toBe('02:00:00:00:c0:01');
    const held = [...table.rows.values()].filter((l) => l.state === 'active').map((l) => [ipToString(l.ip), l.hardwareEthernet]);
    expect(held.sort()).toEqual([[first.ip, '02:00:00:00:c0:01'], [second.ip, '02:00:00:00:c0:02']].sort());
    // A renewal of c1 through A still works (its own lease).
    expect((await c1.renew()).type).toBe('ACK');
    expect(b.stats().errors).toBe(0);
  });
});
