/**
 * A dhcpd.conf reload reaches DNS updates: the `key` and `zone` declarations of the new file
 * are the ones the next registration uses. Against labnet's own DNS server on 127.0.0.1,
 * which knows only the key `new-key`: under the first file (signed with `old-key`) the update
 * is refused (NOTAUTH, BADKEY: RFC 8945 5.2.1) and the name stays out of the zone; after a
 * reload with `new-key` the next client's name is in the zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import dnsPacket from 'dns-packet';
import { loadNamedConf } from '../../src/zones/named-conf.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { buildQuery } from '../../src/dns/client.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NEW_SECRET = Buffer.from('labnet reload test key, new one!').toString('base64');
const OLD_SECRET = Buffer.from('labnet reload test key, old one!').toString('base64');

const conf = (key: string, secret: string) => `
ddns-update-style standard;
default-lease-time 600;
max-lease-time 7200;
authoritative;
key ${key} { algorithm hmac-sha256; secret ${secret}; }
zone lab.local. { primary 127.0.0.1; key ${key}; }
zone 244.168.192.in-addr.arpa. { primary 127.0.0.1; key ${key}; }
option domain-name "lab.local";
subnet 192.168.244.0 netmask 255.255.255.0 {
  range 192.168.244.200 192.168.244.220;
}
`;

let dns: DnsServer;
let dhcp: DhcpServer;
const logs: Array<{ level: number; msg: string }> = [];

beforeAll(async () => {
  const lab = loadNamedConf(join(ROOT, 'fixtures/lab/named.conf'));
  const key = { name: 'new-key.', algorithm: 'hmac-sha256.', secret: Buffer.from(NEW_SECRET, 'base64') };
  dns = await startDnsServer({
    zones: createZoneSet(lab.zones),
    host: '127.0.0.1',
    port: 0,
    update: { keys: (n) => (n === 'new-key.' ? key : undefined), access: () => ({ allowUpdate: [{ kind: 'key', negated: false, name: 'new-key' }] }) },
  });
  const logger = pino({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s)) });
  dhcp = await startDhcpServer({ config: parseDhcpdConf(conf('old-key', OLD_SECRET), 'dhcpd.conf'), host: '127.0.0.1', port: 0, logger, ddns: { port: dns.address.port, timeoutMs: 1000 } });
});
afterAll(async () => {
  await dhcp?.close();
  await dns?.close();
});

/** The A records labnet's DNS answers for `name` (through the same path as a datagram). */
async function addresses(name: string): Promise<string[]> {
  const reply = await dns.inject(buildQuery(7, name, 1));
  return (dnsPacket.decode(reply!).answers ?? []).filter((r) => r.type === 'A').map((r) => String((r as { data: unknown }).data));
}

describe('DHCP reload and DNS update keys', () => {
  it('the old key is refused by the DNS server; after a reload the new key registers the next lease', async () => {
    const c1 = createDhcpClient({ server: dhcp.address, mac: '00:0c:29:20:00:01', hostname: 'before' });
    try {
      await c1.boot();
      await dhcp.ddnsIdle();
    } finally {
      await c1.close();
    }
    expect(await addresses('before.lab.local')).toEqual([]);
    expect(logs.some((l) => l.msg === 'DNS update refused: the server rejected our TSIG')).toBe(true);

    dhcp.reload(parseDhcpdConf(conf('new-key', NEW_SECRET), 'dhcpd.conf'));
    const c2 = createDhcpClient({ server: dhcp.address, mac: '00:0c:29:20:00:02', hostname: 'after' });
    try {
      const { ip } = await c2.boot();
      await dhcp.ddnsIdle();
      expect(await addresses('after.lab.local')).toEqual([ip]);
    } finally {
      await c2.close();
    }
  });
});
