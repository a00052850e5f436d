/**
 * named.conf files written from named.conf(5) of BIND 9.18 (every statement, every zone
 * type, views, includes), good and broken, for test/interop/named-checkconf.test.ts.
 * Each case is a named.conf, the other files it needs (includes, zone files; paths
 * relative to the folder named-checkconf runs in), and whether to check it with `-z`.
 */
export interface ConfCase {
  conf: string;
  files?: Record<string, string>;
  z?: boolean;
}

const ZONE = '$TTL 1h\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.80\n';
const KEY = 'key "tsig" { algorithm hmac-sha256; secret "c2VjcmV0c2VjcmV0c2VjcmV0"; };\n';

const good: Record<string, ConfCase> = {
  'shared-file-read-only': {
    conf: 'zone "x" { type primary; file "same.db"; allow-update { none; }; };\nzone "y" { type primary; file "same.db"; };\nzone "z" { type primary; file "./same.db"; allow-update { any; }; };\n',
  },
  'shared-file-views-read-only': { conf: 'view one {\n  match-clients { 127.0.0.2; };\n  zone "e" { type primary; file "same.db"; };\n};\nview two {\n  zone "e" { type primary; file "same.db"; };\n};\n' },
  'views-own-files-dynamic': { conf: 'view one {\n  match-clients { 127.0.0.2; };\n  zone "e" { type primary; file "one.db"; allow-update { any; }; };\n};\nview two {\n  zone "e" { type primary; file "two.db"; allow-update { any; }; };\n};\n' },
  'options-many': {
    conf: `options {
  directory ".";
  pid-file none;
  listen-on port 5300 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  allow-query { any; };
  allow-query-on { 127.0.0.1; };
  allow-transfer port 53 { none; };
  allow-update { none; };
  allow-notify { 192.0.2.1; };
  allow-recursion { localnets; localhost; };
  blackhole { 198.51.100.0/24; !198.51.100.7; };
  notify explicit;
  also-notify port 5353 { 192.0.2.2; 2001:db8::2 port 54; };
  notify-source 192.0.2.53;
  notify-source-v6 *;
  transfer-source *;
  query-source address *;
  rrset-order { class IN type A name "example.com" order fixed; type MX order cyclic; order random; };
  minimal-responses no-auth-recursive;
  minimal-any yes;
  answer-cookie yes;
  cookie-algorithm siphash24;
  dnssec-validation auto;
  max-cache-size 50%;
  max-cache-ttl 1w;
  lame-ttl 10m;
  max-ncache-ttl PT3H;
  max-journal-size unlimited;
  max-ixfr-ratio 30%;
  max-zone-ttl unlimited;
  check-names primary warn;
  check-names secondary ignore;
  check-names response ignore;
  check-mx warn;
  check-integrity yes;
  edns-udp-size 1232;
  max-udp-size 1232;
  tcp-clients 150;
  tcp-idle-timeout 300;
  transfers-in 10;
  transfer-format many-answers;
  version none;
  hostname "ns.example";
  server-id hostname;
  zone-statistics full;
  fetches-per-zone 0 drop;
  fetch-quota-params 100 0.1 0.3 0.7;
  prefetch 2 9;
  sig-validity-interval 30 7;
  response-padding { any; } block-size 128;
  forwarders port 53 { 192.0.2.9; 2001:db8::9 port 5353; };
  forward first;
  dual-stack-servers port 53 { "ds.example" port 53; 192.0.2.10; };
  deny-answer-addresses { 10.0.0.0/8; } except-from { "example.net"; };
  deny-answer-aliases { "example.org"; };
  disable-algorithms "example." { RSAMD5; };
  disable-empty-zone "10.in-addr.arpa";
  dns64 64:ff9b::/96 { clients { any; }; exclude { ::ffff:0:0/96; }; suffix ::; };
  rate-limit { responses-per-second 10; window 5; exempt-clients { 127.0.0.1; }; };
  response-policy { zone "rpz.example" policy nxdomain; } break-dnssec no;
  catalog-zones { zone "cat.example" default-primaries { 192.0.2.1; } in-memory yes; };
  avoid-v4-udp-ports { range 1 1023; 5353; };
  stale-answer-enable no;
  stale-answer-client-timeout off;
  serial-query-rate 20;
  max-records 0;
  qname-minimization relaxed;
  ixfr-from-differences primary;
  dialup no;
  masterfile-format text;
  masterfile-style relative;
  key-directory ".";
  validate-except { "corp"; };
  trust-anchor-telemetry yes;
  http-port 80;
  tls-port 853;
  port 53;
};
zone "rpz.example" { type primary; file "rpz.db"; };
zone "cat.example" { type primary; file "cat.db"; };
`,
  },
  'every-statement': {
    conf: `${KEY}acl "inside" { 10.0.0.0/8; 172.16/12; "localnets"; !key tsig; { 192.168.0.0/16; }; };
controls {
  inet 127.0.0.1 port 953 allow { localhost; } keys { "tsig"; } read-only no;
  inet * port * allow { inside; };
  unix "/run/named/ctl" perm 0600 owner 0 group 0 keys { tsig; };
};
dnssec-policy "pol" {
  dnskey-ttl 1h;
  keys { ksk key-directory lifetime unlimited algorithm ecdsap256sha256; zsk lifetime P90D algorithm 13 256; };
  max-zone-ttl 1d;
  nsec3param iterations 0 optout no salt-length 0;
  parent-ds-ttl 1d;
  parent-propagation-delay 1h;
  publish-safety 1h;
  purge-keys P90D;
  retire-safety 1h;
  signatures-refresh 5d;
  signatures-validity 14d;
  signatures-validity-dnskey 14d;
  zone-propagation-delay 5m;
};
http "doh" { endpoints { "/dns-query"; }; listener-clients 100; streams-per-connection 50; };
tls "tlsconf" { cert-file "cert.pem"; key-file "key.pem"; ca-file "ca.pem"; protocols { TLSv1.2; TLSv1.3; }; ciphers "HIGH"; prefer-server-ciphers yes; session-tickets no; remote-hostname "ns.example"; };
logging {
  channel "file_log" { file "named.log" versions 3 size 10m suffix increment; severity dynamic; print-time iso8601-utc; print-category yes; print-severity yes; buffered no; };
  channel syslog_log { syslog daemon; severity debug 3; };
  channel quiet { null; };
  channel err { stderr; severity warning; };
  category default { file_log; syslog_log; };
  category lame-servers { quiet; };
  category queries { err; default_syslog; };
};
parental-agents "parents" port 53 { 192.0.2.30; 2001:db8::30 key tsig; };
primaries "prims" port 5353 { 192.0.2.40; 192.0.2.41 port 53 key "tsig"; };
masters "old-prims" { prims; 192.0.2.42; };
server 192.0.2.50 { bogus no; edns yes; edns-udp-size 1232; keys tsig; transfers 5; transfer-format one-answer; request-ixfr yes; tcp-only no; padding 64; };
server 2001:db8::/64 { bogus yes; };
statistics-channels { inet 127.0.0.1 port 8053 allow { 127.0.0.1; }; inet ::1; };
trust-anchors { "." initial-key 257 3 8 "AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU="; "example." static-ds 12345 13 2 "8bd4d3a4e6c2d55f8a5a4c58f0b0f4cc9b0e6d6f6f1c2e5d0e4c2f7a1b3c5d7e"; };
plugin query "filter-aaaa.so" { filter-aaaa-on-v4 yes; };
options { directory "."; };
zone "example" { type primary; file "example.db"; dnssec-policy pol; inline-signing yes; parental-agents { parents; }; };
zone "sec.example" { type secondary; primaries { prims; old-prims; 192.0.2.43; }; file "sec.bk"; };
`,
  },
  'zone-types': {
    conf: `${KEY}zone "p.example" { type primary; file "p.db"; allow-update { key tsig; }; notify yes; also-notify { 192.0.2.1; }; check-names warn; max-journal-size 10m; journal "p.jnl"; serial-update-method unixtime; update-check-ksk no; zone-statistics terse; };
zone "m.example" IN { type master; file "m.db"; update-policy { grant tsig zonesub ANY; grant "local-ddns" name m.example. A AAAA TXT; deny * wildcard *.m.example. ANY; }; };
zone "u.example" { type primary; file "u.db"; update-policy local; };
zone "s.example" { type secondary; primaries port 53 { 192.0.2.2 key tsig; }; file "s.bk"; masterfile-format raw; notify no; allow-notify { 192.0.2.2; }; min-refresh-time 60; request-expire yes; try-tcp-refresh yes; };
zone "sl.example" { type slave; masters { 192.0.2.3; }; file "sl.bk"; };
zone "." { type hint; file "root.hints"; };
zone "stub.example" { type stub; primaries { 192.0.2.4; }; file "stub.bk"; multi-master yes; };
zone "ss.example" { type static-stub; server-addresses { 192.0.2.5; 2001:db8::5; }; server-names { "ns.other.example"; }; };
zone "f.example" { type forward; forward only; forwarders { 192.0.2.6; 2001:db8::6 port 5353; }; };
zone "root-servers.net" { type mirror; primaries { 192.0.2.7; }; file "mirror.db"; };
`,
  },
  'redirect-zone': { conf: 'zone "." { type redirect; file "redirect.db"; allow-query { any; }; };\n' },
  'mirror-root': { conf: 'zone "." { type mirror; };\n' },
  'views': {
    conf: `${KEY}acl internal { 10/8; 192.168/16; };
view "internal" IN {
  match-clients { internal; !key tsig; };
  match-destinations { any; };
  recursion yes;
  allow-query { internal; };
  rrset-order { order fixed; };
  key "viewkey" { algorithm hmac-sha512; secret "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"; };
  server 192.0.2.99 { keys viewkey; };
  zone "example" { type primary; file "internal.db"; };
  zone "10.in-addr.arpa" { type primary; file "10.db"; };
};
view "external" {
  match-clients { key tsig; any; };
  match-recursive-only no;
  recursion no;
  minimal-responses yes;
  zone "example.com" { type primary; file "external.db"; allow-transfer { key tsig; }; };
  zone "example" { in-view "internal"; };
  zone "10.in-addr.arpa" { in-view internal; };
};
view "chaos" CH {
  match-clients { any; };
  zone "bind" CH { type primary; file "bind.db"; allow-query { localhost; }; };
};
`,
  },
  'includes': {
    conf: 'include "inc/options.conf";\ninclude "inc/zones.conf";\n',
    files: {
      'inc/options.conf': '// options\noptions {\n  directory ".";\n  recursion no;\n};\n',
      'inc/zones.conf': '/* zones */\nzone "example" { type primary; file "example.db"; };\ninclude "inc/more.conf";\n',
      'inc/more.conf': 'zone "example.org" { type primary; file "org.db"; };\n',
    },
  },
  'include-in-block': {
    conf: 'options {\n  include "opts.conf";\n  recursion no;\n};\n',
    files: { 'opts.conf': 'directory ".";\nallow-query { any; };\n' },
  },
  'include-after-directory': {
    conf: 'options { directory "d"; };\ninclude "in-d.conf";\n',
    files: { 'd/in-d.conf': 'acl x { any; };\n' },
  },
  'comments-and-case': {
    conf: '# shell\n// c++\n/* c\n multi */ OPTIONS { Directory "."; RECURSION No; };\nZone "Example.COM." in { TYPE Primary; File "x.db"; };\n',
  },
  'managed-and-trusted-keys': {
    conf: 'managed-keys { "." initial-key 257 3 8 "AwEAAQ=="; };\ntrusted-keys { "example." 257 3 13 "AwEAAQ=="; };\n',
  },
  'deprecated-and-obsolete': {
    conf: 'options { dscp 10; random-device "/dev/urandom"; glue-cache yes; heartbeat-interval 60; };\nzone "d.example" { type delegation-only; };\n',
  },
  'dlz-and-dyndb': {
    conf: 'dlz "ldap" { database "ldap 1 v3 simple {cn=x} {} 127.0.0.1"; search no; };\ndyndb "sample" "sample.so" { example.com. 10.0.0.1; };\n',
  },
  'keys-algorithms': {
    conf: ['hmac-md5', 'hmac-sha1', 'hmac-sha224', 'hmac-sha384', 'hmac-sha512', 'hmac-sha256-128', 'HMAC-MD5.SIG-ALG.REG.INT'].map((a, i) => `key k${i} { algorithm ${a}; secret "c2VjcmV0"; };`).join('\n') + '\n',
  },
  'empty': { conf: '' },
  'only-comments': { conf: '// nothing here\n/* at all */\n# really\n' },
  'lab-zones-z': {
    conf: 'options { directory "."; };\nzone "example" { type primary; file "example.db"; };\nzone "0.2.192.in-addr.arpa" { type master; file "rev.db"; };\n',
    files: { 'example.db': ZONE, 'rev.db': '$TTL 1h\n@ SOA ns.example. h.example. 5 1 1 1 1\n@ NS ns.example.\n53 PTR ns.example.\n' },
    z: true,
  },
  'views-z': {
    conf: 'view a { zone "example" { type primary; file "example.db"; }; };\nview b { zone "example" { type primary; file "example.db"; }; zone "s.example" { type secondary; primaries { 192.0.2.1; }; file "absent.bk"; }; };\n',
    files: { 'example.db': ZONE },
    z: true,
  },
  'directory-z': {
    conf: 'options { directory "zones"; };\nzone "example" { type primary; file "example.db"; };\n',
    files: { 'zones/example.db': ZONE },
    z: true,
  },
};

