/**
 * dhcpd.conf errors: each one a LocatedError `FILE:LINE:COL: message` naming the offending
 * token. Lines match what `dhcpd -t` reports (test/interop/dhcpd-t.test.ts checks that against
 * the real dhcpd); columns point at the token.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { LocatedError } from '../../src/util/located-error.js';
import { CONF_ERROR_CASES } from './data/conf-error-cases.js';

const noFiles = {
  readFile: (): string => {
    throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  },
  includeBase: '/etc/dhcp',
};

function errorOf(text: string): string {
  try {
    parseDhcpdConf(text, 't.conf', noFiles);
  } catch (e) {
    expect(e).toBeInstanceOf(LocatedError);
    return (e as LocatedError).format();
  }
  throw new Error('parsed without error');
}


describe('dhcpd.conf(5) errors: FILE:LINE:COL: message', () => {
  it.each(CONF_ERROR_CASES)('%s', (_what, text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });

  it('an error in an included file names that file', () => {
    const files: Record<string, string> = { '/etc/dhcp/hosts.conf': 'host a {\n  hardware ethernet 00:11:22:33:44:55;\n  fixed-adress 10.0.0.1;\n}\n' };
    try {
      parseDhcpdConf('include "hosts.conf";\n', '/etc/dhcp/dhcpd.conf', { readFile: (p) => files[p] });
      throw new Error('parsed without error');
    } catch (e) {
      expect((e as LocatedError).format()).toBe("/etc/dhcp/hosts.conf:3:3: unknown statement 'fixed-adress'");
      expect((e as LocatedError).token).toBe('fixed-adress');
    }
  });
});

describe('property: any input gives a DhcpConfig or a LocatedError, never another exception', () => {
  const vocab = ['subnet', 'netmask', 'range', 'pool', 'host', 'group', 'shared-network', 'option', 'routers', 'domain-name', 'code', '=', 'array', 'of', 'ip-address', '{', '}', ';', ',', '10.0.0.0', '255.255.255.0', '10.0.0.5', '"x"', 'hardware', 'ethernet', '00:0c:29:aa:bb:01', 'fixed-address', 'allow', 'deny', 'unknown-clients', 'include', 'class', 'not', 'authoritative', 'default-lease-time', '600', '-1', '#c\n', '\n', '"', '\\', 'domain-search', 'classless-static-routes', '10.0.0.0/8'];
  it('token soup and arbitrary strings', () => {
    const soup = fc.array(fc.constantFrom(...vocab), { maxLength: 40 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ maxLength: 200 })), (text) => {
        try {
          parseDhcpdConf(text, 'fuzz.conf', noFiles);
        } catch (e) {
          expect(e).toBeInstanceOf(LocatedError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
