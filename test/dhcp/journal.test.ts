/**
 * The lease journal: durability before acknowledgement (RFC 2131 4.3.1 "commit to persistent
 * storage"), group commit, compaction, ISC files, torn tails, and a fast-check property:
 * any sequence of records written and reopened gives back exactly the in-memory state.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, writeSync as fsWriteSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openLeaseJournal } from '../../src/dhcp/lease-journal.js';
import { formatLease, formatLeasesHeader, parseLeasesFileDetailed } from '../../src/dhcp/leases/index.js';
import { ipFromString as ip, ipToString } from '../../src/dhcp/ip.js';
import type { Lease, LeaseState } from '../../src/dhcp/types.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `j${n++}.leases`);

const lease = (last: number, over: Partial<Lease> = {}): Lease => ({
  ip: ip(`10.0.0.${last}`),
  state: 'active',
  starts: Date.UTC(2026, 10, 27, 8, 0, 0),
  ends: Date.UTC(2026, 10, 27, 8, 10, 0),
  cltt: Date.UTC(2026, 10, 27, 8, 0, 0),
  hardwareEthernet: `00:0c:29:aa:bb:${last.toString(16).padStart(2, '0')}`,
  ...over,
});

/**
 * Journal I/O that counts calls: fdatasync on the handles openFile returns, and the record
 * appends (synchronous write(2) on the append descriptor); `failWrites` makes every append fail.
 */
function counting(counts: { datasync: number; write: number }, failWrites = false) {
  const openFile = async (path: string, flags: string): Promise<FileHandle> => {
    const fh = await open(path, flags);
    const datasync = fh.datasync.bind(fh);
    fh.datasync = async () => {
      counts.datasync++;
      return datasync();
    };
    return fh;
  };
  const writeSync = (fd: number, data: Buffer, offset: number, length: number, position: number | null): number => {
    counts.write++;
    if (failWrites) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    return fsWriteSync(fd, data, offset, length, position);
  };
  return { openFile, writeSync };
}

describe('open, record, reopen', () => {
  it('a new file gets the dhcpd.leases header; records survive a reopen; the file is dhcpd.leases format', async () => {
    const path = fresh();
    const j = await openLeaseJournal(path);
    expect(j.leases()).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(formatLeasesHeader());
    await j.record(lease(1));
    await j.record(lease(2, { clientHostname: 'two', clientId: '01000c29aabb02' }));
    await j.record(lease(1, { state: 'released' }));
    expect(j.leases().map((l) => [ipToString(l.ip), l.state])).toEqual([['10.0.0.2', 'active'], ['10.0.0.1', 'released']]);
    await j.close();
    expect(readFileSync(path, 'utf8')).toBe(formatLeasesHeader() + formatLease(lease(1)) + formatLease(lease(2, { clientHostname: 'two', clientId: '01000c29aabb02' })) + formatLease(lease(1, { state: 'released' })));
    const again = await openLeaseJournal(path);
    expect(again.leases()).toEqual([lease(2, { clientHostname: 'two', clientId: '01000c29aabb02' }), lease(1, { state: 'released' })]);
    await again.close();
    await expect(again.record(lease(3))).rejects.toThrow(/closed/);
  });

  it('close() flushes records submitted in the same turn', async () => {
    const path = fresh();
    const j = await openLeaseJournal(path);
    const p = j.record(lease(9));
    await j.close();
    await p;
    expect(parseLeasesFileDetailed(readFileSync(path, 'utf8'), path).leases).toEqual([lease(9)]);
  });
});

