/**
 * dhcpd.conf's `key` and `zone` declarations (dhcpd.conf(5) "DYNAMIC DNS UPDATE SECURITY"),
 * read from the tokens of their blocks:
 *
 *   key NAME { algorithm ALGORITHM; secret BASE64; };
 *   zone NAME. { primary ADDRESS[, ADDRESS...]; secondary ...; primary6 ...; secondary6 ...; key NAME; }
 *
 * NAME is a domain name or a quoted string; ISC dhcpd adds the trailing dot to zone names
 * that lack one. The secret is the base64 of the tokens up to ';' joined (dhcpd's
 * parse_base64 reads them that way), a quoted string's contents included.
 */
import type { Token } from './lexer.js';
import { describe, tokenError } from './lexer.js';

export interface DdnsKeyDecl {
  /** As written (dhcpd compares key names as written). */
  name: string;
  /** As written (`hmac-md5`, `HMAC-MD5.SIG-ALG.REG.INT`, `hmac-sha256`). */
  algorithm: string;
  secret: Buffer;
  source: { file: string; line: number };
}

export interface DdnsZoneDecl {
  /** Absolute, lower case. */
  name: string;
  primary: string[];
  secondary: string[];
  /** A `key` statement's key name. */
  key?: string;
  source: { file: string; line: number };
}

/** The statements of a block: token lists split at top-level ';'. */
function statements(body: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  for (const t of body) {
    if (t.kind === 'punct' && t.text === ';') {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0) throw tokenError(cur[cur.length - 1], `semicolon expected after ${describe(cur[cur.length - 1])}`);
  return out;
}

const joined = (ts: Token[]) => ts.map((t) => t.text).join('');

export function parseKeyDecl(nameTok: Token, body: Token[]): DdnsKeyDecl {
  let algorithm: string | undefined;
  let secret: Buffer | undefined;
  for (const st of statements(body)) {
    const kw = st[0];
    const rest = st.slice(1);
    const word = kw.kind === 'word' ? kw.text.toLowerCase() : '';
    if (rest.length === 0) throw tokenError(kw, `${describe(kw)} needs a value`);
    if (word === 'algorithm') algorithm = joined(rest);
    else if (word === 'secret') {
      // dhcpd's parse_base64 (common/parse.c) decodes the text of every token up to the
      // semicolon, a quoted string's contents included: `secret "c2VjcmV0";` as tsig-keygen
      // writes it is the same key as `secret c2VjcmV0;`.
      const b64 = joined(rest);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw tokenError(rest[0], `expecting a base64 secret, found ${describe(rest[0])}`);
      secret = Buffer.from(b64, 'base64');
    } else throw tokenError(kw, `expecting key parameter (algorithm or secret), found ${describe(kw)}`);
  }
  if (algorithm === undefined) throw tokenError(nameTok, `key ${nameTok.text}: no algorithm specified`);
  if (secret === undefined) throw tokenError(nameTok, `key ${nameTok.text}: no secret specified`);
  return { name: nameTok.text, algorithm, secret, source: { file: nameTok.file, line: nameTok.line } };
}

export function parseZoneDecl(nameTok: Token, body: Token[]): DdnsZoneDecl {
  const zone: DdnsZoneDecl = {
    name: `${nameTok.text.replace(/\.$/, '')}.`.toLowerCase(),
    primary: [],
    secondary: [],
    source: { file: nameTok.file, line: nameTok.line },
  };
  for (const st of statements(body)) {
    const kw = st[0];
    const word = kw.kind === 'word' ? kw.text.toLowerCase() : '';
    const rest = st.slice(1);
    if (rest.length === 0) throw tokenError(kw, `${describe(kw)} needs a value`);
    if (word === 'key') zone.key = rest.map((t) => t.text).join('');
    else if (word === 'primary' || word === 'secondary' || word === 'primary6' || word === 'secondary6') {
      const addrs = rest.filter((t) => !(t.kind === 'punct' && t.text === ',')).map((t) => t.text);
      if (word.startsWith('primary')) zone.primary.push(...addrs);
      else zone.secondary.push(...addrs);
    } else throw tokenError(kw, `expecting zone parameter (primary, secondary, key), found ${describe(kw)}`);
  }
  return zone;
}
