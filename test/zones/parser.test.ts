import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseZone, parseZoneFile, type ParseOptions } from '../../src/zones/parser.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import { LocatedError } from '../../src/util/located-error.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Four lines, so that a snippet appended starts on line 5 (as in the BIND runs below). */
const BASE = '$TTL 1h\n@ IN SOA ns root 1 2 3 4 5\n@ NS ns\nns A 10.0.0.1\n';

type Warning = { file: string; line: number; col: number; message: string };

function lines(text: string, opts: Partial<ParseOptions> = {}, warnings: Warning[] = []): string[] {
  const out: string[] = [];
  for (const r of parseZone(text, { origin: 'example.', file: 'e.zone', warn: (w) => warnings.push(w), ...opts })) {
    out.push(`${r.name} ${r.ttl} ${typeToText(r.type)} ${rdataToText(r.type, r.rdata)}`);
  }
  return out;
}

/** Records of `snippet` after BASE, without BASE's own three. */
function snippet(s: string, opts: Partial<ParseOptions> = {}, warnings: Warning[] = []): string[] {
  return lines(BASE + s, opts, warnings).slice(3);
}

function error(text: string, opts: Partial<ParseOptions> = {}): string {
  try {
    lines(text, opts);
  } catch (e) {
    if (e instanceof LocatedError) return e.format();
    throw e;
  }
  return 'no error';
}

describe('$DATE (BIND 9.18 master.c): the dump time, checked and without effect on a zone', () => {
  const NOW = Date.UTC(2026, 5, 1); // 2026-06-01, the injected clock
  it('reads a past date, leaving records and TTLs as they are', () => {
    const warnings: Warning[] = [];
    expect(snippet('$DATE 20260101000000\nx 300 A 1.2.3.4\n$date 19700101000000 ; any case, a comment\n', { now: () => NOW }, warnings))
      .toEqual(['x.example. 300 A 1.2.3.4']);
    expect(warnings).toEqual([]);
  });
  it('warns about a date after now and loads the zone (named: "using current date")', () => {
    const warnings: Warning[] = [];
    expect(snippet('x A 1.2.3.4\n$DATE 20260601000001\n', { now: () => NOW }, warnings)).toEqual(['x.example. 3600 A 1.2.3.4']);
    expect(warnings).toEqual([{ file: 'e.zone', line: 6, col: 1, message: '$DATE in future, using current date' }]);
    const none: Warning[] = [];
    snippet('$DATE 20260601000000\n', { now: () => NOW }, none);
    expect(none).toEqual([]);
  });
});

