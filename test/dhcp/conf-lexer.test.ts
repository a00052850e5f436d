/** The dhcpd.conf / dhcpd.leases lexer (dhcpd conflex.c token rules). */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/dhcp/conf/lexer.js';
import { LocatedError } from '../../src/util/located-error.js';

const kinds = (text: string) => tokenize(text, 'x').map((t) => [t.kind, t.text, t.line, t.col]);

describe('tokenize', () => {
  it('words, punctuation, comments, lines and columns', () => {
    expect(kinds('host a { # comment\n  hardware ethernet 00:0c:29:aa:bb:01;\n}')).toEqual([
      ['word', 'host', 1, 1], ['word', 'a', 1, 6], ['punct', '{', 1, 8],
      ['word', 'hardware', 2, 3], ['word', 'ethernet', 2, 12], ['word', '00:0c:29:aa:bb:01', 2, 21], ['punct', ';', 2, 38],
      ['punct', '}', 3, 1], ['eof', '', 3, 2],
    ]);
  });
  it.each([
    ['"plain"', [0x70, 0x6c, 0x61, 0x69, 0x6e]],
    ['"\\001\\000\\014)\\252"', [1, 0, 12, 0x29, 0xaa]],
    ['"\\x41\\x4a\\n\\t\\r\\b"', [0x41, 0x4a, 10, 9, 13, 8]],
    ['"a\\"b\\\\c"', [0x61, 0x22, 0x62, 0x5c, 0x63]],
    ['"é😀"', [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]],
  ])('string escapes: %s', (src, bytes) => {
    const [t] = tokenize(src, 'x');
    expect(t.kind).toBe('string');
    expect([...t.bytes!]).toEqual(bytes);
  });
  it('an unterminated string is an error, or the end in lenient mode', () => {
    expect(() => tokenize('a "open', 'x')).toThrow(LocatedError);
    expect(tokenize('a "open', 'x', { lenient: true }).map((t) => t.kind)).toEqual(['word', 'eof']);
  });
  it('a string spanning lines keeps its start line; the next token is on the right line', () => {
    expect(kinds('"a\nb" c')).toEqual([['string', 'a\nb', 1, 1], ['word', 'c', 2, 4], ['eof', '', 2, 5]]);
  });
});
