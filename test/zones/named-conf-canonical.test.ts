import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConf, type ParsedConf } from '../../src/zones/named-conf/parser.js';
import { printConf, quote } from '../../src/zones/named-conf/canonical.js';
import type { ConfClause } from '../../src/zones/named-conf/tree.js';
import { namedConfText } from './named-conf-arbitrary.js';

const parse = (text: string): ParsedConf => parseConf(text, 'named.conf', { base: '/', readFile: () => { throw new Error('no includes here'); } });
const tryParse = (text: string): ParsedConf | undefined => {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
};
/** The tree without locations (a printed file has its own). */
const shape = (x: unknown): unknown =>
  Array.isArray(x) ? x.map(shape) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'loc').map(([k, v]) => [k, shape(v)])) : x;

describe('named.conf canonical form (as named-checkconf -p)', () => {
  it('prints one clause a line, tabs per level, strings quoted, short prefixes written out', () => {
    const t = parse('# c\noptions { directory "/var/named"; allow-query { !10/8; key k; { any; }; }; listen-on port 53 { 127.0.0.1; }; };\nzone "a" IN { type master; file "a \\"q\\".db"; };\nplugin query "f.so" { x { y; }; };');
    expect(printConf(t.clauses)).toBe(
      [
        'options {',
        '\tdirectory "/var/named";',
        '\tallow-query {',
        '\t\t!10.0.0.0/8;',
        '\t\tkey "k";',
        '\t\t{',
        '\t\t\t"any";',
        '\t\t};',
        '\t};',
        '\tlisten-on port 53 {',
        '\t\t127.0.0.1;',
        '\t};',
        '};',
        'zone "a" IN {',
        '\ttype master;',
        '\tfile "a \\"q\\".db";',
        '};',
        'plugin query "f.so" { x { y ; } ; };',
        '',
      ].join('\n'),
    );
    expect(quote('a\\b"c')).toBe('"a\\\\b\\"c"');
  });

  it('any named.conf the grammar accepts prints to text that parses back to the same tree, and prints the same again', () => {
    let parsed = 0;
    fc.assert(
      fc.property(namedConfText, (text) => {
        const t = tryParse(text);
        if (!t) return true;
        parsed++;
        const printed = printConf(t.clauses);
        const back = parse(printed);
        expect(shape(back.clauses) as ConfClause[]).toEqual(shape(t.clauses));
        expect(printConf(back.clauses)).toBe(printed);
        return true;
      }),
      { numRuns: 400 },
    );
    // The generator must reach the parser's accepting side often enough to mean something.
    expect(parsed).toBeGreaterThan(100);
  });
});
