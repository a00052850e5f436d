/**
 * CERT (RFC 4398 2.2): type (mnemonic or number), key tag, algorithm (mnemonic or number),
 * certificate in base64. BIND prints the type and algorithm mnemonics where it has them.
 */
import type { RdataCodec } from '../codec.js';
import { parseUint, fieldAt, parseBase64Fields, base64ToText } from '../text.js';
import { CERT_TYPES, SECALG, mnemonicToText, parseMnemonic } from '../mnemonics.js';

export const cert: RdataCodec = {
  type: 37,
  fromText(fields) {
    const t = parseMnemonic(fieldAt(fields, 0), CERT_TYPES, 0xffff, 0);
    const tag = parseUint(fieldAt(fields, 1), 0xffff, 1);
    const alg = parseMnemonic(fieldAt(fields, 2), SECALG, 0xff, 2);
    const data = parseBase64Fields(fields, 3);
    return Buffer.concat([Buffer.from([t >> 8, t & 0xff, tag >> 8, tag & 0xff, alg]), data]);
  },
  toText(b) {
    if (b.length < 6) return undefined;
    const head = `${mnemonicToText(b.readUInt16BE(0), CERT_TYPES)} ${b.readUInt16BE(2)} ${mnemonicToText(b[4], SECALG)}`;
    return `${head} ${base64ToText(b, 5, b.length)}`;
  },
};
