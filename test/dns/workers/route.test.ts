/** Which messages a DNS worker answers itself (src/dns/workers/route.ts). */
import { describe, expect, it } from 'vitest';
import { answeredByWorker } from '../../../src/dns/workers/route.js';
import { buildQuery } from '../../../src/dns/client.js';
import { buildUpdate, UpdateOp } from '../../../src/dns/update-build.js';
import { signMessage } from '../../../src/dns/tsig.js';

const withOpcode = (msg: Buffer, opcode: number) => {
  const m = Buffer.from(msg);
  m[2] = (m[2]! & 0x87) | (opcode << 3);
  return m;
};

describe('answeredByWorker', () => {
  it('a standard query, with or without EDNS, is the worker\'s', () => {
    expect(answeredByWorker(buildQuery(1, 'www.lab.local', 1))).toBe(true);
    expect(answeredByWorker(buildQuery(1, 'lab.local', 255, { edns: true }))).toBe(true);
  });

  it('zone transfers go to the primary (RFC 5936, RFC 1995: the journals)', () => {
    expect(answeredByWorker(buildQuery(1, 'lab.local', 252))).toBe(false);
    expect(answeredByWorker(buildQuery(1, 'lab.local', 251))).toBe(false);
  });

  it('UPDATE, NOTIFY and other opcodes go to the primary', () => {
    expect(answeredByWorker(buildUpdate(1, 'lab.local', [], [UpdateOp.add('x.lab.local', 1, 300, Buffer.from([192, 0, 2, 1]))]))).toBe(false);
    expect(answeredByWorker(withOpcode(buildQuery(1, 'lab.local', 6), 4))).toBe(false); // NOTIFY
    expect(answeredByWorker(withOpcode(buildQuery(1, 'lab.local', 1), 2))).toBe(false); // STATUS
  });

  it('a TSIG-signed query goes to the primary (the keys, and the view a key selects)', () => {
    const key = { name: 'k.', algorithm: 'hmac-sha256.', secret: Buffer.alloc(32, 7) };
    const signed = signMessage(buildQuery(1, 'www.lab.local', 1, { edns: true }), key, { now: 1_700_000_000 }).message;
    expect(answeredByWorker(signed)).toBe(false);
  });

  it('a message too short or cut inside its question stays with the worker (its handler drops or answers FORMERR)', () => {
    expect(answeredByWorker(Buffer.alloc(5))).toBe(true);
    const q = buildQuery(1, 'www.lab.local', 1);
    expect(answeredByWorker(q.subarray(0, q.length - 3))).toBe(true);
  });
});
