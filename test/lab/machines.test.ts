import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LAB_FIXTURES_DIR } from '../../src/lab/lab.js';
import { loadMachines, parseMachines } from '../../src/lab/machines.js';
import { loadDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { loadZones } from '../../src/lab/services.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { startDnsServer } from '../../src/dns/server.js';
import { hostNames, reverseName } from '../../src/lab/host-names.js';
import { LocatedError } from '../../src/util/located-error.js';

// fixtures/lab/machines.json describes the lab's machines once; here it is checked against
// the lab's dhcpd.conf and its zones (direct, inverse), which must agree with it.
/** dns-packet's decoded answers, as its types do not say (rcode, data of every RR). */
type Decoded = { rcode?: string; answers?: { type: string; data: unknown }[] };
const lab = loadMachines(join(LAB_FIXTURES_DIR, 'machines.json'));
const conf = loadDhcpdConf(join(LAB_FIXTURES_DIR, 'dhcpd.conf'));

describe('fixtures/lab/machines.json', () => {
  it("has the report's machines: the DNS/DHCP server, three ESXi hosts, vCenter, the Jupyter VM, workstations", () => {
    const byRole = (re: RegExp) => lab.machines.filter((m) => re.test(m.role)).map((m) => m.name);
    expect(byRole(/DNS and DHCP server/)).toEqual(['ubuntu']);
    expect(byRole(/ESXi/)).toEqual(['esxi01', 'esxi02', 'esxi03']);
    expect(byRole(/vCenter/)).toEqual(['vcenter']);
    expect(byRole(/Jupyter/)).toEqual(['jupyter']);
    expect(lab.machines.filter((m) => m.assignment === 'dynamic').length).toBeGreaterThanOrEqual(3);
    expect(lab.domain).toBe('lab.local');
  });

  it('the reserved machines are exactly the dhcpd.conf hosts (hardware ethernet, fixed-address)', () => {
    const reserved = lab.machines.filter((m) => m.assignment === 'reserved').map((m) => ({ mac: m.mac, address: m.address }));
    const hosts = conf.hosts.map((h) => ({ mac: h.hardwareEthernet, address: ipToString(h.fixedAddresses[0]) }));
    expect(reserved).toEqual(hosts);
  });

  it('no dynamic or static machine has a dhcpd.conf host; the static one is the DNS server dhcpd.conf hands out', () => {
    const hostMacs = new Set(conf.hosts.map((h) => h.hardwareEthernet));
    for (const m of lab.machines.filter((x) => x.assignment !== 'reserved')) expect(hostMacs.has(m.mac)).toBe(false);
    const server = lab.machines.find((m) => m.assignment === 'static')!;
    const dnsOption = conf.global.options.get(6);
    expect(dnsOption && ipToString(dnsOption.readUInt32BE(0))).toBe(server.address);
  });

  it('every static and reserved machine resolves both ways in the lab zones, asked over UDP', async () => {
    const zones = loadZones({ namedConf: join(LAB_FIXTURES_DIR, 'named.conf') }) ?? createZoneSet([]);
    const dns = await startDnsServer({ zones });
    try {
      for (const m of lab.machines.filter((x) => x.address)) {
        const names = await hostNames(dns.address, `${m.name}.lab.local`, m.address!);
        expect(names.forward, m.name).toBe(`${m.name}.lab.local`);
        expect(names.reverse, m.name).toMatch(/\.lab\.local$/);
        const back = (await dns.query(names.reverse!, 'A')) as Decoded;
        expect(back.answers?.map((a) => a.data), m.name).toContain(m.address);
      }
      // A dynamic machine's name is not in the zones (until DHCP registers it).
      const ws = lab.machines.find((m) => m.assignment === 'dynamic')!;
      expect(((await dns.query(`${ws.name}.lab.local`, 'A')) as Decoded).rcode).toBe('NXDOMAIN');
    } finally {
      await dns.close();
    }
  });

  it('reverseName writes the in-addr.arpa name (RFC 1035 3.5)', () => {
    expect(reverseName('192.168.244.135')).toBe('135.244.168.192.in-addr.arpa');
  });
});

describe('parseMachines rejects a bad file with FILE:LINE:COL', () => {
  const wrap = (lines: string[]) => `{\n  "domain": "lab.local",\n  "machines": [\n${lines.join(',\n')}\n  ]\n}\n`;
  const ok = '    { "name": "a", "role": "r", "mac": "00:0c:29:00:00:01", "assignment": "dynamic" }';
  const fails = (text: string) => {
    try {
      parseMachines(text, 'm.json');
    } catch (e) {
      expect(e).toBeInstanceOf(LocatedError);
      return (e as LocatedError).format();
    }
    throw new Error('accepted');
  };

  it('accepts a good one', () => {
    expect(parseMachines(wrap([ok]), 'm.json').machines).toEqual([{ name: 'a', role: 'r', mac: '00:0c:29:00:00:01', assignment: 'dynamic' }]);
  });

  it('a bad MAC at its value', () => {
    expect(fails(wrap([ok, '    { "name": "b", "role": "r", "mac": "00:0c:29:zz:00:01", "assignment": "dynamic" }']))).toBe(
      "m.json:5:40: \"mac\": '00:0c:29:zz:00:01' is not a MAC address (aa:bb:cc:dd:ee:ff)",
    );
  });

  it('a name or a MAC described twice, an address on a dynamic machine, none on a reserved one, a bad assignment', () => {
    expect(fails(wrap([ok, ok.replace('00:01', '00:02')]))).toMatch(/^m\.json:5:15: "name": 'a' is described twice/);
    expect(fails(wrap([ok, ok.replace('"a"', '"b"')]))).toMatch(/^m\.json:5:\d+: "mac": 00:0c:29:00:00:01 is described twice/);
    expect(fails(wrap([ok.replace(' }', ', "address": "10.0.0.1" }')]))).toMatch(/^m\.json:4:\d+: "address": a dynamic machine/);
    expect(fails(wrap([ok.replace('dynamic', 'reserved')]))).toMatch(/^m\.json:4:5: "address": expected/);
    expect(fails(wrap([ok.replace('dynamic', 'dhcp')]))).toMatch(/^m\.json:4:\d+: "assignment": expected one of static, reserved, dynamic/);
    expect(fails(wrap([ok.replace('"a"', '"a_b"')]))).toMatch(/^m\.json:4:\d+: "name": 'a_b' is not a host name label/);
  });

  it('a JSON syntax error at its position', () => {
    expect(fails('{\n  "domain": "lab.local",\n  "machines": [,]\n}\n')).toBe("m.json:3:16: expected a value, found ','");
  });
});
