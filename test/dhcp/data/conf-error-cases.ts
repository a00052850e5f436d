/** dhcpd.conf error cases shared by test/dhcp/conf-errors.test.ts and test/interop/dhcpd-t.test.ts. */
/**
 * [what, config, labnet's exact error, what `dhcpd -t` 4.4.3 does with it]:
 *  same-line: rejects it naming the same line; no-line: rejects it without a line number;
 *  other-line: rejects it on another line; accepts: accepts it (labnet is stricter, see parser.ts).
 */
export type DhcpdVerdict = 'same-line' | 'no-line' | 'other-line' | 'accepts';
export const CONF_ERROR_CASES: Array<[string, string, string, DhcpdVerdict]> = [
  ['range outside its subnet', 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.1.20;\n}\n', 't.conf:2:19: bad range, address 10.0.1.20 not in subnet 10.0.0.0 netmask 255.255.255.0', 'no-line'],
  ['range outside its subnet (pool)', 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  pool {\n    range 10.0.9.1;\n  }\n}\n', 't.conf:3:11: bad range, address 10.0.9.1 not in subnet 10.0.0.0 netmask 255.255.255.0', 'no-line'],
  ['unknown statement', 'default-lease-time 600;\nfoo-bar 12;\n', "t.conf:2:1: unknown statement 'foo-bar'", 'same-line'],
  ['subnet number vs mask', 'subnet 10.0.0.1 netmask 255.255.255.0 { }\n', 't.conf:1:25: subnet 10.0.0.1 netmask 255.255.255.0: bad subnet number/mask combination', 'same-line'],
  ['bad MAC (hex)', 'host a { hardware ethernet 00:11:22:33:44:zz; }\n', "t.conf:1:28: bad MAC address '00:11:22:33:44:zz': six colon-separated hex octets expected", 'same-line'],
  ['bad MAC (5 octets)', 'host a { hardware ethernet 00:11:22:33:44; }\n', "t.conf:1:28: bad MAC address '00:11:22:33:44': six colon-separated hex octets expected", 'accepts'],
  ['bad IP', 'host a { fixed-address 10.0.0.300; }\n', "t.conf:1:24: expecting an IPv4 address, found '10.0.0.300' (labnet does not resolve host names)", 'same-line'],
  ['host name as fixed-address', 'host a {\n  fixed-address foo.example.com;\n}\n', "t.conf:2:17: expecting an IPv4 address, found 'foo.example.com' (labnet does not resolve host names)", 'accepts'],
  ['duplicate host', 'host a { }\nhost a { }\n', 't.conf:2:6: host a: already exists', 'same-line'],
  ['missing semicolon at EOF', 'option routers 10.0.0.1\n', 't.conf:1:24: semicolon expected, found end of file', 'same-line'],
  ['missing semicolon before next statement', 'default-lease-time 600\nmax-lease-time 7200;\n', "t.conf:2:1: semicolon expected, found 'max-lease-time'", 'same-line'],
  ['unknown option', 'option nosuch 1;\n', 't.conf:1:8: unknown option dhcp.nosuch', 'same-line'],
  ['unquoted dotted text', 'option domain-name lab.local;\n', "t.conf:1:20: expecting a quoted string, found 'lab.local'", 'same-line'],
  ['bad number', 'default-lease-time abc;\n', "t.conf:1:20: expecting numeric value, found 'abc'", 'same-line'],
  ['unclosed subnet', 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.0.20;\n', 't.conf:2:29: unexpected end of file', 'same-line'],
  ['missing include', 'include "nonexistent.conf";\n', "t.conf:1:9: can't open /etc/dhcp/nonexistent.conf: ENOENT", 'no-line'],
  ['address in two ranges', 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.0.20;\n  range 10.0.0.15 10.0.0.30;\n}\n', 't.conf:3:9: lease 10.0.0.15 is declared twice', 'same-line'],
  ['range at global scope', 'range 10.0.0.1 10.0.0.2;\n', 't.conf:1:1: range declaration not allowed here', 'same-line'],
  ['range in a host', 'host a { range 10.0.0.1 10.0.0.2; }\n', 't.conf:1:10: range declaration not allowed here', 'same-line'],
  ['pool at global scope', 'pool { range 10.0.0.1 10.0.0.2; }\n', 't.conf:1:1: pool declared outside of network', 'same-line'],
  ['subnet in a subnet', 'subnet 10.0.0.0 netmask 255.255.255.0 {\n  subnet 10.1.0.0 netmask 255.255.0.0 { }\n}\n', 't.conf:2:3: subnet declarations not allowed here', 'same-line'],
  ['stray brace', 'subnet 10.0.0.0 netmask 255.255.255.0 { }\n}\n', "t.conf:2:1: expecting a parameter or declaration, found '}'", 'other-line'],
  ['unterminated string', 'option domain-name "unterminated;\n', 't.conf:1:20: eof in string constant', 'same-line'],
  ['two values for a single IP option', 'option subnet-mask 255.0.0.0 255.0.0.0;\n', "t.conf:1:30: semicolon expected, found '255.0.0.0'", 'same-line'],
  ['array without commas', 'option routers 10.0.0.1 10.0.0.2;\n', "t.conf:1:25: semicolon expected, found '10.0.0.2'", 'same-line'],
  ['uint16 out of range', 'option interface-mtu 70000;\n', 't.conf:1:22: 70000 out of range for unsigned integer 16 (0..65535)', 'same-line'],
  ['bad flag', 'option ip-forwarding maybe;\n', "t.conf:1:22: expecting true, false, on or off, found 'maybe'", 'same-line'],
  ['option code out of range', 'option foo code 300 = text;\n', 't.conf:1:17: option code 300 out of range (1..254)', 'accepts'],
  ['unknown option type', 'option foo code 200 = bogus;\n', "t.conf:1:23: unknown option type 'bogus'", 'same-line'],
  ['bad boolean', 'ping-check yes;\n', "t.conf:1:12: expecting true, false, on or off, found 'yes'", 'same-line'],
  ['not authoritative misspelt', 'not authoritatve;\n', "t.conf:1:5: 'authoritative' expected, found 'authoritatve'", 'same-line'],
  ['unquoted filename', 'filename pxelinux.0;\n', "t.conf:1:10: expecting a quoted string, found 'pxelinux.0'", 'same-line'],
  ['conditionals', 'if exists user-class { }\n', "t.conf:1:1: conditional statement 'if' not supported by labnet", 'accepts'],
  ['DHCPv6', 'subnet6 2001:db8::/64 { }\n', "t.conf:1:1: DHCPv6 statement 'subnet6' not supported by labnet", 'same-line'],
  ['hardware outside a host', 'hardware ethernet 00:11:22:33:44:55;\n', 't.conf:1:1: hardware declaration not allowed here (only in a host)', 'same-line'],
  ['hardware type', 'host a { hardware token-ring 00:11:22:33:44:55; }\n', "t.conf:1:19: hardware type 'token-ring' not supported (only ethernet)", 'accepts'],
  ['netmask keyword', 'subnet 10.0.0.0 mask 255.255.255.0 { }\n', "t.conf:1:17: 'netmask' expected, found 'mask'", 'same-line'],
  ['unquoted domain-search', 'option domain-search lab.local;\n', "t.conf:1:22: expecting a quoted domain name, found 'lab.local'", 'same-line'],
  ['RFC 3442 route without width', 'option classless-static-routes 10.0.0.0 10.0.0.1;\n', "t.conf:1:32: expecting DEST/WIDTH (RFC 3442), found '10.0.0.0'", 'same-line'],
  ['range in a shared-network pool outside its subnets', 'shared-network n {\n  subnet 10.0.0.0 netmask 255.255.255.0 { }\n  pool { range 10.9.0.1 10.9.0.2; }\n}\n', 't.conf:3:16: range 10.9.0.1 is in no subnet of shared-network n', 'same-line'],
];

