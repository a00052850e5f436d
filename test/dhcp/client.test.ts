/**
 * The simulated DHCP client against a scripted fake server: the fields and options of each
 * message as RFC 2131 4.4.1 table 5 requires, retransmission (RFC 2131 4.1), reply matching
 * by xid and chaddr, NAK handling, and relay-agent behaviour (giaddr, hops, option 82 last).
 */
import { afterEach, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { createDhcpClient, DhcpClientError, macToBuffer, type DhcpClient } from '../../src/lab/dhcp-client.js';
import { decodePacket, encodePacket } from '../../src/dhcp/packet.js';
import { ipFromString } from '../../src/dhcp/ip.js';
import { MessageType, type DhcpPacket } from '../../src/dhcp/types.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const SERVER_ID = '10.0.0.1';
const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };

type Script = (req: DhcpPacket, n: number) => DhcpPacket | DhcpPacket[] | undefined;

/** A UDP "server" that answers with whatever the script returns and records every request. */
async function fakeServer(script: Script) {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  const seen: DhcpPacket[] = [];
  sock.on('message', (m, rinfo) => {
    const req = decodePacket(m);
    seen.push(req);
    const out = script(req, seen.length);
    for (const p of out === undefined ? [] : Array.isArray(out) ? out : [out]) sock.send(encodePacket(p, { maxSize: 1500 }), rinfo.port, rinfo.address);
  });
  return { address: { address: '127.0.0.1', port: sock.address().port }, seen };
}

/** A reply to `req` of `type`, yiaddr `ip`, with server id and lease time. */
function reply(req: DhcpPacket, type: number, ip: string, extra: Partial<DhcpPacket> = {}): DhcpPacket {
  return {
    ...req, op: 2, yiaddr: type === MessageType.NAK ? 0 : ipFromString(ip), ...extra,
    options: new Map([[53, Buffer.from([type])], [54, u32(ipFromString(SERVER_ID))], [51, u32(600)], [1, u32(ipFromString('255.255.255.0'))], [3, u32(ipFromString('10.0.0.254'))]]),
  };
}

/** Answers DISCOVER with an OFFER and any REQUEST/INFORM with an ACK, like a plain server. */
const plain: Script = (req) => {
  const t = req.options.get(53)![0];
  if (t === MessageType.DISCOVER) return reply(req, MessageType.OFFER, '10.0.0.50');
  if (t === MessageType.REQUEST) return reply(req, MessageType.ACK, '10.0.0.50');
  if (t === MessageType.INFORM) return { ...reply(req, MessageType.ACK, '0.0.0.0'), yiaddr: 0 };
  return undefined;
};

function client(server: { address: string; port: number }, extra: Partial<Parameters<typeof createDhcpClient>[0]> = {}): DhcpClient {
  const c = createDhcpClient({ server, mac: '02:aa:bb:cc:dd:01', timeoutMs: 200, tries: 3, ...extra });
  cleanups.push(() => c.close());
  return c;
}

describe('RFC 2131 4.4.1 table 5: fields and options of each client message', () => {
  const has = (p: DhcpPacket, code: number) => p.options.has(code);
  const type = (p: DhcpPacket) => p.options.get(53)![0];
  it.each([
    // message,            ciaddr,      50 requested-ip, 54 server-id
    ['DISCOVER', 0, false, false],
    ['REQUEST (selecting)', 0, true, true],
    ['REQUEST (init-reboot)', 0, true, false],
    ['REQUEST (renewing)', '10.0.0.50', false, false],
    ['REQUEST (rebinding)', '10.0.0.50', false, false],
    ['RELEASE', '10.0.0.50', false, true],
    ['DECLINE', 0, true, true],
    ['INFORM', '10.0.0.50', false, false],
  ] as const)('%s: ciaddr %s, option 50 %s, option 54 %s', async (name, ciaddr, opt50, opt54) => {
    const srv = await fakeServer(plain);
    const c = client(srv.address);
    await c.boot(); // seen[0] DISCOVER, seen[1] REQUEST (selecting)
    const before = srv.seen.length;
    if (name === 'REQUEST (init-reboot)') await c.reboot();
    if (name === 'REQUEST (renewing)') await c.renew();
    if (name === 'REQUEST (rebinding)') await c.rebind();
    if (name === 'RELEASE') await c.release();
    if (name === 'DECLINE') await c.decline();
    if (name === 'INFORM') await c.inform();
    await expect.poll(() => srv.seen.length).toBeGreaterThan(name.startsWith('DISCOVER') || name === 'REQUEST (selecting)' ? 1 : before);
    const p = name === 'DISCOVER' ? srv.seen[0] : name === 'REQUEST (selecting)' ? srv.seen[1] : srv.seen[before];
    const expectType = { DISCOVER: 1, RELEASE: 7, DECLINE: 4, INFORM: 8 }[name as string] ?? MessageType.REQUEST;
    expect(type(p)).toBe(expectType);
    expect(p.ciaddr).toBe(ciaddr === 0 ? 0 : ipFromString(ciaddr));
    expect(has(p, 50)).toBe(opt50);
    expect(has(p, 54)).toBe(opt54);
    expect(p.chaddr.subarray(0, 6)).toEqual(macToBuffer('02:aa:bb:cc:dd:01'));
    if (opt50) expect(p.options.get(50)).toEqual(u32(ipFromString('10.0.0.50')));
    if (opt54) expect(p.options.get(54)).toEqual(u32(ipFromString(SERVER_ID)));
    expect(has(p, 51)).toBe(false); // the client requests no lease time
    expect(p.giaddr).toBe(0);
    expect(p.hops).toBe(0);
  });
});

