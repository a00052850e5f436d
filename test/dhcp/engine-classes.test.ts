/**
 * Classes, conditionals and lease events in the engine (dhcpd.conf(5) "CLIENT CLASSING",
 * "CONDITIONAL BEHAVIOUR", "EVENTS"; dhcp-eval(5)): the boot file a PXE, iPXE, UEFI or plain
 * client is handed, pools restricted to class members, the order scopes run in.
 */
import { describe, expect, it } from 'vitest';
import { createDhcpEngine, type HandleResult } from '../../src/dhcp/engine.js';
import type { DhcpConfig } from '../../src/dhcp/types.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { virtualClock } from '../../src/util/clock.js';
import type { ProgramRunner } from '../../src/dhcp/run-program.js';
import type { Logger } from '../../src/util/logger.js';
import { conf, ip, request, type ReqSpec } from './helpers/wire.js';

const NET = { network: ip('10.9.0.0'), mask: ip('255.255.255.0') };
const SERVER = '10.9.0.1';

export const PXE_CONF = `
option arch code 93 = unsigned integer 16;
default-lease-time 600;
class "pxe" { match if substring (option vendor-class-identifier, 0, 9) = "PXEClient"; }
subnet 10.9.0.0 netmask 255.255.255.0 {
  option routers 10.9.0.1;
  next-server 10.9.0.1;
  if exists user-class and option user-class = "iPXE" {
    filename "http://10.9.0.1/boot.ipxe";
  } elsif option arch = 00:07 {
    filename "ipxe.efi";
  } elsif substring (option vendor-class-identifier, 0, 9) = "PXEClient" {
    filename "undionly.kpxe";
  }
  pool { range 10.9.0.100 10.9.0.109; allow members of "pxe"; }
  pool { range 10.9.0.200 10.9.0.209; deny members of "pxe"; }
}
`;

function setup(config: DhcpConfig, logger?: Logger, runProgram?: ProgramRunner) {
  const clock = virtualClock();
  const engine = createDhcpEngine(config, { serverId: ip(SERVER), logger, runProgram });
  const send = (spec: ReqSpec): HandleResult => engine.handle(request(spec), { now: clock.now(), localSubnet: NET });
  const dora = (spec: ReqSpec): { offer: HandleResult; ack: HandleResult } => {
    const offer = send({ ...spec, type: 1 });
    const ack = send({ ...spec, type: 3, requested: ipToString(offer.reply!.yiaddr), serverId: SERVER });
    return { offer, ack };
  };
  return { engine, send, dora };
}

const PXE_VC: [number, Buffer] = [60, Buffer.from('PXEClient:Arch:00000:UNDI:002001')];
const EFI_VC: [number, Buffer] = [60, Buffer.from('PXEClient:Arch:00007:UNDI:003016')];
const clients: Array<[string, ReqSpec, string, string]> = [
  ['BIOS PXE ROM', { mac: '02:00:00:00:00:01', options: [PXE_VC, [93, Buffer.from([0, 0])]] }, 'undionly.kpxe', '10.9.0.100'],
  ['UEFI x64 PXE (option 93 = 7)', { mac: '02:00:00:00:00:02', options: [EFI_VC, [93, Buffer.from([0, 7])]] }, 'ipxe.efi', '10.9.0.100'],
  ['iPXE chain-loaded', { mac: '02:00:00:00:00:03', options: [PXE_VC, [77, Buffer.from('iPXE')], [93, Buffer.from([0, 0])]] }, 'http://10.9.0.1/boot.ipxe', '10.9.0.100'],
  ['plain client', { mac: '02:00:00:00:00:04' }, '', '10.9.0.200'],
];

describe('the usual PXE configuration', () => {
  it.each(clients)('%s gets its boot file in OFFER and ACK, from the pool its class allows', (_what, spec, file, first) => {
    const { dora } = setup(conf(PXE_CONF));
    const { offer, ack } = dora(spec);
    expect(offer.reply!.file).toBe(file);
    expect(ack.reply!.file).toBe(file);
    expect(ipToString(ack.reply!.yiaddr)).toBe(first);
    expect(ipToString(ack.reply!.siaddr)).toBe('10.9.0.1');
    expect(ack.reply!.options.get(3)).toEqual(Buffer.from([10, 9, 0, 1]));
  });
});

