/**
 * monotonicClock (issue: clock jumps): the system clock set back or forward by hours moves
 * no lease time; elapsed time is what counts. The sources are injected (a wall clock that
 * jumps, a monotonic one that does not), and a DHCP server on that clock keeps its lease
 * across a jump back of 3 hours and a jump forward of 10 hours.
 */
import { describe, expect, it } from 'vitest';
import { monotonicClock, systemClock } from '../../src/util/clock.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { jumpingSources } from './clock-sources.js';

const sources = () => jumpingSources(Date.UTC(2026, 11, 3, 12), 5_000);

describe('monotonicClock', () => {
  it('starts at the wall clock and then follows elapsed (monotonic) time only', () => {
    const s = sources();
    const clock = monotonicClock(s.src);
    const t0 = clock.now();
    expect(t0).toBe(Date.UTC(2026, 11, 3, 12));
    s.elapse(1500);
    expect(clock.now()).toBe(t0 + 1500);
    s.jumpWall(-3 * 3600_000);
    expect(clock.now()).toBe(t0 + 1500);
    s.jumpWall(10 * 3600_000);
    s.elapse(250);
    expect(clock.now()).toBe(t0 + 1750);
  });

  it('systemClock is one: close to Date.now() at start, never going backwards', () => {
    const a = systemClock.now();
    expect(Math.abs(a - Date.now())).toBeLessThan(60_000);
    expect(systemClock.now()).toBeGreaterThanOrEqual(a);
  });

  it('a DHCP server on it keeps a lease across wall-clock jumps of hours', async () => {
    const s = sources();
    const clock = monotonicClock(s.src);
    const config = parseDhcpdConf('authoritative; default-lease-time 600; subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.160; }', 'x.conf');
    const server = await startDhcpServer({ config, host: '127.0.0.1', port: 0, clock });
    const client = createDhcpClient({ server: server.address, mac: '02:00:00:00:00:01' });
    try {
      const { ip } = await client.boot();
      s.jumpWall(-3 * 3600_000);
      s.elapse(60_000);
      s.jumpWall(10 * 3600_000);
      const lease = server.leases().find((l) => l.hardwareEthernet === '02:00:00:00:00:01');
      expect(lease?.state).toBe('active');
      expect((lease!.ends - clock.now()) / 1000).toBe(540);
      // The renewal is answered with the same address, 600 s from (monotonic) now.
      const r = await client.renew();
      expect(r.ip).toBe(ip);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