describe('RFC 1035 5.1 master-file syntax', () => {
  it.each<[string, string, string[]]>([
    ['relative, absolute and @ owners', 'a A 1.1.1.1\nb.example. A 2.2.2.2\n@ A 3.3.3.3\n',
      ['a.example. 3600 A 1.1.1.1', 'b.example. 3600 A 2.2.2.2', 'example. 3600 A 3.3.3.3']],
    ['blank owner repeats the previous one', 'x A 1.2.3.4 ; c\n   A 1.2.3.5\n\n\tA 1.2.3.6\n; c\n   A 1.2.3.7\n',
      ['x.example. 3600 A 1.2.3.4', 'x.example. 3600 A 1.2.3.5', 'x.example. 3600 A 1.2.3.6', 'x.example. 3600 A 1.2.3.7']],
    ['TTL and class in either order, or omitted', 'x IN 300 A 1.2.3.4\ny 300 IN A 1.2.3.4\nz IN A 1.2.3.5\n 1h A 1.1.1.1\n',
      ['x.example. 300 A 1.2.3.4', 'y.example. 300 A 1.2.3.4', 'z.example. 3600 A 1.2.3.5', 'z.example. 3600 A 1.1.1.1']],
    ['mnemonics are case-insensitive', 'x 1H a 1.2.3.4\nx in txt foo\nx CLASS1 TYPE1 10.0.0.2\n',
      ['x.example. 3600 A 1.2.3.4', 'x.example. 3600 TXT "foo"', 'x.example. 3600 A 10.0.0.2']],
    ['parentheses continue a record over lines', 'x TXT ( "abc" ) ( "d" )\ny (\n\n A\n 1.2.3.4 )\n',
      ['x.example. 3600 TXT "abc" "d"', 'y.example. 3600 A 1.2.3.4']],
    ['quoted strings with escapes', 't TXT "a\\"b" "x\\\\y" "\\001\\255" "" "semi;colon" "tab\tx" abc"def"\n',
      ['t.example. 3600 TXT "a\\"b" "x\\\\y" "\\001\\255" "" "semi;colon" "tab\\009x" "abc" "def"']],
    ['escaped dots and quoted owners', 'a\\.b A 1.2.3.4\n"q" A 1.1.1.1\n\\065bc A 1.1.1.2\n',
      ['a\\.b.example. 3600 A 1.2.3.4', 'q.example. 3600 A 1.1.1.1', 'Abc.example. 3600 A 1.1.1.2']],
    ['$ORIGIN relative and absolute', '$ORIGIN sub\nw A 1.2.3.4\n$ORIGIN other.example.\n@ A 5.5.5.5\n',
      ['w.sub.example. 3600 A 1.2.3.4', 'other.example. 3600 A 5.5.5.5']],
    ['$TTL with BIND units', '$TTL 1w2d3h4m5s\nx A 1.2.3.4\nb 30s1h A 1.1.1.1\nc 1w2w A 1.1.1.1\ng 01 A 1.1.1.1\nh 1W1D1H1M1S A 1.1.1.1\n',
      ['x.example. 788645 A 1.2.3.4', 'b.example. 3630 A 1.1.1.1', 'c.example. 1814400 A 1.1.1.1', 'g.example. 1 A 1.1.1.1', 'h.example. 694861 A 1.1.1.1']],
    ['an escaped line end inside quotes', 'x TXT "a\\\nb"\n', ['x.example. 3600 TXT "a\\010b"']],
    ['CRLF line ends', 'x A 1.1.1.1\r\n  A 1.1.1.2\r\n',
      ['x.example. 3600 A 1.1.1.1', 'x.example. 3600 A 1.1.1.2']],
    ['case of owner and rdata names is kept', 'WWW CNAME Host.Example.\n',
      ['WWW.example. 3600 CNAME Host.Example.']],
  ])('%s', (_name, text, want) => {
    expect(snippet(text)).toEqual(want);
  });

  it('keeps the record start as the source location', () => {
    const recs = [...parseZone(BASE + 'x A 1.1.1.1\n  ( A\n 2.2.2.2 )\n', { origin: 'example.', file: 'f' })];
    expect(recs[3].source).toEqual({ file: 'f', line: 5, col: 1 });
    expect(recs[4].source).toEqual({ file: 'f', line: 6, col: 1 });
    expect(recs[3].explicitTtl).toBe(false);
  });

  it('is lazy: records come before a later error is read', () => {
    const it = parseZone(BASE + 'x A 1.1.1.1\ny A 300.1.1.1\n', { origin: 'example.', file: 'f' });
    for (let i = 0; i < 4; i++) expect(it.next().done).toBe(false);
    expect(() => it.next()).toThrow(LocatedError);
  });
});

