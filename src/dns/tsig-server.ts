/**
 * TSIG on the server side (RFC 8945 5): check a request's signature, and sign the response
 * to it, as BIND 9.18 does for queries and updates alike. Pure apart from the HMACs;
 * the time is given.
 *
 * - A request whose key is unknown, or known with another algorithm: BADKEY; a MAC that
 *   does not verify: BADSIG; a time outside the fudge: BADTIME (RFC 8945 5.2). The
 *   response is then NOTAUTH (5.2: "the server MUST ... generate an error response with
 *   RCODE 9 (NOTAUTH)"), carrying a TSIG with the error: unsigned (empty MAC) for BADKEY
 *   and BADSIG (5.3.2), signed for BADTIME, whose other data is the server's time (5.2.3).
 *   A MAC truncated below 10 octets or half the digest: FORMERR with BADSIG, unsigned; one
 *   truncated within the RFC's bounds but below the key's digest bits (a key without
 *   `-BITS` takes none): BADTRUNC, signed (RFC 8945 5.2.2.1, as named answers both).
 * - A request that verifies gets a signed response, its MAC chained to the request's (5.3).
 */
import { Rcode } from './message.js';
import { findTsig, signMessage, time48, TsigError, verifyMessage, type TsigKey, type TsigRecord } from './tsig.js';

export interface SignedRequest {
  tsig: TsigRecord;
  /** The key that verified it (or that it names, for BADSIG and BADTIME). */
  key?: TsigKey;
  /** TsigError.NONE when it verified. */
  error: number;
  /** The request is answered FORMERR rather than NOTAUTH (a MAC shorter than RFC 8945 5.2.2.1 allows). */
  formerr?: true;
  /** The request without its TSIG record (ARCOUNT less one), to be answered as unsigned. */
  unsigned: Buffer;
}

/** The signature of `msg`, checked; undefined when it has no TSIG. Throws on a malformed TSIG. */
export function checkRequestTsig(msg: Buffer, keys: (name: string) => TsigKey | undefined, now: number): SignedRequest | undefined {
  const tsig = findTsig(msg);
  if (tsig === undefined) return undefined;
  const v = verifyMessage(msg, keys, { now });
  const unsigned = Buffer.from(msg.subarray(0, tsig.start));
  unsigned.writeUInt16BE(unsigned.readUInt16BE(10) - 1, 10);
  if (v.ok) return { tsig, key: v.key, error: TsigError.NONE, unsigned };
  return v.formerr ? { tsig, key: v.key, error: v.error, unsigned, formerr: true } : { tsig, key: v.key, error: v.error, unsigned };
}

/** The RCODE a request whose TSIG failed is answered with: NOTAUTH (RFC 8945 5.2), FORMERR for a MAC too short. */
export function tsigFailureRcode(req: SignedRequest): number {
  return req.formerr ? Rcode.FORMERR : Rcode.NOTAUTH;
}

/** `response` (without TSIG) with the TSIG the request calls for (see the file comment). */
export function signResponse(response: Buffer, req: SignedRequest, now: number): Buffer {
  const { tsig, error } = req;
  // A truncating key answers with a MAC as long as the request's (named: a whole MAC back to a whole one).
  const replyKey = req.key?.digestBits === undefined ? req.key : { ...req.key, digestBits: Math.max(req.key.digestBits, tsig.mac.length * 8) };
  const key = replyKey ?? { name: tsig.keyName, algorithm: tsig.algorithm, secret: Buffer.alloc(0) };
  // BADTIME and BADTRUNC follow a MAC that verified: the answer is chained to it (RFC 8945 5.3).
  const chained = error === TsigError.NONE || error === TsigError.BADTIME || error === TsigError.BADTRUNC;
  return signMessage(response, key, {
    now,
    requestMac: chained ? tsig.mac : undefined,
    error,
    otherData: error === TsigError.BADTIME ? time48(now) : undefined,
  }).message;
}