describe('RFC 2131 4.1: retransmission and reply matching', () => {
  it('a lost DISCOVER is retransmitted with the same xid', async () => {
    const srv = await fakeServer((req, n) => (n === 1 ? undefined : plain(req, n)));
    const r = await client(srv.address).boot();
    expect(r.ip).toBe('10.0.0.50');
    expect(srv.seen.map((p) => p.options.get(53)![0])).toEqual([1, 1, 3]);
    expect(srv.seen[0].xid).toBe(srv.seen[1].xid);
    expect(srv.seen[2].xid).toBe(srv.seen[0].xid); // RFC 2131 4.4.1: REQUEST keeps the OFFER's xid
  });

  it('replies with another xid, another chaddr or op BOOTREQUEST are ignored', async () => {
    const srv = await fakeServer((req, n) => {
      const good = plain(req, n) as DhcpPacket;
      if (!good) return undefined;
      const otherMac = Buffer.alloc(16);
      otherMac[0] = 9;
      return [{ ...good, xid: (good.xid + 1) >>> 0, yiaddr: ipFromString('10.0.0.66') }, { ...good, chaddr: otherMac, yiaddr: ipFromString('10.0.0.67') }, { ...good, op: 1, yiaddr: ipFromString('10.0.0.68') }, good];
    });
    const r = await client(srv.address).boot();
    expect(r.ip).toBe('10.0.0.50');
  });

  it('silence after all tries is a DhcpClientError naming the step', async () => {
    const srv = await fakeServer(() => undefined);
    const c = client(srv.address, { timeoutMs: 50, tries: 2 });
    await expect(c.boot()).rejects.toThrow(/DISCOVER: no reply from 127\.0\.0\.1:\d+ after 2 tries/);
    expect(srv.seen.length).toBe(2);
  });

  it('a NAK to the REQUEST fails boot with the NAK attached', async () => {
    const srv = await fakeServer((req) => (req.options.get(53)![0] === MessageType.DISCOVER ? reply(req, MessageType.OFFER, '10.0.0.50') : reply(req, MessageType.NAK, '0.0.0.0')));
    const err = await client(srv.address).boot().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DhcpClientError);
    expect((err as DhcpClientError).reply?.options.get(53)).toEqual(Buffer.from([MessageType.NAK]));
  });

  it('renew, release and decline need a lease first', async () => {
    const srv = await fakeServer(plain);
    const c = client(srv.address);
    await expect(c.renew()).rejects.toThrow(/renew: the client holds no lease/);
    await expect(c.release()).rejects.toThrow(/release: the client holds no lease/);
    await expect(c.decline()).rejects.toThrow(/decline: the client holds no lease/);
  });
});

describe('RFC 3046 2.1: acting as a relay agent', () => {
  it('giaddr, hops 1 and the relay agent information option are on every request', async () => {
    const srv = await fakeServer(plain);
    const agent = Buffer.from([1, 2, 0x41, 0x42]);
    await client(srv.address, { giaddr: '127.0.0.3', relayAgentInfo: agent, clientId: 'lab-1', hostname: 'vm1' }).boot();
    for (const p of srv.seen) {
      expect(p.giaddr).toBe(ipFromString('127.0.0.3'));
      expect(p.hops).toBe(1);
      expect(p.options.get(82)).toEqual(agent);
      expect([...p.options.keys()].at(-1)).toBe(82);
      expect(p.options.get(61)).toEqual(Buffer.from('\x00lab-1', 'latin1'));
      expect(p.options.get(12)?.toString()).toBe('vm1');
    }
  });
});