describe('scope order (dhcpd ack_lease): subnet, pool, classes (first matched wins), host', () => {
  const text = `
class "a" { match if exists user-class; option domain-name "from-a"; filename "a"; }
class "b" { match if exists user-class; option domain-name "from-b"; default-lease-time 100; }
subnet 10.9.0.0 netmask 255.255.255.0 {
  option domain-name "from-subnet";
  filename "subnet";
  pool { range 10.9.0.10 10.9.0.20; option domain-name = concat ("pool-", option user-class); }
}
host h { hardware ethernet 02:00:00:00:00:0a; filename "host"; }
`;
  it('class statements override the pool; the first matched class wins; the host overrides all', () => {
    const { dora } = setup(conf(text));
    const member = dora({ mac: '02:00:00:00:00:09', options: [[77, Buffer.from('x')]] }).ack.reply!;
    expect(member.options.get(15)?.toString()).toBe('from-a');
    expect(member.file).toBe('a');
    expect(member.options.get(51)?.readUInt32BE(0)).toBe(100);
    const other = dora({ mac: '02:00:00:00:00:08' }).ack.reply!;
    // `option domain-name = concat (...)` with no user-class: concat fails, no option sent.
    expect(other.options.has(15)).toBe(false);
    expect(other.file).toBe('subnet');
    const host = dora({ mac: '02:00:00:00:00:0a', options: [[77, Buffer.from('x')]] }).ack.reply!;
    expect(host.file).toBe('host');
  });
});

describe('match / subclass / spawn', () => {
  const text = `
class "vendors" { match option vendor-class-identifier; }
subclass "vendors" "MSFT 5.0" { option domain-name "windows"; }
subclass "vendors" "udhcp 1.30" { option domain-name "busybox"; }
class "spawned" { spawn with option host-name; }
subnet 10.9.0.0 netmask 255.255.255.0 {
  pool { range 10.9.0.10 10.9.0.20; allow members of "vendors"; }
  pool { range 10.9.0.30 10.9.0.40; allow members of "spawned"; }
}
`;
  it('a subclass is chosen by the match value; its parameters apply; members of the class use its pool', () => {
    const { dora, send } = setup(conf(text));
    const win = dora({ mac: '02:00:00:00:00:01', options: [[60, Buffer.from('MSFT 5.0')]] }).ack.reply!;
    expect(win.options.get(15)?.toString()).toBe('windows');
    expect(ipToString(win.yiaddr)).toBe('10.9.0.10');
    const bb = dora({ mac: '02:00:00:00:00:02', options: [[60, Buffer.from('udhcp 1.30')]] }).ack.reply!;
    expect(bb.options.get(15)?.toString()).toBe('busybox');
    const named = dora({ mac: '02:00:00:00:00:03', hostname: 'node7' }).ack.reply!;
    expect(ipToString(named.yiaddr)).toBe('10.9.0.30');
    // Neither a known vendor nor a host name: no pool admits it.
    expect(send({ mac: '02:00:00:00:00:04', type: 1, options: [[60, Buffer.from('other')]] }).reply).toBeUndefined();
  });
});

describe('on commit / release: log and execute', () => {
  it('logs on commit and release; execute is refused with a log line', () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(`info ${m}`), error: (m: string) => lines.push(`error ${m}`), debug: () => {}, warn: () => {} } as unknown as Logger;
    const { dora, send } = setup(
      conf(`subnet 10.9.0.0 netmask 255.255.255.0 {
  range 10.9.0.10 10.9.0.20;
  on commit { set ip = binary-to-ascii (10, 8, ".", leased-address); log (info, concat ("commit ", ip)); execute ("/usr/local/bin/notify", ip); }
  on release { log (error, concat ("release ", binary-to-ascii (16, 8, ":", substring (hardware, 1, 6)))); }
}`),
      logger,
    );
    dora({ mac: '02:00:00:00:00:01' });
    expect(lines).toEqual([
      'info commit 10.9.0.10 (test.conf:3)',
      'error execute ("/usr/local/bin/notify"): not run (labnet runs programs only with --allow-execute) (test.conf:3)',
    ]);
    send({ mac: '02:00:00:00:00:01', type: 7, ciaddr: '10.9.0.10', serverId: SERVER });
    expect(lines[2]).toBe('error release 2:0:0:0:0:1 (test.conf:4)');
  });

  it('with a program runner (--allow-execute): execute runs the program with the expressions\' values as arguments, at commit', () => {
    const runs: [string, readonly string[]][] = [];
    const { dora } = setup(
      conf(`subnet 10.9.0.0 netmask 255.255.255.0 {
  range 10.9.0.10 10.9.0.20;
  on commit { execute ("/usr/local/bin/notify", "commit", binary-to-ascii (10, 8, ".", leased-address), option host-name); }
}`),
      undefined,
      (command, args) => runs.push([command, args]),
    );
    expect(runs).toEqual([]);
    dora({ mac: '02:00:00:00:00:01', hostname: 'pc1' });
    // Nothing at the OFFER: the commit event is the ACK's.
    expect(runs).toEqual([['/usr/local/bin/notify', ['commit', '10.9.0.10', 'pc1']]]);
  });
});

