/**
 * HIP (RFC 8005 5): PK algorithm, HIT in hex, public key in base64, then rendezvous server
 * names (uncompressed, case kept: RFC 8005 5 and RFC 6840 5.1 leave them out of the canonical
 * form). Wire: HIT length, algorithm, key length, HIT, key, names. Printed as BIND does: the
 * HIT in upper-case hex and the key in base64, neither split.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt, parseHexFields, parseBase64Fields } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';

/** One token decoded by `decode`; any failure is `message` near that token (isc_*_decodestring). */
function oneToken(fields: readonly string[], i: number, message: string, decode: (f: string[]) => Buffer): Buffer {
  const f = fieldAt(fields, i);
  if (isQuoted(f)) throw new RdataError('unexpected token', i);
  try {
    return decode([f]);
  } catch (e) {
    if (e instanceof RdataError) throw new RdataError(message, i);
    throw e;
  }
}

/** Offset of the first rendezvous server; -1 when the fixed part does not fit. */
function serversAt(b: Buffer): number {
  if (b.length < 4 || b[0] === 0) return -1;
  const keyLen = b.readUInt16BE(2);
  const end = 4 + b[0] + keyLen;
  return keyLen === 0 || end > b.length ? -1 : end;
}

function serverOffsets(b: Buffer): number[] | undefined {
  let o = serversAt(b);
  if (o < 0) return undefined;
  const offs: number[] = [];
  while (o < b.length) {
    const e = nameEnd(b, o);
    if (e < 0) return undefined;
    offs.push(o);
    o = e;
  }
  return offs;
}

export const hip: RdataCodec = {
  type: 55,
  fromText(fields, origin) {
    const alg = parseUint(fieldAt(fields, 0), 0xff, 0);
    const hit = oneToken(fields, 1, 'bad hex encoding', (f) => parseHexFields(f, 0, false));
    if (hit.length > 0xff) throw new RdataError('out of range', 1);
    const key = oneToken(fields, 2, 'bad base64 encoding', (f) => parseBase64Fields(f, 0));
    const parts = [Buffer.from([hit.length, alg, key.length >> 8, key.length & 0xff]), hit, key];
    for (let i = 3; i < fields.length; i++) parts.push(nameFieldToWire(fields[i], origin, i));
    return Buffer.concat(parts);
  },
  names: (b) => (serverOffsets(b) ?? []).map((o) => plainName(o, false)),
  toText(b) {
    const offs = serverOffsets(b);
    if (offs === undefined) return undefined;
    const hit = b.subarray(4, 4 + b[0]).toString('hex').toUpperCase();
    const key = b.subarray(4 + b[0], 4 + b[0] + b.readUInt16BE(2)).toString('base64');
    return [`${b[1]} ${hit} ${key}`, ...offs.map((o) => nameAt(b, o))].join(' ');
  },
};
