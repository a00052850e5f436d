/**
 * Clock jumps at the DHCP server (issue 11, faults): the system clock moved back or forward by
 * hours while labnet runs neither expires every lease at once nor keeps expired ones alive.
 * The server runs on monotonicClock (src/util/clock.ts) with its wall and monotonic sources
 * injected: lease times follow elapsed time, the journal records them so, and a restart reads
 * the wall clock again (dhcpd.leases holds UTC times: a lease's remaining time after a restart
 * is its end against the wall clock of that moment, as with ISC dhcpd). The same scenario on a
 * clock that reads the wall clock alone shows what the monotonic one prevents.
 * (test/util/clock.test.ts has the clock itself and one lease kept across jumps.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monotonicClock, type Clock } from '../../src/util/clock.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { parseLeasesFile } from '../../src/dhcp/leases/index.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { jumpingSources } from '../util/clock-sources.js';

const HOUR = 3600_000;
const conf = (range: string) => parseDhcpdConf(`authoritative; default-lease-time 600; max-lease-time 600; subnet 192.168.244.0 netmask 255.255.255.0 { range ${range}; }`, 'x.conf');

const sources = () => jumpingSources(Date.UTC(2026, 11, 4, 12), 7_000);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function server(clock: Clock, range: string, leasesFile?: string): Promise<DhcpServer> {
  const s = await startDhcpServer({ config: conf(range), host: '127.0.0.1', port: 0, clock, leasesFile });
  cleanups.push(() => s.close()); // a second close() does nothing
  return s;
}

async function boot(s: DhcpServer, mac: string): Promise<string | undefined> {
  const c = createDhcpClient({ server: s.address, mac, timeoutMs: 300, tries: 1 });
  try {
    return (await c.boot()).ip;
  } catch {
    return undefined;
  } finally {
    await c.close();
  }
}

const mac = (i: number) => `02:00:00:00:0c:${i.toString(16).padStart(2, '0')}`;
const stateOf = (s: DhcpServer, m: string) => s.leases().find((l) => l.hardwareEthernet === m)?.state;

describe('DHCP leases across wall-clock jumps (monotonic clock)', () => {
  it('a jump forward by 10 h expires nothing at once: leases end one by one, by elapsed time', async () => {
    const s0 = sources();
    const clock = monotonicClock(s0.src);
    const s = await server(clock, '192.168.244.150 192.168.244.160');
    for (let i = 0; i < 4; i++) {
      expect(await boot(s, mac(i))).toBeDefined();
      s0.elapse(100_000);
    }
    s0.jumpWall(10 * HOUR);
    // Booted at 0, 100, 200, 300 s; now 400 s: 200, 300, 400, 500 s left, whatever the wall says.
    const left = () => [0, 1, 2, 3].map((i) => (s.leases().find((l) => l.hardwareEthernet === mac(i))!.ends - clock.now()) / 1000);
    expect([0, 1, 2, 3].map((i) => stateOf(s, mac(i)))).toEqual(['active', 'active', 'active', 'active']);
    expect(left()).toEqual([200, 300, 400, 500]);
    const expiredAfter: number[] = [];
    for (let step = 0; step < 6; step++) {
      s0.elapse(100_000);
      expiredAfter.push([0, 1, 2, 3].filter((i) => stateOf(s, mac(i)) !== 'active').length);
    }
    expect(expiredAfter).toEqual([0, 1, 2, 3, 4, 4]);
  });

  it('a jump back by 3 h keeps no expired lease alive: they expire after 600 s elapsed and their addresses serve new clients', async () => {
    const s0 = sources();
    const clock = monotonicClock(s0.src);
    const s = await server(clock, '192.168.244.150 192.168.244.151');
    expect(await boot(s, mac(1))).toBeDefined();
    expect(await boot(s, mac(2))).toBeDefined();
    expect(await boot(s, mac(3))).toBeUndefined(); // the range is full
    s0.jumpWall(-3 * HOUR);
    s0.elapse(599_000);
    expect([stateOf(s, mac(1)), stateOf(s, mac(2))]).toEqual(['active', 'active']);
    s0.elapse(2_000);
    expect([stateOf(s, mac(1)), stateOf(s, mac(2))].every((x) => x !== 'active')).toBe(true);
    expect(await boot(s, mac(3))).toMatch(/^192\.168\.244\.15[01]$/);
  });

  it('on a clock that reads the wall clock alone, the same jumps keep expired leases 3 h and expire all at once', async () => {
    const s0 = sources();
    const wallOnly: Clock = { now: s0.src.wall };
    const s = await server(wallOnly, '192.168.244.150 192.168.244.151');
    expect(await boot(s, mac(1))).toBeDefined();
    s0.jumpWall(-3 * HOUR);
    s0.elapse(601_000);
    expect(stateOf(s, mac(1))).toBe('active');
    expect(await boot(s, mac(2))).toBeDefined();
    s0.jumpWall(6 * HOUR);
    expect([stateOf(s, mac(1)), stateOf(s, mac(2))].every((x) => x !== 'active')).toBe(true);
  });

  describe('with a lease journal', () => {
    let tmp: TmpTree;
    afterEach(() => tmp?.remove());

    it('the journal records lease times by elapsed time; a restart reads the wall clock again', async () => {
      tmp = tmpTree('labnet-clock-jumps-');
      const leasesFile = join(tmp.dir, 'dhcpd.leases');
      const s0 = sources();
      const clock = monotonicClock(s0.src);
      const s = await server(clock, '192.168.244.150 192.168.244.160', leasesFile);
      const c = createDhcpClient({ server: s.address, mac: mac(1), timeoutMs: 300, tries: 1 });
      cleanups.push(() => c.close());
      const { ip } = await c.boot();
      s0.elapse(100_000);
      s0.jumpWall(-3 * HOUR);
      // The renewal after the jump: 600 s from elapsed now, in memory and in the journal.
      expect((await c.renew()).ip).toBe(ip);
      const renewedAt = clock.now();
      expect(renewedAt).toBe(Date.UTC(2026, 11, 4, 12) + 100_000);
      const inFile = parseLeasesFile(readFileSync(leasesFile, 'utf8'), leasesFile).find((l) => ipToString(l.ip) === ip)!;
      // dhcpd.leases keeps whole seconds.
      expect(Math.floor((renewedAt + 600_000) / 1000) * 1000).toBe(inFile.ends);
      await s.close();

      // Restarted with the wall clock still 3 h behind: its clock starts from that wall time,
      // and the lease's end (UTC in the file) is 3 h and 600 s away.
      const again = monotonicClock(s0.src);
      expect(again.now()).toBe(renewedAt - 3 * HOUR);
      const s2 = await server(again, '192.168.244.150 192.168.244.160', leasesFile);
      const l2 = s2.leases().find((l) => ipToString(l.ip) === ip)!;
      expect(l2.state).toBe('active');
      expect(Math.round((l2.ends - again.now()) / 1000)).toBe(3 * 3600 + 600);
      await s2.close();

      // Restarted after the wall clock was set right and then some (4 h ahead): expired at once.
      s0.jumpWall(4 * HOUR);
      const third = monotonicClock(s0.src);
      const s3 = await server(third, '192.168.244.150 192.168.244.160', leasesFile);
      expect(s3.leases().find((l) => ipToString(l.ip) === ip)!.state).not.toBe('active');
    });
  });
});
