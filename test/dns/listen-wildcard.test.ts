/**
 * A DNS server on a wildcard address (0.0.0.0) binds one more UDP socket per local address,
 * as named binds one per interface address: the local address of each datagram is then
 * known, so a view's match-destinations takes it (TCP always knew), and the reply leaves
 * from the address the query went to. On loopback: 127.0.0.1 and 127.0.0.2 given as the
 * local addresses; as a control, the same server with none given cannot tell them apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { loadServing } from '../../src/lab/services.js';
import { startDnsServer, buildQuery, type DnsServer } from '../../src/dns/server.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import type { ViewSet } from '../../src/dns/views.js';

const zone = (ip: string) => `$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\nwww A ${ip}\n`;
const CONF = `
view second { match-destinations { 127.0.0.2; }; zone "d.test" { type primary; file "two.zone"; }; };
view first { zone "d.test" { type primary; file "one.zone"; }; };
`;

let tree: TmpTree;
let views: ViewSet;
beforeAll(() => {
  tree = tmpTree('labnet-listen-');
  tree.write('one.zone', zone('10.0.0.1'));
  tree.write('two.zone', zone('10.0.0.2'));
  views = loadServing({ namedConf: tree.write('named.conf', CONF) }, {}, { local: { localhost: ['127.0.0.1/32'], localnets: ['127.0.0.0/8'] } }).views!;
});
afterAll(() => tree.remove());

/** One UDP query to `to`:`port`; the answer's A records and the address the reply came from. */
function ask(to: string, port: number): Promise<{ ips: string[]; from: string }> {
  const s = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (s.close(), reject(new Error('no answer'))), 2000);
    s.on('message', (m, rinfo) => {
      clearTimeout(t);
      s.close();
      const ips = (dnsPacket.decode(m).answers ?? []).filter((a) => a.type === 'A').map((a) => String((a as { data: unknown }).data));
      resolve({ ips, from: rinfo.address });
    });
    s.send(buildQuery(9, 'www.d.test', 1), port, to);
  });
}

describe('a wildcard listener knows the local address of each UDP query', () => {
  let server: DnsServer;
  afterAll(() => server?.close());

  it('one socket per local address: match-destinations chooses the view; the reply comes from the address asked', async () => {
    server = await startDnsServer({ zones: createZoneSet([]), views, host: '0.0.0.0', port: 0, interfaceAddresses: () => ['127.0.0.1', '127.0.0.2'] });
    expect(server.address.address).toBe('0.0.0.0');
    expect(await ask('127.0.0.1', server.address.port)).toEqual({ ips: ['10.0.0.1'], from: '127.0.0.1' });
    expect(await ask('127.0.0.2', server.address.port)).toEqual({ ips: ['10.0.0.2'], from: '127.0.0.2' });
    // A loopback address with no socket of its own reaches the wildcard one: no local address, the first view that needs none.
    expect((await ask('127.0.0.3', server.address.port)).ips).toEqual(['10.0.0.1']);
    await server.close();
  });

  it('control: the wildcard socket alone cannot tell 127.0.0.2 from 127.0.0.1', async () => {
    server = await startDnsServer({ zones: createZoneSet([]), views, host: '0.0.0.0', port: 0, interfaceAddresses: () => [] });
    expect((await ask('127.0.0.2', server.address.port)).ips).toEqual(['10.0.0.1']);
    await server.close();
  });
});
