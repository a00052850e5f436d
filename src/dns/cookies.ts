/**
 * DNS cookies (RFC 7873) with interoperable server cookies (RFC 9018), as BIND 9.18 answers
 * them with its default `cookie-algorithm siphash24`. Pure: the secret, the time and the
 * client's address are arguments.
 *
 * - The option (RFC 7873 4): an 8-byte client cookie, optionally followed by an 8 to 32
 *   byte server cookie. Any other length is malformed: FORMERR (RFC 7873 5.2.2).
 * - The server cookie (RFC 9018 4): version 1, three reserved zero bytes, a 32-bit
 *   timestamp (seconds), and the first 8 bytes of SipHash-2-4 over client cookie | version |
 *   reserved | timestamp | client IP address (4 or 16 bytes), keyed with the server secret.
 * - Validity (RFC 9018 4.3): the hash matches for one of the secrets and the timestamp is
 *   at most 5 minutes in the future and at most 1 hour in the past (serial arithmetic,
 *   RFC 1982, as BIND compares them).
 * - Every answer to a query with a cookie carries a fresh server cookie for the current
 *   time (BIND computes one per response, whatever the client sent).
 */
import siphash24 from 'siphash24';
import { parseIPv4, parseIPv6 } from '../wire/rdata/text.js';

/** RFC 7873 4: client cookie length. */
export const CLIENT_COOKIE_LENGTH = 8;
/** RFC 9018 4: the server cookie this server makes. */
export const SERVER_COOKIE_LENGTH = 16;
/** RFC 9018 4.3 windows, in seconds. */
const MAX_FUTURE = 300;
const MAX_PAST = 3600;

/** One cookie option's parts. */
export interface CookieParts {
  client: Buffer;
  /** Absent for a client cookie alone. */
  server?: Buffer;
}

/** RFC 7873 4: 8 bytes (a client cookie alone), or 16 to 40 (with a server cookie). */
export function cookieLengthValid(n: number): boolean {
  return n === CLIENT_COOKIE_LENGTH || (n >= CLIENT_COOKIE_LENGTH + 8 && n <= CLIENT_COOKIE_LENGTH + 32);
}

/** RFC 7873 4 / 5.2.2: the option's parts, or null when its length is malformed. */
export function parseCookie(data: Buffer): CookieParts | null {
  if (!cookieLengthValid(data.length)) return null;
  return data.length === CLIENT_COOKIE_LENGTH ? { client: data } : { client: data.subarray(0, 8), server: data.subarray(8) };
}

/** The client address bytes the hash covers (RFC 9018 4.4): 4 for IPv4, 16 for IPv6. */
export function addressBytes(address: string): Buffer {
  const b = parseIPv4(address) ?? parseIPv6(address.replace(/%.*$/, ''));
  if (!b) throw new Error(`not an IP address: ${address}`);
  return b;
}

/** RFC 9018 4: the 16-byte server cookie for `client` at time `when` (seconds). */
export function makeServerCookie(client: Buffer, when: number, clientAddress: Buffer, secret: Buffer): Buffer {
  const input = Buffer.alloc(16 + clientAddress.length);
  client.copy(input, 0, 0, 8);
  input[8] = 1; // version
  input.writeUInt32BE(when >>> 0, 12);
  clientAddress.copy(input, 16);
  const out = Buffer.alloc(SERVER_COOKIE_LENGTH);
  input.copy(out, 0, 8, 16);
  Buffer.from(siphash24(input, secret)).copy(out, 8);
  return out;
}

/** RFC 1982 serial comparison a > b on 32 bits. */
function serialGt(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x80000000;
}

/** RFC 9018 4.3: is `parts.server` one this server (any of `secrets`) made, still in its window? */
export function serverCookieValid(parts: CookieParts, now: number, clientAddress: Buffer, secrets: readonly Buffer[]): boolean {
  const s = parts.server;
  if (s === undefined || s.length !== SERVER_COOKIE_LENGTH) return false;
  const when = s.readUInt32BE(4);
  if (serialGt(when, (now + MAX_FUTURE) >>> 0) || serialGt((now - MAX_PAST) >>> 0, when)) return false;
  return secrets.some((secret) => makeServerCookie(parts.client, when, clientAddress, secret).equals(s));
}

/** What a query's cookie means for its answer. */
export interface CookieVerdict {
  /** The COOKIE option data to send back: the client cookie and a fresh server cookie. */
  reply: Buffer;
  /** The client presented a valid server cookie of ours. */
  valid: boolean;
}

/**
 * The first COOKIE option of a query (BIND ignores later ones), answered: undefined when
 * there is none, null when it is malformed (FORMERR).
 */
export function answerCookie(
  options: readonly { code: number; data: Buffer }[],
  clientAddress: string,
  now: number,
  secrets: readonly Buffer[],
): CookieVerdict | null | undefined {
  const opt = options.find((o) => o.code === 10);
  if (opt === undefined) return undefined;
  const parts = parseCookie(opt.data);
  if (parts === null) return null;
  const addr = addressBytes(clientAddress);
  const valid = serverCookieValid(parts, now, addr, secrets);
  const reply = Buffer.concat([parts.client, makeServerCookie(parts.client, now, addr, secrets[0])]);
  return { reply, valid };
}