describe('default TTL (RFC 2308 4, RFC 1035 5.1; BIND master.c)', () => {
  it('uses the SOA minimum without $TTL, with BIND warning', () => {
    const w: Warning[] = [];
    expect(lines('@ IN SOA ns root 1 2 3 4 5\n@ NS ns\nx 77 A 1.1.1.1\ny A 2.2.2.2\n', {}, w)).toEqual([
      'example. 5 SOA ns.example. root.example. 1 2 3 4 5', 'example. 5 NS ns.example.',
      'x.example. 77 A 1.1.1.1', 'y.example. 5 A 2.2.2.2',
    ]);
    expect(w).toEqual([{ file: 'e.zone', line: 1, col: 1, message: 'no TTL specified; using SOA MINTTL instead' }]);
  });

  it('uses the last explicit TTL when the SOA has one (RFC 1035 semantics)', () => {
    const w: Warning[] = [];
    expect(lines('@ 600 IN SOA ns root 1 2 3 4 5\n@ NS ns\n', {}, w)).toEqual([
      'example. 600 SOA ns.example. root.example. 1 2 3 4 5', 'example. 600 NS ns.example.',
    ]);
    expect(w.map((x) => `${x.line}: ${x.message}`)).toEqual(['2: using RFC1035 TTL semantics']);
  });

  it('rejects a record before any TTL is known', () => {
    expect(error('x A 1.1.1.1\n@ IN SOA ns root 1 2 3 4 5\n')).toBe('e.zone:1:1: no TTL specified; zone rejected');
  });

  it('honours options.defaultTtl and later $TTL', () => {
    expect(lines('x A 1.1.1.1\n$TTL 30\ny A 1.1.1.1\n', { defaultTtl: 10 })).toEqual(['x.example. 10 A 1.1.1.1', 'y.example. 30 A 1.1.1.1']);
  });

  it('sets a TTL above 2^31-1 to 0 with BIND warning (RFC 2181 8)', () => {
    const w: Warning[] = [];
    expect(snippet('x 2147483648 A 1.2.3.4\n$TTL 4294967295\ny A 1.1.1.1\n', {}, w)).toEqual(['x.example. 0 A 1.2.3.4', 'y.example. 0 A 1.1.1.1']);
    expect(w.map((x) => `${x.line}: ${x.message}`)).toEqual([
      '5: $TTL 2147483648 > MAXTTL, setting $TTL to 0', '6: $TTL 4294967295 > MAXTTL, setting $TTL to 0',
    ]);
  });
});

