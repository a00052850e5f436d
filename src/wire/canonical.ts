/**
 * The canonical form of RDATA and the canonical order of names (RFC 4034 6.1, 6.2), used
 * for duplicate detection (RFC 2181 5), RRset order in dumps, and DNSSEC. Which names of
 * a type are lower-cased is said by the type's description in rdata.ts (`canonical`).
 */
import { nameLabels, ROOT } from './name.js';
import { nameFields } from './rdata.js';

/**
 * The RDATA in canonical form (RFC 4034 6.2): names lower-cased. Equal canonical forms are
 * duplicate records (RFC 2181 5); byte order of canonical forms is the RRset order of RFC
 * 4034 6.3, which BIND's dump follows. Returns `rdata` itself when nothing changes.
 */
export function canonicalRdata(type: number, rdata: Buffer): Buffer {
  let out: Buffer | undefined;
  for (const f of nameFields(type, rdata)) {
    if (!f.canonical) continue;
    // Length octets are <= 63, so lower-casing every byte of the name's wire form is safe.
    for (let o = f.offset; o < rdata.length && rdata[o] !== 0; ) {
      const end = Math.min(rdata.length, o + 1 + rdata[o]);
      for (let i = o + 1; i < end; i++) {
        const b = rdata[i];
        if (b >= 0x41 && b <= 0x5a) {
          out ??= Buffer.from(rdata);
          out[i] = b + 0x20;
        }
      }
      o = end;
    }
  }
  return out ?? rdata;
}

/**
 * A string whose code-unit order is the canonical DNS name order (RFC 4034 6.1): labels
 * from the root down, each lower-cased byte b as char b+1, labels separated by char 0 (so a
 * shorter label, and a parent, sorts first).
 */
export function canonicalSortKey(name: string): string {
  if (name === ROOT) return '';
  if (name.includes('\\') || name.length > KEY_BUF.length) return slowSortKey(name);
  // Fast path (no escapes): labels from the last, each char lower-cased plus one.
  let o = 0;
  let end = name.length - 1; // the final dot
  while (end > 0) {
    const start = name.lastIndexOf('.', end - 1) + 1;
    if (o > 0) KEY_BUF[o++] = 0;
    for (let k = start; k < end; k++) {
      let c = name.charCodeAt(k);
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      KEY_BUF[o++] = c + 1;
    }
    end = start - 1;
  }
  return String.fromCharCode.apply(null, KEY_BUF.subarray(0, o) as unknown as number[]);
}

const KEY_BUF = new Uint16Array(512);

function slowSortKey(name: string): string {
  const labels = nameLabels(name).map((l) => {
    let s = '';
    for (let b of l) {
      if (b >= 0x41 && b <= 0x5a) b += 0x20;
      s += String.fromCharCode(b + 1);
    }
    return s;
  });
  return labels.reverse().join('\u0000');
}
