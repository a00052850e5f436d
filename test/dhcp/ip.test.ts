/**
 * IPv4 text <-> number (src/dhcp/ip.ts): dotted quads of four decimal parts of 1-3 digits,
 * each at most 255; anything else is refused with the text quoted.
 */
import { describe, expect, it } from 'vitest';
import { ipFromString, ipToString } from '../../src/dhcp/ip.js';

describe('ipFromString', () => {
  it.each([
    ['0.0.0.0', 0],
    ['127.0.0.1', 0x7f000001],
    ['192.168.244.139', 0xc0a8f48b],
    ['255.255.255.255', 0xffffffff],
    ['010.001.000.009', 0x0a010009],
  ])('%s -> %d, and back', (text, n) => {
    expect(ipFromString(text)).toBe(n);
    expect(ipToString(n)).toBe(text.split('.').map(Number).join('.'));
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '1.2.3.', '.1.2.3', '1..2.3', '256.0.0.1', '1.2.3.256', '1.2.3.1000', '0001.2.3.4', '1.2.3.a', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.-4', '::ffff:1.2.3.4', '1.2.3.٣'])(
    "'%s' is refused",
    (text) => {
      expect(() => ipFromString(text)).toThrow(`bad IPv4 address '${text}'`);
    },
  );
});