const bad: Record<string, ConfCase> = {
  'unknown-option': { conf: 'options {\n  directory ".";\n  frobnicate yes;\n};\n' },
  'unknown-statement': { conf: 'options { directory "."; };\n\nfrobnicate { yes; };\n' },
  'option-wrong-context': { conf: 'options {\n  match-clients { any; };\n};\n' },
  'view-option-in-options': { conf: 'view v {\n  directory ".";\n};\n' },
  'missing-semicolon': { conf: 'options {\n  directory "."\n};\n' },
  'missing-semicolon-eof': { conf: 'zone "a" { type primary; file "a.db"; }\n' },
  'unbalanced-brace': { conf: 'zone "a" {\n  type primary;\n  file "a.db";\n' },
  'extra-brace': { conf: 'options { directory "."; };\n};\n' },
  'unbalanced-quote': { conf: 'options {\n  directory ".;\n};\n' },
  'unterminated-comment': { conf: 'options { directory "."; };\n/* open\n\n' },
  'bad-boolean': { conf: 'options {\n  recursion perhaps;\n};\n' },
  'bad-integer': { conf: 'options {\n  tcp-clients many;\n};\n' },
  'integer-overflow': { conf: 'options {\n  tcp-clients 4294967296;\n};\n' },
  'port-range': { conf: 'options {\n  listen-on port 70000 { any; };\n};\n' },
  'bad-duration': { conf: 'options {\n  max-cache-ttl forever;\n};\n' },
  'bad-ipv4': { conf: 'options {\n  notify-source 192.0.2;\n};\n' },
  'bad-ip-forwarder': { conf: 'options {\n  forwarders { 192.0.2.1; 1::2::3; };\n};\n' },
  'bad-prefix-length': { conf: 'acl a { 192.0.2.0/33; };\n' },
  'prefix-mismatch': { conf: 'options {\n  allow-query { 192.0.2.1/24; };\n};\n' },
  'bad-enum': { conf: 'options {\n  dnssec-validation sometimes;\n};\n' },
  'quoted-enum': { conf: 'zone "a" {\n  type "primary";\n  file "a.db";\n};\n' },
  'unquoted-path': { conf: 'options {\n  directory /var/named;\n};\n' },
  'redefined-option': { conf: 'options {\n  recursion yes;\n  recursion no;\n};\n' },
  'options-twice': { conf: 'options { directory "."; };\noptions { recursion no; };\n' },
  'zone-no-type': { conf: 'zone "a" {\n  file "a.db";\n};\n' },
  'zone-bad-type': { conf: 'zone "a" {\n  type authoritative;\n};\n' },
  'primary-no-file': { conf: 'zone "ok" { type primary; file "ok.db"; };\nzone "a" {\n  type primary;\n};\n' },
  'secondary-no-primaries': { conf: '\nzone "a" { type secondary; file "a.bk"; };\n' },
  'stub-no-primaries': { conf: 'zone "a" { type stub; };\n' },
  'hint-not-allowed': { conf: 'zone "." {\n  type hint;\n  file "root.hints";\n  allow-query { any; };\n};\n' },
  'primary-with-primaries': { conf: 'zone "a" {\n  type primary;\n  file "a.db";\n  primaries { 192.0.2.1; };\n};\n' },
  'forward-with-file': { conf: 'zone "a" {\n  type forward;\n  forwarders { 192.0.2.1; };\n  file "a.db";\n};\n' },
  'static-stub-server-name-inside': { conf: 'zone "ss.example" {\n  type static-stub;\n  server-names {\n    "ns.ss.example";\n  };\n};\n' },
  'redirect-not-root': { conf: 'zone "a" { type redirect; file "a.db"; };\n' },
  'duplicate-zone': { conf: 'zone "a" { type primary; file "a.db"; };\nzone "A." { type primary; file "b.db"; };\n' },
  'duplicate-zone-in-view': { conf: 'view v {\n  zone "a" { type primary; file "a.db"; };\n  zone "a" { type primary; file "b.db"; };\n};\n' },
  'duplicate-view': { conf: 'view v { };\nview v { };\n' },
  'zones-outside-views': { conf: 'view v { zone "a" { type primary; file "a.db"; }; };\nzone "b" { type primary; file "b.db"; };\n' },
  'zone-class-mismatch': { conf: 'zone "a" CH { type primary; file "a.db"; };\n' },
  'undefined-acl': { conf: 'options {\n  allow-query {\n    trusted;\n  };\n};\n' },
  'undefined-acl-in-acl': { conf: 'acl a {\n  b;\n};\noptions { allow-query { a; }; };\n' },
  'undefined-acl-in-zone': { conf: 'zone "a" {\n  type primary;\n  file "a.db";\n  allow-transfer { nothere; };\n};\n' },
  'undefined-acl-match-clients': { conf: 'view v {\n  match-clients { nope; };\n};\n' },
  'acl-loop': { conf: 'acl a { b; };\nacl b { a; };\noptions { allow-query { a; }; };\n' },
  'acl-redefined': { conf: 'acl a { any; };\nacl a { none; };\n' },
  'acl-builtin-redefined': { conf: 'acl localhost { 127.0.0.1; };\n' },
  'key-no-secret': { conf: 'key k {\n  algorithm hmac-sha256;\n};\n' },
  'key-bad-algorithm': { conf: 'key k {\n  algorithm hmac-sha3;\n  secret "c2VjcmV0";\n};\n' },
  'key-bad-secret': { conf: 'key k {\n  algorithm hmac-sha256;\n  secret "not base64!";\n};\n' },
  'key-twice': { conf: `${KEY}${KEY}` },
  'server-unknown-key': { conf: 'server 192.0.2.1 {\n  keys nokey;\n};\n' },
  'controls-unknown-key': { conf: 'controls {\n  inet 127.0.0.1 allow { localhost; } keys { nokey; };\n};\n' },
  'unknown-primaries-list': { conf: 'zone "a" {\n  type secondary;\n  primaries { nolist; };\n};\n' },
  'unknown-also-notify-list': { conf: 'zone "a" {\n  type primary;\n  file "a.db";\n  also-notify { nolist; };\n};\n' },
  'primaries-twice': { conf: 'primaries p { 192.0.2.1; };\nprimaries p { 192.0.2.2; };\n' },
  'tls-undefined': { conf: 'options {\n  listen-on tls notls { any; };\n};\n' },
  'channel-two-destinations': { conf: 'logging {\n  channel c {\n    file "x.log";\n    syslog;\n  };\n};\n' },
  'channel-no-destination': { conf: 'logging {\n  channel c {\n    severity info;\n  };\n};\n' },
  'undefined-category': { conf: 'logging {\n  category bogus { default_syslog; };\n};\n' },
  'undefined-channel': { conf: 'logging {\n  category default {\n    nochannel;\n  };\n};\n' },
  'check-names-both': { conf: 'options {\n  check-names primary warn;\n  check-names master fail;\n};\n' },
  'auto-dnssec-global': { conf: 'options {\n  auto-dnssec maintain;\n};\n' },
  'update-policy-and-allow-update': { conf: 'zone "a" {\n  type primary;\n  file "a.db";\n  allow-update { any; };\n  update-policy local;\n};\n' },
  'writeable-file-two-views': {
    conf: 'view one {\n  match-clients { 127.0.0.2; };\n  zone "example" {\n    type primary;\n    file "same.db";\n    allow-update { any; };\n  };\n};\nview two {\n  zone "example" {\n    type primary;\n    allow-update { any; };\n    file "same.db";\n  };\n};\n',
  },
  'writeable-file-view-allow-update': { conf: 'view one {\n  allow-update { any; };\n  zone "a" { type primary; file "same.db"; };\n};\nview two {\n  zone "a" { type primary; file "same.db"; };\n};\n' },
  'writeable-file-options-allow-update': { conf: 'options { allow-update { 127.0.0.1; }; };\nzone "x" { type primary; file "same.db"; };\nzone "y" { type primary; file "same.db"; };\n' },
  'writeable-file-secondary': { conf: 'zone "x" { type primary; file "same.db"; };\nzone "y" {\n  type secondary;\n  primaries { 192.0.2.1; };\n  file "same.db";\n};\n' },
  'writeable-file-later-dynamic': { conf: 'zone "x" { type primary; file "same.db"; };\nzone "y" { type primary; file "same.db"; };\nzone "z" { type primary; file "same.db"; update-policy local; };\nzone "w" { type primary; file "same.db"; };\n' },
  'in-view-missing': { conf: 'view a { zone "x" { type primary; file "x.db"; }; };\nview b {\n  zone "y" { in-view a; };\n};\n' },
  'bad-trust-anchor': { conf: 'trust-anchors {\n  "." initial-key 257 3 8 "AwEAAa==";\n};\n' },
  'not-configured': { conf: 'options {\n  dnsrps-enable yes;\n};\n' },
  'missing-include': { conf: 'options { directory "."; };\ninclude "absent.conf";\n' },
  'error-in-include': { conf: 'include "inc.conf";\n', files: { 'inc.conf': 'acl a { any; };\n\noptions { bogus 1; };\n' } },
  'missing-directory': { conf: 'options {\n  directory "no-such-dir";\n};\n' },
  'empty-statement': { conf: 'options { directory "."; };;\n' },
  'empty-clause': { conf: 'options {\n  directory ".";\n  ;\n};\n' },
  'zone-missing-name': { conf: 'zone {\n  type primary;\n};\n' },
  'string-where-block': { conf: 'zone "a" "b" { type primary; file "a.db"; };\n' },
  'list-missing-semicolon': { conf: 'acl a {\n  192.0.2.1\n};\n' },
  'list-two-values': { conf: 'options {\n  allow-query { any none; };\n};\n' },
  'listen-on-order': { conf: 'options {\n  listen-on tls ephemeral port 853 { any; };\n};\n' },
  'zone-file-missing-z': { conf: 'zone "a" {\n  type primary;\n  file "absent.db";\n};\n', z: true },
  'zone-file-broken-z': {
    conf: 'options { directory "."; };\nzone "example" { type primary; file "broken.db"; };\n',
    files: { 'broken.db': ZONE + 'www CNAME other\n' },
    z: true,
  },
  'hint-missing-z': { conf: 'zone "." { type hint; file "no.hints"; };\n', z: true },
};

