/**
 * dhcpd.conf files written from dhcpd.conf(5), dhcp-eval(5) and dhcp-options(5) (ISC dhcpd 4.4),
 * good and broken, for test/interop/dhcpd-eval.test.ts: each is checked by `dhcpd -t` and by
 * labnet, which must give the same verdict and, for a broken file, name the same line.
 * No expectation is written here: the real dhcpd decides.
 */
import { readFileSync } from 'node:fs';

/** The lab subnet, appended to files that are about something else. */
export const LAB_SUBNET = `subnet 192.168.244.0 netmask 255.255.255.0 {
  range 192.168.244.150 192.168.244.199;
  option routers 192.168.244.2;
}
`;

const withLab = (text: string) => text + LAB_SUBNET;

/** Debian's stock /etc/dhcp/dhcpd.conf (isc-dhcp-server), when installed, else its statements. */
function debianStock(): string {
  try {
    return readFileSync('/etc/dhcp/dhcpd.conf', 'utf8');
  } catch {
    return `option domain-name "example.org";
option domain-name-servers ns1.example.org, ns2.example.org;
default-lease-time 600;
max-lease-time 7200;
ddns-update-style none;
`;
  }
}

export const CORPUS: Array<[name: string, text: string]> = [
  ['variables whose names start with a digit (read_number: a NAME)', withLab(`set 1x = "a";
set 1-0 = substring (hardware, 1, 2);
if option host-name = 1x or option host-name = 1-0 {
  filename "x";
}
`)],
  ['Debian stock dhcpd.conf with the lab subnet appended', withLab(debianStock())],
  ['PXE: class by vendor-class PXEClient, BIOS and UEFI by option 93', withLab(`option arch code 93 = unsigned integer 16;
class "pxeclients" {
  match if substring (option vendor-class-identifier, 0, 9) = "PXEClient";
  next-server 192.168.244.139;
  if option arch = 00:07 or option arch = 00:09 {
    filename "efi/bootx64.efi";
  } elsif option arch = 00:0b {
    filename "efi/bootaa64.efi";
  } else {
    filename "pxelinux.0";
  }
}
`)],
  ['iPXE chainloading by user-class', withLab(`next-server 192.168.244.139;
if exists user-class and option user-class = "iPXE" {
  filename "http://192.168.244.139/boot.ipxe";
} else {
  filename "undionly.kpxe";
}
`)],
  ['iPXE option space (encapsulated in option 175)', withLab(`option space ipxe;
option ipxe-encap-opts code 175 = encapsulate ipxe;
option ipxe.priority code 1 = signed integer 8;
option ipxe.keep-san code 8 = unsigned integer 8;
option ipxe.no-pxedhcp code 176 = unsigned integer 8;
option ipxe.bus-id code 177 = string;
option ipxe.http code 19 = unsigned integer 8;
option ipxe.https code 20 = unsigned integer 8;
option ipxe.no-pxedhcp 1;
if exists ipxe.http and exists ipxe.https {
  filename "https://boot.example.org/menu.ipxe";
}
`)],
  ['PXE vendor option space under option 43', withLab(`option space PXE;
option PXE.mtftp-ip code 1 = ip-address;
option PXE.mtftp-cport code 2 = unsigned integer 16;
option PXE.mtftp-sport code 3 = unsigned integer 16;
option PXE.mtftp-tmout code 4 = unsigned integer 8;
option PXE.mtftp-delay code 5 = unsigned integer 8;
option PXE.discovery-control code 6 = unsigned integer 8;
option PXE.discovery-mcast-addr code 7 = ip-address;
class "pxeclients" {
  match if substring (option vendor-class-identifier, 0, 9) = "PXEClient";
  option vendor-class-identifier "PXEClient";
  vendor-option-space PXE;
  option PXE.mtftp-ip 0.0.0.0;
  option PXE.discovery-control 3;
  filename "pxelinux.0";
}
`)],
  ['switch vendor space with 2-byte codes and lengths', withLab(`option space acme code width 2 length width 2 hash size 17;
option acme.config-url code 300 = text;
option acme.image-server code 1 = ip-address;
option acme.vlans code 2 = array of unsigned integer 16;
option acme-encap code 43 = encapsulate acme;
class "acme" {
  match if option vendor-class-identifier = "AcmeSwitch";
  vendor-option-space acme;
  option acme.config-url "tftp://192.168.244.139/acme.cfg";
  option acme.image-server 192.168.244.139;
  option acme.vlans 10, 20, 30;
}
`)],
  ['option definitions of every type', withLab(`option o-bool code 200 = boolean;
option o-u8 code 201 = unsigned integer 8;
option o-u16 code 202 = unsigned integer 16;
option o-u32 code 203 = unsigned integer 32;
option o-s8 code 204 = signed integer 8;
option o-s16 code 205 = signed integer 16;
option o-s32 code 206 = signed integer 32;
option o-ip code 207 = ip-address;
option o-ip6 code 208 = ip6-address;
option o-text code 209 = text;
option o-str code 210 = string;
option o-dl code 211 = domain-list;
option o-dlc code 212 = domain-list compressed;
option o-ips code 213 = array of ip-address;
option o-rec code 214 = { ip-address, unsigned integer 8, text };
option o-recs code 215 = array of { ip-address, unsigned integer 16 };
option o-int code 216 = integer 16;
option o-bool true;
option o-u8 255;
option o-u16 65535;
option o-u32 4294967295;
option o-s8 -128;
option o-s16 -32768;
option o-s32 -2147483648;
option o-ip 192.168.244.139;
option o-ip6 2001:db8::1;
option o-text "hello";
option o-str 01:02:03;
option o-dl "lab.local", "example.com";
option o-dlc "a.lab.local", "b.lab.local";
option o-ips 192.168.244.1, 192.168.244.2;
option o-rec 192.168.244.3 7 "x";
option o-recs 10.0.0.1 80, 10.0.0.2 443;
option o-int -5;
`)],
  ['integer out of range for unsigned integer 8', withLab(`option o-u8 code 201 = unsigned integer 8;
option o-u8 256;
`)],
  ['arrays of text are refused', withLab(`option o-texts code 220 = array of text;
`)],
  ['text must end a record', withLab(`option o-rec code 221 = { text, ip-address };
`)],
  ['64-bit integers are refused', withLab(`option o-big code 222 = unsigned integer 64;
`)],
  ['encapsulate an undeclared space', withLab(`option vendor-foo code 43 = encapsulate nosuch;
`)],
  ['option in an undeclared space', withLab(`option nosuch.thing 1;
`)],
  ['expression functions: substring suffix concat binary-to-ascii encode-int extract-int', withLab(`option agent-id code 230 = text;
if substring (hardware, 1, 3) = 00:0c:29 {
  option host-name = concat ("vm-", binary-to-ascii (16, 8, "-", substring (hardware, 4, 3)));
}
if suffix (option host-name, 4) = ".lab" { option domain-name "lab.local"; }
set h = encode-int (extract-int (substring (hardware, 6, 1), 8) + 1, 8);
if extract-int (option dhcp-max-message-size, 16) = 1500 { default-lease-time 300; }
option agent-id = pick-first-value (option agent.circuit-id, option host-name, "none");
log (debug, concat ("mac ", binary-to-ascii (16, 8, ":", hardware)));
`)],
  ['expression functions: lcase ucase reverse config-option packet', withLab(`if lcase (option vendor-class-identifier) = "msft 5.0" { option domain-name "win.lab.local"; }
if ucase (substring (option vendor-class-identifier, 0, 4)) = "UDHC" { default-lease-time 120; }
set rev = reverse (1, leased-address);
set d = config-option domain-name;
set p = packet (0, 4);
log (info, concat ("lease ", binary-to-ascii (10, 8, ".", leased-address)));
`)],
  ['boolean expressions: exists known static ~= ~~ not and or', withLab(`if not known and (option vendor-class-identifier ~= "^Cisco" or option vendor-class-identifier ~~ "juniper") {
  default-lease-time 60;
}
if static { max-lease-time 86400; }
if exists dhcp-client-identifier and not (option dhcp-client-identifier = 1:0:c:29:aa:bb:1) {
  min-lease-time 30;
}
`)],
  ['host-decl-name, leased-address, lease-time in on commit', withLab(`on commit {
  set cip = binary-to-ascii (10, 8, ".", leased-address);
  set cname = pick-first-value (host-decl-name, option host-name, "unknown");
  log (info, concat ("commit ", cip, " ", cname));
  execute ("/usr/local/bin/notify", "commit", cip, cname);
}
on release or expiry {
  log (info, concat ("gone ", binary-to-ascii (10, 8, ".", leased-address)));
}
host esxi01 { hardware ethernet 00:0c:29:aa:bb:01; fixed-address 192.168.244.131; }
`)],
  ['classes, subclasses, spawn with, lease limit', withLab(`class "vendor" {
  match option vendor-class-identifier;
}
subclass "vendor" "MSFT 5.0" { option domain-name "win.lab.local"; }
subclass "vendor" "udhcp 1.30.1";
subclass "vendor" 50:58:45:43:6c:69:65:6e:74 { filename "pxelinux.0"; }
class "per-client" {
  match if option vendor-class-identifier = "thin";
  spawn with option dhcp-client-identifier;
  lease limit 2;
}
class "relayed" {
  match if exists agent.circuit-id;
}
subnet 10.20.0.0 netmask 255.255.0.0 {
  pool {
    allow members of "per-client";
    range 10.20.0.10 10.20.0.20;
  }
  pool {
    deny members of "per-client";
    deny members of "relayed";
    range 10.20.1.10 10.20.1.20;
  }
}
`)],
  ['subclass of an undeclared class', withLab(`subclass "nosuch" "x";
`)],
  ['members of an undeclared class', withLab(`subnet 10.20.0.0 netmask 255.255.0.0 {
  pool {
    allow members of "nosuch";
    range 10.20.0.10 10.20.0.20;
  }
}
`)],
  ['known-clients and unknown-clients pools', withLab(`subnet 10.30.0.0 netmask 255.255.255.0 {
  pool { allow known-clients; range 10.30.0.10 10.30.0.20; }
  pool { deny known-clients; range 10.30.0.100 10.30.0.120; }
  pool { allow unknown-clients; range 10.30.0.200 10.30.0.210; }
  pool { allow all clients; range 10.30.0.220 10.30.0.230; }
}
host known1 { hardware ethernet 00:0c:29:00:00:01; }
`)],
  ['failover peer, primary, with pools naming it', `failover peer "dhcp-failover" {
  primary;
  address 192.168.244.139;
  port 647;
  peer address 192.168.244.140;
  peer port 647;
  max-response-delay 60;
  max-unacked-updates 10;
  mclt 3600;
  split 128;
  load balance max seconds 3;
}
subnet 192.168.244.0 netmask 255.255.255.0 {
  option routers 192.168.244.2;
  pool {
    failover peer "dhcp-failover";
    range 192.168.244.150 192.168.244.199;
  }
}
`],
  ['failover peer, secondary, hba', `failover peer "fo" {
  secondary;
  address 192.168.244.140;
  peer address 192.168.244.139;
  max-response-delay 60;
  max-unacked-updates 10;
  load balance max seconds 3;
}
subnet 192.168.244.0 netmask 255.255.255.0 {
  pool {
    failover peer "fo";
    deny dynamic bootp clients;
    range 192.168.244.150 192.168.244.199;
  }
}
`],
  ['failover peer with an unknown statement', `failover peer "fo" {
  primary;
  address 192.168.244.139;
  peer address 192.168.244.140;
  colour blue;
  mclt 3600;
}
` + LAB_SUBNET],
  ['interface in a shared-network, ignore-client-uids', `ignore-client-uids true;
shared-network lab {
  interface eth0;
  subnet 192.168.244.0 netmask 255.255.255.0 {
    range 192.168.244.150 192.168.244.199;
  }
}
`],
  ['interface at global scope', `ignore-client-uids on;
interface eth0;
` + LAB_SUBNET],
  ['lease times of -1 (infinite)', withLab(`default-lease-time -1;
max-lease-time -1;
min-lease-time 60;
`)],
  ['group inside a pool', `subnet 192.168.244.0 netmask 255.255.255.0 {
  pool {
    range 192.168.244.150 192.168.244.199;
    group {
      default-lease-time 120;
      host pooled { hardware ethernet 00:0c:29:aa:bb:50; }
    }
  }
}
`],
  ['host names in fixed-address and address options', withLab(`option domain-name-servers ns1.lab.local, 192.168.244.139;
option ntp-servers time.lab.local;
next-server boot.lab.local;
host esxi01 {
  hardware ethernet 00:0c:29:aa:bb:01;
  fixed-address esxi01.lab.local;
}
host esxi02 {
  hardware ethernet 00:0c:29:aa:bb:02;
  fixed-address 192.168.244.132, esxi02.lab.local;
}
`)],
  ['ping-check and the other server statements', withLab(`ping-check true;
ping-timeout 2;
ping-cltt-secs 60;
one-lease-per-client on;
always-broadcast off;
always-reply-rfc1048 on;
boot-unknown-clients true;
use-host-decl-names on;
get-lease-hostnames false;
stash-agent-options true;
update-optimization false;
update-conflict-detection false;
dynamic-bootp-lease-length 3600;
dynamic-bootp-lease-cutoff 86400;
min-secs 2;
max-ack-delay 28;
abandon-lease-time 3600;
adaptive-lease-time-threshold 50;
dhcp-cache-threshold 25;
log-facility local7;
db-time-format local;
lease-id-format hex;
server-duid LLT ethernet 1000 00:0c:29:aa:bb:cc;
omapi-port 7911;
local-port 67;
remote-port 68;
site-option-space "site";
echo-client-id true;
`)],
  ['a statement dhcpd does not know', withLab(`ping-chek true;
`)],
  ['group inside a host is refused', `host h {
  hardware ethernet 00:0c:29:aa:bb:01;
  group { default-lease-time 60; }
}
` + LAB_SUBNET],
  ['if without braces', withLab(`if exists user-class
  filename "x";
`)],
  ['else without if', withLab(`else { filename "x"; }
`)],
  ['a number compared with a string', withLab(`if extract-int (option dhcp-max-message-size, 16) = "big" { filename "x"; }
`)],
  ['unterminated string in an expression', withLab(`if option vendor-class-identifier = "PXEClient {
  filename "x";
}
`)],
  ['unknown expression function', withLab(`if frobnicate (hardware) = 1 { filename "x"; }
`)],
  ['option = EXPR of every data function, in a subnet', `subnet 192.168.244.0 netmask 255.255.255.0 {
  range 192.168.244.150 192.168.244.199;
  option host-name = concat ("h", suffix (binary-to-ascii (16, 8, "", hardware), 6));
  option domain-name = pick-first-value (option domain-name, config-option domain-name, "lab.local");
  option vendor-encapsulated-options = concat (01:04, leased-address);
  option dhcp-message = encode-int (lease-time, 32);
}
`],
  ['vendor-encapsulated-options as raw hex and a site option space', withLab(`option vendor-encapsulated-options 01:04:c0:a8:f4:8b:ff;
site-option-space "site";
option space site;
option site.local-url code 224 = text;
option site.local-url "http://192.168.244.139/";
`)],
  ['an option code reused in another space is fine, twice in one space is not', withLab(`option space a;
option a.x code 1 = text;
option space b;
option b.x code 1 = ip-address;
option c-one code 240 = text;
option c-two code 240 = ip-address;
option c-one "z";
`)],
  ['zone and key for ddns with conditionals', withLab(`ddns-update-style interim;
key ddns-key { algorithm hmac-md5; secret "c2VjcmV0c2VjcmV0"; }
zone lab.local. { primary 127.0.0.1; key ddns-key; }
if exists host-name {
  ddns-hostname = pick-first-value (option host-name, "anon");
}
`)],
  ['missing semicolon after a class match', withLab(`class "pxe" {
  match if substring (option vendor-class-identifier, 0, 9) = "PXEClient"
  filename "pxelinux.0";
}
`)],
  ['user-class option 77 with iPXE and gPXE', withLab(`if exists user-class {
  if option user-class = "iPXE" {
    filename "http://192.168.244.139/ipxe.cfg";
  } elsif option user-class = "gPXE" {
    filename "gpxelinux.0";
  }
} else {
  filename "undionly.kpxe";
}
`)],
  ['failover peer named by no pool', `failover peer "lonely" {
  primary;
  address 192.168.244.139;
  peer address 192.168.244.140;
  mclt 3600;
  split 128;
}
` + LAB_SUBNET],
  ['failover split out of range', `failover peer "fo" {
  primary;
  address 192.168.244.139;
  peer address 192.168.244.140;
  mclt 3600;
  split 300;
}
` + LAB_SUBNET],
  ['failover peer without a peer address', `failover peer "fo" {
  primary;
  address 192.168.244.139;
  mclt 3600;
  split 128;
}
` + LAB_SUBNET],
  ['pool naming an undeclared failover peer', `subnet 192.168.244.0 netmask 255.255.255.0 {
  pool {
    failover peer "nosuch";
    range 192.168.244.150 192.168.244.199;
  }
}
`],
  ['a shared-network on two interfaces', `shared-network lab {
  interface eth0;
  interface eth1;
  subnet 192.168.244.0 netmask 255.255.255.0 { range 192.168.244.150 192.168.244.199; }
}
`],
  ['interface in a subnet, quoted', `subnet 192.168.244.0 netmask 255.255.255.0 {
  interface "veth0";
  range 192.168.244.150 192.168.244.199;
}
`],
  ['option space with code width 3', withLab(`option space odd code width 3;
`)],
  ['option space with length width 0', withLab(`option space odd length width 0;
`)],
  ['an IPv4 address for an ip6-address option', withLab(`option o-ip6 code 208 = ip6-address;
option o-ip6 192.168.244.1;
`)],
  ['arrays of ip6-address, boolean and signed integers', withLab(`option o-ip6s code 208 = array of ip6-address;
option o-bools code 209 = array of boolean;
option o-s16s code 210 = array of signed integer 16;
option o-ip6s 2001:db8::1, ::1, fe80::20c:29ff:feaa:bb01;
option o-bools true, false, on;
option o-s16s -1, 2, -3;
`)],
  ['boolean option given a number', withLab(`option o-bool code 200 = boolean;
option o-bool 1;
`)],
  ['ping-check given a number', withLab(`ping-check 1;
`)],
  ['lease time given a word', withLab(`default-lease-time forever;
`)],
  ['shared-network with two subnets, pool in the shared-network', `shared-network office {
  option domain-name "office.lab.local";
  subnet 192.168.244.0 netmask 255.255.255.0 { option routers 192.168.244.2; }
  subnet 10.40.0.0 netmask 255.255.255.0 { option routers 10.40.0.1; }
  pool {
    range 192.168.244.150 192.168.244.199;
    range 10.40.0.10 10.40.0.50;
  }
}
`],
];
