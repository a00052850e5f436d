import { describe, expect, it } from 'vitest';
import { parseNamedConf } from '../../src/zones/named-conf.js';

const model = (text: string) => parseNamedConf(text, 'named.conf').model;

describe('named.conf model (BIND 9.18 ARM, Configuration Reference)', () => {
  it('reads options, acl, key, primaries and their address match lists (ARM "Address Match Lists")', () => {
    const m = model(
      [
        'options {',
        '  directory "/var/named"; port 5300; listen-on port 53 { 127.0.0.1; }; listen-on-v6 { none; };',
        '  allow-query { !10/8; key "k1"; { 192.0.2.0/24; ::1; }; trusted; }; blackhole { 198.51.100.7; };',
        '  allow-transfer port 53 { none; }; notify master-only; minimal-responses no-auth; minimal-any yes;',
        '  answer-cookie no; recursion no; rrset-order { type A name "www.example" order fixed; order cyclic; };',
        '};',
        'acl trusted { 192.0.2.0/24; };',
        'key "k1" { algorithm HMAC-SHA256; secret "c2VjcmV0"; };',
        'primaries ps port 5353 { 192.0.2.1; 2001:db8::1 port 54 key k1; };',
      ].join('\n'),
    );
    expect(m.options).toEqual({
      directory: '/var/named',
      port: 5300,
      listenOn: [{ port: 53, list: [{ kind: 'prefix', negated: false, family: 4, address: '127.0.0.1', prefixLength: 32 }] }],
      listenOnV6: [{ list: [{ kind: 'acl', negated: false, name: 'none' }] }],
      allowQuery: [
        { kind: 'prefix', negated: true, family: 4, address: '10.0.0.0', prefixLength: 8 },
        { kind: 'key', negated: false, name: 'k1' },
        {
          kind: 'nested',
          negated: false,
          list: [
            { kind: 'prefix', negated: false, family: 4, address: '192.0.2.0', prefixLength: 24 },
            { kind: 'prefix', negated: false, family: 6, address: '::1', prefixLength: 128 },
          ],
        },
        { kind: 'acl', negated: false, name: 'trusted' },
      ],
      blackhole: [{ kind: 'prefix', negated: false, family: 4, address: '198.51.100.7', prefixLength: 32 }],
      allowTransfer: [{ kind: 'acl', negated: false, name: 'none' }],
      notify: 'primary-only',
      minimalResponses: 'no-auth',
      minimalAny: true,
      answerCookie: false,
      recursion: false,
      rrsetOrder: [{ type: 'A', name: 'www.example', order: 'fixed' }, { order: 'cyclic' }],
    });
    expect(m.acls).toEqual([{ name: 'trusted', list: [{ kind: 'prefix', negated: false, family: 4, address: '192.0.2.0', prefixLength: 24 }], location: { file: 'named.conf', line: 7, col: 1 } }]);
    expect(m.keys).toEqual([{ name: 'k1', algorithm: 'hmac-sha256', secret: 'c2VjcmV0', location: { file: 'named.conf', line: 8, col: 1 } }]);
    expect(m.primaries).toEqual([
      { name: 'ps', port: 5353, servers: [{ address: '192.0.2.1' }, { address: '2001:db8::1', port: 54, key: 'k1' }], location: { file: 'named.conf', line: 9, col: 1 } },
    ]);
  });

  it('reads views in order with their zones, keys and match lists (ARM "view Block Grammar")', () => {
    const m = model(
      [
        'view "inside" {',
        '  match-clients { 10/8; }; match-destinations { 127.0.0.1; }; match-recursive-only no;',
        '  key vk { algorithm hmac-sha1; secret "YQ=="; };',
        '  zone "example" { type primary; file "inside.db"; allow-update { key vk; }; notify explicit; also-notify { 192.0.2.9; }; };',
        '};',
        'primaries ps { 192.0.2.1; };',
        'view "outside" CHAOS {',
        '  zone "bind" { type master; file "bind.db"; };',
        '  zone "sec" { type slave; masters port 99 { ps; 192.0.2.3; }; file "sec.bk"; };',
        '};',
      ].join('\n'),
    );
    expect(m.zones).toEqual([]);
    expect(m.views.map((v) => [v.name, v.class, v.zones.map((z) => [z.name, z.class, z.type, z.typeWritten, z.file])])).toEqual([
      ['inside', 'IN', [['example', 'IN', 'primary', 'primary', 'inside.db']]],
      ['outside', 'CH', [['bind', 'CH', 'primary', 'master', 'bind.db'], ['sec', 'CH', 'secondary', 'slave', 'sec.bk']]],
    ]);
    const [inside, outside] = m.views;
    expect(inside.matchClients).toEqual([{ kind: 'prefix', negated: false, family: 4, address: '10.0.0.0', prefixLength: 8 }]);
    expect(inside.matchDestinations).toEqual([{ kind: 'prefix', negated: false, family: 4, address: '127.0.0.1', prefixLength: 32 }]);
    expect(inside.matchRecursiveOnly).toBe(false);
    expect(inside.keys.map((k) => k.name)).toEqual(['vk']);
    expect(inside.zones[0]).toMatchObject({ allowUpdate: [{ kind: 'key', negated: false, name: 'vk' }], notify: 'explicit', alsoNotify: { servers: [{ address: '192.0.2.9' }] } });
    expect(outside.matchClients).toBeUndefined();
    expect(outside.zones[1].primaries).toEqual({ port: 99, servers: [{ list: 'ps' }, { address: '192.0.2.3' }] });
  });

  it('names as not applied only what serving does not use: views, ACLs, keys, access lists and response options are applied', () => {
    const c = parseNamedConf(
      [
        'options { directory "."; blackhole { 192.0.2.9; }; allow-query { any; }; allow-query-on { any; }; allow-transfer { none; };',
        '  rrset-order { order cyclic; }; minimal-responses yes; minimal-any yes; answer-cookie no; recursion no;',
        '  listen-on { 127.0.0.1; }; notify no; allow-update { none; }; };',
        'acl a { 10/8; };',
        'key k { algorithm hmac-sha256; secret "c2VjcmV0"; };',
        'view v { match-clients { a; key k; }; match-destinations { any; }; match-recursive-only no; recursion yes;',
        '  allow-query { a; }; rrset-order { order none; }; minimal-responses no;',
        '  zone "p" { type primary; file "p.db"; allow-query { any; }; allow-transfer { a; }; also-notify { 192.0.2.1; }; };',
        '  zone "s" { type secondary; primaries { 192.0.2.1; }; file "s.db"; }; };',
      ].join('\n'),
      'named.conf',
    );
    expect(c.warnings).toEqual([
      'named.conf: accepted but not applied by labnet: options { listen-on }, options { notify }, view { recursion yes }, zone { also-notify }',
    ]);
  });

  it('lists what it does not apply once, in one warning', () => {
    const c = parseNamedConf(
      'logging { channel c { stderr; }; }; options { dnssec-validation auto; };' +
        '\nzone "f" { type forward; forwarders { 192.0.2.1; }; };\nzone "h" { type hint; file "h"; };\nzone "h2" { type hint; file "h2"; };',
      'named.conf',
    );
    expect(c.warnings).toEqual(['named.conf: accepted but not applied by labnet: logging, options { dnssec-validation }, zone type forward, zone type hint']);
  });
});
