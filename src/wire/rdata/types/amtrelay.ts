/**
 * AMTRELAY (RFC 8777 4.2, 4.3): precedence, discovery-optional bit (D) and relay type (7 bits)
 * written as `precedence D type relay`, relay `.` for type 0, an address for 1 and 2, a
 * domain name for 3. BIND 9.18 reads no other relay type in text ("not implemented") and
 * prints those in RFC 3597 form.
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, parseUint, fieldAt, checkCount } from '../text.js';
import { gatewayFromText, gatewayLength, gatewayToText } from './gateway.js';
import { plainName } from '../name-field.js';

export const amtrelay: RdataCodec = {
  type: 260,
  fixedFields: 4,
  fromText(fields, origin) {
    const precedence = parseUint(fieldAt(fields, 0), 0xff, 0);
    const discovery = parseUint(fieldAt(fields, 1), 1, 1);
    const relayType = parseUint(fieldAt(fields, 2), 0x7f, 2);
    const relay = fieldAt(fields, 3);
    if (relayType > 3) throw new RdataError(isQuoted(relay) ? 'unexpected token' : 'not implemented', isQuoted(relay) ? 3 : fields.length);
    const gw = gatewayFromText(relayType, relay, origin, 3);
    checkCount(fields, 4);
    return Buffer.concat([Buffer.from([precedence, (discovery << 7) | relayType]), gw]);
  },
  valid(b) {
    if (b.length < 2) return false;
    const t = b[1] & 0x7f;
    if (t === 0) return b.length === 2;
    if (t > 3) return true;
    return 2 + gatewayLength(t, b, 2) === b.length;
  },
  names: (b) => (b.length >= 2 && (b[1] & 0x7f) === 3 && 2 + gatewayLength(3, b, 2) === b.length ? [plainName(2, false)] : []),
  toText(b) {
    if (!this.valid!(b)) return undefined;
    const t = b[1] & 0x7f;
    if (t > 3) return undefined;
    return `${b[0]} ${b[1] >> 7} ${t} ${t === 0 ? '.' : gatewayToText(t, b, 2)}`;
  },
};