describe('$INCLUDE (RFC 1035 5.1)', () => {
  const files: Record<string, string> = {
    '/z/a.inc': 'i1 A 1.1.1.1\n$ORIGIN other.example.\ni2 A 2.2.2.2\n  A 2.2.2.3\n$TTL 99\n',
    '/z/ws.inc': '  A 9.9.9.9\n',
    '/z/nest.inc': '$INCLUDE a.inc\nk A 3.3.3.3\n',
    '/z/bad.inc': 'ok A 1.1.1.1\nbad A 1.2.3\n',
  };
  const readFile = (p: string): string => {
    const t = files[p];
    if (t === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return t;
  };
  const opts = { includeBase: '/z', readFile };

  it.each<[string, string, string[]]>([
    ['restores origin and owner, keeps $TTL', 'x A 5.5.5.5\n$INCLUDE a.inc\n  A 6.6.6.6\nj A 7.7.7.7\n',
      ['x.example. 3600 A 5.5.5.5', 'i1.example. 3600 A 1.1.1.1', 'i2.other.example. 3600 A 2.2.2.2', 'i2.other.example. 3600 A 2.2.2.3',
        'x.example. 99 A 6.6.6.6', 'j.example. 99 A 7.7.7.7']],
    ['applies its origin argument inside only', 'x A 5.5.5.5\n$INCLUDE "a.inc" sub ; c\n  A 6.6.6.6\n',
      ['x.example. 3600 A 5.5.5.5', 'i1.sub.example. 3600 A 1.1.1.1', 'i2.other.example. 3600 A 2.2.2.2', 'i2.other.example. 3600 A 2.2.2.3',
        'x.example. 99 A 6.6.6.6']],
    ['inherits the current owner', 'x A 5.5.5.5\n$INCLUDE ws.inc\n', ['x.example. 3600 A 5.5.5.5', 'x.example. 3600 A 9.9.9.9']],
    ['nests, paths relative to the base', '$INCLUDE nest.inc\n',
      ['i1.example. 3600 A 1.1.1.1', 'i2.other.example. 3600 A 2.2.2.2', 'i2.other.example. 3600 A 2.2.2.3', 'k.example. 99 A 3.3.3.3']],
  ])('%s', (_n, text, want) => {
    expect(snippet(text, opts)).toEqual(want);
  });

  it.each([
    ['$INCLUDE nonexist\n', "e.zone:5:10: file not found 'nonexist'"],
    ['$INCLUDE bad.inc\n', "bad.inc:2:7: bad dotted quad '1.2.3'"],
    ['$INCLUDE a.inc sub junk\n', "e.zone:5:20: extra input text 'junk'"],
    ['$INCLUDE\n', 'e.zone:5:9: unexpected end of line'],
  ])('%j fails as %s', (text, want) => {
    expect(error(BASE + text, opts)).toBe(want);
  });

  it('parseZoneFile resolves includes against the file folder', () => {
    const recs = [...parseZoneFile(join(HERE, 'data', 'parser-main.zone'), { origin: 'example.' })];
    expect(recs.map((r) => `${r.name} ${r.source.file}:${r.source.line}`)).toEqual([
      'example. ' + join(HERE, 'data', 'parser-main.zone') + ':2',
      'a.example. ' + join(HERE, 'data', 'parser-main.zone') + ':3',
      'inc.sub.example. parser-inc.zone:1',
    ]);
  });
});

describe('$GENERATE (BIND 9.18 ARM)', () => {
  it('expands lazily, so a huge range streams', () => {
    const it = parseZone(BASE + '$GENERATE 0-2000000000 h$ A 10.0.0.1\n', { origin: 'example.', file: 'f' });
    const names: string[] = [];
    for (const r of it) {
      names.push(r.name);
      if (names.length === 6) break;
    }
    expect(names.slice(3)).toEqual(['h0.example.', 'h1.example.', 'h2.example.']);
  });

  it('reports extra text on the directive after the records it made', () => {
    const got: string[] = [];
    let err = '';
    try {
      for (const r of parseZone(BASE + '$GENERATE 1-2 h$ A 10.0.0.$ junk\n', { origin: 'example.', file: 'f' })) got.push(r.name);
    } catch (e) {
      err = (e as LocatedError).format();
    }
    expect(err).toBe("f:5:29: extra input text 'junk'");
    expect(got.slice(3)).toEqual(['h1.example.', 'h2.example.']);
  });

  it('expands ranges, steps and modifiers as BIND does', () => {
    expect(snippet([
      '$GENERATE 1-3 h$ A 1.2.3.$',
      '$GENERATE 1-10/4 ${2,3,x}h 300 IN CNAME g${-1,2,o}.${0,4,X}',
      '$GENERATE 0-2 ${0,0,n}.rev PTR ${0,0,N}',
      '$GENERATE 1-2 \\$x$$ TXT "a$"',
      '$GENERATE 26-27 a${0,3,n} A 1.1.1.$',
      '$GENERATE 255-256 b${0,0,x} IN 5 A 1.1.1.1',
      '$GENERATE 1-2 c$ MX "10 h$"',
      '$GENERATE 300-300 g${0,5,n} A 1.1.1.1',
      '$GENERATE 1-2 ${1} A 1.1.1.$',
    ].join('\n') + '\n')).toEqual([
      'h1.example. 3600 A 1.2.3.1', 'h2.example. 3600 A 1.2.3.2', 'h3.example. 3600 A 1.2.3.3',
      '003h.example. 300 CNAME g00.0001.example.', '007h.example. 300 CNAME g04.0005.example.', '00bh.example. 300 CNAME g10.0009.example.',
      '0.rev.example. 3600 PTR 0.example.', '1.rev.example. 3600 PTR 1.example.', '2.rev.example. 3600 PTR 2.example.',
      '\\$x\\$.example. 3600 TXT "a1"', '\\$x\\$.example. 3600 TXT "a2"',
      'aa.1.example. 3600 A 1.1.1.26', 'ab.1.example. 3600 A 1.1.1.27',
      'bff.example. 5 A 1.1.1.1', 'b100.example. 5 A 1.1.1.1',
      'c1.example. 3600 MX 10 h1.example.', 'c2.example. 3600 MX 10 h2.example.',
      'gc.2.1.example. 3600 A 1.1.1.1',
      '2.example. 3600 A 1.1.1.1', '3.example. 3600 A 1.1.1.2',
    ]);
  });
});

/**
 * Errors: each expected line is the one `named-checkzone example e.zone` (BIND 9.18) names
 * for the same file (BASE + snippet); BIND's message is in the comment where it differs in form.
 */
describe('errors at the line BIND names', () => {
  it.each<[string, string]>([
    ['x FOO 1.2.3.4', "e.zone:5:3: unknown RR type 'FOO'"],
    ['x A 192.168.244.300', "e.zone:5:5: bad dotted quad '192.168.244.300'"],
    ['x A 1.2.3', "e.zone:5:5: bad dotted quad '1.2.3'"],
    ['x A 01.2.3.4', "e.zone:5:5: bad dotted quad '01.2.3.4'"],
    ['x AAAA 2001:db8:::1', "e.zone:5:8: bad IPv6 address '2001:db8:::1'"],
    ['x 1hx A 1.2.3.4', "e.zone:5:3: unknown RR type '1hx'"], // a bad TTL reads as a type
    ['x 4294967296 A 1.2.3.4', "e.zone:5:3: unknown RR type '4294967296'"],
    ['a 1h30 A 1.1.1.1', "e.zone:5:3: unknown RR type '1h30'"],
    ['$TTL 1hx', "e.zone:5:6: bad ttl '1hx'"], // BIND: "bad ttl" without a line
    ['$TTL 1h 5', "e.zone:5:9: extra input text '5'"],
    ['$TTL', 'e.zone:5:5: unexpected end of line'],
    ['x A ( 1.2.3.4', 'e.zone:5:14: unbalanced parentheses'],
    ['x A 1.2.3.4 )', 'e.zone:5:13: unbalanced parentheses'],
    ['x A ( 1.2.3.4\ny A 1.2.3.5\nz A 1.2.3.6', "e.zone:5:14: extra input text 'y'"],
    ['x A 1.2.3.4\n(\nfoo A 1.2.3.4', 'e.zone:7:14: unbalanced parentheses'],
    ['x A 300.1.1.1 (', "e.zone:5:5: bad dotted quad '300.1.1.1'"],
    ['x MX ( 10', 'e.zone:6:1: unbalanced parentheses'],
    ['x TXT (\n"abc" ; c\n\nxyz', 'e.zone:9:1: unbalanced parentheses'],
    ['x TXT "abc', 'e.zone:5:7: unbalanced quotes'],
    ['x TXT (\n"abc\n', 'e.zone:6:1: unbalanced quotes'],
    ['x TXT \\"a b"', 'e.zone:5:12: unbalanced quotes'],
    ['a'.repeat(64) + ' A 1.2.3.4', `e.zone:5:1: label too long '${'a'.repeat(64)}'`],
    ['x CNAME ' + 'a'.repeat(64), `e.zone:5:9: label too long '${'a'.repeat(64)}'`],
    ['x CNAME ' + Array(64).fill('abc').join('.'), `e.zone:5:9: name too long '${Array(64).fill('abc').join('.')}'`],
    ['x\\999 A 1.2.3.4', "e.zone:5:1: bad escape 'x\\999'"],
    ['x CNAME \\1ab', "e.zone:5:9: bad escape '\\1ab'"],
    ['x CNAME a..b', "e.zone:5:9: empty label 'a..b'"],
    ['x TXT "\\1"', 'e.zone:5:7: syntax error \'"\\1"\''],
    ['x TXT "' + 'a'.repeat(256) + '"', `e.zone:5:7: syntax error '"${'a'.repeat(256)}"'`],
    ['x MX 10', 'e.zone:5:8: unexpected end of input'],
    ['x SOA', 'e.zone:5:6: unexpected end of input'],
    ['x TXT', 'e.zone:5:6: unexpected end of input'],
    ['x', 'e.zone:5:2: unexpected end of line'],
    ['x A 1.2.3.4 5', "e.zone:5:13: extra input text '5'"],
    ['x HINFO a b c', "e.zone:5:13: extra input text 'c'"],
    ['x MX abc foo', "e.zone:5:6: not a valid number 'abc'"],
    ['x MX 70000 foo', "e.zone:5:6: out of range '70000'"],
    ['x MX 10 "foo"', 'e.zone:5:9: unexpected token \'"foo"\''],
    ['x SOA ns root (\n1\n2\n3x\n4\n5 )', "e.zone:7:2: syntax error '3x'"],
    ['@ SOA ns root 1h 2 3 4 5', "e.zone:5:15: not a valid number '1h'"],
    ['x MX (\n10\n\n) 1.2.3.4.5\\999', "e.zone:6:3: bad escape '1.2.3.4.5\\999'"],
    ['x MX (\n10\n\n)', 'e.zone:6:3: unexpected end of input'],
    ['$FOO bar', "e.zone:5:1: unknown $ directive '$FOO'"],
    // $DATE as named-checkzone 9.18 answers each (fixtures/broken 36-40).
    ['$DATE', 'e.zone:5:6: unexpected end of line'],
    ['$DATE 2026010100000', "e.zone:5:7: syntax error '2026010100000'"],
    ['$DATE "20260101000000"', 'e.zone:5:7: syntax error \'"20260101000000"\''],
    ['$DATE 20261301000000', "e.zone:5:7: out of range '20261301000000'"],
    ['$DATE 20260230000000', "e.zone:5:7: out of range '20260230000000'"],
    ['$DATE 19691231235959', "e.zone:5:7: $DATE outside epoch '19691231235959'"],
    ['$DATE 21060207062816', "e.zone:5:7: $DATE outside epoch '21060207062816'"],
    ['$DATE 20260101000000 x', "e.zone:5:22: extra input text 'x'"],
    ['$GENERATE 1-x h$ A 1.2.3.$', "e.zone:5:1: invalid range '1-x'"],
    ['$GENERATE 3-1 q$ A 1.1.1.1', "e.zone:5:1: invalid range '3-1'"],
    ['$GENERATE 1-2/0 x$ A 1.1.1.1', "e.zone:5:1: invalid range '1-2/0'"],
    ['$GENERATE 1-2 x$ FOO 1.1.1.1', "e.zone:5:1: unknown RR type 'FOO'"],
    ['$GENERATE 1-2 ${1,2,z} A 1.1.1.$', "e.zone:5:1: syntax error '${1,2,z} 1.1.1.$'"],
    ['$GENERATE 1-2 x$ A 1.1.1.${300}', "e.zone:5:1: bad dotted quad '1.1.1.301'"],
    ['$GENERATE 10-11 ${0,2,N}.z A 1.1.1.1', "e.zone:5:1: empty label '${0,2,N}.z'"],
    ['$GENERATE 1-2 x$ A', 'e.zone:5:19: unexpected end of line'],
    ['$GENERATE 1-2 c$ MX 10 h$', "e.zone:5:1: unexpected end of input '10'"], // rhs is one token
    ['x CH A 1.2.3.4', "e.zone:5:1: class 'CH' != zone class 'IN'"],
    ['x (\nCH A 1.1.1.1 )', "e.zone:5:1: class 'CH' != zone class 'IN'"],
    ['x A 1.1.1.1\n ( \n FOO 1 )', "e.zone:6:1: unknown RR type 'FOO'"],
    ['x (\n300\n\nFOO 1 )', "e.zone:5:1: unknown RR type 'FOO'"],
    ['x TYPE65280 \\# 3 abcd', 'e.zone:5:22: unexpected end of input'],
    ['x TYPE65280 \\# 2 abcdef', 'e.zone:5:24: ran out of space'],
    ['x TYPE65280 \\# 65536 01', "e.zone:5:16: out of range '65536'"], // BIND: near '01'
    ['x TYPE65280 \\# 0 01', "e.zone:5:18: extra input text '01'"],
    ['x TYPE65280 abc', "e.zone:5:13: unknown class/type 'abc'"],
    ['x A \\# 3 010203', 'e.zone:5:16: unexpected end of input'],
    ['x A \\# 4 0102030', 'e.zone:5:17: unexpected end of input'],
    ['x (\n300\n\nTYPE1 \\# 5 01 )', 'e.zone:8:14: unexpected end of input'],
    ['x ( 300\n\nTYPE1 \\# 4 01020304 ) ( 5 )', "e.zone:7:25: extra input text '5'"],
    ['x DS 1 2 2 0102', 'e.zone:5:16: unexpected end of input'],
    ['x DS 1 2 1 ' + '01'.repeat(21), 'e.zone:5:54: bad hex encoding'],
    ['x DS 1 2 1 ' + '01'.repeat(20) + ' 01', "e.zone:5:53: extra input text '01'"],
    ['x SSHFP 1 1 01', 'e.zone:5:15: unexpected end of input'],
    ['x CAA 0 iss-ue "a"', "e.zone:5:9: syntax error 'iss-ue'"],
    ['x CAA 256 issue "a"', "e.zone:5:7: out of range '256'"],
    ['x CAA 0 issue a b', "e.zone:5:17: extra input text 'b'"],
    ['x NAPTR 1 2 a b c d', "e.zone:5:17: syntax error 'c'"],
    ['x ANY 1.2.3.4', "e.zone:5:7: unknown RR type '1.2.3.4'"], // ANY reads as a class first
    ['x IN IN A 1.1.1.1', "e.zone:5:6: unknown RR type 'IN'"],
    ['x 5 6 A 1.1.1.1', "e.zone:5:5: unknown RR type '6'"],
    ['x MD foo', "e.zone:5:1: type 'MD': obsolete"],
    ['x OPT \\# 0', "e.zone:5:1: type 'OPT': invalid use of a meta type"],
    ['  $TTL 5', "e.zone:5:3: unknown RR type '$TTL'"],
  ])('%j', (text, want) => {
    expect(error(BASE + text + '\n')).toBe(want);
  });

  // A file that ends right after a directive, without a newline (a file cut while written):
  // master.c's EXPECTEOL takes only an end of line, so named-checkzone 9.18 says
  // "FILE:LINE: extra input text" at the directive's line.
  it.each<[string, string]>([
    ['$TTL 6', 'e.zone:5:7: extra input text'],
    ['$TTL 6   ', 'e.zone:5:10: extra input text'],
    ['$ORIGIN sub', 'e.zone:5:12: extra input text'],
    ['$DATE 20260101000000', 'e.zone:5:21: extra input text'],
    ['$GENERATE 1-2 h$ A 1.2.3.$', 'e.zone:5:27: extra input text'],
  ])('%j at the end of the file', (text, want) => {
    expect(error(BASE + text)).toBe(want);
  });

  it('warns like BIND about an NS that looks like an address', () => {
    const w: Warning[] = [];
    snippet('x NS 1.2.3.4\n', {}, w);
    expect(w).toEqual([{ file: 'e.zone', line: 5, col: 1, message: "NS record '1.2.3.4' appears to be an address" }]);
  });

  it('warns like BIND about a blank owner right after $ORIGIN', () => {
    const w: Warning[] = [];
    expect(snippet('x A 1.1.1.1\n$ORIGIN sub.example.\n  A 1.1.1.2\n  A 1.1.1.3\n', {}, w)).toEqual(['x.example. 3600 A 1.1.1.1', 'x.example. 3600 A 1.1.1.2', 'x.example. 3600 A 1.1.1.3']);
    expect(w).toEqual([{ file: 'e.zone', line: 7, col: 1, message: 'record with inherited owner (x.example) immediately after $ORIGIN (sub.example)' }]);
  });

  it('rejects a blank owner before any owner', () => {
    expect(error('$TTL 1\n  A 1.1.1.1\n')).toBe('e.zone:2:1: no current owner name');
  });
});

describe('property: any input yields records or one LocatedError', () => {
  const pieces = [
    'a', 'x.', '@', ' ', '\t', '\n', '(', ')', '"', ';', '\\', '\\0', '\\999', '$TTL', '$ORIGIN', '$INCLUDE', '$GENERATE',
    '1-3', '${0,2,n}', '$', 'IN', 'CH', '300', '1h', 'A', 'AAAA', 'MX', 'TXT', 'SOA', 'CAA', 'NAPTR', 'DS', 'TYPE65280',
    '\\#', '4', '1.2.3.4', '::1', 'abcd', '10', 'issue', '.', '..', 'é', '\r\n',
  ];
  it('never throws anything else (fuzzed with zone-file pieces)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = BASE + parts.join('');
        try {
          for (const r of parseZone(text, { origin: 'example.', file: 'f', readFile: () => 'a A 1.1.1.1\n' })) {
            expect(Buffer.isBuffer(r.rdata)).toBe(true);
            rdataToText(r.type, r.rdata);
          }
        } catch (e) {
          if (!(e instanceof LocatedError)) throw e;
          expect(e.line).toBeGreaterThan(0);
          expect(e.col).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
