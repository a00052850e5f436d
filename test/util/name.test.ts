import { describe, expect, it } from 'vitest';
import {
  canonicalName, isSubdomain, nameFromWire, nameToWire, parentName, parseName,
} from '../../src/wire/name.js';

describe('names (RFC 1035 3.1, 5.1)', () => {
  it.each([
    ['www', 'lab.local.', 'www.lab.local.'],
    ['@', 'lab.local.', 'lab.local.'],
    ['ns.lab.local.', 'x.', 'ns.lab.local.'],
    ['a\\.b', 'lab.local.', 'a\\.b.lab.local.'],
    ['\\065bc', 'lab.local.', 'Abc.lab.local.'],
    ['sp\\032ace', '.', 'sp\\032ace.'],
  ])('parseName(%s, %s) = %s', (text, origin, want) => {
    expect(parseName(text, origin)).toBe(want);
  });

  it('rejects long labels and names', () => {
    expect(() => parseName('a'.repeat(64), '.')).toThrow('label too long');
    expect(() => parseName(Array(130).fill('ab').join('.'), '.')).toThrow('name too long');
  });

  it('round-trips through wire form with escaped dots', () => {
    const n = 'a\\.b.Lab.local.';
    const w = nameToWire(n);
    expect([...w.subarray(0, 4)]).toEqual([3, 0x61, 0x2e, 0x62]);
    expect(nameFromWire(w, 0)).toEqual({ name: n, next: w.length });
  });

  it('follows compression pointers and stops loops (RFC 1035 4.1.4)', () => {
    const msg = Buffer.from([3, 0x66, 0x6f, 0x6f, 0, 1, 0x61, 0xc0, 0]);
    expect(nameFromWire(msg, 5)).toEqual({ name: 'a.foo.', next: 9 });
    expect(() => nameFromWire(Buffer.from([0xc0, 0]), 0)).toThrow('compression loop');
  });

  it('knows parents and subdomains, respecting escaped dots', () => {
    expect(parentName('www.lab.local.')).toBe('lab.local.');
    expect(parentName('a\\.b.c.')).toBe('c.');
    expect(isSubdomain('WWW.lab.local.', 'Lab.Local.')).toBe(true);
    expect(isSubdomain('x.a\\.b.', 'b.')).toBe(false);
    expect(isSubdomain('xlab.local.', 'lab.local.')).toBe(false);
    expect(canonicalName('foo.bar')).toBe('foo.bar.');
  });
});
