/**
 * Option spaces on the wire (RFC 2132 8.4 vendor options; dhcpd.conf(5) `option space ... code
 * width N length width N`, `encapsulate SPACE`, `vendor-option-space`, `site-option-space`):
 * the sub-option layout, and which reply options the spaces fill.
 */
import { describe, expect, it } from 'vitest';
import { decodeSpace, encodeSpace } from '../../src/dhcp/option-spaces.js';
import { encapsulations, optionValues } from '../../src/dhcp/engine/encapsulate.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { decodeOptionValue, encodeOptionText, ip6ToString, parseIp6 } from '../../src/dhcp/option-defs.js';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('encodeSpace / decodeSpace', () => {
  it.each([
    ['1-octet codes and lengths (RFC 2132 8.4)', 1, 1, new Map([[6, h('03')], [1, h('00000000')]]), '0104 00000000 0601 03'],
    ['2-octet codes and lengths', 2, 2, new Map([[300, Buffer.from('x')], [1, h('c0a8f48b')]]), '0001 0004 c0a8f48b 012c 0001 78'],
    ['4-octet codes, 1-octet lengths', 4, 1, new Map([[7, h('aa')]]), '00000007 01 aa'],
  ] as const)('%s', (_what, codeWidth, lengthWidth, opts, wire) => {
    const layout = { codeWidth, lengthWidth };
    expect(encodeSpace(layout, opts).toString('hex')).toBe(wire.replace(/\s+/g, ''));
    expect(decodeSpace(layout, h(wire))).toEqual(new Map([...opts].sort((a, b) => a[0] - b[0])));
  });

  it('pad and end inside 1-octet vendor options; a truncated sub-option is no map', () => {
    expect(decodeSpace({ codeWidth: 1, lengthWidth: 1 }, h('00 0101aa ff 0201bb'))).toEqual(new Map([[1, h('aa')]]));
    expect(decodeSpace({ codeWidth: 1, lengthWidth: 1 }, h('0105aa'))).toBeNull();
  });
});

describe('option values with spaces folded in', () => {
  const conf = parseDhcpdConf(
    `option space PXE;
option PXE.mtftp-ip code 1 = ip-address;
option PXE.discovery-control code 6 = unsigned integer 8;
option space ipxe;
option ipxe-encap-opts code 175 = encapsulate ipxe;
option ipxe.priority code 1 = signed integer 8;
option space site;
option site.url code 224 = text;
option site.low code 200 = text;
vendor-option-space PXE;
site-option-space "site";
option PXE.mtftp-ip 0.0.0.0;
option PXE.discovery-control 3;
option ipxe.priority -1;
option site.url "u";
option site.low "l";
subnet 10.0.0.0 netmask 255.0.0.0 { }
host explicit { hardware ethernet 0:1:2:3:4:5; option vendor-encapsulated-options 01:02; }
`,
    't.conf',
  );
  const values = optionValues(conf.global, conf);

  it('vendor-option-space makes option 43; encapsulate SPACE makes its option; site options go top level', () => {
    expect(values.get(43)!.toString('hex')).toBe('010400000000060103');
    expect(values.get(175)!.toString('hex')).toBe('0101ff');
    expect(values.get(224)!.toString()).toBe('u');
    // dhcpd's find_min_site_code: the site space's lowest code (200 here) when below 224, as a
    // live dhcpd sends PXELINUX's site options 208-211 (test/interop/data/dhcpd-live/pxelinux.conf).
    expect(values.get(200)!.toString()).toBe('l');
  });

  it('from the site space\'s lowest code (at most 224) to 254, the dhcp space\'s options are not sent', () => {
    const c = parseDhcpdConf(
      `option space pxelinux;
option pxelinux.magic code 208 = string;
option o-low code 207 = text;
option o-high code 209 = text;
site-option-space "pxelinux";
option pxelinux.magic f1:00:74:7e;
option o-low "low";
option o-high "shadowed";
subnet 10.0.0.0 netmask 255.0.0.0 { }
`,
      't.conf',
    );
    const v = optionValues(c.global, c);
    expect([...v.keys()].sort()).toEqual([207, 208]);
    expect(v.get(208)!.toString('hex')).toBe('f100747e');
  });

  it('an option given a value directly keeps it', () => {
    const host = conf.hosts[0].params;
    expect(optionValues({ ...conf.global, options: new Map([...conf.global.options, ...host.options]) }, conf).get(43)!.toString('hex')).toBe('0102');
  });

  it('the evaluator learns which option carries a space', () => {
    expect(encapsulations(conf).get('ipxe')).toMatchObject({ code: 175, layout: { codeWidth: 1, lengthWidth: 1 } });
  });
});

describe('ip6-address (RFC 4291 2.2 text, RFC 5952 4 output)', () => {
  it.each([
    ['2001:db8::1', '20010db8000000000000000000000001', '2001:db8::1'],
    ['::', '00000000000000000000000000000000', '::'],
    ['::ffff:192.168.244.1', '00000000000000000000ffffc0a8f401', '::ffff:c0a8:f401'],
    ['fe80:0:0:0:20c:29ff:feaa:bb01', 'fe80000000000000020c29fffeaabb01', 'fe80::20c:29ff:feaa:bb01'],
    ['1:0:0:2:0:0:0:3', '00010000000000020000000000000003', '1:0:0:2::3'],
  ])('%s', (text, hex, back) => {
    expect(parseIp6(text)!.toString('hex')).toBe(hex);
    expect(ip6ToString(h(hex))).toBe(back);
    expect(decodeOptionValue({ code: 200, name: 'x', format: '6A' }, encodeOptionText({ code: 200, name: 'x', format: '6A' }, `${text}, ::1`))).toBe(`${back},::1`);
  });

  it.each(['1.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::'])('%s is refused', (text) => {
    expect(parseIp6(text)).toBeUndefined();
  });
});
