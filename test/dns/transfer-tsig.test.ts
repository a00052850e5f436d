/**
 * Zone transfers through the query handler (handler.ts transfer()): an AXFR asked with EDNS
 * of a zone beyond one message keeps its records in the first message (with the OPT);
 * a TSIG-signed AXFR gets every message signed, each MAC chained to the previous one
 * (RFC 8945 5.3.1), verified here message by message; a bad signature is NOTAUTH.
 */
import { describe, expect, it } from 'vitest';
import { buildZone } from '../../src/zones/zone.js';
import { parseZone } from '../../src/zones/parser.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import { createQueryHandler } from '../../src/dns/handler.js';
import { signMessage, verifyMessage, type TsigKey } from '../../src/dns/tsig.js';
import { buildQuery } from '../../src/dns/server.js';

const text = `$TTL 300\n@ SOA ns1 hm 1 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.1\n${Array.from({ length: 6000 }, (_, i) => `h${i} A 10.0.${i >> 8}.${i & 255}`).join('\n')}\n`;
const zone = buildZone(parseZone(text, { origin: 'big.test.', file: 'b.db' }), { origin: 'big.test.', file: 'b.db' });
const zones = createZoneSet([zone]);
const key: TsigKey = { name: 'xfr-key.', algorithm: 'hmac-sha256.', secret: Buffer.alloc(32, 7) };
const clock = { now: () => 1_700_000_000_000 };
const now = 1_700_000_000;
const ancount = (m: Buffer) => m.readUInt16BE(6);

describe('transfers through the handler', () => {
  it('an AXFR with EDNS beyond one message: records in the first message too, all 6,004 sent', () => {
    const h = createQueryHandler(() => zones, { clock });
    const out = h.handleMany(buildQuery(7, 'big.test.', 252, { edns: true }), 'tcp', '127.0.0.1')!;
    expect(out.length).toBeGreaterThan(1);
    expect(ancount(out[0])).toBeGreaterThan(0);
    expect(out[0].readUInt16BE(10)).toBe(1); // the OPT
    expect(out.reduce((n, m) => n + ancount(m), 0)).toBe(6004);
  });

  it('a signed AXFR: every message signed, the chain verifies (RFC 8945 5.3.1); a bad signature NOTAUTH', () => {
    const h = createQueryHandler(() => zones, {
      clock, tsigKeys: (n) => (n === key.name ? key : undefined),
    });
    const signed = signMessage(buildQuery(9, 'big.test.', 252), key, { now });
    const out = h.handleMany(signed.message, 'tcp', '127.0.0.1')!;
    expect(out.length).toBeGreaterThan(1);
    let mac = signed.mac;
    out.forEach((m, i) => {
      const v = verifyMessage(m, (n) => (n === key.name ? key : undefined), i === 0 ? { now, requestMac: mac } : { now, previousMac: mac });
      expect(v.ok, `message ${i}`).toBe(true);
      if (v.ok) mac = v.tsig.mac;
      expect(m.length).toBeLessThanOrEqual(65535);
    });
    expect(out.reduce((n, m) => n + ancount(m), 0)).toBe(6004);
    const bad = signMessage(buildQuery(11, 'big.test.', 252), { ...key, secret: Buffer.alloc(32, 8) }, { now }).message;
    expect(h.handleMany(bad, 'tcp', '127.0.0.1')![0][3] & 0xf).toBe(9);
  });
});
