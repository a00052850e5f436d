/**
 * DSYNC (RFC 9859 2.1): the RR type the endpoint takes (printed by mnemonic), the scheme
 * (1 printed NOTIFY), the port and the target name (uncompressed).
 */
import type { RdataCodec } from '../codec.js';
import { parseUint, fieldAt, checkCount } from '../text.js';
import { nameAt, nameEnd, nameFieldToWire, plainName } from '../name-field.js';
import { mnemonicToText, parseMnemonic, parseTypeField, type MnemonicTable } from '../mnemonics.js';
import { typeToText } from '../../rrtypes.js';

const SCHEMES: MnemonicTable = [['NOTIFY', 1]];

export const dsync: RdataCodec = {
  type: 66,
  fixedFields: 4,
  fromText(fields, origin) {
    const t = parseTypeField(fieldAt(fields, 0), 0);
    const scheme = parseMnemonic(fieldAt(fields, 1), SCHEMES, 0xff, 1);
    const port = parseUint(fieldAt(fields, 2), 0xffff, 2);
    const target = nameFieldToWire(fieldAt(fields, 3), origin, 3);
    checkCount(fields, 4);
    return Buffer.concat([Buffer.from([t >> 8, t & 0xff, scheme, port >> 8, port & 0xff]), target]);
  },
  names: (b) => (b.length >= 6 && nameEnd(b, 5) === b.length ? [plainName(5, false)] : []),
  toText(b) {
    if (b.length < 6 || nameEnd(b, 5) !== b.length) return undefined;
    return `${typeToText(b.readUInt16BE(0))} ${mnemonicToText(b[2], SCHEMES)} ${b.readUInt16BE(3)} ${nameAt(b, 5)}`;
  },
};