describe('group commit', () => {
  it('N records submitted in one turn: one write, one fdatasync', async () => {
    const counts = { datasync: 0, write: 0 };
    const j = await openLeaseJournal(fresh(), counting(counts));
    const before = { ...counts };
    await Promise.all(Array.from({ length: 200 }, (_, i) => j.record(lease(i))));
    expect(counts.datasync - before.datasync).toBe(1);
    expect(counts.write - before.write).toBe(1);
    expect(j.stats()).toMatchObject({ syncs: 1, writes: 1, records: 200 });
    await j.close();
  });

  it('records arriving while a flush is in progress go out together in the next flush', async () => {
    const counts = { datasync: 0, write: 0 };
    const j = await openLeaseJournal(fresh(), counting(counts));
    const first = j.record(lease(1));
    // Next turn: the first flush has started (setImmediate ran); these 50 accumulate behind it.
    await new Promise((r) => setImmediate(r));
    const more = Array.from({ length: 50 }, (_, i) => j.record(lease(100 + i)));
    await Promise.all([first, ...more]);
    expect(j.stats().syncs).toBeLessThanOrEqual(2);
    expect(j.stats().records).toBe(51);
    await j.close();
  });

  it('record() stays pending until fdatasync has returned', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const openFile = async (path: string, flags: string): Promise<FileHandle> => {
      const fh = await open(path, flags);
      const datasync = fh.datasync.bind(fh);
      fh.datasync = async () => {
        await gate;
        return datasync();
      };
      return fh;
    };
    const j = await openLeaseJournal(fresh(), { openFile });
    let done = false;
    const p = j.record(lease(1)).then(() => (done = true));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(j.stats().syncs).toBe(0);
    release();
    await p;
    expect(j.stats().syncs).toBe(1);
    await j.close();
  });

  it('times each record flush\'s fdatasync on the injected monotonic source (the sync latency histogram)', async () => {
    // The injected source moves 3 ms during each fdatasync and not otherwise.
    let t = 1000;
    const openFile = async (path: string, flags: string): Promise<FileHandle> => {
      const fh = await open(path, flags);
      const datasync = fh.datasync.bind(fh);
      fh.datasync = async () => {
        t += 3;
        return datasync();
      };
      return fh;
    };
    const j = await openLeaseJournal(fresh(), { openFile, elapsed: () => t });
    for (let i = 0; i < 4; i++) await j.record(lease(i));
    const h = j.stats().syncSeconds;
    expect(h.count).toBe(j.stats().syncs);
    expect(h.count).toBe(4);
    expect(h.sum).toBeCloseTo(0.012, 9);
    // 3 ms lands in the (0.0025, 0.005] bucket: none below it, all four from it on.
    const at = (le: number) => h.cumulative[h.bounds.indexOf(le)];
    expect(at(0.0025)).toBe(0);
    expect(at(0.005)).toBe(4);
    await j.close();
  });

  it('records awaited one by one: one fdatasync each (nothing is acknowledged before it is durable)', async () => {
    const j = await openLeaseJournal(fresh());
    for (let i = 0; i < 5; i++) await j.record(lease(i));
    expect(j.stats()).toMatchObject({ syncs: 5, writes: 5, records: 5 });
    await j.close();
  });

  it('a failed write rejects every record of its batch', async () => {
    const counts = { datasync: 0, write: 0 };
    const j = await openLeaseJournal(fresh(), counting(counts, true));
    const results = await Promise.allSettled([j.record(lease(1)), j.record(lease(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(j.leases()).toEqual([]);
    expect(counts.datasync).toBe(0); // a failed batch is never synced, so never acknowledged
    await j.close();
  });
});

describe('compaction', () => {
  it('compact(current) rewrites the file with exactly those leases, atomically (no .tmp left)', async () => {
    const path = fresh();
    const j = await openLeaseJournal(path);
    for (let i = 0; i < 10; i++) await j.record(lease(i));
    await j.compact([lease(3), lease(4)]);
    expect(existsSync(path + '.tmp')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(formatLeasesHeader() + formatLease(lease(3)) + formatLease(lease(4)));
    await j.record(lease(5));
    await j.close();
    const again = await openLeaseJournal(path);
    expect(again.leases()).toEqual([lease(3), lease(4), lease(5)]);
    await again.close();
  });

  it('compacts automatically once the file holds more than compactEvery records', async () => {
    const path = fresh();
    const j = await openLeaseJournal(path, { compactEvery: 20 });
    for (let round = 0; round < 10; round++) await Promise.all([1, 2, 3, 4, 5].map((i) => j.record(lease(i, { ends: Date.UTC(2026, 10, 27, 9, round) }))));
    expect(j.stats().compactions).toBeGreaterThanOrEqual(1);
    expect(j.stats().recordsInFile).toBeLessThanOrEqual(20);
    await j.close();
    const r = parseLeasesFileDetailed(readFileSync(path, 'utf8'), path);
    expect(r.records).toBeLessThanOrEqual(20);
    expect(r.leases).toEqual([1, 2, 3, 4, 5].map((i) => lease(i, { ends: Date.UTC(2026, 10, 27, 9, 9) })));
  });

  it('scales the trigger with the live leases: a journal holding many leases is not rewritten on every flush', async () => {
    const path = fresh();
    const j = await openLeaseJournal(path, { compactEvery: 20 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => j.record(lease(i + 1))));
    expect(j.stats().compactions).toBe(0); // 100 records, 100 live leases: nothing to gain
    for (let round = 0; round < 3; round++) await j.record(lease(1, { ends: Date.UTC(2026, 10, 27, 10, round) }));
    expect(j.stats().compactions).toBe(0);
    // Rewrites of the same leases until the file holds more than twice the live ones.
    for (let round = 0; round < 100; round++) await Promise.all([1, 2].map((i) => j.record(lease(i, { ends: Date.UTC(2026, 10, 27, 11, round % 60) }))));
    // 103 + 49 rounds x 2 = 201 > 2 x 100 live: one rewrite down to 100, then 51 rounds x 2 more.
    expect(j.stats().compactions).toBe(1);
    expect(j.stats().recordsInFile).toBe(100 + 51 * 2);
    await j.close();
  });
});

describe('files written by others', () => {
  it('loads a file written by ISC dhcpd 4.4 and appends to it', async () => {
    const path = fresh();
    copyFileSync('test/dhcp/data/isc-dhcpd.leases', path);
    const j = await openLeaseJournal(path);
    expect(j.leases().map((l) => ipToString(l.ip))).toEqual(['192.168.244.151', '192.168.244.152', '192.168.244.153', '192.168.244.150', '192.168.244.160']);
    await j.record({ ip: ip('192.168.244.152'), state: 'active', starts: 0, ends: 600_000, hardwareEthernet: '00:0c:29:3e:5b:03' });
    await j.close();
    const again = await openLeaseJournal(path);
    expect(again.leases().find((l) => ipToString(l.ip) === '192.168.244.152')!.state).toBe('active');
    expect(again.leases()).toHaveLength(5);
    await again.close();
  });

  it('a torn tail is cut off at open (with a warning) so appended records stay readable', async () => {
    const path = fresh();
    const whole = formatLeasesHeader() + formatLease(lease(1)) + formatLease(lease(2));
    writeFileSync(path, whole.slice(0, whole.length - 30));
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, m: string) => warnings.push(m), info: () => {}, error: () => {} } as never;
    const j = await openLeaseJournal(path, { logger });
    expect(j.leases()).toEqual([lease(1)]);
    expect(warnings.some((w) => /torn/.test(w))).toBe(true);
    await j.record(lease(3));
    await j.close();
    const r = parseLeasesFileDetailed(readFileSync(path, 'utf8'), path);
    expect([r.torn, r.leases]).toEqual([false, [lease(1), lease(3)]]);
  });
});

const STATES: LeaseState[] = ['active', 'free', 'released', 'expired', 'abandoned'];
const arbRecord = fc.record(
  {
    ip: fc.integer({ min: 0, max: 15 }).map((i) => ip(`192.168.244.${150 + i}`)),
    state: fc.constantFrom(...STATES),
    starts: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map((s) => s * 1000),
    ends: fc.oneof(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map((s) => s * 1000), fc.constant(Infinity)),
    cltt: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map((s) => s * 1000),
    hardwareEthernet: fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':')),
    clientId: fc.uint8Array({ minLength: 2, maxLength: 9 }).map((b) => Buffer.from(b).toString('hex')),
    clientHostname: fc.string({ maxLength: 12 }),
  },
  { requiredKeys: ['ip', 'state', 'starts', 'ends'] },
);

