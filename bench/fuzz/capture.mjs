// Captures the fuzz corpus (bench/fuzz/corpus.json) from the real clients, on loopback only:
// dig (query types, EDNS sizes, DO, cookies, NSID, ECS, no EDNS, TSIG-signed, over UDP and
// TCP incl. AXFR/IXFR), nsupdate (plain and TSIG-signed UPDATEs), perfdhcp (relayed
// DISCOVERs, with and without extra options), udhcpc (its DISCOVER on the loopback
// interface of a network namespace this script creates and deletes; skipped when `ip netns`
// is not allowed) and ISC dhclient (its DISCOVERs on one end of a veth pair inside such a
// namespace: dhclient does not run on a loopback interface). Each client is pointed at a listener of this script that records the
// first bytes it receives and never answers (the clients time out after one try).
//
//   node bench/fuzz/capture.mjs        (needs dig, nsupdate, perfdhcp; udhcpc, dhclient optional)
//   node bench/fuzz/capture.mjs --append dhclient   (adds dhclient's messages to the corpus as it is)
import dgram from 'node:dgram';
import net from 'node:net';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = join(import.meta.dirname, 'corpus.json');
const KEY = 'hmac-sha256:fuzz-key:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=';

function run(cmd, args, input) {
  return new Promise((resolve) => {
    const c = execFile(cmd, args, { timeout: 15000 }, (err, stdout, stderr) => resolve({ err, stdout, stderr }));
    if (input !== undefined) c.stdin.end(input);
  });
}

/** A UDP listener recording every datagram into `into` under the current label. */
async function udpListener(into) {
  const s = dgram.createSocket('udp4');
  s.label = '';
  s.on('message', (m) => into.push({ src: s.label, hex: m.toString('hex') }));
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  return s;
}

/** A TCP listener recording each framed message (RFC 1035 4.2.2) it receives. */
async function tcpListener(into) {
  const srv = net.createServer((c) => {
    let buf = Buffer.alloc(0);
    const label = srv.label;
    c.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        into.push({ src: label, hex: buf.subarray(2, 2 + buf.readUInt16BE(0)).toString('hex'), tcp: true });
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
    });
    c.on('error', () => {});
    setTimeout(() => c.destroy(), 1500);
  });
  srv.label = '';
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return srv;
}

const DIG = [
  ['vcenter.lab.local', 'A'],
  ['lab.local', 'SOA', '+dnssec'],
  ['lab.local', 'ANY', '+noedns'],
  ['lab.local', 'NS', '+bufsize=512'],
  ['www.lab.local', 'AAAA', '+cookie'],
  ['lab.local', 'MX', '+nsid'],
  ['lab.local', 'TXT', '+subnet=192.0.2.0/24'],
  ['nope.lab.local', 'A', '+norecurse', '+cdflag', '+adflag'],
  ['-x', '192.168.244.135'],
  ['lab.local', 'DNSKEY', '+dnssec', '+bufsize=4096'],
  ['_ldap._tcp.lab.local', 'SRV'],
  ['lab.local', 'CAA', '+edns=1'],
  ['lab.local', 'TYPE65534', '+ednsopt=65001:abcd'],
  ['esxi01.lab.local', 'A', '+expire', '+padding=64'],
  ['lab.local', 'HTTPS', '+ednsflags=0x10'],
  ['lab.local', 'SOA', '+opcode=notify'],
  ['vcenter.lab.local', 'A', '-y', KEY],
  ['lab.local', 'CH', 'TXT', '+ignore'],
  ['version.bind', 'CH', 'TXT'],
];

const NSUPDATE = [
  'update add fuzz.lab.local 300 A 192.168.244.77\n',
  'update delete vcenter.lab.local A\nupdate add v2.lab.local 60 CNAME vcenter.lab.local\n',
  'prereq nxdomain new.lab.local\nupdate add new.lab.local 300 TXT "hello"\n',
  'prereq yxrrset lab.local SOA\nupdate delete old.lab.local\n',
];

async function main() {
  const dns = [];
  const dhcp = [];
  const udp = await udpListener(dns);
  const tcp = await tcpListener(dns);
  const up = udp.address().port;
  const tp = tcp.address().port;
  for (const args of DIG) {
    udp.label = `dig ${args.join(' ')}`;
    await run('dig', [`@127.0.0.1`, '-p', String(up), '+tries=1', '+time=1', ...args]);
  }
  for (const args of [['lab.local', 'AXFR'], ['lab.local', 'IXFR=1'], ['vcenter.lab.local', 'A', '+tcp', '+keepopen'], ['lab.local', 'AXFR', '-y', KEY]]) {
    tcp.label = `dig ${args.join(' ')} (TCP)`;
    await run('dig', [`@127.0.0.1`, '-p', String(tp), '+tries=1', '+time=1', ...args]);
  }
  for (const [i, script] of NSUPDATE.entries()) {
    for (const signed of [false, true]) {
      udp.label = `nsupdate ${i + 1}${signed ? ' -y' : ''}`;
      const flags = signed ? ['-y', KEY] : [];
      await run('nsupdate', [...flags, '-t', '1', '-u', '1', '-r', '0'], `server 127.0.0.1 ${up}\nzone lab.local\n${script}send\n`);
    }
  }
  udp.close();
  tcp.close();

  const dh = await udpListener(dhcp);
  const dp = dh.address().port;
  const PERF = [
    [],
    ['-o', '60,6c6162', '-o', '12,6578616d706c65'],
    ['-b', 'mac=00:0c:29:00:00:01', '-O', '2'],
  ];
  for (const extra of PERF) {
    dh.label = `perfdhcp ${extra.join(' ')}`.trim();
    await run('perfdhcp', ['-4', '-l', '127.0.0.1', '-L', '0', '-N', String(dp), '-r', '5', '-n', '3', '-W', '1000', ...extra, '127.0.0.1']);
  }
  dh.close();
  dhcp.push(...(await udhcpcInNetns()));
  dhcp.push(...(await dhclientInNetns()));
  writeCorpus(dns, dhcp);
}

