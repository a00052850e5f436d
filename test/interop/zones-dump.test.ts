/**
 * labnet check-zone against named-checkzone (BIND 9.18) on this machine:
 * 1. `--dump` is byte-identical to `named-checkzone -i local -D -o -` (tabs and spaces
 *    included) for the lab and conformance zones and a corpus of edge cases (canonical
 *    order RFC 4034 6.1, RDATA order 6.3, duplicates, TTL 0 columns, long names).
 * 2. For each corpus file both accept or both reject, with the same messages: BIND's
 *    `FILE:LINE: msg` / `dns_master_load: FILE:LINE: msg` against labnet's
 *    `FILE:LINE:COL: msg` (same line), and BIND's unlocated `zone X/IN: msg` against
 *    labnet's located one (message only).
 * 3. named.conf texts: labnet's reader accepts and rejects what `named-checkconf` does,
 *    naming the same line.
 * `-i local`: the default `full` mode asks the system resolver about out-of-zone names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseNamedConf } from '../../src/zones/named-conf.js';
import { isLocatedError } from '../../src/util/located-error.js';
import { labnetCheckzone, namedCheckzone } from './helpers/checkzone-run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const H = '$TTL 300\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 10.0.0.1\n';

/** name -> zone text (origin example.com). */
const CORPUS: Record<string, string> = {
  'order-and-dups': H + 'ns A 10.0.0.3\nns A 10.0.0.2\nns A 10.0.0.1\nns 0 A 10.0.0.9\nx 0 A 1.2.3.4\nx AAAA ::1\nx TXT "a"\nx TXT "A"\ny MX 10 Mail\ny MX 10 mail\nmail A 1.1.1.1\naveryveryveryveryveryverylongname.thatgoesonandon.andon A 1.1.1.1\na.b.c.d A 1.1.1.1\n',
  'canonical-names': H + '*.w A 1.1.1.1\n_ldap._tcp SRV 0 100 389 ns\n140 PTR ns\n2 PTR ns\nZ.a TXT "z"\nzabc.a TXT "x"\n\\001 TXT "x"\n\\200 TXT "x"\nB TXT "b"\n',
  'case-kept': H + 'WWW A 1.1.1.1\nwww TXT "second spelling"\nc CNAME FOO.org.\n',
  'two-soa': H + '@ SOA ns hm 2 2 3 4 5\n',
  'soa-not-apex': H + 'sub SOA ns hm 2 2 3 4 5\n',
  'no-ns': '$TTL 300\n@ IN SOA ns hostmaster 1 2 3 4 5\nns A 10.0.0.1\n',
  'no-soa': '$TTL 300\n@ NS ns\nns A 10.0.0.1\n',
  'cname-other': H + 'w CNAME ns\nw A 1.1.1.1\n',
  'other-cname': H + 'w A 1.1.1.1\nw CNAME ns\n',
  'two-cnames': H + 'w CNAME ns\nw CNAME x\n',
  'dup-cname': H + 'c CNAME foo.org.\nc CNAME FOO.org.\n',
  'two-dnames': H + 'd DNAME foo.org.\nd DNAME bar.org.\n',
  'ns-no-address': H + '@ NS ns2\n',
  'ns-ent': H + '@ NS b\na.b A 1.1.1.1\n',
  'ns-cname': H + '@ NS ns2\nns2 CNAME ns\n',
  'ns-dname': H + '@ NS x.d\nd DNAME foo.org.\n',
  'ns-wildcard': H + '@ NS x.w\n*.w A 1.1.1.1\n',
  'ns-aaaa': H + '@ NS ns6\nns6 AAAA ::1\n',
  'mx-no-address': H + '@ MX 10 mail\nx MX 10 Mail2\n',
  'mx-cname': H + '@ MX 10 mail\nmail CNAME ns\n',
  'srv-no-address': H + '_a._tcp SRV 0 0 1 srvh\n',
  'srv-cname': H + '_a._tcp SRV 0 0 1 srvh\nsrvh CNAME ns\n',
  'null-mx-srv': H + '@ MX 0 .\n_s._tcp SRV 0 0 0 .\n',
  'deleg-required-glue': H + 'sub NS ns.sub\nsub NS ns.other.org.\n',
  'deleg-glue': H + 'sub NS ns.sub\nns.sub A 1.1.1.1\n@ MX 1 mx.sub\n@ MX 2 Mx3\n',
  'deleg-in-zone': H + 'sub NS NS2\nsub NS ns\n',
  'deleg-sibling': H + 'sub NS ns.sub2\nsub2 NS ns.sub2\nns.sub2 A 1.1.1.1\nsub3 NS ns.sub4\nsub4 NS x.org.\n',
  'deleg-cname': H + 'sub NS alias\nalias CNAME ns\n',
  'apex-ns-into-deleg': H + '@ NS ns.sub\nsub NS ns.sub\n',
  'out-of-zone': H + 'foo.org. A 1.1.1.1\nns.foo.org. A 1.1.1.1\n',
  'ttl-mismatch': H + 'x 10 A 1.1.1.1\nx 20 A 1.1.1.2\nx 20 A 1.1.1.3\nx 10 A 1.1.1.4\n',
  'ttl-dup': H + 'x 10 A 1.1.1.1\nx 20 A 1.1.1.1\n',
  'ttl-max': H + 'x 2147483648 A 1.1.1.1\ny 2147483647 A 1.1.1.1\n',
  'soa-ttl': H + '@ 100 SOA ns hostmaster 1 2 3 4 5\n',
  'class-ch': H + 'x CH A 1.1.1.1\n',
  'ent-only': H + 'a.b.c A 1.1.1.1\n',
  'check-names-owners': H + '_bad A 1.1.1.1\n_m MX 10 ns\n_w AAAA ::1\n*.w A 1.1.1.1\n*.w MX 1 ns\nab-.x A 1.1.1.1\n-ab.y A 1.1.1.1\na-b.z A 1.1.1.1\ngc._msdcs.a_b A 1.1.1.1\ngc._msdcs.ab A 1.1.1.1\nsp\\032ace A 1.1.1.1\n',
  'check-names-targets': '$TTL 300\n@ IN SOA n_s host_master 1 2 3 4 5\n@ NS ns\n@ NS n_s2\nns A 10.0.0.1\nn_s2 TXT "x"\nx MX 10 _mx\n_mx TXT "x"\n_s._tcp SRV 0 0 1 _t\n_t TXT "x"\n1.2 PTR _p\nr RP a_b.x _c\nk KX 1 _k\nc CNAME _x\n',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-zones-dump-'));
  for (const [name, text] of Object.entries(CORPUS)) writeFileSync(join(dir, `${name}.db`), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bind = namedCheckzone;
const labnet = labnetCheckzone;

/** BIND's messages as `LINE: msg` (located) or `msg`; its summary lines dropped. */
function bindMessages(out: string): string[] {
  return out.split('\n').flatMap((l) => {
    if (l === '' || l === 'OK' || / failed: /.test(l) || /file does not end with newline/.test(l)) return [];
    const m = /^(?:dns_master_load: )?[^\s:]+:(\d+): (.*)$/.exec(l);
    return [m ? `${m[1]}: ${m[2]}` : l];
  });
}

/** labnet's messages in the same shape: the column dropped, BIND's unlocated ones unlocated. */
function labnetMessages(out: string): string[] {
  return out.split('\n').flatMap((l) => {
    if (l === '' || l === 'OK') return [];
    const m = /^[^\s:]+:(\d+):\d+: (.*)$/.exec(l);
    if (!m) return [l];
    return [m[2].startsWith('zone ') ? m[2] : `${m[1]}: ${m[2]}`];
  });
}

describe('check-zone --dump is byte-identical to named-checkzone -D -o -', () => {
  it('check-names in a reverse zone: PTR targets', () => {
    writeFileSync(join(dir, 'rev.db'), H + '1 PTR _p\n2 PTR ok.example.\n');
    const b = bind(['2.0.192.in-addr.arpa', 'rev.db'], dir);
    const l = labnet(['2.0.192.in-addr.arpa', 'rev.db'], dir);
    expect(labnetMessages(l.stdout)).toEqual(bindMessages(b.stdout + b.stderr));
  });

  const fixtures: [string, string][] = [
    ['lab.local', 'fixtures/lab/direct'],
    ['244.168.192.in-addr.arpa', 'fixtures/lab/inverse'],
    ['conf.test', 'fixtures/conformance/conf.test.db'],
    ['other.test', 'fixtures/conformance/other.test.db'],
    ['2.0.192.in-addr.arpa', 'fixtures/conformance/reverse.db'],
  ];
  it.each(fixtures)('%s (%s)', (zone, file) => {
    // Both run in the zone's folder, so relative $INCLUDEs resolve alike.
    const cwd = dirname(resolve(ROOT, file));
    const b = bind(['-D', '-o', '-', zone, basename(file)], cwd);
    expect(b.code).toBe(0);
    const l = labnet([zone, basename(file), '--dump'], cwd);
    expect(l.code).toBe(0);
    expect(l.stdout).toBe(b.stdout);
  });

  it.each(Object.keys(CORPUS))('corpus %s: same verdict, messages and dump', (name) => {
    const file = `${name}.db`;
    const b = bind(['example.com', file], dir);
    const l = labnet(['example.com', file], dir);
    expect(l.code === 0).toBe(b.code === 0);
    expect(labnetMessages(l.code === 0 ? l.stdout : l.stderr)).toEqual(bindMessages(b.stdout + b.stderr));
    if (b.code === 0) {
      const bd = bind(['-D', '-o', '-', 'example.com', file], dir);
      expect(labnet(['example.com', file, '--dump'], dir).stdout).toBe(bd.stdout);
    }
  });
});

/** named.conf texts; the zone files need not exist (named-checkconf without -z). */
const CONFS: Record<string, string> = {
  lab: 'options { directory "."; recursion no; allow-query { any; }; };\nzone "lab.local" { type master; file "direct"; };\n',
  comments: '# shell\noptions { directory "."; /* multi\nline */ recursion no; };\n// c++\nzone "a.example" IN { type primary; file "db.a"; };\nzone b.example in { type MASTER; file "db.b"; };\n',
  'other-statements': 'acl trusted { 10.0.0.0/8; };\ncontrols { inet 127.0.0.1 port 953 allow { localhost; } keys { "rndc-key"; }; };\nkey "rndc-key" { algorithm hmac-sha256; secret "c2VjcmV0"; };\nzone "s.example" { type slave; masters { 192.0.2.1; }; file "s.db"; };\nzone "p.example" { type master; file "p.db"; };\n',
  'missing-semicolon-brace': 'options { directory "/tmp" }\n',
  'missing-semicolon-zone': 'options { directory "/tmp"; }\nzone "a" { type master; file "x"; };\n',
  'missing-semicolon-eof': 'options { directory "/tmp"; };\nzone "a" { type master; file "x"; }\n',
  'unclosed-block': 'zone "a" { type master; file "x"; };\nzone "b" {\n',
  'no-file': 'zone "a" { type master; };\n',
  'bad-type': 'zone "a" { type bogus; file "x"; };\n',
  'unknown-statement': 'options { };\nbogus { yes; };\n',
  'class-ch': 'zone "a" IN { type master; file "x"; };\nzone "b" CH { type hint; file "y"; };\n',
  'duplicate-zone': 'zone "a" { type master; file "x"; };\nzone "a" { type master; file "y"; };\n',
  'file-twice': 'zone "a" { type primary; file "x"; file "y"; };\n',
  'unterminated-comment': 'options { directory "/tmp"; };\n/* unterminated\n',
  'empty-statement': 'zone "a" { type primary; file "db.a"; };;\n',
  'empty-statement-nested': 'options { directory "."; ; };\n',
  'include-missing': 'options { };\ninclude "nonexist.conf";\n',
};

describe('named.conf reader against named-checkconf', () => {
  it.each(Object.keys(CONFS))('%s: same verdict and line', (name) => {
    const file = join(dir, `${name}.conf`);
    writeFileSync(file, CONFS[name]);
    const r = spawnSync('named-checkconf', [`${name}.conf`], { cwd: dir, encoding: 'utf8' });
    const bindLine = /^[^\s:]+:(\d+): /.exec(r.stdout + r.stderr)?.[1];
    let ours: string | undefined;
    let ourLine: string | undefined;
    try {
      parseNamedConf(CONFS[name], file);
    } catch (e) {
      if (!isLocatedError(e)) throw e;
      ours = e.format();
      ourLine = String(e.line);
    }
    expect({ rejected: ours !== undefined, line: ourLine }).toEqual({ rejected: r.status !== 0, line: r.status !== 0 ? bindLine : undefined });
  });
});
