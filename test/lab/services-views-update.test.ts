/**
 * UPDATEs and journals with views (BIND 9.18: the view is chosen for an UPDATE as for any
 * request, by match-clients / match-destinations with the request's TSIG key; each view's
 * zone is its own, journaled next to its own zone file): two views serving example.test
 * from one.db and two.db, updated from two client addresses and with a key, through
 * labnet serve's services; then a restart rolls each view's journal forward.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { startServices, type Services } from '../../src/lab/services.js';
import { buildUpdate, UpdateOp } from '../../src/dns/update-build.js';
import { buildQuery } from '../../src/dns/client.js';
import { signMessage, type TsigKey } from '../../src/dns/tsig.js';
import { decodeJournal } from '../../src/zones/journal-format.js';
import { startLab } from '../../src/lab/lab.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-views-update-'));
// Twenty hosts, so that an IXFR of a few changes stays within max-ixfr-ratio (100%).
const ZONE = '$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\nns A 192.0.2.53\n' +
  Array.from({ length: 20 }, (_, i) => `h${i} A 198.51.100.${i}\n`).join('');
const SECRET = 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0';
const KEY: TsigKey = { name: 'inside-key.', algorithm: 'hmac-sha256.', secret: Buffer.from(SECRET, 'base64') };
const CONF = `options { directory "${dir}"; };
key "inside-key" { algorithm hmac-sha256; secret "${SECRET}"; };
view "inside" {
  match-clients { 127.0.0.2; key inside-key; };
  zone "example.test" { type primary; file "one.db"; allow-update { any; }; };
};
view "outside" {
  match-clients { any; };
  zone "example.test" { type primary; file "two.db"; allow-update { 127.0.0.0/8; }; };
};
`;

let services: Services;
const start = () => startServices({ namedConf: join(dir, 'named.conf'), dns: { address: '127.0.0.1', port: 0 } });
beforeAll(async () => {
  writeFileSync(join(dir, 'one.db'), ZONE);
  writeFileSync(join(dir, 'two.db'), ZONE);
  writeFileSync(join(dir, 'named.conf'), CONF);
  services = await start();
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const a = (ip: string) => Buffer.from(ip.split('.').map(Number));
let id = 1;
const add = (name: string, ip: string) => buildUpdate(id++, 'example.test', [], [UpdateOp.add(`${name}.example.test`, 1, 300, a(ip))]);
const rcode = (r: Buffer | null) => r![3] & 0xf;

/** The A addresses `client` is answered for `name`, and the zone's serial it sees. */
async function seen(client: string, name: string): Promise<{ a: string[]; serial: number }> {
  const q = (n: string, t: number) => services.dns!.inject(buildQuery(id++, n, t), { client });
  const ans = dnsPacket.decode((await q(`${name}.example.test`, 1))!);
  const soa = dnsPacket.decode((await q('example.test', 6))!);
  const data = (soa.answers?.[0] as { data?: { serial?: number } } | undefined)?.data;
  return { a: (ans.answers ?? []).map((x) => String((x as { data: string }).data)), serial: data?.serial ?? -1 };
}

const journalNames = (file: string) =>
  decodeJournal(readFileSync(join(dir, file))).transactions.map((t) => t.tx.added.filter((r) => r.type === 1).map((r) => r.name));

