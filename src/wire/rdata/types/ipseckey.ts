/**
 * IPSECKEY (RFC 4025 2, 3.1): precedence, gateway type (0 none `.`, 1 IPv4, 2 IPv6, 3 domain
 * name), algorithm, gateway, public key in base64 (BIND 9.18 requires one, in text and in wire form). The gateway name is never
 * compressed nor lower-cased (RFC 4025 2.5).
 */
import type { RdataCodec } from '../codec.js';
import { parseUint, fieldAt, parseBase64Fields, base64ToText } from '../text.js';
import { gatewayFromText, gatewayLength, gatewayToText } from './gateway.js';
import { plainName } from '../name-field.js';

export const ipseckey: RdataCodec = {
  type: 45,
  fromText(fields, origin) {
    const precedence = parseUint(fieldAt(fields, 0), 0xff, 0);
    const gwType = parseUint(fieldAt(fields, 1), 3, 1);
    const alg = parseUint(fieldAt(fields, 2), 0xff, 2);
    const gateway = gatewayFromText(gwType, fieldAt(fields, 3), origin, 3);
    const key = parseBase64Fields(fields, 4);
    return Buffer.concat([Buffer.from([precedence, gwType, alg]), gateway, key]);
  },
  names: (b) => (b.length >= 3 && b[1] === 3 && gatewayLength(3, b, 3) > 0 ? [plainName(3, false)] : []),
  toText(b) {
    if (b.length < 3 || b[1] > 3) return undefined;
    const len = b[1] === 0 ? 0 : gatewayLength(b[1], b, 3);
    if (len < 0 || 3 + len >= b.length) return undefined;
    const gw = b[1] === 0 ? '.' : gatewayToText(b[1], b, 3);
    return `${b[0]} ${b[1]} ${b[2]} ${gw} ${base64ToText(b, 3 + len, b.length)}`;
  },
};
