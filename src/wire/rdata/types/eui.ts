/**
 * EUI48 and EUI64 (RFC 7043 3.2, 4.2): six or eight hexadecimal pairs joined by `-`, printed
 * in lower case. Input is read as BIND reads it, with sscanf("%2x-%2x-...").
 */
import type { RdataCodec } from '../codec.js';
import { RdataError, isQuoted, fieldAt, checkCount } from '../text.js';

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/**
 * One glibc `%2x` conversion at `s[i]`: an optional sign, an optional `0x` prefix and hex
 * digits, two characters at most in all. Returns [value, next index], or undefined when no
 * number is there; a negative number wraps as sscanf's does (and is then out of range).
 */
function scanHex2(s: string, i: number): [number, number] | undefined {
  let width = 2;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
    width--;
  }
  let v = 0;
  let digits = 0;
  if (width === 2 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) return [0, i + 2];
  while (width > 0 && i < s.length && hexDigit(s.charCodeAt(i)) >= 0) {
    v = v * 16 + hexDigit(s.charCodeAt(i));
    i++;
    width--;
    digits++;
  }
  if (digits === 0) return undefined;
  return [neg && v !== 0 ? 0x100000000 - v : v, i];
}

function eui(type: number, octets: number): RdataCodec {
  return {
    type,
    fixedFields: 1,
    fromText(fields) {
      const f = fieldAt(fields, 0);
      if (isQuoted(f)) throw new RdataError('unexpected token', 0);
      const out = Buffer.alloc(octets);
      let i = 0;
      for (let k = 0; k < octets; k++) {
        if (k > 0) {
          if (f[i] !== '-') throw new RdataError('bad EUI', fields.length);
          i++;
        }
        const r = scanHex2(f, i);
        if (r === undefined || r[0] > 255) throw new RdataError('bad EUI', fields.length);
        out[k] = r[0];
        i = r[1];
      }
      // sscanf ignores whatever follows the last conversion.
      checkCount(fields, 1);
      return out;
    },
    toText(b) {
      if (b.length !== octets) return undefined;
      return [...b].map((x) => x.toString(16).padStart(2, '0')).join('-');
    },
  };
}

export const eui48 = eui(108, 6);
export const eui64 = eui(109, 8);
