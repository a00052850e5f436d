/**
 * DNS cookies in the interop comparisons. BIND and labnet are given one `cookie-secret`, so
 * both make the same RFC 9018 server cookie for the same client cookie, address and second.
 * A reply's server cookie is checked here, with SipHash-2-4 computed independently of
 * labnet's src/dns/cookies.ts (RFC 9018 4.4), and its time and hash replaced by a verdict,
 * so two replies made a second apart still compare equal when both cookies are right.
 */
import siphash24 from 'siphash24';

/** The shared `cookie-secret` (BIND 9.18: 128 bits in hex for siphash24). */
export const INTEROP_COOKIE_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** `client(8) version reserved(3) timestamp(4) hash(8)`: valid for 127.0.0.1 within `slackS` of now? */
function cookieValid(data: Buffer, slackS: number): boolean {
  if (data.length !== 24 || data[8] !== 1 || data.readUIntBE(9, 3) !== 0) return false;
  const when = data.readUInt32BE(12);
  if (Math.abs(when - Date.now() / 1000) > slackS) return false;
  const input = Buffer.concat([data.subarray(0, 16), Buffer.from([127, 0, 0, 1])]);
  const hash = Buffer.from(siphash24(input, Buffer.from(INTEROP_COOKIE_SECRET, 'hex')));
  return hash.equals(data.subarray(16, 24));
}

/**
 * OPT RDATA (hex) with each 24-byte COOKIE option's timestamp and hash replaced by
 * `valid`/`INVALID`: the form compared between BIND and labnet.
 */
export function normalizeOptCookies(rdataHex: string, slackS = 5): string {
  const b = Buffer.from(rdataHex, 'hex');
  const out: string[] = [];
  for (let o = 0; o + 4 <= b.length; ) {
    const code = b.readUInt16BE(o);
    const len = b.readUInt16BE(o + 2);
    const data = b.subarray(o + 4, o + 4 + len);
    if (code === 10 && len === 24) {
      out.push(`COOKIE ${data.subarray(0, 12).toString('hex')} ${cookieValid(data, slackS) ? 'valid' : 'INVALID'}`);
    } else out.push(`${code}:${data.toString('hex')}`);
    o += 4 + len;
  }
  return out.join(' ');
}