/**
 * One-statement files in the styles public named.conf files use (old `port` on source
 * addresses, Ubuntu's options, rndc keys, DLZ-free views, dnssec-policy, tls/http
 * listeners...), accepted or rejected as named-checkconf decides.
 */
const snippets: string[] = [
  "options { query-source address * port 53; };",
  "options { transfer-source 192.0.2.1 port 53; notify-source * port 53; };",
  "options { listen-on-v6 { any; }; auth-nxdomain no; };",
  "options { allow-transfer { key \"x\"; }; }; key \"x\" { algorithm hmac-md5; secret \"YWJjZA==\"; };",
  "server 192.0.2.1 { keys { k; }; }; key k { algorithm hmac-sha256; secret \"YWJjZA==\"; };",
  "include \"/etc/bind/rndc.key\";",
  "controls { inet 127.0.0.1 allow { 127.0.0.1; } keys { \"rndc-key\"; }; }; key \"rndc-key\" { algorithm hmac-sha256; secret \"YWJjZA==\"; };",
  "logging { channel c { file \"/var/log/x\" versions unlimited size 1g; }; category default { c; }; };",
  "zone \"x\" { type slave; masters { 192.0.2.1; }; file \"slaves/x\"; allow-transfer { none; }; };",
  "options { also-notify { pl; }; }; primaries pl { 192.0.2.1; };",
  "options { max-cache-size 512M; max-cache-size 1; };",
  "options { max-cache-size 512M; };",
  "options { cleaning-interval 60; };",
  "options { statistics-interval 60; };",
  "options { multiple-cnames yes; };",
  "options { version \"not telling\"; hostname none; server-id none; };",
  "options { listen-on port 53 { 127.0.0.1; 192.0.2.1; }; listen-on port 5353 { 127.0.0.1; }; };",
  "options { empty-zones-enable no; allow-query-cache { none; }; };",
  "options { dnssec-enable yes; };",
  "options { dnssec-lookaside auto; };",
  "options { zone-statistics yes; };",
  "view \"a\" { match-clients { 10/8; }; include \"/nonexistent.zones\"; };",
  "zone \"a\" { type primary; file \"a\"; notify yes; also-notify { 192.0.2.1 port 5353; }; };",
  "zone \"a\" { type master; file \"a\"; allow-update { key \"ddns\"; }; }; key ddns { algorithm hmac-sha512; secret \"YWJjZA==\"; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJjZA==\"; }; zone \"a\" { type master; file \"a\"; update-policy { grant k name a. A; grant k subdomain a. ANY; }; };",
  "zone \"a\" { type master; file \"a\"; update-policy { grant k zonesub; }; };",
  "zone \"a\" { type master; file \"a\"; update-policy { grant k wildcard *.a. A; }; };",
  // cookie-secret: hex, 128 bits for siphash24 (and for aes), several allowed; require-server-cookie.
  'options { cookie-secret "0123456789abcdef0123456789abcdef"; require-server-cookie yes; };',
  'options { cookie-secret "abcd"; require-server-cookie yes; };',
  'options { cookie-secret "0123456789abcdef0123456789abcdeg"; require-server-cookie yes; };',
  'options { cookie-secret "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"; require-server-cookie yes; };',
  'options { cookie-secret "0123456789ABCDEF0123456789abcdef"; require-server-cookie yes; };',
  'options { cookie-secret "0123456789abcdef0123456789abcde"; require-server-cookie yes; };',
  'options { cookie-secret "0123456789abcdef0123456789abcdef"; cookie-secret "fedcba9876543210fedcba9876543210"; };',
  'options { cookie-algorithm aes; cookie-secret "abcd"; };',
  'options { cookie-algorithm siphash24; cookie-secret "00"; };',
  // update-policy types with record limits (BIND 9.18: `A(5)`; a count up to 65535), good and bad.
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(5) TXT; }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k name a.x.test A(5); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub FOO(5); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(x); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(99999999999); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(0); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(65535); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(65536); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub a(3); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k name a.x.test FOO; }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k name FOO; }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub FOO BAR; }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k subdomain x.test A(3) FOO(2); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k self . A(70000); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(5)x; }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(+5); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A (5); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k zonesub A(-1); }; };",
  "key \"k\" { algorithm hmac-sha256; secret \"YWJj\"; }; zone \"x.test\" { type primary; file \"/dev/null\"; update-policy { grant k wildcard *.x.test TXT(1) ANY(2); }; };",
  "options { recursion yes; allow-recursion { any; }; };",
  "options { forwarders { 8.8.8.8; 8.8.4.4; }; forward only; };",
  "options { forwarders { }; };",
  "acl \"trusted\" { 192.168.0.0/24; localhost; localnets; }; options { allow-query { trusted; }; allow-recursion { trusted; }; };",
  "options { dnssec-validation yes; }; trust-anchors { };",
  "options { blackhole { bogon; }; }; acl bogon { 0.0.0.0/8; };",
  "options { rate-limit { responses-per-second 5; slip 0; log-only yes; }; };",
  // rate-limit's ranges (check_ratelimit): each at its value's line; a view's block, else the options'.
  "options { rate-limit { responses-per-second 1000; nxdomains-per-second 1000; slip 10; window 3600; qps-scale 1; ipv4-prefix-length 8; ipv6-prefix-length 64; min-table-size 0; max-table-size 1; }; };",
  "options { rate-limit { ipv6-prefix-length 65; }; };",
  "options {\n rate-limit {\n  responses-per-second\n 1001;\n };\n};",
  "options { rate-limit { all-per-second 5000; }; };",
  "options {\n rate-limit {\n  slip 11;\n  window 0;\n };\n};",
  "options { rate-limit { window 3601; }; };",
  "options { rate-limit { qps-scale 0; }; };",
  "options { rate-limit { ipv4-prefix-length 7; }; };",
  "options { rate-limit { ipv4-prefix-length 33; }; };",
  "options { rate-limit { ipv6-prefix-length 15; }; };",
  "options {\n rate-limit {\n  max-table-size 10;\n  min-table-size 20;\n };\n};",
  "options { rate-limit { max-table-size 499; }; };",
  "options {\n rate-limit { slip 20; };\n};\nview a {\n rate-limit { slip 3; };\n};\nview b {\n};",
  "options { rate-limit { slip 20; }; };\nview a {\n rate-limit {\n  window 0;\n };\n};",
  "zone \"1.168.192.in-addr.arpa\" { type master; file \"db.192\"; notify no; };",
  "zone \"x\" { type forward; forwarders { 192.0.2.1; }; forward only; };",
  "zone \"x\" { type forward; };",
  "zone \"x\" { type static-stub; };",
  "zone \"x\" { type stub; masters { 192.0.2.1; }; };",
  "zone \"x\" in { type master; file \"x\"; }; zone \"x\" chaos { type master; file \"y\"; };",
  "view v ch { zone \"bind\" { type master; file \"b\"; }; }; view w { zone \"bind\" { type master; file \"c\"; }; };",
  "options { sortlist { { localhost; { localnets; 192.168.1/24; }; }; }; };",
  "options { allow-query { any; }; }; options { };",
  "options { pid-file \"/run/named/named.pid\"; session-keyfile \"/run/named/session.key\"; };",
  "options { managed-keys-directory \"/var/cache/bind\"; bindkeys-file \"/etc/bind/bind.keys\"; };",
  "options { querylog yes; };",
  "logging { channel a { syslog local0; severity notice; }; channel b { file \"x\" suffix timestamp; print-time local; }; category queries { a; b; }; category xfer-in { null; }; };",
  "logging { channel a { stderr; severity dynamic; }; category default { a; }; category default { a; }; };",
  "dnssec-policy \"default\" { };",
  "dnssec-policy \"x\" { keys { csk lifetime unlimited algorithm ed25519; }; }; zone \"a\" { type master; file \"a\"; dnssec-policy x; inline-signing yes; };",
  "zone \"a\" { type master; file \"a\"; dnssec-policy nope; };",
  "zone \"a\" { type master; file \"a\"; dnssec-policy default; };",
  "zone \"a\" { type master; file \"a\"; key-directory \"k\"; auto-dnssec maintain; inline-signing yes; };",
  "options { listen-on { 127.0.0.1; } ; listen-on-v6 port 53 { ::1; }; };",
  "options { tcp-listen-queue 3; };",
  "options { edns-udp-size 100; };",
  "options { max-udp-size 70000; };",
  "options { notify-rate 20; startup-notify-rate 20; serial-query-rate 20; };",
  "options { lmdb-mapsize 1m; };",
  "options { max-clients-per-query 10; clients-per-query 100; };",
  "options { stale-answer-ttl 0; };",
  "options { sig-validity-interval 3 5; };",
  "options { check-names response warn; check-names response fail; };",
  "statistics-channels { inet 127.0.0.1 port 99999 allow { any; }; };",
  "controls { };",
  "controls { inet ::1 port 953 allow { ::1; }; };",
  "tls local { key-file \"k\"; cert-file \"c\"; }; options { listen-on port 853 tls local { any; }; };",
  "tls local { cert-file \"c\"; }; options { listen-on port 853 tls local { any; }; };",
  "http h { endpoints { \"/dns-query\"; }; }; options { listen-on port 443 tls ephemeral http h { any; }; };",
  "options { listen-on port 80 tls none http default { any; }; };",
  "primaries p { 192.0.2.1 tls ephemeral; }; zone \"a\" { type secondary; primaries { p; }; };",
  "zone \"a\" { type secondary; primaries { 192.0.2.1; }; file \"x\"; allow-update-forwarding { any; }; };",
  "zone \"a\" { type secondary; primaries { 192.0.2.1; }; allow-update { any; }; };",
  // key statements in views (BIND 9.18: a view's keys are its own plus the top level's; check.c):
  // one name twice in a scope or in a view and the top level, a key of another view, undefined keys in ACLs.
  'key "g" { algorithm hmac-sha256; secret "YWJj"; };\nview a {\n key "g" { algorithm hmac-sha256; secret "YWJj"; };\n};',
  'view a {\n key "k" { algorithm hmac-sha256; secret "YWJj"; };\n key "k" { algorithm hmac-sha256; secret "YWJj"; };\n};',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b { key "k" { algorithm hmac-sha512; secret "ZGVm"; }; };',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b { match-clients { key k; }; };',
  'view a {\n key "k" { algorithm hmac-sha256; secret "YWJj"; };\n match-clients { key zz; };\n};',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b { zone "x.test" { type primary; file "/dev/null"; allow-update { key k; }; update-policy { grant k zonesub ANY; }; }; };',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b { zone "x.test" { type primary; file "/dev/null"; update-policy { grant k zonesub ANY; }; }; };',
  'key "k" { algorithm hmac-sha256; secret "YWJj"; };\nview a { server 127.0.0.5 { keys k; }; };',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b {\n server 127.0.0.5 { keys k; };\n};',
  'view a {\n key "k" { algorithm hmac-sha256; secret "YWJj"; };\n server 127.0.0.5 { keys k; };\n};',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b {\n zone "x.test" { type secondary; primaries { 127.0.0.5 key k; }; };\n};',
  'view a {\n key "k" { algorithm hmac-sha256; secret "YWJj"; };\n zone "x.test" { type primary; file "/dev/null"; also-notify { 127.0.0.5 key k; }; };\n};',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\nview b {\n zone "x.test" { type primary; file "/dev/null"; also-notify { 127.0.0.5 key k; }; };\n};',
  'view a { key "k" { algorithm hmac-sha256; secret "YWJj"; }; };\ncontrols {\n inet 127.0.0.1 allow { 127.0.0.1; } keys { k; };\n};',
];

export const NAMED_CONF_CORPUS = { good, bad, snippets };
