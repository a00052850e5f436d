import { describe, expect, it } from 'vitest';
import { parseNamedConf, confBaseDir } from '../../src/zones/named-conf.js';
import { isLocatedError } from '../../src/util/located-error.js';
import { readFileSync } from 'node:fs';

const F = 'named.conf';

function err(text: string, files: Record<string, string> = {}): string {
  try {
    parseNamedConf(text, F, { baseDir: '/c', readFile: (p) => { if (p in files) return files[p]; throw new Error('ENOENT'); } });
  } catch (e) {
    if (isLocatedError(e)) return e.format();
    throw e;
  }
  return 'ok';
}

describe('named.conf grammar (BIND 9.18 ARM, configuration file grammar)', () => {
  it('reads the lab named.conf', () => {
    const text = readFileSync('fixtures/lab/named.conf', 'utf8');
    const c = parseNamedConf(text, 'fixtures/lab/named.conf');
    expect(c.directory).toBe('.');
    expect(c.zones).toEqual([
      { name: 'lab.local', type: 'master', file: 'direct', confFile: 'fixtures/lab/named.conf', line: 9, col: 1 },
      { name: '244.168.192.in-addr.arpa', type: 'master', file: 'inverse', confFile: 'fixtures/lab/named.conf', line: 14, col: 1 },
    ]);
    expect(c.warnings).toEqual([]);
  });

  it('handles every comment style, quoted strings with escapes, IN class, unquoted names', () => {
    const c = parseNamedConf(
      [
        '# shell comment',
        'options { directory "/var/named"; /* multi',
        'line */ recursion no; listen-on port 53 { 127.0.0.1; }; };',
        '// c++ comment',
        'zone "a.example" IN { type primary; file "db.\\"a\\""; allow-update { none; }; };',
        'zone b.example in { type MASTER; file "db.b"; };',
      ].join('\n'),
      F,
    );
    expect(c.directory).toBe('/var/named');
    expect(c.zones.map((z) => [z.name, z.type, z.file, z.line, z.col])).toEqual([
      ['a.example', 'primary', 'db."a"', 5, 1],
      ['b.example', 'master', 'db.b', 6, 1],
    ]);
  });

  it('accepts statements labnet does not apply, named once in one warning', () => {
    const c = parseNamedConf(
      [
        'acl trusted { 10.0.0.0/8; };',
        'controls { inet 127.0.0.1 port 953 allow { localhost; } keys { "rndc-key"; }; };',
        'key "rndc-key" { algorithm hmac-sha256; secret "c2VjcmV0"; };',
        'zone "s.example" { type slave; masters { 192.0.2.1; }; file "s.db"; };',
        '  zone "." { type hint; file "root.hints"; };',
        'zone "p.example" { type master; file "p.db"; };',
      ].join('\n'),
      F,
    );
    expect(c.warnings).toEqual(['named.conf: accepted but not applied by labnet: controls, zone type hint']);
    expect(c.zones.map((z) => z.name)).toEqual(['p.example']);
  });

  it('follows include, relative to the named.conf folder, with locations in the included file', () => {
    const files = { '/c/zones.conf': 'zone "x" { type master; file "x.db"; };\nzone "y" { type master; file "y.db" };' };
    expect(err('include "zones.conf";', files)).toBe("zones.conf:2:37: missing ';' before '}'"); // named by the include as written
    const ok = parseNamedConf('include "zones.conf";', F, { baseDir: '/c', readFile: () => 'zone "x" { type master; file "x.db"; };' });
    expect(ok.zones.map((z) => [z.name, z.confFile])).toEqual([['x', 'zones.conf']]);
  });

  // named-checkconf 9.18 wording; it names the line, labnet adds the column.
  it.each([
    ['options { directory "/tmp" }', "named.conf:1:28: missing ';' before '}'"],
    ['options { directory "/tmp"; }\nzone "a" { type master; file "x" }', "named.conf:2:1: missing ';' before 'zone'"],
    ['options { directory "/tmp"; };\nzone "a" { type master; file "x"; }\n', "named.conf:3:1: missing ';' before end of file"],
    ['zone "a" { type master; file "x"; };\nzone "b" {', "named.conf:2:11: '}' expected near end of file"],
    ['zone "a" { type master; };', "named.conf:1:1: zone 'a': missing 'file' entry"],
    ['zone "a" { file "x"; };', "named.conf:1:1: zone 'a': type not present"],
    ['zone "a" { type bogus; file "x"; };', "named.conf:1:17: 'bogus' unexpected"],
    ['bogus { yes; };', "named.conf:1:1: unknown option 'bogus'"],
    ['zone "b" CH { type hint; file "y"; };', "named.conf:1:10: zone 'b': class 'CH' does not match view/default class"],
    ['zone "a" { type master; file "x"; };\nzone "A." { type master; file "y"; };', "named.conf:2:1: zone 'A.': already exists previous definition: named.conf:1"],
    ['zone "a" { type primary; file "x"; file "y"; };', "named.conf:1:36: 'file' redefined near 'file'"],
    ['options { directory "/tmp"; };\n /* unterminated\n', 'named.conf:3:1: unexpected end of input'],
    ['zone "a { type master; file "x"; };', 'named.conf:1:36: unexpected end of input'],
    ['options { directory "a\n/b"; };\nzone "a" { type bogus; };', "named.conf:3:17: 'bogus' unexpected"],
    ['zone "a" { type master; file "x"; };;', "named.conf:1:37: syntax error near ';'"],
    ['options { directory "."; ; };', "named.conf:1:26: '}' expected near ';'"],
    ['include "nonexist.conf";', 'named.conf:1:9: open: nonexist.conf: file not found'],
    ['};', "named.conf:1:1: syntax error near '}'"],
    ['zone "a" "b" { type master; file "x"; };', `named.conf:1:10: '{' expected near '"'`],
    ['zone "a";', "named.conf:1:9: '{' expected near ';'"],
  ])('%j -> %s', (text, expected) => {
    expect(err(text)).toBe(expected);
  });

  it.each([
    ['/etc/bind/named.conf', undefined, '/etc/bind'],
    ['/etc/bind/named.conf', '.', '/etc/bind'],
    ['/etc/bind/named.conf', 'zones', '/etc/bind/zones'],
    ['/etc/bind/named.conf', '/var/cache/bind', '/var/cache/bind'],
  ])('zone paths of %s with directory %s resolve against %s', (conf, dir, base) => {
    expect(confBaseDir(conf, dir)).toBe(base);
  });
});
