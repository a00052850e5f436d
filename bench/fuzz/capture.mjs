// Captures the fuzz corpus (bench/fuzz/corpus.json) from the real clients, on loopback only:
// dig (query types, EDNS sizes, DO, cookies, NSID, ECS, no EDNS, TSIG-signed, over UDP and
// TCP incl. AXFR/IXFR), nsupdate (plain and TSIG-signed UPDATEs), perfdhcp (relayed
// DISCOVERs, with and without extra options) and udhcpc (its DISCOVER on the loopback
// interface of a network namespace this script creates and deletes; skipped when `ip netns`
// is not allowed). Each client is pointed at a listener of this script that records the
// first bytes it receives and never answers (the clients time out after one try).
//
//   node bench/fuzz/capture.mjs        (needs dig, nsupdate, perfdhcp; udhcpc optional)
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

  // Unique by bytes within each kind; the labels say which client sent what.
  const uniq = (xs) => [...new Map(xs.map((x) => [`${x.tcp ? 't' : 'u'}${x.hex}`, x])).values()];
  const corpus = { note: 'captured by bench/fuzz/capture.mjs from dig, nsupdate, perfdhcp, udhcpc on loopback', dns: uniq(dns), dhcp: uniq(dhcp) };
  writeFileSync(OUT, JSON.stringify(corpus, null, 1) + '\n');
  console.log(`corpus: ${corpus.dns.length} DNS messages, ${corpus.dhcp.length} DHCP messages -> ${OUT}`);
}

/** udhcpc -i lo in a fresh network namespace (its own loopback), a listener on :67 there. */
async function udhcpcInNetns() {
  const ns = `labnet-fuzz-${process.pid}`;
  const add = await run('ip', ['netns', 'add', ns]);
  if (add.err) {
    console.error(`udhcpc skipped: ip netns add: ${add.stderr.trim()}`);
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'labnet-capture-'));
  try {
    await run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    const file = join(dir, 'dhcp.json');
    const listener = `const d=require('dgram').createSocket({type:'udp4',reuseAddr:true});const o=[];d.on('message',m=>o.push(m.toString('hex')));d.bind(67,'0.0.0.0');setTimeout(()=>{require('fs').writeFileSync(${JSON.stringify(file)},JSON.stringify(o));process.exit(0)},4000)`;
    const l = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', listener], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
    await run('ip', ['netns', 'exec', ns, 'udhcpc', '-i', 'lo', '-n', '-q', '-t', '2', '-T', '1', '-s', '/bin/true', '-x', 'hostname:fuzz', '-V', 'labnet-fuzz']);
    await new Promise((r) => l.once('exit', r));
    const got = JSON.parse(readFileSync(file, 'utf8'));
    return got.map((hex) => ({ src: 'udhcpc -i lo (netns)', hex }));
  } catch (e) {
    console.error(`udhcpc skipped: ${e.message}`);
    return [];
  } finally {
    await run('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
