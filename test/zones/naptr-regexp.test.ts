import { describe, expect, it } from 'vitest';
import { validNaptrRegexp } from '../../src/wire/rdata/naptr-regexp.js';

const cs = (s: string) => Uint8Array.from([s.length, ...Buffer.from(s, 'latin1')]);

/** NAPTR Regexp fields and the verdict named-checkzone 9.18 (BIND 9.18.49) gives each, on this machine. */
const BIND: Array<[string, boolean]> = [
  ['', true], ['!a!b!', true], ['!a!b!i', true], ['!a!b!ii', true], ['!a!b!x', false], ['!a!b', false],
  ['iaibi', false], ['1a1b1', false], ['!!b!', false], ['!*!b!', false], ['!a**!b!', false], ['!a+?!b!', false],
  ['!a{1,2}!b!', true], ['!a{2,1}!b!', false], ['!a{256}!b!', false], ['!{1}!b!', false], ['!a{1!b!', false],
  ['![a-z]!b!', true], ['![z-a]!b!', false], ['![a-c-e]!b!', false], ['![]a]!b!', true], ['![!b!', false],
  ['![[:alpha:]]!b!', true], ['![[:foo:]]!b!', false], ['![[.a.]]!b!', true], ['![[=a=]]!b!', true],
  ['!(a|)!b!', false], ['!(|a)!b!', false], ['!()!b!', true], ['!a|b!c!', true], ['!^*!b!', false],
  ['!(a)!\\1!', true], ['!a!\\1!', false], ['!(a)!\\0!', false], ['!(a)(b)!\\2!', true], ['!(a)!\\2!', false],
  ['!\\(!b!', true], ['!a\\!b!', false], ['/\\/a/b/', true], ['!a!b\\!', false], ['!\\1!b!', false], ['!(a)\\1!b!', true],
];

describe('NAPTR Regexp field (RFC 3402 3.2, RFC 3403 4.1) as BIND 9.18 checks it', () => {
  it.each(BIND)('%j: %s', (re, ok) => {
    expect(validNaptrRegexp(cs(re))).toBe(ok);
  });
});
