/**
 * SIG (RFC 2535 4.1, RFC 2931 SIG(0)): type covered, algorithm, labels, original TTL,
 * expiration and inception (YYYYMMDDHHMMSS), key tag, signer's name, signature in base64.
 * BIND prints the type covered by mnemonic (a number when it has none) and each time as the
 * date nearest to now that it can stand for (RFC 4034 3.1.5 serial arithmetic).
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, parseUint, fieldAt, parseBase64Fields, base64ToText } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';
import { SECALG, parseMnemonic, parseTypeField } from '../mnemonics.js';
import { typeToText } from '../../rrtypes.js';
import { parseTime14 } from './keydata.js';

const MOD = 0x100000000;

/** dns_time32_totext: the 32-bit time as the YYYYMMDDHHMMSS nearest to `now` (ms). */
export function timeToText(v: number, now = Date.now()): string {
  const n = Math.floor(now / 1000);
  let delta = (v - (n % MOD) + MOD) % MOD;
  if (delta >= MOD / 2) delta -= MOD;
  const d = new Date((n + delta) * 1000);
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export const sig: RdataCodec = {
  type: 24,
  fromText(fields, origin) {
    const covered = parseTypeField(fieldAt(fields, 0), 0);
    const alg = parseMnemonic(fieldAt(fields, 1), SECALG, 0xff, 1);
    const labels = parseUint(fieldAt(fields, 2), 0xff, 2);
    const head = Buffer.alloc(18);
    head.writeUInt16BE(covered, 0);
    head[2] = alg;
    head[3] = labels;
    head.writeUInt32BE(parseUint(fieldAt(fields, 3), 0xffffffff, 3), 4);
    head.writeUInt32BE(parseTime14(fieldAt(fields, 4), 4), 8);
    head.writeUInt32BE(parseTime14(fieldAt(fields, 5), 5), 12);
    const tag = fieldAt(fields, 6);
    // BIND reads the key tag as a number and names the token after it when it is too big.
    const keyTag = /^\d+$/.test(tag) && Number(tag) > 0xffff ? -1 : parseUint(tag, 0xffff, 6);
    if (keyTag < 0) throw new RdataError('out of range', 7);
    head.writeUInt16BE(keyTag, 16);
    const signer = nameFieldToWire(fieldAt(fields, 7), origin, 7);
    return Buffer.concat([head, signer, parseBase64Fields(fields, 8)]);
  },
  valid(b) {
    if (b.length < 19) return false;
    const e = nameEnd(b, 18);
    return e > 0 && e < b.length;
  },
  // RFC 4034 6.2 lists SIG among the types whose names are lower-cased.
  names: (b) => (sig.valid!(b) ? [plainName(18, true)] : []),
  toText(b) {
    if (!sig.valid!(b)) return undefined;
    const t = typeToText(b.readUInt16BE(0));
    const covered = t.startsWith('TYPE') ? String(b.readUInt16BE(0)) : t;
    const times = `${timeToText(b.readUInt32BE(8))} ${timeToText(b.readUInt32BE(12))}`;
    const e = nameEnd(b, 18);
    return `${covered} ${b[2]} ${b[3]} ${b.readUInt32BE(4)} ${times} ${b.readUInt16BE(16)} ${nameAt(b, 18)} ${base64ToText(b, e, b.length)}`;
  },
};
