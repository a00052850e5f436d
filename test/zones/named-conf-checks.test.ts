import { describe, expect, it } from 'vitest';
import { readNamedConf } from '../../src/zones/named-conf.js';
import { isBase64 } from '../../src/zones/named-conf/check-content.js';

/** Every error, formatted, as named-checkconf prints each (messages measured against named-checkconf 9.18). */
const errors = (text: string) => readNamedConf(text, 'n.conf', { readFile: () => { throw new Error('ENOENT'); } }).errors.map((e) => e.format());

describe('named.conf checks (as named-checkconf 9.18)', () => {
  it.each([
    ['options {\n port 99999;\n};', "n.conf:2:7: port '99999' out of range"],
    ['options { tcp-clients 4294967296; };', 'n.conf:1:23: out of range'],
    ['options { tcp-clients abc; };', "n.conf:1:23: expected number near 'abc'"],
    ['options { recursion "yes"; };', `n.conf:1:21: boolean expected near '"'`],
    ['options { lame-ttl 5x; };', "n.conf:1:20: expected ISO 8601 duration or TTL value near '5x'"],
    ['options { notify-source 1.2.3; };', "n.conf:1:25: expected IPv4 address or '*' near '1.2.3'"],
    ['options { forwarders { 1::2::3; }; };', "n.conf:1:24: expected IP address near '1::2::3'"],
    ['acl a { 10.0.0.1/8; }; options { allow-query { a; }; };', "n.conf:1:18: '10.0.0.1/8': address/prefix length mismatch"],
    ['acl a { 10.0.0.0/33; };', "n.conf:1:18: invalid prefix length '33'"],
    ['zone "a" { type "primary"; file "a"; };', `n.conf:1:17: expected unquoted string near '"'`],
    ['options { directory /tmp; };', "n.conf:1:21: expected quoted string near '/'"],
    ['options { dnsrps-enable yes; };', "n.conf:1:11: option 'dnsrps-enable' was not enabled at compile time"],
    ['options { match-clients { any; }; };', "n.conf:1:11: unknown option 'match-clients'"],
    ['zone "a" { type hint; file "x"; allow-query { any; }; };', "n.conf:1:33: option 'allow-query' is not allowed in 'hint' zone 'a'"],
    ['zone "a" { type secondary; };', "n.conf:1:1: zone 'a': missing 'primaries' entry"],
    ['zone "a" { type redirect; file "x"; };', 'n.conf:1:1: redirect zones must be called "."'],
    ['view v { };\nzone "b" { type primary; file "b"; };', "n.conf:2:1: when using 'view' statements, all zones must be in views"],
    ['view v { };\nview v { };', "n.conf:2:1: view 'v': already exists previous definition: n.conf:1"],
    // A zone file two zones name while one writes it (a dynamic primary, a secondary): views too.
    ['view a { zone "e" { type primary; file "s.db"; allow-update { any; }; }; };\nview b {\n  zone "e" {\n    type primary;\n    file "s.db";\n  };\n};',
      "n.conf:5:5: writeable file 's.db': already in use: n.conf:1"],
    ['options { allow-update { any; }; };\nzone "x" { type primary; file "s.db"; };\nzone "y" { type primary; file "s.db"; };', "n.conf:3:26: writeable file 's.db': already in use: n.conf:2"],
    ['options { allow-query { nope; }; };', "n.conf:1:25: undefined ACL 'nope'"],
    ['acl a { b; }; acl b { a; }; options { blackhole { a; }; };', "n.conf:1:23: acl loop detected: a"],
    ['acl a { any; };\nacl a { none; };', "n.conf:2:1: attempt to redefine acl 'a' previous definition: n.conf:1"],
    ['acl none { any; };', "n.conf:1:1: attempt to redefine builtin acl 'none'"],
    ['key k { algorithm hmac-sha256; };', "n.conf:1:1: key 'k' must have both 'secret' and 'algorithm' defined"],
    ['key k { algorithm hmac-sha3; secret "YQ=="; };', "n.conf:1:9: unknown algorithm 'hmac-sha3'"],
    ['key k { algorithm hmac-sha256; secret "YR=="; };', "n.conf:1:32: bad secret 'bad base64 encoding'"],
    ['server 192.0.2.1 { keys nokey; };', "n.conf:1:25: unknown key 'nokey'"],
    ['controls { inet * allow { any; } keys { nokey; }; };', "n.conf:1:41: unknown key 'nokey'"],
    ['zone "a" { type secondary; primaries { nolist; }; };', "n.conf:1:40: unable to find primaries list 'nolist'"],
    ['primaries p { 192.0.2.1; };\nmasters p { 192.0.2.2; };', "n.conf:2:1: primaries list 'p' is duplicated: also defined at n.conf:1"],
    ['options { listen-on tls t { any; }; };', "n.conf:1:25: tls 't' is not defined"],
    ['logging { channel c { file "f"; stderr; }; };', "n.conf:1:11: channel 'c': exactly one of file, syslog, null, and stderr must be present"],
    ['logging { category nosuch { null; }; };', "n.conf:1:11: undefined category: 'nosuch'"],
    ['logging { category default { nochan; }; };', "n.conf:1:30: undefined channel: 'nochan'"],
    ['options { check-names primary warn; check-names master fail; };', "n.conf:1:11: 'check-names' cannot take both 'primary' and 'master'"],
    ['options { auto-dnssec maintain; };', 'n.conf:1:11: auto-dnssec may only be activated at the zone level'],
    ['zone "a" { type primary; file "a"; allow-update { any; }; update-policy local; };', "n.conf:1:59: zone 'a': 'allow-update' is ignored when 'update-policy' is present"],
    ['view a { };\nview b { zone "x" { in-view a; }; };', "n.conf:2:10: 'in-view' zone 'x' does not exist in view 'a', or view 'a' is not yet defined"],
    ['zone "s" { type static-stub; server-names { "ns.s"; }; };', "n.conf:1:1: server-name 'ns.s' must not be a subdomain of zone name 's'"],
    ['trust-anchors { . initial-key 257 3 8 "AwEAAa=="; };', 'n.conf:1:39: bad base64 encoding'],
    ['trust-anchors { . static-ds 1 8 2 "0g"; };', 'n.conf:1:35: bad hex encoding'],
    ['dnssec-policy "default" { };', "n.conf:1:1: dnssec-policy name may not be 'insecure', 'none', or 'default' (which are built-in policies)"],
    ['zone "a" { type primary; file "a"; dnssec-policy nope; };', "n.conf:1:36: zone 'a': option 'dnssec-policy nope' has no matching dnssec-policy config"],
    ['options { dnssec-policy default; };\nzone "a" { type primary; file "a"; };', "n.conf:1:11: 'inline-signing yes;' must also be configured explicitly for zones using dnssec-policy without a configured 'allow-update' or 'update-policy'"],
    ['tls t { cert-file "c"; };', "n.conf:1:1: tls 't': 'cert-file' and 'key-file' must both be specified, or both omitted"],
    ['options { query-source address * port 53; };', "n.conf:1:11: 'query-source' cannot specify the DNS listener port (53)"],
    ['statistics-channels { inet 127.0.0.1 port 99999; };', "n.conf:1:43: port '99999' out of range"],
  ])('%j -> %s', (text, expected) => {
    expect(errors(text)[0]).toBe(expected);
  });

  it('accepts every value form the manual gives', () => {
    expect(
      errors(
        'options { max-cache-size 50%; max-journal-size 1G; lame-ttl P1DT2H; max-cache-ttl 1w2d; fetch-quota-params 100 0.1 0.3 0.7; ' +
          'query-source address *; notify-source-v6 *; allow-query { !10/8; fe80::1%eth0; ::/0; key "k"; { localhost; }; }; ' +
          'avoid-v4-udp-ports { range 1 1023; 5353; }; dialup notify-passive; transfer-source 192.0.2.1 port 53; notify-source * port * dscp 1; };\n' +
          'dnssec-policy p { keys { csk lifetime unlimited algorithm ed25519; }; };\nzone "s" { type primary; file "s"; dnssec-policy p; inline-signing yes; };\n' +
          'zone "u" { type primary; file "u"; update-policy { grant k zonesub ANY; grant * self * A AAAA; }; };\n' +
          'plugin query "x.so" { anything { goes } here; };',
      ),
    ).toEqual([]);
  });

  it('reports every check error, each once', () => {
    expect(errors('options { allow-query { a; }; allow-transfer { a; }; };\nzone "x" { type primary; };')).toEqual([
      "n.conf:2:1: zone 'x': missing 'file' entry",
      "n.conf:1:25: undefined ACL 'a'",
      "n.conf:1:48: undefined ACL 'a'",
    ]);
  });

  it.each([
    ['c2VjcmV0', true],
    ['YQ==', true],
    ['YR==', false], // bits left over by the padding must be zero
    ['YWI=', true],
    ['YWJ=', false],
    ['YWJj ZGVm', true],
    ['YWJ', false],
    ['not base64!', false],
  ])('base64 %j is %s (RFC 4648 4)', (s, ok) => {
    expect(isBase64(s)).toBe(ok);
  });
});
