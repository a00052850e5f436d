/**
 * labnet's DHCP server registers its leases in a live BIND 9.18 (RFC 2136 UPDATE signed with
 * TSIG, as ISC dhcpd 4.4 does with `ddns-update-style standard|interim`): a client's DORA
 * gives it A, DHCID (or TXT) and PTR records in BIND's zones, with the values RFC 4701 and
 * dhcpd give them; a release and an expiry remove them; a name BIND holds without a DHCID is
 * left alone (RFC 4703 5.3.2 conflict detection); a client that updates its own A record gets
 * only its PTR; a bad key is refused by BIND and nothing changes; the registration survives a
 * restart of the DHCP server (lease bindings in dhcpd.leases) and is removed after it.
 * Everything on 127.0.0.1; BIND is asked over the wire, answers compared record by record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { startBind, type BindInstance } from './helpers/bind.js';
import { udpExchange } from './helpers/net.js';
import { buildQuery, parseMessage, type ParsedRR } from './helpers/wire.js';
import { parseDhcpdConf } from '../../src/dhcp/conf/index.js';
import { startDhcpServer, type DhcpServer } from '../../src/dhcp/server.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';
import { buildClientFqdn, parseClientFqdn, FqdnFlag } from '../../src/dhcp/ddns/client-fqdn.js';
import { standardDhcid, interimDhcidText } from '../../src/dhcp/ddns/dhcid.js';
import { virtualClock } from '../../src/util/clock.js';
import { dhcpdVerdict } from './helpers/dhcpd-check.js';

const FIXTURES = resolve(__dirname, '../../fixtures/lab');
const SECRET = Buffer.from('bGFibmV0IGRoY3AgZGRucyBrZXkgMDEyMzQ1Njc4OWFi', 'base64').toString('base64');

let dir: string;
let bind: BindInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-ddns-'));
  copyFileSync(join(FIXTURES, 'direct'), join(dir, 'direct'));
  copyFileSync(join(FIXTURES, 'inverse'), join(dir, 'inverse'));
  bind = await startBind({
    zones: [
      { origin: 'lab.local', file: join(dir, 'direct') },
      { origin: '244.168.192.in-addr.arpa', file: join(dir, 'inverse') },
    ],
    topLevel: `key "ddns-key" { algorithm hmac-sha256; secret "${SECRET}"; };`,
    extraOptions: 'allow-update { key ddns-key; };',
  });
}, 30000);

afterAll(async () => {
  await bind?.close();
  rmSync(dir, { recursive: true, force: true });
});

function conf(opts: { style?: string; secret?: string; primary?: string; extra?: string } = {}): string {
  return `
ddns-update-style ${opts.style ?? 'standard'};
default-lease-time 600;
max-lease-time 7200;
authoritative;
key ddns-key { algorithm hmac-sha256; secret ${opts.secret ?? SECRET}; }
zone lab.local. { primary ${opts.primary ?? '127.0.0.1'}; key ddns-key; }
zone 244.168.192.in-addr.arpa. { primary ${opts.primary ?? '127.0.0.1'}; key ddns-key; }
option domain-name "lab.local";
${opts.extra ?? ''}
subnet 192.168.244.0 netmask 255.255.255.0 {
  range 192.168.244.200 192.168.244.220;
}
host esxi01 { hardware ethernet 00:0c:29:aa:bb:01; fixed-address 192.168.244.131; option host-name "esxi01"; }
`;
}

interface Started {
  server: DhcpServer;
  logs: Array<{ level: number; msg: string }>;
  close(): Promise<void>;
}

async function startServer(text: string, extra: { leasesFile?: string; clock?: ReturnType<typeof virtualClock> } = {}): Promise<Started> {
  const logs: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s)) });
  const config = parseDhcpdConf(text, join(dir, 'dhcpd.conf'));
  const server = await startDhcpServer({
    config, host: '127.0.0.1', port: 0, logger, leasesFile: extra.leasesFile, clock: extra.clock,
    ddns: { port: bind.address.port, timeoutMs: 1000 },
  });
  return { server, logs, close: () => server.close() };
}

async function ask(name: string, type: number): Promise<ParsedRR[]> {
  const r = parseMessage(await udpExchange(bind.address, buildQuery({ name, type })));
  return r.answer.filter((rr) => rr.type === type);
}

const ipOf = (hex: string) => [...Buffer.from(hex, 'hex')].join('.');
const rev = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
const T = { A: 1, PTR: 12, TXT: 16, DHCID: 49 };
const macBytes = (mac: string) => Buffer.from(mac.split(':').map((h) => parseInt(h, 16)));

describe('labnet DHCP registers leases in a live BIND 9.18', () => {
  it('every dhcpd.conf used here is one ISC dhcpd -t accepts', () => {
    const variants = [conf(), conf({ style: 'interim' }), conf({ primary: '192.0.2.53' }), conf({ extra: 'ddns-hostname = concat("h-", binary-to-ascii(16, 8, "-", substring(hardware, 1, 6)));\nddns-ttl 120;\nignore client-updates;\nupdate-conflict-detection false;' })];
    for (const [i, text] of variants.entries()) {
      const file = join(dir, `check-${i}.conf`);
      writeFileSync(file, text);
      expect(dhcpdVerdict(dir, file), text).toMatchObject({ ok: true });
    }
  });

  it('ddns-hostname as an expression (dhcpd.conf(5) example), ddns-ttl, conflict detection off', async () => {
    const s = await startServer(conf({ extra: 'ddns-hostname = concat("h-", binary-to-ascii(16, 8, "-", substring(hardware, 1, 6)));\nddns-ttl 120;\nupdate-conflict-detection false;' }));
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:0a', hostname: 'ignored' });
    try {
      const { ip } = await client.boot();
      await s.server.ddnsIdle();
      const a = await ask('h-0-c-29-10-0-a.lab.local', T.A);
      expect(a.map((r) => [ipOf(r.rdata), r.ttl])).toEqual([[ip, 120]]);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('standard style: A, DHCID (RFC 4701, htype + chaddr) and PTR after the ACK; removed at release', async () => {
    const s = await startServer(conf());
    const mac = '00:0c:29:10:00:01';
    const client = createDhcpClient({ server: s.server.address, mac, hostname: 'ws01' });
    try {
      const { ip } = await client.boot();
      await s.server.ddnsIdle();
      const a = await ask('ws01.lab.local', T.A);
      expect(a.map((r) => ipOf(r.rdata))).toEqual([ip]);
      expect(a[0].ttl).toBe(300); // half of the 600 s lease (at most 3600)
      const dhcid = await ask('ws01.lab.local', T.DHCID);
      expect(dhcid).toHaveLength(1);
      expect(dhcid[0].rdata).toBe(standardDhcid(0, Buffer.concat([Buffer.from([1]), macBytes(mac)]), 'ws01.lab.local').toString('hex'));
      const ptr = await ask(rev(ip), T.PTR);
      expect(ptr.map((r) => r.rdata)).toEqual(['ws01.lab.local.']);
      expect(s.logs.some((l) => l.msg === `Added new forward map from ws01.lab.local to ${ip}`)).toBe(true);
      expect(s.logs.some((l) => l.msg === `Added reverse map from ${rev(ip)}. to ws01.lab.local`)).toBe(true);

      await client.release();
      await new Promise((r) => setTimeout(r, 50));
      await s.server.ddnsIdle();
      expect(await ask('ws01.lab.local', T.A)).toEqual([]);
      expect(await ask('ws01.lab.local', T.DHCID)).toEqual([]);
      expect(await ask(rev(ip), T.PTR)).toEqual([]);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('interim style: a TXT guard record "31" + MD5 of the client identifier', async () => {
    const s = await startServer(conf({ style: 'interim' }));
    const clientId = Buffer.from('01000c29100002', 'hex');
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:02', hostname: 'ws02', clientId });
    try {
      const { ip } = await client.boot();
      await s.server.ddnsIdle();
      const txt = await ask('ws02.lab.local', T.TXT);
      expect(txt.map((r) => Buffer.from(r.rdata, 'hex').subarray(1).toString('latin1'))).toEqual([interimDhcidText(61, clientId)]);
      expect((await ask('ws02.lab.local', T.A)).map((r) => ipOf(r.rdata))).toEqual([ip]);
      expect((await ask(rev(ip), T.PTR)).map((r) => r.rdata)).toEqual(['ws02.lab.local.']);
      await client.release();
      await new Promise((r) => setTimeout(r, 50));
      await s.server.ddnsIdle();
      expect(await ask('ws02.lab.local', T.TXT)).toEqual([]);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('conflict detection: a name BIND holds without a DHCID is not taken over, and gets no PTR', async () => {
    const s = await startServer(conf());
    // vcenter.lab.local is a static record of the zone (no DHCID).
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:03', hostname: 'vcenter' });
    try {
      const { ip } = await client.boot();
      await s.server.ddnsIdle();
      expect((await ask('vcenter.lab.local', T.A)).map((r) => ipOf(r.rdata))).toEqual(['192.168.244.135']);
      expect(await ask(rev(ip), T.PTR)).toEqual([]);
      expect(s.logs.some((l) => l.msg === `Forward map from vcenter.lab.local to ${ip} FAILED: Has an address record but no DHCID, not mine.`)).toBe(true);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('client FQDN with S clear (RFC 4702): the client keeps its A record, the server adds the PTR; option 81 answered', async () => {
    const s = await startServer(conf());
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:04', fqdn: buildClientFqdn('laptop.lab.local', { serverUpdates: false }) });
    try {
      const { ip, options } = await client.boot();
      await s.server.ddnsIdle();
      expect(await ask('laptop.lab.local', T.A)).toEqual([]);
      expect((await ask(rev(ip), T.PTR)).map((r) => r.rdata)).toEqual(['laptop.lab.local.']);
      const reply = parseClientFqdn(options.raw.get(81));
      expect(reply).toEqual({ flags: FqdnFlag.E, name: 'laptop.lab.local', qualified: true });
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('client FQDN with S set: the server registers fqdn.hostname in its domain and says so (S and O set)', async () => {
    const s = await startServer(conf());
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:05', fqdn: buildClientFqdn('build7', { serverUpdates: true }) });
    try {
      const { ip, options } = await client.boot();
      await s.server.ddnsIdle();
      expect((await ask('build7.lab.local', T.A)).map((r) => ipOf(r.rdata))).toEqual([ip]);
      const reply = parseClientFqdn(options.raw.get(81));
      expect(reply).toEqual({ flags: FqdnFlag.S | FqdnFlag.O | FqdnFlag.E, name: 'build7.lab.local', qualified: true });
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('a wrong key: BIND answers NOTAUTH, nothing is registered, the failure is logged', async () => {
    const s = await startServer(conf({ secret: Buffer.alloc(32, 7).toString('base64') }));
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:06', hostname: 'badkey' });
    try {
      const { ip } = await client.boot();
      await s.server.ddnsIdle();
      expect(await ask('badkey.lab.local', T.A)).toEqual([]);
      expect(s.logs.some((l) => l.msg.startsWith(`Unable to add forward map from badkey.lab.local to ${ip}: NOTAUTH`))).toBe(true);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('expiry on the server clock removes the names; without sleeping', async () => {
    const clock = virtualClock(Date.now());
    const s = await startServer(conf(), { clock });
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:07', hostname: 'shortlived', clock });
    try {
      const { ip } = await client.boot();
      await s.server.ddnsIdle();
      expect((await ask('shortlived.lab.local', T.A)).map((r) => ipOf(r.rdata))).toEqual([ip]);
      await clock.advanceAsync('601s');
      await s.server.ddnsIdle();
      expect(await ask('shortlived.lab.local', T.A)).toEqual([]);
      expect(await ask(rev(ip), T.PTR)).toEqual([]);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('the registration is kept in dhcpd.leases (set ddns-fwd-name ...) and removed by a restarted server', async () => {
    const leasesFile = join(dir, 'restart.leases');
    writeFileSync(leasesFile, '');
    const mac = '00:0c:29:10:00:08';
    let s = await startServer(conf(), { leasesFile });
    const client = createDhcpClient({ server: s.server.address, mac, hostname: 'persist' });
    const { ip } = await client.boot();
    await s.server.ddnsIdle();
    await s.close();
    const text = readFileSync(leasesFile, 'utf8');
    expect(text).toContain('set ddns-fwd-name = "persist.lab.local";');
    expect(text).toContain(`set ddns-rev-name = "${rev(ip)}.";`);
    expect(text).toContain('set ddns-dhcid = "');
    s = await startServer(conf(), { leasesFile });
    const again = createDhcpClient({ server: s.server.address, mac });
    try {
      // The same client, booting again (no host name this time): its previous name is kept...
      await again.reboot(ip);
      await again.release();
      await new Promise((r) => setTimeout(r, 50));
      await s.server.ddnsIdle();
      expect(await ask('persist.lab.local', T.A)).toEqual([]);
      expect(await ask(rev(ip), T.PTR)).toEqual([]);
    } finally {
      await again.close();
      await client.close();
      await s.close();
    }
  });

  it('a zone primary outside loopback: nothing is sent (the server listens on 127.0.0.1), a log line says so', async () => {
    const s = await startServer(conf({ primary: '192.0.2.53' }));
    const client = createDhcpClient({ server: s.server.address, mac: '00:0c:29:10:00:09', hostname: 'outside' });
    try {
      await client.boot();
      await s.server.ddnsIdle();
      expect(s.logs.some((l) => l.msg === 'DNS update not sent: destination outside loopback')).toBe(true);
      expect(await ask('outside.lab.local', T.A)).toEqual([]);
    } finally {
      await client.close();
      await s.close();
    }
  });
});
