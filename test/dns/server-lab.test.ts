/**
 * End to end on real sockets (port 0) with the real responder: the lab zones
 * (fixtures/lab/named.conf) and the conformance zones for large answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadNamedConf } from '../../src/zones/named-conf.js';
import { loadZoneFile } from '../../src/zones/load.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { TcpClient, frame } from './server-net.js';
import { query } from './query-parse-wire.js';

const ROOT = resolve(import.meta.dirname, '../..');
const lab = loadNamedConf(join(ROOT, 'fixtures/lab/named.conf'));
const conf = loadNamedConf(join(ROOT, 'fixtures/conformance/named.conf'));
const zones = createZoneSet([...lab.zones, ...conf.zones]);

type Rec = { name: string; type: string; data?: unknown };
const recs = (p: dnsPacket.Packet, section: 'answers' | 'authorities' | 'additionals' = 'answers') =>
  ((p[section] ?? []) as Rec[]).filter((r) => r.type !== 'OPT').map((r) => `${r.name} ${r.type} ${typeof r.data === 'object' ? JSON.stringify(r.data) : r.data}`);
const rcode = (p: dnsPacket.Packet) => (p as { rcode?: string }).rcode;

let server: DnsServer;
let tmp: string;
beforeAll(async () => {
  server = await startDnsServer({ zones, port: 0 });
  tmp = mkdtempSync(join(tmpdir(), 'labnet-dns-'));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('lab answers over UDP and TCP (RFC 1034 4.3.2)', () => {
  const rows: [string, string, string, string, string[]][] = [
    ['3a positive A', 'vcenter.lab.local', 'A', 'NOERROR', ['vcenter.lab.local A 192.168.244.135']],
    ['3a CNAME followed in zone', 'www.lab.local', 'A', 'NOERROR', ['www.lab.local CNAME vcenter.lab.local', 'vcenter.lab.local A 192.168.244.135']],
    ['3a PTR in the reverse zone', '135.244.168.192.in-addr.arpa', 'PTR', 'NOERROR', ['135.244.168.192.in-addr.arpa PTR vcenter.lab.local']],
    ['3a SRV', '_ldap._tcp.lab.local', 'SRV', 'NOERROR', ['_ldap._tcp.lab.local SRV {"priority":0,"weight":100,"port":389,"target":"vcenter.lab.local"}']],
    ['3c NXDOMAIN (RFC 2308 2.1)', 'nope.lab.local', 'A', 'NXDOMAIN', []],
    ['NODATA (RFC 2308 2.2)', 'vcenter.lab.local', 'AAAA', 'NOERROR', []],
    ['step 2: not our zone, REFUSED', 'example.com', 'A', 'REFUSED', []],
  ];
  for (const tcp of [false, true]) {
    for (const [rule, name, type, rc, answer] of rows) {
      it(`${tcp ? 'TCP' : 'UDP'}: ${rule}: ${name} ${type}`, async () => {
        const p = await server.query(name, type, { tcp });
        expect(rcode(p)).toBe(rc);
        expect(recs(p)).toEqual(answer);
        if (rc === 'NOERROR') expect(p.flags! & dnsPacket.AUTHORITATIVE_ANSWER).toBeTruthy();
        if (rc === 'NXDOMAIN' || (rc === 'NOERROR' && answer.length === 0)) expect(recs(p, 'authorities')[0]).toMatch(/^lab\.local SOA /);
      });
    }
  }

  it('BIND minimal-responses no-auth-recursive: NS in authority for RD=0 only', async () => {
    expect(recs(await server.query('vcenter.lab.local', 'A', { rd: false }), 'authorities')).toEqual(['lab.local NS ns.lab.local']);
    expect(recs(await server.query('vcenter.lab.local', 'A', { rd: true }), 'authorities')).toEqual([]);
  });

  it('RFC 6891 6.1.1: an EDNS query gets an OPT back', async () => {
    const p = await server.query('vcenter.lab.local', 'A', { edns: true });
    expect((p.additionals ?? []).some((r) => r.type === 'OPT')).toBe(true);
  });

  it('RFC 4343: the question comes back in the client\'s case, from the cache too', async () => {
    for (let i = 0; i < 2; i++) {
      const p = await server.query('VCenter.LAB.local', 'A');
      expect(p.questions![0].name).toBe('VCenter.LAB.local');
      expect(recs(p)).toEqual(['vcenter.lab.local A 192.168.244.135']);
    }
  });
});

describe('truncation (RFC 1035 4.2.1, RFC 7766 5)', () => {
  it('TC over UDP without EDNS, the whole RRset over TCP', async () => {
    const u = await server.query('big.conf.test', 'TXT');
    expect(u.flags! & dnsPacket.TRUNCATED_RESPONSE).toBeTruthy();
    const t = await server.query('big.conf.test', 'TXT', { tcp: true });
    expect(t.flags! & dnsPacket.TRUNCATED_RESPONSE).toBe(0);
    expect(t.answers!.length).toBeGreaterThan(u.answers!.length);
    const e = await server.query('big.conf.test', 'TXT', { edns: true });
    expect(e.flags! & dnsPacket.TRUNCATED_RESPONSE).toBe(0); // fits EDNS 1232 (RFC 6891 6.2.5)
    expect(e.answers!.length).toBe(t.answers!.length);
  });
});

describe('zone transfer over TCP (RFC 5936 2.2)', () => {
  it('AXFR of lab.local: SOA first and last, every record of the zone between, in one stream', async () => {
    const c = await TcpClient.connect(server.address.port);
    await c.write(frame(query(0x0a0a, 'lab.local', 252)));
    const answers: string[] = [];
    for (let soas = 0; soas < 2; ) {
      const m = dnsPacket.decode((await c.next())!);
      expect(m.id).toBe(0x0a0a);
      for (const r of recs(m)) {
        answers.push(r);
        if (r.startsWith('lab.local SOA')) soas++;
      }
    }
    expect(answers[0]).toMatch(/^lab\.local SOA /);
    expect(answers.at(-1)).toMatch(/^lab\.local SOA /);
    expect(answers.length).toBe(lab.zones[0].recordCount + 1);
    expect(answers).toContain('vcenter.lab.local A 192.168.244.135');
    // The connection goes on serving after the transfer.
    await c.write(frame(query(2, 'vcenter.lab.local')));
    expect(recs(dnsPacket.decode((await c.next())!))).toEqual(['vcenter.lab.local A 192.168.244.135']);
    c.close();
  });

  it('AXFR over UDP is FORMERR, as BIND', async () => {
    expect(rcode(await server.query('lab.local', 'AXFR'))).toBe('FORMERR');
  });
});

describe('reload with the real zone loader', () => {
  it('a reloaded zone file is served from the next query on; TCP connections stay open', async () => {
    const s = await startDnsServer({ zones, port: 0 });
    try {
      const c = await TcpClient.connect(s.address.port);
      await c.write(frame(query(1, 'vcenter.lab.local')));
      expect(recs(dnsPacket.decode((await c.next())!))).toEqual(['vcenter.lab.local A 192.168.244.135']);
      const text = readFileSync(join(ROOT, 'fixtures/lab/direct'), 'utf8')
        .replace(/vcenter IN\s+A\s+192\.168\.244\.135/, 'vcenter IN A 10.0.0.135')
        .replace(/3(\s+; Serial)/, '4$1');
      const file = join(tmp, 'direct');
      writeFileSync(file, text);
      const direct = loadZoneFile('lab.local.', file);
      s.reload(createZoneSet([direct, ...lab.zones.slice(1), ...conf.zones]));
      await c.write(frame(query(2, 'vcenter.lab.local')));
      expect(recs(dnsPacket.decode((await c.next())!))).toEqual(['vcenter.lab.local A 10.0.0.135']);
      expect(recs(await s.query('vcenter.lab.local', 'A'))).toEqual(['vcenter.lab.local A 10.0.0.135']);
      c.close();
    } finally {
      await s.close();
    }
  });
});
