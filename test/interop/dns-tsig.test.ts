/**
 * TSIG (RFC 8945) against a live BIND 9.18: queries labnet signs are accepted by named
 * (allow-query and allow-transfer by key), refused when unsigned or signed with the wrong
 * secret (NOTAUTH with BADSIG/BADKEY, as named answers), and named's signed answers verify
 * with labnet's verifier: a UDP answer (chained to the request MAC) and every message of a
 * multi-message AXFR over TCP (each chained to the previous MAC), for hmac-sha256 and the
 * hmac-md5 that old dhcpd configurations use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTsig, signMessage, TsigError, verifyMessage, type TsigKey } from '../../src/dns/tsig.js';
import { startBind, type BindInstance } from './helpers/bind.js';
import { udpExchange } from './helpers/net.js';
import { buildQuery } from './helpers/wire.js';

const SHA = { name: 'labkey.', algorithm: 'hmac-sha256.', secret: Buffer.from('bGFibmV0IGludGVyb3AgdHNpZyBrZXkgMDEyMzQ1Njc=', 'base64') };
const MD5 = { name: 'oldkey.', algorithm: 'hmac-md5.sig-alg.reg.int.', secret: Buffer.from('b2xkIGRoY3BkIGtleSBmb3IgbGFibmV0', 'base64') };
const keys = (n: string): TsigKey | undefined => [SHA, MD5].find((k) => k.name === n);
const now = () => Math.floor(Date.now() / 1000);

let dir: string;
let bind: BindInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labnet-tsig-'));
  const hosts = Array.from({ length: 1500 }, (_, i) => `h${i} A 10.1.${i >> 8}.${i & 255}`).join('\n');
  writeFileSync(join(dir, 'lab.zone'), `$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\nvcenter A 192.168.244.131\n${hosts}\n`);
  // An open zone for the readiness probe; lab.local answers only to the keys.
  writeFileSync(join(dir, 'ready.zone'), '$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n');
  bind = await startBind({
    zones: [{ origin: 'ready.test', file: join(dir, 'ready.zone') }],
    topLevel: `key "labkey" { algorithm hmac-sha256; secret "${SHA.secret.toString('base64')}"; };\n` +
      `key "oldkey" { algorithm hmac-md5; secret "${MD5.secret.toString('base64')}"; };\n` +
      `zone "lab.local" { type primary; file "${join(dir, 'lab.zone')}"; allow-query { key labkey; key oldkey; }; allow-transfer { key labkey; }; };`,
  });
}, 30000);

afterAll(async () => {
  await bind?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rcode = (m: Buffer) => m[3] & 0x0f;

describe('TSIG with BIND 9.18', () => {
  it.each([['hmac-sha256', SHA], ['hmac-md5', MD5]] as const)('named accepts a query labnet signed with %s, and its signed answer verifies', async (_n, key) => {
    const req = signMessage(buildQuery({ id: 0x4242, name: 'vcenter.lab.local', type: 1 }), key, { now: now() });
    const resp = await udpExchange(bind.address, req.message);
    expect(rcode(resp)).toBe(0);
    expect(resp.readUInt16BE(6)).toBe(1);
    expect(verifyMessage(resp, keys, { now: now(), requestMac: req.mac })).toMatchObject({ ok: true, key: { name: key.name } });
    // Without the request MAC the chain does not hold.
    expect(verifyMessage(resp, keys, { now: now() })).toMatchObject({ ok: false, error: TsigError.BADSIG });
  });

  it('named refuses an unsigned query (allow-query by key)', async () => {
    const resp = await udpExchange(bind.address, buildQuery({ name: 'vcenter.lab.local', type: 1 }));
    expect(rcode(resp)).toBe(5);
  });

  it('named answers NOTAUTH/BADSIG to a wrong secret and NOTAUTH/BADKEY to an unknown key', async () => {
    const bad = signMessage(buildQuery({ name: 'vcenter.lab.local', type: 1 }), { ...SHA, secret: Buffer.from('wrong secret') }, { now: now() });
    const r1 = await udpExchange(bind.address, bad.message);
    expect(rcode(r1)).toBe(9);
    expect(findTsig(r1)).toMatchObject({ error: TsigError.BADSIG, mac: Buffer.alloc(0) });
    const unknown = signMessage(buildQuery({ name: 'vcenter.lab.local', type: 1 }), { ...SHA, name: 'nokey.' }, { now: now() });
    const r2 = await udpExchange(bind.address, unknown.message);
    expect(rcode(r2)).toBe(9);
    expect(findTsig(r2)).toMatchObject({ error: TsigError.BADKEY });
  });

  it('named answers NOTAUTH/BADTIME to a request signed an hour off, and signs that answer', async () => {
    const req = signMessage(buildQuery({ name: 'vcenter.lab.local', type: 1 }), SHA, { now: now() - 3600 });
    const r = await udpExchange(bind.address, req.message);
    expect(rcode(r)).toBe(9);
    const t = findTsig(r)!;
    expect(t.error).toBe(TsigError.BADTIME);
    expect(t.otherData.length).toBe(6); // the server's time (RFC 8945 5.2.3)
    expect(verifyMessage(r, keys, { now: t.timeSigned, requestMac: req.mac }).ok).toBe(true);
  });

  it('every message of a signed AXFR over TCP verifies, chained to the previous MAC', async () => {
    const req = signMessage(buildQuery({ id: 7, name: 'lab.local', type: 252 }), SHA, { now: now() });
    const msgs = await axfr(req.message);
    expect(msgs.length).toBeGreaterThan(1);
    let prev = req.mac;
    let signed = 0;
    for (const [i, m] of msgs.entries()) {
      expect(rcode(m)).toBe(0);
      const t = findTsig(m);
      // RFC 8945 5.3.1: every message may be signed; BIND signs each one.
      expect(t).toBeDefined();
      const v = verifyMessage(m, keys, i === 0 ? { now: now(), requestMac: prev } : { now: now(), previousMac: prev });
      expect(v.ok).toBe(true);
      prev = t!.mac;
      signed++;
    }
    expect(signed).toBe(msgs.length);
  });
});

/** All messages of an AXFR over TCP, until the closing SOA. */
function axfr(query: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(bind.address.port, bind.address.host);
    const out: Buffer[] = [];
    let buf = Buffer.alloc(0);
    let soas = 0;
    const timer = setTimeout(() => { sock.destroy(); reject(new Error('AXFR timed out')); }, 10000);
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const m = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + m.length);
        out.push(Buffer.from(m));
        // Count SOA records in the answer section by scanning: first and last message carry one.
        soas += countSoa(m);
        if (soas >= 2 || rcode(m) !== 0) {
          clearTimeout(timer);
          sock.destroy();
          resolve(out);
        }
      }
    });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

function countSoa(m: Buffer): number {
  let o = 12;
  const skipName = () => {
    for (;;) {
      const l = m[o];
      if (l === 0) { o++; return; }
      if ((l & 0xc0) === 0xc0) { o += 2; return; }
      o += l + 1;
    }
  };
  for (let i = 0; i < m.readUInt16BE(4); i++) { skipName(); o += 4; }
  let n = 0;
  for (let i = 0; i < m.readUInt16BE(6); i++) {
    skipName();
    if (m.readUInt16BE(o) === 6) n++;
    o += 10 + m.readUInt16BE(o + 8);
  }
  return n;
}
