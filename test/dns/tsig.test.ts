import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { findTsig, signMessage, tsigAlgorithmName, tsigKeyAlgorithm, TsigError, verifyMessage, type TsigKey } from '../../src/dns/tsig.js';
import { nameToWire } from '../../src/wire/name.js';

const key: TsigKey = { name: 'labkey.', algorithm: 'hmac-sha256.', secret: Buffer.from('c2VjcmV0LXNlY3JldC1zZWNyZXQ=', 'base64') };
const keys = (n: string) => (n === 'labkey.' ? key : undefined);

function query(id = 0x1234): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(1, 4);
  return Buffer.concat([h, nameToWire('vcenter.lab.local.'), Buffer.from([0, 1, 0, 1])]);
}

describe('TSIG (RFC 8945)', () => {
  it('signs a request so that it verifies, with the MAC over message + variables (4.3.3)', () => {
    const q = query();
    const { message, mac } = signMessage(q, key, { now: 1_700_000_000 });
    expect(message.readUInt16BE(10)).toBe(1);
    const t = findTsig(message)!;
    expect(t).toMatchObject({ keyName: 'labkey.', algorithm: 'hmac-sha256.', timeSigned: 1_700_000_000, fudge: 300, originalId: 0x1234, error: 0 });
    expect(t.mac).toEqual(mac);
    // The MAC by hand: message, key name, class ANY, TTL 0, algorithm, time, fudge, error, other len.
    const vars = Buffer.concat([nameToWire('labkey.'), Buffer.from([0, 255, 0, 0, 0, 0]), nameToWire('hmac-sha256.'),
      Buffer.from([0, 0]), Buffer.alloc(4), Buffer.from([1, 44, 0, 0, 0, 0])]);
    vars.writeUInt32BE(1_700_000_000, nameToWire('labkey.').length + 6 + nameToWire('hmac-sha256.').length + 2);
    expect(mac).toEqual(createHmac('sha256', key.secret).update(Buffer.concat([q, vars])).digest());
    expect(verifyMessage(message, keys, { now: 1_700_000_100 })).toMatchObject({ ok: true });
  });

  it('chains a response to the request MAC and a stream to the previous MAC (4.3.1)', () => {
    const req = signMessage(query(), key, { now: 100 });
    const resp = signMessage(query(), key, { now: 101, requestMac: req.mac });
    expect(verifyMessage(resp.message, keys, { now: 101, requestMac: req.mac }).ok).toBe(true);
    expect(verifyMessage(resp.message, keys, { now: 101 }).ok).toBe(false);
    const next = signMessage(query(), key, { now: 102, previousMac: resp.mac });
    expect(verifyMessage(next.message, keys, { now: 102, previousMac: resp.mac }).ok).toBe(true);
  });

  it('answers BADKEY, BADSIG and BADTIME in the RFC order (5.2)', () => {
    const { message } = signMessage(query(), key, { now: 1000 });
    expect(verifyMessage(message, () => undefined, { now: 1000 })).toMatchObject({ ok: false, error: TsigError.BADKEY });
    expect(verifyMessage(message, () => ({ ...key, algorithm: 'hmac-sha1.' }), { now: 1000 })).toMatchObject({ ok: false, error: TsigError.BADKEY });
    expect(verifyMessage(message, () => ({ ...key, secret: Buffer.from('other') }), { now: 1000 })).toMatchObject({ ok: false, error: TsigError.BADSIG });
    expect(verifyMessage(message, keys, { now: 1301 })).toMatchObject({ ok: false, error: TsigError.BADTIME });
    expect(verifyMessage(message, keys, { now: 699 })).toMatchObject({ ok: false, error: TsigError.BADTIME });
    expect(verifyMessage(query(), keys, { now: 1000 })).toEqual({ ok: false, error: TsigError.NONE });
  });

  it('accepts truncated MACs of at least 10 octets and half the digest, refuses shorter (5.2.2.1)', () => {
    const { message } = signMessage(query(), key, { now: 5 });
    const t = findTsig(message)!;
    const truncate = (n: number): Buffer => {
      const algLen = nameToWire('hmac-sha256.').length;
      const rdStart = t.start + nameToWire('labkey.').length + 10;
      const macAt = rdStart + algLen + 10;
      const out = Buffer.concat([message.subarray(0, macAt), t.mac.subarray(0, n), message.subarray(macAt + 32)]);
      out.writeUInt16BE(n, macAt - 2);
      out.writeUInt16BE(out.length - rdStart, rdStart - 2);
      return out;
    };
    // Within the RFC's bounds but the key takes whole MACs (BIND's digestbits 0): BADTRUNC.
    expect(verifyMessage(truncate(16), keys, { now: 5 })).toMatchObject({ ok: false, error: TsigError.BADTRUNC });
    // Below 10 octets or half the digest: malformed, FORMERR with BADSIG (as named answers).
    expect(verifyMessage(truncate(15), keys, { now: 5 })).toMatchObject({ ok: false, error: TsigError.BADSIG, formerr: true });
    expect(verifyMessage(truncate(0), keys, { now: 5 })).toMatchObject({ ok: false, error: TsigError.BADSIG });
    expect(verifyMessage(truncate(0), keys, { now: 5 })).not.toHaveProperty('formerr');
    // A truncating key (hmac-sha256-128) takes 16 octets and more, signs with 16.
    const trunc: TsigKey = { ...key, digestBits: 128 };
    const tkeys = (n: string) => (n === 'labkey.' ? trunc : undefined);
    expect(verifyMessage(truncate(16), tkeys, { now: 5 }).ok).toBe(true);
    expect(verifyMessage(truncate(20), tkeys, { now: 5 }).ok).toBe(true);
    expect(verifyMessage(message, tkeys, { now: 5 }).ok).toBe(true);
    expect(signMessage(query(), trunc, { now: 5 }).mac.length).toBe(16);
    // A wrong truncated MAC is BADSIG before any truncation policy.
    const bad = truncate(16);
    bad[bad.length - 7 - 16 + 3] ^= 1;
    expect(verifyMessage(bad, keys, { now: 5 })).toMatchObject({ ok: false, error: TsigError.BADSIG });
  });

  it('a TSIG that is not the last record makes the message malformed (5.1)', () => {
    const { message } = signMessage(query(), key, { now: 5 });
    const opt = Buffer.from([0, 0, 41, 4, 208, 0, 0, 0, 0, 0, 0]);
    const after = Buffer.concat([message, opt]);
    after.writeUInt16BE(2, 10);
    expect(() => findTsig(after)).toThrow('TSIG record is not the last record');
  });

  it('any change to a signed message breaks its MAC (fast-check)', () => {
    const { message } = signMessage(query(), key, { now: 77 });
    const end = findTsig(message)!.start;
    fc.assert(fc.property(fc.integer({ min: 2, max: end - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const m = Buffer.from(message);
      m[i] ^= x;
      let r;
      try {
        r = verifyMessage(m, keys, { now: 77 });
      } catch {
        return true; // a malformed message is refused before any MAC is computed
      }
      return !r.ok;
    }));
  });

  it('maps named.conf algorithm names', () => {
    expect(tsigAlgorithmName('hmac-md5')).toBe('hmac-md5.sig-alg.reg.int.');
    expect(tsigAlgorithmName('HMAC-SHA512')).toBe('hmac-sha512.');
    expect(tsigAlgorithmName('hmac-sha3')).toBeUndefined();
    expect(tsigKeyAlgorithm('hmac-sha256-128')).toEqual({ algorithm: 'hmac-sha256.', digestBits: 128 });
    expect(tsigKeyAlgorithm('hmac-md5-80')).toEqual({ algorithm: 'hmac-md5.sig-alg.reg.int.', digestBits: 80 });
    expect(tsigKeyAlgorithm('hmac-sha1')).toEqual({ algorithm: 'hmac-sha1.' });
  });

  it('signs BADKEY/BADSIG errors with an empty MAC (5.3.2)', () => {
    const { message, mac } = signMessage(query(), key, { now: 1, error: TsigError.BADKEY });
    expect(mac.length).toBe(0);
    expect(findTsig(message)).toMatchObject({ error: TsigError.BADKEY, mac: Buffer.alloc(0) });
  });
});
