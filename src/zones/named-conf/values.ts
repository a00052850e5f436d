/**
 * The value types of named.conf(5) (`<integer>`, `<boolean>`, `<duration>`, addresses,
 * ...), each a matcher over the token stream, with the checks and messages
 * named-checkconf 9.18 applies when it parses them (ranges, address forms, prefix
 * lengths). A matcher returns the values it read or where and why it failed.
 */
import { isIP } from 'node:net';
import { near, type ConfToken } from './lexer.js';
import type { ConfValue } from './tree.js';

/**
 * A failure is `hard` when the token was of the type but its value is wrong (a number out
 * of range): no other alternative is tried, as named reports the value.
 */
export type Match = { ok: true; values: ConfValue[]; next: number } | { ok: false; message: string; at: number; hard?: boolean };
export type ValueMatcher = (toks: ConfToken[], i: number) => Match;

const isWord = (t: ConfToken) => t.kind === 'word';
const isText = (t: ConfToken) => t.kind === 'word' || t.kind === 'string';

function one(toks: ConfToken[], i: number, type: string, text = toks[i].text): Match {
  return { ok: true, values: [{ kind: 'word', type, text, loc: toks[i].loc }], next: i + 1 };
}
const fail = (message: string, at: number): Match => ({ ok: false, message, at });

/** A single-token value: `accept` says whether the token is one, `expected` names the type. */
function token(type: string, expected: string, accept: (t: ConfToken) => boolean, check?: (text: string) => string | undefined): ValueMatcher {
  return (toks, i) => {
    const t = toks[i];
    if (!accept(t)) return fail(`${expected} near ${near(t)}`, i);
    const problem = check?.(t.text);
    return problem ? { ok: false, message: problem, at: i, hard: true } : one(toks, i, type);
  };
}

const UINT32_MAX = 4294967295;
const integerCheck = (s: string) => (Number(s) > UINT32_MAX ? 'out of range' : undefined);
const digits = (t: ConfToken) => isWord(t) && /^\d+$/.test(t.text);

/** A TTL-style duration (`1w2d3h`, `3600`) or an ISO 8601 one (`P1DT2H`, `PT5M`). */
function isDuration(s: string): boolean {
  if (/^\d+$/.test(s) || /^(\d+[wdhms])+$/i.test(s)) return true;
  return /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+S)?)?$/i.test(s);
}

function isIPv4(s: string): boolean {
  return isIP(s) === 4;
}
function isIPv6(s: string): boolean {
  return isIP(s.replace(/%[\w.-]+$/, '')) === 6; // a zone index (`fe80::1%eth0`) is allowed
}
/** An IPv4 network in the short forms BIND accepts for prefixes (`10`, `10.1`, `10.1.2`). */
function isShortIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length <= 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** `ADDRESS[/LENGTH]` (three tokens when the length is there), as isccfg's netprefix. */
const netprefix: ValueMatcher = (toks, i) => {
  const t = toks[i];
  const v4 = isWord(t) && isShortIPv4(t.text);
  const v6 = isWord(t) && !v4 && isIPv6(t.text);
  if (!v4 && !v6) return fail(`expected IP address near ${near(t)}`, i);
  const slash = toks[i + 1];
  if (slash.kind !== 'special' || slash.text !== '/') {
    if (v4 && !isIPv4(t.text)) return fail(`expected IP address near ${near(t)}`, i);
    return one(toks, i, 'netprefix');
  }
  const lenTok = toks[i + 2];
  if (!digits(lenTok)) return fail(`expected prefix length near ${near(lenTok)}`, i + 2);
  const len = Number(lenTok.text);
  if (len > (v4 ? 32 : 128)) return fail(`invalid prefix length '${lenTok.text}'`, i + 2);
  let text = `${t.text}/${lenTok.text}`;
  if (v4) {
    const parts = t.text.split('.').map(Number);
    if (parts.length * 8 < len && parts.length < 4) return fail(`invalid prefix length '${lenTok.text}'`, i + 2);
    while (parts.length < 4) parts.push(0);
    const n = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
    const host = len === 0 ? n : len === 32 ? 0 : (n & (0xffffffff >>> len)) >>> 0;
    if (host !== 0) return fail(`'${text}': address/prefix length mismatch`, i + 2);
    text = `${parts.join('.')}/${len}`; // the short form (`10/8`) written out, as named-checkconf -p prints it
  }
  return { ok: true, values: [{ kind: 'word', type: 'netprefix', text, loc: t.loc }], next: i + 3 };
};

const CLASSES = /^(in|ch|chaos|hs|hesiod|any|none|class\d+)$/i;

/** The matchers by the name the notation gives them. */
export const VALUE_TYPES: Record<string, ValueMatcher> = {
  string: token('string', 'expected string', isText),
  'remote-servers': token('string', 'expected string', isText),
  quoted_string: token('string', 'expected quoted string', (t) => t.kind === 'string'),
  ustring: token('word', `expected unquoted string`, isWord),
  integer: token('integer', 'expected number', digits, integerCheck),
  port: token('integer', 'expected number', digits, (s) => (Number(s) > 65535 ? `port '${s}' out of range` : undefined)),
  boolean: token('boolean', 'boolean expected', (t) => isWord(t) && /^(yes|no|true|false|1|0)$/i.test(t.text)),
  duration: token('duration', 'expected ISO 8601 duration or TTL value', (t) => isWord(t) && isDuration(t.text)),
  duration_or_unlimited: token(
    'duration',
    'expected ISO 8601 duration or TTL value',
    (t) => isWord(t) && (t.text.toLowerCase() === 'unlimited' || isDuration(t.text)),
  ),
  ipv4_address: token('address', 'expected IPv4 address', (t) => isWord(t) && isIPv4(t.text)),
  ipv6_address: token('address', 'expected IPv6 address', (t) => isWord(t) && isIPv6(t.text)),
  netprefix,
  // An address match element that is not key/geoip/nested: an address or prefix if it looks like one, else an ACL name.
  address_or_acl: (toks, i) => {
    const t = toks[i];
    if (isWord(t) && (/^[\d.]+$/.test(t.text) || t.text.includes(':'))) return netprefix(toks, i);
    return isText(t) ? one(toks, i, 'acl') : fail(`expected IP match list element near ${near(t)}`, i);
  },
  sizeval: token('size', 'expected integer and optional unit', (t) => isWord(t) && /^\d+[kmg]?$/i.test(t.text)),
  size: token('size', 'expected integer and optional unit', (t) => isWord(t) && /^(\d+[kmg]?|unlimited|default)$/i.test(t.text)),
  percentage: token('percentage', 'expected percentage', (t) => isWord(t) && /^\d+%$/.test(t.text)),
  fixedpoint: token('fixedpoint', 'expected fixed point number', (t) => isWord(t) && /^\d{1,5}(\.\d{1,2})?$/.test(t.text)),
  class: (toks, i) => {
    const t = toks[i];
    if (!isWord(t)) return fail(`expected class near ${near(t)}`, i);
    return CLASSES.test(t.text) ? one(toks, i, 'class') : fail(`expected class near ${near(t)}`, i);
  },
  // Zero or more RR type names up to the `;` (update-policy grants).
  rrtypelist: (toks, i) => {
    const values: ConfValue[] = [];
    let j = i;
    while (isText(toks[j])) values.push(...(one(toks, j++, 'string') as { values: ConfValue[] }).values);
    return { ok: true, values, next: j };
  },
};
