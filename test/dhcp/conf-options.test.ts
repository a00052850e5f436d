/** Option definitions: ISC names and codes, conf text <-> RFC 2132 payloads, dhcpd-style text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDomainList,
  decodeOptionValue,
  encodeDomainList,
  encodeOptionText,
  optionByCode,
  optionByName,
} from '../../src/dhcp/option-defs.js';
import { LocatedError } from '../../src/util/located-error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('RFC 2132 option table with dhcp-options(5) names', () => {
  const REQUIRED: Array<[string, number]> = [
    ['subnet-mask', 1], ['time-offset', 2], ['routers', 3], ['time-servers', 4], ['domain-name-servers', 6],
    ['log-servers', 7], ['host-name', 12], ['domain-name', 15], ['interface-mtu', 26], ['broadcast-address', 28],
    ['static-routes', 33], ['ntp-servers', 42], ['vendor-encapsulated-options', 43], ['netbios-name-servers', 44],
    ['dhcp-lease-time', 51], ['dhcp-server-identifier', 54], ['dhcp-parameter-request-list', 55], ['dhcp-message', 56],
    ['dhcp-max-message-size', 57], ['dhcp-renewal-time', 58], ['dhcp-rebinding-time', 59], ['vendor-class-identifier', 60],
    ['dhcp-client-identifier', 61], ['tftp-server-name', 66], ['bootfile-name', 67], ['user-class', 77],
    ['relay-agent-information', 82], ['domain-search', 119], ['classless-static-routes', 121],
  ];
  it.each(REQUIRED)('%s is code %i both ways', (name, code) => {
    expect(optionByName(name)?.code).toBe(code);
    expect(optionByCode(code)?.name).toBe(name);
  });
  it('names are case-insensitive and take the dhcp. universe prefix', () => {
    expect(optionByName('DHCP.Routers')?.code).toBe(3);
    expect(optionByName('no-such-option')).toBeUndefined();
  });
});

describe('encodeOptionValue / decodeOptionValue (RFC 2132 wire forms)', () => {
  const CASES: Array<[string, string, string, string?]> = [
    // [option, conf value, payload hex, decoded text if not the conf value]
    ['subnet-mask', '255.255.255.0', 'ffffff00'],
    ['time-offset', '-3600', 'fffff1f0'],
    ['routers', '192.168.244.2, 192.168.244.3', 'c0a8f402 c0a8f403', '192.168.244.2,192.168.244.3'],
    ['host-name', '"esxi01"', '657378693031'],
    ['domain-name', '"lab.local"', '6c61622e6c6f63616c'],
    ['interface-mtu', '1500', '05dc'],
    ['ip-forwarding', 'on', '01', 'true'],
    ['static-routes', '10.1.0.0 10.0.0.1, 10.2.0.0 10.0.0.2', '0a010000 0a000001 0a020000 0a000002', '10.1.0.0 10.0.0.1,10.2.0.0 10.0.0.2'],
    ['vendor-encapsulated-options', '1:4:a:0:0:1', '01040a000001'],
    ['dhcp-lease-time', '600', '00000258'],
    ['dhcp-parameter-request-list', '1,3,6,15', '0103060f'],
    ['dhcp-max-message-size', '1500', '05dc'],
    ['vendor-class-identifier', '"PXEClient"', '505845436c69656e74'],
    ['dhcp-client-identifier', '1:0:c:29:aa:bb:1', '01000c29aabb01'],
    ['dhcp-message', '"a \\"quoted\\" word\\001"', '61202271756f7465642220776f726401', '"a \\"quoted\\" word\\001"'],
    // RFC 3397 4: the second name reuses "apple.com" by a pointer to offset 4.
    ['domain-search', '"eng.apple.com.", "marketing.apple.com."', '03656e67056170706c6503636f6d00 096d61726b6574696e67 c004', '"eng.apple.com","marketing.apple.com"'],
    // RFC 3442 example widths: 0, 8, 16, 25.
    ['classless-static-routes', '0.0.0.0/0 10.0.0.1, 10.0.0.0/8 10.0.0.1, 10.17.0.0/16 10.0.0.1, 10.229.0.128/25 10.0.0.1', '00 0a000001 080a 0a000001 100a11 0a000001 190ae50080 0a000001', '0.0.0.0/0 10.0.0.1,10.0.0.0/8 10.0.0.1,10.17.0.0/16 10.0.0.1,10.229.0.128/25 10.0.0.1'],
  ];
  it.each(CASES)('%s %s', (name, value, payloadHex, text) => {
    const def = optionByName(name)!;
    const payload = encodeOptionText(def, value);
    expect(payload.toString('hex')).toBe(hex(payloadHex).toString('hex'));
    expect(decodeOptionValue(def, payload)).toBe(text ?? value);
  });

  it('a payload that does not fit the format prints as hex instead of throwing', () => {
    expect(decodeOptionValue(optionByName('routers')!, Buffer.from([10, 0, 0]))).toBe('a:0:0');
    expect(decodeOptionValue(optionByName('domain-search')!, Buffer.from([0xc0, 0x05]))).toBe('c0:5');
  });

  it('errors are located at the offending value', () => {
    expect(() => encodeOptionText(optionByName('routers')!, '10.0.0.1, nonsense')).toThrow(LocatedError);
    try {
      encodeOptionText(optionByName('routers')!, '10.0.0.1, nonsense');
    } catch (e) {
      expect((e as LocatedError).format()).toBe("<option>:1:11: expecting an IPv4 address, found 'nonsense' (labnet does not resolve host names here)");
    }
  });
});

describe('RFC 3397 domain lists (property)', () => {
  const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
  const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
  it('decode(encode(names)) == names, and compression never grows the list', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), (names) => {
        const wire = encodeDomainList(names);
        expect(decodeDomainList(wire)).toEqual(names);
        const uncompressed = names.reduce((n, s) => n + s.length + 2, 0);
        expect(wire.length).toBeLessThanOrEqual(uncompressed);
      }),
    );
  });
  it('IP arrays round-trip through text', () => {
    const ipText = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    fc.assert(
      fc.property(fc.array(ipText, { minLength: 1, maxLength: 8 }), (ips) => {
        const def = optionByName('domain-name-servers')!;
        expect(decodeOptionValue(def, encodeOptionText(def, ips.join(', ')))).toBe(ips.join(','));
      }),
    );
  });
});