const NOTE = 'captured by bench/fuzz/capture.mjs from dig, nsupdate, perfdhcp, udhcpc and dhclient on loopback or in a network namespace';

function writeCorpus(dns, dhcp) {
  // Unique by bytes within each kind; the labels say which client sent what.
  const uniq = (xs) => [...new Map(xs.map((x) => [`${x.tcp ? 't' : 'u'}${x.hex}`, x])).values()];
  const corpus = { note: NOTE, dns: uniq(dns), dhcp: uniq(dhcp) };
  writeFileSync(OUT, JSON.stringify(corpus, null, 1) + '\n');
  console.log(`corpus: ${corpus.dns.length} DNS messages, ${corpus.dhcp.length} DHCP messages -> ${OUT}`);
}

/** A fresh network namespace for `body(ns, dir)`, deleted afterwards; [] when `ip netns` is refused. */
async function inNetns(client, body) {
  const ns = `labnet-fuzz-${process.pid}`;
  const add = await run('ip', ['netns', 'add', ns]);
  if (add.err) {
    console.error(`${client} skipped: ip netns add: ${add.stderr.trim()}`);
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'labnet-capture-'));
  try {
    return await body(ns, dir);
  } catch (e) {
    console.error(`${client} skipped: ${e.message}`);
    return [];
  } finally {
    await run('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A listener on :67 inside `ns` for `ms`, recording every datagram; resolves to their hex once `client` has run. */
async function listenWhile(ns, dir, ms, client) {
  const file = join(dir, 'dhcp.json');
  const listener = `const d=require('dgram').createSocket({type:'udp4',reuseAddr:true});const o=[];d.on('message',m=>o.push(m.toString('hex')));d.bind(67,'0.0.0.0');setTimeout(()=>{require('fs').writeFileSync(${JSON.stringify(file)},JSON.stringify(o));process.exit(0)},${ms})`;
  const l = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', listener], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  await client();
  await new Promise((r) => l.once('exit', r));
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** udhcpc -i lo in a fresh network namespace (its own loopback), a listener on :67 there. */
function udhcpcInNetns() {
  return inNetns('udhcpc', async (ns, dir) => {
    await run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    const got = await listenWhile(ns, dir, 4000, () =>
      run('ip', ['netns', 'exec', ns, 'udhcpc', '-i', 'lo', '-n', '-q', '-t', '2', '-T', '1', '-s', '/bin/true', '-x', 'hostname:fuzz', '-V', 'labnet-fuzz']),
    );
    return got.map((hex) => ({ src: 'udhcpc -i lo (netns)', hex }));
  });
}

/**
 * ISC dhclient on one end of a veth pair whose two ends are both inside a fresh namespace
 * (the listener's end addressed so the broadcast DISCOVER is delivered to it); a
 * dhclient.conf asking for a host name, a client identifier, a vendor and a user class,
 * and giving up after a few seconds.
 */
function dhclientInNetns() {
  return inNetns('dhclient', async (ns, dir) => {
    const ip = (...args) => run('ip', ['netns', 'exec', ns, 'ip', ...args]);
    await ip('link', 'add', 'fz-c', 'address', '02:00:00:0f:0f:01', 'type', 'veth', 'peer', 'name', 'fz-s');
    await ip('addr', 'add', '10.254.0.1/24', 'dev', 'fz-s');
    for (const dev of ['lo', 'fz-c', 'fz-s']) await ip('link', 'set', dev, 'up');
    const conf = join(dir, 'dhclient.conf');
    writeFileSync(
      conf,
      'timeout 3;\nretry 1;\ninitial-interval 1;\nsend host-name "fuzz";\nsend dhcp-client-identifier 1:02:00:00:0f:0f:01;\n' +
        'send vendor-class-identifier "labnet-fuzz";\nsend user-class "iPXE";\nsend dhcp-lease-time 3600;\n' +
        'request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name, domain-search, ntp-servers;\n',
    );
    const args = ['-d', '-1', '-cf', conf, '-sf', '/bin/true', '-lf', join(dir, 'leases'), '-pf', join(dir, 'pid'), 'fz-c'];
    const got = await listenWhile(ns, dir, 6000, () => run('ip', ['netns', 'exec', ns, 'timeout', '5', 'dhclient', ...args]));
    return got.map((hex) => ({ src: 'dhclient -1 fz-c (veth in a netns)', hex }));
  });
}

/** `--append dhclient`: the corpus as it is, plus what dhclient sends now. */
async function appendDhclient() {
  const corpus = JSON.parse(readFileSync(OUT, 'utf8'));
  const added = await dhclientInNetns();
  if (added.length === 0) throw new Error('dhclient sent nothing');
  writeCorpus(corpus.dns, [...corpus.dhcp.filter((x) => !x.src.startsWith('dhclient')), ...added]);
}

if (process.argv[2] === '--append' && process.argv[3] === 'dhclient') await appendDhclient();
else await main();
