/**
 * Base32 with the extended hex alphabet, without padding (RFC 4648 7; RFC 5155 3.3: the
 * NSEC3 next hashed owner name and the first label of NSEC3 owner names), as BIND's
 * isc_base32hexnp: either letter case on input, upper case on output; a final partial
 * quantum must be 2, 4, 5 or 7 characters whose unused bits are zero.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** The bytes `s` stands for, or undefined when it is no unpadded base32hex. */
export function base32hexDecode(s: string): Buffer | undefined {
  if (![0, 2, 4, 5, 7].includes(s.length % 8)) return undefined;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ALPHABET.indexOf(s[i].toUpperCase());
    if (v < 0) return undefined;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return Buffer.from(out);
}

/** `b[start..end)` as upper-case unpadded base32hex. */
export function base32hexEncode(b: Uint8Array, start = 0, end = b.length): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    acc = ((acc << 8) | b[i]) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}
