import { afterAll, describe, expect, it } from 'vitest';
import { tmpTree } from '../util/tmp-tree.js';
import { join } from 'node:path';
import { checkZoneCommand } from '../../src/cli/check-zone.js';
import { checkNamedConfCommand } from '../../src/cli/check-named-conf.js';
import { dumpZone } from '../../src/zones/dump.js';
import { loadZoneFile } from '../../src/zones/load.js';

const tree = tmpTree('labnet-check-zone-');
const { dir, write } = tree;
afterAll(() => tree.remove());

const HEAD = '$TTL 300\n@ IN SOA ns hostmaster 7 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n';

describe('labnet check-zone (as named-checkzone)', () => {
  it('prints "loaded serial" and OK for the lab zone, exit 0', () => {
    expect(checkZoneCommand(['lab.local', 'fixtures/lab/direct'])).toEqual({ code: 0, stdout: 'zone lab.local/IN: loaded serial 3\nOK\n', stderr: '' });
    expect(checkZoneCommand(['lab.local.', 'fixtures/lab/direct']).stdout).toBe('zone lab.local/IN: loaded serial 3\nOK\n');
  });

  it('--dump: the zone alone on stdout, messages on stderr (as -D -o -)', () => {
    const r = checkZoneCommand(['244.168.192.in-addr.arpa', 'fixtures/lab/inverse', '--dump']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(dumpZone(loadZoneFile('244.168.192.in-addr.arpa', 'fixtures/lab/inverse')));
    expect(r.stdout.split('\n')[0]).toBe('244.168.192.in-addr.arpa.\t\t      604800 IN\tSOA\tns.lab.local. root.lab.local. 3 604800 86400 2419200 604800');
    expect(r.stderr).toBe('zone 244.168.192.in-addr.arpa/IN: loaded serial 3\nOK\n');
  });

  it('prints warnings before "loaded serial"', () => {
    const p = write('w.db', HEAD + 'x 10 A 192.0.2.2\nx 20 A 192.0.2.3\n@ MX 10 mail\n');
    const r = checkZoneCommand(['example.com', p]);
    expect(r.code).toBe(0);
    expect(r.stdout.replaceAll(dir, 'DIR')).toBe(
      [
        'DIR/w.db:6:1: TTL set to prior TTL (10)',
        "DIR/w.db:7:1: zone example.com/IN: example.com/MX 'mail.example.com' has no address records (A or AAAA)",
        'zone example.com/IN: loaded serial 7',
        'OK',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['CNAME and other data', HEAD + 'w CNAME ns\nw A 192.0.2.9\n', 'DIR/e.db:6:1: w.example.com: CNAME and other data'],
    ['a syntax error from the parser', HEAD + 'x A 300.1.1.1\n', undefined],
    ['NS without address', HEAD + '@ NS ns2.example.com.\n', "DIR/e.db:5:1: zone example.com/IN: NS 'ns2.example.com' has no address records (A or AAAA)"],
  ])('fails with FILE:LINE:COL and exit 1: %s', (_what, text, first) => {
    const p = write('e.db', text);
    const r = checkZoneCommand(['example.com', p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.replaceAll(dir, 'DIR').split('\n');
    if (first) expect(lines[0]).toBe(first);
    else expect(lines[0]).toMatch(/^DIR\/e\.db:5:\d+: /);
    expect(lines.slice(1)).toEqual(['zone example.com/IN: not loaded due to errors.', '']);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('a missing file', () => {
    expect(checkZoneCommand(['example.com', join(dir, 'nope.db')]).stderr.replaceAll(dir, 'DIR')).toBe(
      'DIR/nope.db:1:1: zone example.com/IN: loading from master file DIR/nope.db failed: file not found\nzone example.com/IN: not loaded due to errors.\n',
    );
  });

  it.each([[[]], [['example.com']], [['a', 'b', 'c']], [['--bogus', 'a', 'b']], [['-J']], [['a', 'b', '-J']]])('usage error for %j', (args) => {
    expect(checkZoneCommand(args)).toEqual({ code: 1, stdout: '', stderr: 'usage: labnet check-zone [-j | -J JOURNAL] ZONE FILE [--dump]\n' });
  });
});

describe('labnet check-conf for a named.conf (as named-checkconf [-z])', () => {
  it('with -z loads every zone of the lab named.conf, relative to the working directory (its directory ".")', () => {
    expect(checkNamedConfCommand('fixtures/lab/named.conf', { loadZones: true, cwd: 'fixtures/lab' })).toEqual({
      code: 0,
      stdout: 'zone lab.local/IN: loaded serial 3\nzone 244.168.192.in-addr.arpa/IN: loaded serial 3\n',
      stderr: '',
    });
  });

  it('without -z reads no zone file, as named-checkconf', () => {
    const p = write('nz/named.conf', 'zone "example.com" { type primary; file "absent.db"; };\n');
    expect(checkNamedConfCommand(p, { cwd: join(dir, 'nz') })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(checkNamedConfCommand(p, { cwd: join(dir, 'nz'), loadZones: true }).code).toBe(1);
  });

  it('reports a conf syntax error', () => {
    const p = write('bad/named.conf', 'options { directory "." }\n');
    expect(checkNamedConfCommand(p)).toEqual({ code: 1, stdout: '', stderr: `${p}:1:25: missing ';' before '}'\n` });
  });

  it('tries every zone, reports each failure, warns about ignored statements', () => {
    write('two/zones/good.db', HEAD);
    write('two/zones/bad.db', HEAD + '@ NS ns2\n');
    const p = write('two/named.conf', [
      'options { directory "zones"; };',
      'logging { channel x { stderr; }; };',
      'zone "bad.example" { type master; file "bad.db"; };',
      'zone "good.example" { type primary; file "good.db"; };',
      'zone "sec.example" { type secondary; primaries { 192.0.2.1; }; };',
      '',
    ].join('\n'));
    const r = checkNamedConfCommand(p, { loadZones: true, cwd: join(dir, 'two') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('zone good.example/IN: loaded serial 7\n');
    expect(r.stderr.replaceAll(dir, 'DIR')).toBe([
      'DIR/two/named.conf: accepted but not applied by labnet: logging',
      "DIR/two/zones/bad.db:5:1: zone bad.example/IN: NS 'ns2.bad.example' has no address records (A or AAAA)",
      'zone bad.example/IN: not loaded due to errors.',
      '',
    ].join('\n'));
  });

  it('fails a zone on check-names, as named does for a primary (named-checkzone only warns)', () => {
    write('cn/zone.db', HEAD + '_bad A 192.0.2.9\n');
    const p = write('cn/named.conf', 'zone "example.com" { type master; file "zone.db"; };\n');
    expect(checkNamedConfCommand(p, { loadZones: true, cwd: join(dir, 'cn') }).stderr.replaceAll(dir, 'DIR')).toBe(
      'DIR/cn/zone.db:5:1: _bad.example.com: bad owner name (check-names)\nzone example.com/IN: not loaded due to errors.\n',
    );
    expect(checkZoneCommand(['example.com', join(dir, 'cn/zone.db')]).code).toBe(0);
  });

  it('a missing named.conf', () => {
    expect(checkNamedConfCommand(join(dir, 'none.conf')).stderr.replaceAll(dir, 'DIR')).toBe('DIR/none.conf: file not found\n');
  });
});
