import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tmpTree } from '../util/tmp-tree.js';
import { confKind } from '../../src/cli/conf-kind.js';
import { checkConfCommand } from '../../src/cli/check-conf.js';

const tree = tmpTree('labnet-conf-kind-');
const { dir, write } = tree;
afterAll(() => tree.remove());

describe('check-conf tells named.conf from dhcpd.conf by statements, never by comments', () => {
  it.each([
    ['zone and options', 'options { directory "."; };\nzone "a" { type primary; file "a"; };\n', 'named'],
    ['comments mentioning zone "x" { in a dhcpd.conf', '# zone "x" { type primary; };\n// options {\nsubnet 10.0.0.0 netmask 255.0.0.0 { }\n', 'dhcpd'],
    ['named.conf with comments only about subnets', '/* subnet 10.0.0.0 netmask 255.0.0.0 */\nacl a { any; };\n', 'named'],
    ['dhcpd statements', 'default-lease-time 600;\noption domain-name "x";\nhost h { hardware ethernet 00:00:00:00:00:01; }\n', 'dhcpd'],
    ['a dhcpd.conf with a DDNS zone and key', 'key k { algorithm hmac-md5; secret "x"; };\nzone example. { primary 127.0.0.1; key k; }\nddns-update-style standard;\n', 'dhcpd'],
  ])('%s', (_, text, kind) => {
    expect(confKind(write(`k/${kind}-${text.length}.conf`, text), dir)).toBe(kind);
  });

  it('judges a file of includes by the files it includes, as Debian /etc/bind/named.conf', () => {
    write('deb/named.conf.options', 'options { directory "."; };\n');
    write('deb/dhcp-part.conf', 'subnet 10.0.0.0 netmask 255.0.0.0 { }\n');
    const named = write('deb/named.conf', '// This is the primary configuration file\ninclude "deb/named.conf.options";\n');
    const dhcp = write('deb/dhcpd.conf', '# includes only\ninclude "deb/dhcp-part.conf";\n');
    expect(confKind(named, dir)).toBe('named');
    expect(confKind(dhcp, dir)).toBe('dhcpd');
  });

  it('--named and --dhcpd force the kind; -z loads zones; flags checked', async () => {
    const f = write('force/x.conf', 'acl a { any; };\n');
    expect((await checkConfCommand(['--named', f])).code).toBe(0);
    expect((await checkConfCommand(['--dhcpd', f])).code).toBe(1); // `acl` is no dhcpd.conf statement
    expect((await checkConfCommand(['--named', '--dhcpd', f])).stderr).toBe('usage: labnet check-conf [--named|--dhcpd] [-z] [-p] FILE\n');
    expect((await checkConfCommand(['-q', f])).code).toBe(1);
    expect((await checkConfCommand([join(dir, 'absent.conf')])).stderr).toContain('file not found');
  });
});
