/**
 * An HA pair's configuration (src/dhcp/ha/config.ts): Kea's HA hook parameters (JSON, errors
 * as FILE:LINE:COL) and ISC dhcpd's failover peer mapped onto it.
 */
import { describe, expect, it } from 'vitest';
import { haConfigFromDhcpdConf, haConfigFromJson } from '../../src/dhcp/ha/config.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { hbaFromSplit } from '../../src/dhcp/ha/loadb.js';

const kea = (rel: Record<string, unknown>) => JSON.stringify({ 'high-availability': [rel] }, null, 2);
const peers = [
  { name: 'server1', url: 'http://127.0.0.1:8001/', role: 'primary' },
  { name: 'server2', url: 'http://127.0.0.1:8002/', role: 'secondary' },
];

describe("Kea's HA hook parameters", () => {
  it("load-balancing with Kea's defaults", () => {
    const c = haConfigFromJson(kea({ 'this-server-name': 'server2', mode: 'load-balancing', peers }), 'ha.json');
    expect(c.mode).toBe('load-balancing');
    expect(c.split).toEqual({ kind: 'kea-load-balancing' });
    expect(c.timers).toEqual({ heartbeatDelay: 10000, maxResponseDelay: 60000, maxAckDelay: 10000, maxUnackedClients: 10 });
    expect(c.self).toEqual({ name: 'server2', role: 'secondary', host: '127.0.0.1', port: 8002 });
    expect(c.partner.name).toBe('server1');
  });

  it('hot-standby, the relationship object alone, timers given', () => {
    const text = JSON.stringify({
      'this-server-name': 'a', mode: 'hot-standby', 'heartbeat-delay': 1000, 'max-response-delay': 3000, 'max-ack-delay': 500, 'max-unacked-clients': 0,
      peers: [{ name: 'a', url: 'http://127.0.0.1:9/', role: 'primary' }, { name: 'b', url: 'http://127.0.0.2:9', role: 'standby' }],
    });
    const c = haConfigFromJson(text, 'ha.json');
    expect([c.mode, c.split.kind, c.timers.maxUnackedClients, c.partner.host]).toEqual(['hot-standby', 'hot-standby', 0, '127.0.0.2']);
  });

  it('errors name the file, line and column of the value', () => {
    const bad = (rel: Record<string, unknown>) => {
      try {
        haConfigFromJson(kea(rel), 'ha.json');
      } catch (e) {
        return (e as { format(): string }).format();
      }
      return 'no error';
    };
    expect(bad({ 'this-server-name': 'server1', mode: 'passive-backup', peers })).toBe("ha.json:5:15: unsupported mode 'passive-backup' (load-balancing or hot-standby)");
    expect(bad({ 'this-server-name': 'server9', peers })).toBe("ha.json:4:27: 'server9' is not one of the peers");
    expect(bad({ 'this-server-name': 'server1', mode: 'hot-standby', peers })).toBe('ha.json:6:16: hot-standby needs one primary and one standby peer');
    expect(bad({ 'this-server-name': 'server1', peers: [peers[0], { ...peers[1], url: 'ftp://x' }] })).toBe("ha.json:13:18: a peer needs a 'url' as http://ADDRESS:PORT/");
    expect(() => haConfigFromJson('{"peers": [}', 'ha.json')).toThrow(/.*/);
  });
});

describe("dhcpd's failover peer as an HA pair", () => {
  const conf = (peer: string) =>
    parseDhcpdConf(`failover peer "dhcp-failover" {\n${peer}\n}\nsubnet 10.0.0.0 netmask 255.0.0.0 { pool { failover peer "dhcp-failover"; range 10.0.0.5 10.0.0.99; } }\n`, 'dhcpd.conf');

  it('primary with split 128: load-balancing on the HBA, ports, max-response-delay / 3 heartbeats, max-unacked-updates', () => {
    const c = haConfigFromDhcpdConf(
      conf('primary; address 127.0.0.1; port 8647; peer address 127.0.0.2; peer port 8648; max-response-delay 30; max-unacked-updates 10; mclt 1800; split 128; load balance max seconds 3;'),
    )!;
    expect(c.mode).toBe('load-balancing');
    expect(c.split).toEqual({ kind: 'dhcpd-hba', hba: hbaFromSplit(128), maxSecs: 3 });
    expect(c.learnsSplit).toBeUndefined();
    expect(c.timers).toEqual({ heartbeatDelay: 10000, maxResponseDelay: 30000, maxAckDelay: 10000, maxUnackedClients: 0 });
    expect(c.self).toEqual({ name: 'dhcp-failover-primary', role: 'primary', host: '127.0.0.1', port: 8647 });
    expect(c.partner).toEqual({ name: 'dhcp-failover-secondary', role: 'secondary', host: '127.0.0.2', port: 8648 });
    expect(c.maxUnackedUpdates).toBe(10);
  });

  it("the secondary learns the primary's split; ports default to 647", () => {
    const c = haConfigFromDhcpdConf(conf('secondary; address 127.0.0.2; peer address 127.0.0.1;'))!;
    expect([c.self.role, c.partner.role, c.learnsSplit, c.self.port, c.partner.port, c.timers.maxResponseDelay]).toEqual(['secondary', 'primary', true, 647, 647, 60000]);
  });

  it('no peer: no pair; a peer without its own address is a located error', () => {
    expect(haConfigFromDhcpdConf(parseDhcpdConf('subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.5 10.0.0.9; }\n', 'x.conf'))).toBeUndefined();
    expect(() => haConfigFromDhcpdConf(conf('primary; peer address 127.0.0.2; split 128;'))).toThrow("failover peer dhcp-failover: labnet needs this server's 'address' for the HA exchange");
  });
});