describe('property: write through the journal, reopen, get exactly the in-memory state', () => {
  it('any sequence of records in any batching, with or without automatic compaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(arbRecord, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(5, 10_000),
        async (batches, compactEvery) => {
          const path = fresh();
          const model = new Map<number, Lease>();
          const j = await openLeaseJournal(path, { compactEvery });
          for (const batch of batches) {
            await Promise.all(batch.map((l) => j.record(l)));
            for (const l of batch) {
              model.delete(l.ip);
              model.set(l.ip, l);
            }
          }
          const sortByIp = (ls: Lease[]) => [...ls].sort((a, b) => a.ip - b.ip);
          expect(sortByIp(j.leases())).toEqual(sortByIp([...model.values()]));
          await j.close();
          const again = await openLeaseJournal(path);
          expect(sortByIp(again.leases())).toEqual(sortByIp([...model.values()]));
          await again.close();
          rmSync(path);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('whole seconds and directories', () => {
  it('keeps whole seconds in memory as in the file, so the state is the same after a reopen', async () => {
    const path = join(dir, 'sub', 'dir', 'ms.leases'); // missing folders are created
    const j = await openLeaseJournal(path);
    await j.record(lease(1, { starts: 1_795_766_400_999, ends: 1_795_767_000_500, cltt: 1_795_766_400_001 }));
    const mem = j.leases();
    await j.close();
    const again = await openLeaseJournal(path);
    expect(again.leases()).toEqual(mem);
    expect(mem[0]).toMatchObject({ starts: 1_795_766_400_000, ends: 1_795_767_000_000, cltt: 1_795_766_400_000 });
    await again.close();
  });
});
