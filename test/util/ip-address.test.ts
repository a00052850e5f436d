/**
 * IP address text (src/util/ip-address.ts): one spelling per address (RFC 5952 4; IPv4-mapped
 * as IPv4), and loopback as labnet's egress rule reads it (127.0.0.0/8, ::1).
 */
import { describe, expect, it } from 'vitest';
import { canonicalAddress, isLoopbackAddress, sameAddress } from '../../src/util/ip-address.js';

describe('canonicalAddress and sameAddress', () => {
  it('IPv6 in RFC 5952 form: lower case, the longest zero run as ::, leading zeros dropped', () => {
    expect(canonicalAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalAddress('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalAddress('2001:0db8:0000:0000:0000:0000:0000:0053')).toBe('2001:db8::53');
    expect(canonicalAddress('fe80::1%lo')).toBe('fe80::1');
  });
  it('an IPv4-mapped address is its IPv4 address (a dual-stack socket reports IPv4 peers so)', () => {
    expect(canonicalAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('::FFFF:7f00:2')).toBe('127.0.0.2');
    expect(sameAddress('::ffff:10.0.0.1', '10.0.0.1')).toBe(true);
  });
  it('different addresses differ; text that is no address stays as it is', () => {
    expect(sameAddress('::1', '::2')).toBe(false);
    expect(sameAddress('127.0.0.1', '::1')).toBe(false);
    expect(canonicalAddress('localhost')).toBe('localhost');
  });
});

describe('isLoopbackAddress', () => {
  it('127.0.0.0/8 and ::1, however written', () => {
    for (const a of ['127.0.0.1', '127.255.255.254', '127.0.0.53', '::1', '0:0:0:0:0:0:0:1', '0000::0001', '::ffff:127.0.0.1', '::ffff:7f01:203']) {
      expect(isLoopbackAddress(a), a).toBe(true);
    }
  });
  it('nothing else: other IPv4, global, link-local, unspecified and mapped non-loopback IPv6, names', () => {
    for (const a of ['128.0.0.1', '126.255.255.255', '10.0.0.1', '0.0.0.0', '2001:db8::53', '2001:db8::1', 'fe80::1', '::', '::2', '::127.0.0.1', '::ffff:10.1.2.3', '::ffff:192.0.2.1', '64:ff9b::7f00:1', 'localhost', '']) {
      expect(isLoopbackAddress(a), a).toBe(false);
    }
  });
});