describe('UPDATE with views: the view that takes the request, its zone, its journal', () => {
  it('an update from 127.0.0.2 changes the inside view only, journaled in one.db.jnl', async () => {
    expect(rcode(await services.dns!.inject(add('a', '192.0.2.1'), { client: '127.0.0.2' }))).toBe(0);
    expect(await seen('127.0.0.2', 'a')).toEqual({ a: ['192.0.2.1'], serial: 2 });
    expect(await seen('127.0.0.3', 'a')).toEqual({ a: [], serial: 1 });
    expect(existsSync(join(dir, 'one.db.jnl'))).toBe(true);
    expect(existsSync(join(dir, 'two.db.jnl'))).toBe(false);
  });

  it('an update from 127.0.0.3 changes the outside view only, journaled in two.db.jnl', async () => {
    expect(rcode(await services.dns!.inject(add('b', '192.0.2.2'), { client: '127.0.0.3' }))).toBe(0);
    expect(await seen('127.0.0.3', 'b')).toEqual({ a: ['192.0.2.2'], serial: 2 });
    expect(await seen('127.0.0.2', 'b')).toEqual({ a: [], serial: 2 });
    expect(journalNames('one.db.jnl')).toEqual([['a.example.test.']]);
    expect(journalNames('two.db.jnl')).toEqual([['b.example.test.']]);
  });

  it("a signed update from 127.0.0.3 goes to the view its key matches (inside), under that view's allow-update", async () => {
    const signed = signMessage(add('c', '192.0.2.3'), KEY, { now: Math.floor(Date.now() / 1000) }).message;
    expect(rcode(await services.dns!.inject(signed, { client: '127.0.0.3' }))).toBe(0);
    expect((await seen('127.0.0.2', 'c')).a).toEqual(['192.0.2.3']);
    expect((await seen('127.0.0.3', 'c')).a).toEqual([]);
    // The outside view's allow-update takes loopback only.
    expect(rcode(await services.dns!.inject(add('d', '192.0.2.4'), { client: '10.0.0.1' }))).toBe(5);
  });

  it('after a restart, each view rolls its own journal forward', async () => {
    await services.close();
    services = await start();
    expect(await seen('127.0.0.2', 'a')).toEqual({ a: ['192.0.2.1'], serial: 3 });
    expect((await seen('127.0.0.2', 'c')).a).toEqual(['192.0.2.3']);
    expect((await seen('127.0.0.2', 'b')).a).toEqual([]);
    expect(await seen('127.0.0.3', 'b')).toEqual({ a: ['192.0.2.2'], serial: 2 });
    expect((await seen('127.0.0.3', 'a')).a).toEqual([]);
  });

  it("an IXFR is answered from the journal of the client's view", async () => {
    const ixfr = async (client: string) => {
      const q = buildQuery(id++, 'example.test', 251, { rd: false });
      // IXFR (RFC 1995 3): the client's SOA (serial 1) in the authority section.
      const soa = dnsPacket.encode({ type: 'query', id: 0, questions: [], authorities: [{ type: 'SOA', name: 'example.test', data: { mname: 'ns.example.test', rname: 'root.example.test', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60 } }] });
      const msg = Buffer.concat([q, soa.subarray(12)]);
      msg.writeUInt16BE(1, 8);
      const r = dnsPacket.decode((await services.dns!.inject(msg, { client, transport: 'tcp' }))!);
      const soas = (r.answers ?? []).filter((x) => x.type === 'SOA').length;
      return { soas, added: (r.answers ?? []).filter((x) => x.type === 'A').map((x) => x.name) };
    };
    // Incremental (RFC 1995 4): the newest SOA, then per transaction its old SOA and new SOA, then the newest SOA.
    expect(await ixfr('127.0.0.2')).toEqual({ soas: 6, added: ['a.example.test', 'c.example.test'] });
    expect(await ixfr('127.0.0.3')).toEqual({ soas: 4, added: ['b.example.test'] });
  });
});

describe("runtime edits (the test kit's zone editor) of one view", () => {
  it("lab.dns.zone(origin, view) changes that view's zone only, journaled beside its file", async () => {
    const labDir = mkdtempSync(join(tmpdir(), 'labnet-views-edit-'));
    writeFileSync(join(labDir, 'one.db'), ZONE);
    writeFileSync(join(labDir, 'two.db'), ZONE);
    writeFileSync(join(labDir, 'named.conf'), CONF.replace(`directory "${dir}"`, `directory "${labDir}"`));
    const lab = await startLab({ namedConf: join(labDir, 'named.conf'), dhcp: false, stateDir: labDir });
    try {
      lab.dns.zone('example.test', 'outside').add('e 300 A 192.0.2.5');
      const a = async (client: string) => dnsPacket.decode((await lab.dns.inject(buildQuery(id++, 'e.example.test', 1), { client }))!).answers?.length ?? 0;
      expect(await a('127.0.0.3')).toBe(1);
      expect(await a('127.0.0.2')).toBe(0);
      expect(lab.dns.zone('example.test', 'inside').serial).toBe(1);
      expect(lab.dns.zone('example.test', 'outside').serial).toBe(2);
      expect(existsSync(join(labDir, 'two.db.jnl'))).toBe(true);
      expect(existsSync(join(labDir, 'one.db.jnl'))).toBe(false);
    } finally {
      await lab.close();
      rmSync(labDir, { recursive: true, force: true });
    }
  });
});
