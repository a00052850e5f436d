/**
 * Types with no presentation form of their own in BIND 9.18, read and printed only in the
 * RFC 3597 `\#` form: NULL (RFC 1035 3.3.10: anything up to 65535 octets; other text is a
 * 'syntax error') and the reserved UINFO, UID, GID, UNSPEC (IANA; other text is BIND's
 * 'unknown class/type').
 */
import type { RdataCodec } from '../codec.js';
import { RdataError } from '../text.js';

function opaque(type: number, message: string): RdataCodec {
  return {
    type,
    fromText() {
      throw new RdataError(message, 0);
    },
    valid: () => true,
    toText: () => undefined,
  };
}

export const nullRR = opaque(10, 'syntax error');
export const uinfo = opaque(100, 'unknown class/type');
export const uid = opaque(101, 'unknown class/type');
export const gid = opaque(102, 'unknown class/type');
export const unspec = opaque(103, 'unknown class/type');