describe('match if with spawn with, and lease limit (class.c check_collection, bill_class)', () => {
  const text = `
class "limited" {
  match if substring (option agent.circuit-id, 0, 3) = "lim";
  spawn with option agent.circuit-id;
  lease limit 1;
  option domain-name "limited";
}
subnet 10.9.0.0 netmask 255.255.255.0 { range 10.9.0.10 10.9.0.20; }
`;
  const circuit = (id: string): [number, Buffer] => [82, Buffer.concat([Buffer.from([1, id.length]), Buffer.from(id)])];

  it('a false match if keeps the packet out even though spawn with has a value', () => {
    const { dora } = setup(conf(text));
    const other = dora({ mac: '02:00:00:00:00:01', options: [circuit('port1')] }).ack.reply!;
    expect(other.options.has(15)).toBe(false);
  });

  it('one ACKed lease per spawned subclass; a refused DISCOVER holds no address; a released lease frees the slot', () => {
    const { dora, send } = setup(conf(text));
    const first = dora({ mac: '02:00:00:00:00:01', options: [circuit('lim1')] }).ack.reply!;
    expect(first.options.get(15)?.toString()).toBe('limited');
    expect(ipToString(first.yiaddr)).toBe('10.9.0.10');
    const refused = send({ mac: '02:00:00:00:00:02', type: 1, options: [circuit('lim1')] });
    expect(refused.reply).toBeUndefined();
    expect(refused.event).toMatch(/no available billing: lease limit reached in all matching classes \(last: 'limited'\)/);
    // Another circuit is another subclass, and gets the address the refused client did not hold.
    expect(ipToString(dora({ mac: '02:00:00:00:00:03', options: [circuit('lim2')] }).ack.reply!.yiaddr)).toBe('10.9.0.11');
    // The first client renews: still billed to its subclass.
    expect(send({ mac: '02:00:00:00:00:01', type: 3, ciaddr: '10.9.0.10', options: [circuit('lim1')] }).reply?.options.get(53)?.[0]).toBe(5);
    send({ mac: '02:00:00:00:00:01', type: 7, ciaddr: '10.9.0.10', serverId: SERVER, options: [circuit('lim1')] });
    expect(dora({ mac: '02:00:00:00:00:02', options: [circuit('lim1')] }).ack.reply?.options.get(53)?.[0]).toBe(5);
  });

  it('two offers may be out at once (an offer bills nothing); the second REQUEST is dropped', () => {
    const { send } = setup(conf(text));
    const o1 = send({ mac: '02:00:00:00:00:01', type: 1, options: [circuit('lim1')] }).reply!;
    const o2 = send({ mac: '02:00:00:00:00:02', type: 1, options: [circuit('lim1')] }).reply!;
    expect(send({ mac: '02:00:00:00:00:01', type: 3, requested: ipToString(o1.yiaddr), serverId: SERVER, options: [circuit('lim1')] }).reply?.options.get(53)?.[0]).toBe(5);
    expect(send({ mac: '02:00:00:00:00:02', type: 3, requested: ipToString(o2.yiaddr), serverId: SERVER, options: [circuit('lim1')] }).reply).toBeUndefined();
  });
});

describe('variables: global statements at startup, lease scopes, option expressions (dhcpd.c, dhcp.c)', () => {
  it('global statements run twice at startup; their set is what match and option expressions see; a lease keeps its variables from OFFER to commit', () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), error: (m: string) => lines.push(m), debug: () => {}, warn: () => {} } as unknown as Logger;
    const { dora } = setup(
      conf(`log (info, concat ("before ", site));
set site = "a";
option nis-domain = concat ("nis-", site);
class "site-a" { match if site = "a"; option domain-name "matched"; }
subnet 10.9.0.0 netmask 255.255.255.0 {
  range 10.9.0.10 10.9.0.20;
  set tag = "subnet";
  option root-path = concat ("/", tag);
  log (info, concat ("tag seen ", pick-first-value (seen, "no")));
  set seen = "yes";
}`),
      logger,
    );
    // Pass one: site unset, the line fails; pass two: site from pass one.
    expect(lines).toEqual(['before a (test.conf:1)']);
    lines.length = 0;
    const { offer, ack } = dora({ mac: '02:00:00:00:00:01' });
    for (const r of [offer.reply!, ack.reply!]) {
      expect(r.options.get(40)?.toString()).toBe('nis-a');
      expect(r.options.get(15)?.toString()).toBe('matched');
      // `tag` is the lease's, not the global scope the reply's options are evaluated in.
      expect(r.options.has(17)).toBe(false);
    }
    // The lease scope starts empty at the OFFER (no "before a"), and the REQUEST's finds what
    // the OFFER's statements set (site, seen), as in a live dhcpd's log.
    expect(lines).toEqual(['tag seen no (test.conf:9)', 'before a (test.conf:1)', 'tag seen yes (test.conf:9)']);
  });
});
