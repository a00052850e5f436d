import { describe, expect, it } from 'vitest';
import { parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { poolUsage } from '../../src/dhcp/pool-usage.js';
import { ipFromString } from '../../src/dhcp/ip.js';
import type { Lease } from '../../src/dhcp/types.js';

const lease = (ip: string, state: Lease['state']): Lease => ({ ip: ipFromString(ip), state, starts: 0, ends: 1 });

describe('poolUsage', () => {
  it('counts the range, bound addresses (active, abandoned) and free ones per pool', () => {
    const conf = parseDhcpdConf(
      'subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.0.19;\n  pool { range 10.0.0.200 10.0.0.255; }\n}\n',
      'd.conf',
    );
    const leases = [lease('10.0.0.10', 'active'), lease('10.0.0.11', 'abandoned'), lease('10.0.0.12', 'released'), lease('10.0.0.13', 'expired'), lease('10.0.0.201', 'active'), lease('10.0.0.50', 'active')];
    expect(poolUsage(conf, leases)).toEqual([
      { subnet: '10.0.0.0/24', range: '10.0.0.10-10.0.0.19', size: 10, active: 1, abandoned: 1, free: 8 },
      // 10.0.0.255 is the broadcast address: never handed out, not counted.
      { subnet: '10.0.0.0/24', range: '10.0.0.200-10.0.0.255', size: 55, active: 1, abandoned: 0, free: 54 },
    ]);
  });
});
