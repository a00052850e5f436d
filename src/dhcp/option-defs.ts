/**
 * DHCPv4 option definitions (RFC 2132 and later), named as ISC dhcpd 4.4 names them
 * (dhcp-options(5)), with a value format and the text <-> payload conversions:
 * conf text to RFC wire payload (encodeOptionValue) and payload to dhcpd-style text
 * (decodeOptionValue: logs, leases, tests).
 *
 * Hand-written rather than taken from the `dhcp` npm package: that package's table uses its
 * own names ("Router", config key "router") and JS values, not ISC names, dhcpd's value syntax
 * or dhcpd's text forms, which is what a dhcpd.conf reader needs.
 *
 * A format is a string of atoms, as dhcpd's own option table (common/tables.c) writes them:
 *   I IPv4 address   l int32   L uint32   s int16   S uint16   b int8   B uint8   f flag (boolean)
 *   t text (NVT ASCII)   X bytes (a quoted string or colon-separated hex)
 *   D domain list (RFC 3397 wire form, RFC 1035 4.1.4 compression; one atom, comma-separated names)
 *   R classless route (RFC 3442: `DEST/WIDTH ROUTER`)
 *   6 IPv6 address (16 octets, RFC 4291 2.2 text form)
 *   E the options of another space, encapsulated (dhcpd's `encapsulate SPACE`, RFC 2132 8.4:
 *     `OptionDef.encapsulate` names the space; a value written directly is bytes, as X)
 * A trailing `A` makes the whole record repeat (an array, elements separated by commas).
 */
import { ipFromString, ipToString } from './ip.js';
import { type Token, describe, tokenError, tokenize } from './conf/lexer.js';

export interface OptionDef {
  code: number;
  /** ISC name, e.g. `domain-name-servers`. */
  name: string;
  format: string;
  /** `encapsulate SPACE`: the option space whose options make this option's payload. */
  encapsulate?: string;
}

const BUILTIN: Array<[number, string, string]> = [
  [1, 'subnet-mask', 'I'],
  [2, 'time-offset', 'l'],
  [3, 'routers', 'IA'],
  [4, 'time-servers', 'IA'],
  [5, 'ien116-name-servers', 'IA'],
  [6, 'domain-name-servers', 'IA'],
  [7, 'log-servers', 'IA'],
  [8, 'cookie-servers', 'IA'],
  [9, 'lpr-servers', 'IA'],
  [10, 'impress-servers', 'IA'],
  [11, 'resource-location-servers', 'IA'],
  [12, 'host-name', 't'],
  [13, 'boot-size', 'S'],
  [14, 'merit-dump', 't'],
  [15, 'domain-name', 't'],
  [16, 'swap-server', 'I'],
  [17, 'root-path', 't'],
  [18, 'extensions-path', 't'],
  [19, 'ip-forwarding', 'f'],
  [20, 'non-local-source-routing', 'f'],
  [21, 'policy-filter', 'IIA'],
  [22, 'max-dgram-reassembly', 'S'],
  [23, 'default-ip-ttl', 'B'],
  [24, 'path-mtu-aging-timeout', 'L'],
  [25, 'path-mtu-plateau-table', 'SA'],
  [26, 'interface-mtu', 'S'],
  [27, 'all-subnets-local', 'f'],
  [28, 'broadcast-address', 'I'],
  [29, 'perform-mask-discovery', 'f'],
  [30, 'mask-supplier', 'f'],
  [31, 'router-discovery', 'f'],
  [32, 'router-solicitation-address', 'I'],
  [33, 'static-routes', 'IIA'],
  [34, 'trailer-encapsulation', 'f'],
  [35, 'arp-cache-timeout', 'L'],
  [36, 'ieee802-3-encapsulation', 'f'],
  [37, 'default-tcp-ttl', 'B'],
  [38, 'tcp-keepalive-interval', 'L'],
  [39, 'tcp-keepalive-garbage', 'f'],
  [40, 'nis-domain', 't'],
  [41, 'nis-servers', 'IA'],
  [42, 'ntp-servers', 'IA'],
  [43, 'vendor-encapsulated-options', 'X'],
  [44, 'netbios-name-servers', 'IA'],
  [45, 'netbios-dd-server', 'IA'],
  [46, 'netbios-node-type', 'B'],
  [47, 'netbios-scope', 't'],
  [48, 'font-servers', 'IA'],
  [49, 'x-display-manager', 'IA'],
  [50, 'dhcp-requested-address', 'I'],
  [51, 'dhcp-lease-time', 'L'],
  [52, 'dhcp-option-overload', 'B'],
  [53, 'dhcp-message-type', 'B'],
  [54, 'dhcp-server-identifier', 'I'],
  [55, 'dhcp-parameter-request-list', 'BA'],
  [56, 'dhcp-message', 't'],
  [57, 'dhcp-max-message-size', 'S'],
  [58, 'dhcp-renewal-time', 'L'],
  [59, 'dhcp-rebinding-time', 'L'],
  [60, 'vendor-class-identifier', 'X'],
  [61, 'dhcp-client-identifier', 'X'],
  [62, 'nwip-domain', 'X'],
  [63, 'nwip-suboptions', 'X'],
  [64, 'nisplus-domain', 't'],
  [65, 'nisplus-servers', 'IA'],
  [66, 'tftp-server-name', 't'],
  [67, 'bootfile-name', 't'],
  [68, 'mobile-ip-home-agent', 'IA'],
  [69, 'smtp-server', 'IA'],
  [70, 'pop-server', 'IA'],
  [71, 'nntp-server', 'IA'],
  [72, 'www-server', 'IA'],
  [73, 'finger-server', 'IA'],
  [74, 'irc-server', 'IA'],
  [75, 'streettalk-server', 'IA'],
  [76, 'streettalk-directory-assistance-server', 'IA'],
  [77, 'user-class', 't'],
  [82, 'relay-agent-information', 'X'],
  [118, 'subnet-selection', 'I'],
  [119, 'domain-search', 'D'],
  // Not built into dhcpd 4.4 (users there declare `code 121 = array of unsigned integer 8`);
  // labnet knows it, with the RFC 3442 `DEST/WIDTH ROUTER` syntax (as Kea writes it).
  [121, 'classless-static-routes', 'RA'],
];

/** A table of option definitions: the built-ins plus a config's `option NAME code N = TYPE;`. */
export class OptionTable {
  private byName = new Map<string, OptionDef>();
  private byCode = new Map<number, OptionDef>();

  constructor(defs: Iterable<OptionDef> = []) {
    for (const d of defs) this.define(d);
  }

  /** A new definition of a code keeps the old name usable, as dhcpd's two hash tables do. */
  define(def: OptionDef): void {
    this.byName.set(def.name.toLowerCase(), def);
    this.byCode.set(def.code, def);
  }

  byNameOf(name: string): OptionDef | undefined {
    const n = name.toLowerCase();
    return this.byName.get(n.startsWith('dhcp.') ? n.slice(5) : n);
  }

  byCodeOf(code: number): OptionDef | undefined {
    return this.byCode.get(code);
  }

  /** Every definition reachable by name, including those whose code a later one took. */
  named(): OptionDef[] {
    return [...this.byName.values()];
  }

  all(): OptionDef[] {
    return [...this.byCode.values()].sort((a, b) => a.code - b.code);
  }

  clone(): OptionTable {
    return new OptionTable(this.all());
  }
}

export const builtinOptions = new OptionTable(BUILTIN.map(([code, name, format]) => ({ code, name, format })));

/** The built-in definition named `name` (ISC name; a `dhcp.` prefix is allowed). */
export function optionByName(name: string): OptionDef | undefined {
  return builtinOptions.byNameOf(name);
}

export function optionByCode(code: number): OptionDef | undefined {
  return builtinOptions.byCodeOf(code);
}

// ---------------------------------------------------------------------------------------------
// conf text -> payload

function splitFormat(format: string): { atoms: string[]; array: boolean } {
  const array = format.endsWith('A');
  return { atoms: [...(array ? format.slice(0, -1) : format)], array };
}

/** Parse a number as dhcpd does: decimal, or 0x hex. */
function parseNumber(tok: Token, min: number, max: number, what: string): number {
  if (tok.kind !== 'word' || !/^-?(\d+|0x[0-9a-f]+)$/i.test(tok.text)) {
    throw tokenError(tok, `expecting numeric value, found ${describe(tok)}`);
  }
  const neg = tok.text.startsWith('-');
  const body = neg ? tok.text.slice(1) : tok.text;
  const v = (neg ? -1 : 1) * (body.toLowerCase().startsWith('0x') ? parseInt(body.slice(2), 16) : Number(body));
  if (v < min || v > max) throw tokenError(tok, `${tok.text} out of range for ${what} (${min}..${max})`);
  return v;
}

/**
 * How host names in IP address values are handled (dhcpd.conf(5): "a domain name ... or an IP
 * address"). Without a context a name is an error; with one, `resolveHost` gives its address,
 * or undefined: the address is then left out (an array element, else the whole option).
 */
export interface EncodeContext {
  resolveHost(name: string, tok: Token): number | undefined;
}

/** A host name as dhcpd's parse_host_name reads it: labels of letters, digits, `-`, `_`, joined by dots. */
export function isHostName(text: string): boolean {
  return /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(text) && !/^[\d.]+$/.test(text);
}

/** An IPv4 address, or a host name resolved through `ctx` (null: unresolved, left out). */
function parseIpOrName(tok: Token, ctx?: EncodeContext): number | null {
  if (ctx && tok.kind === 'word' && isHostName(tok.text)) return ctx.resolveHost(tok.text, tok) ?? null;
  return parseIp(tok);
}

/** RFC 4291 2.2 text form -> 16 octets (`::` once; an embedded IPv4 tail allowed). */
export function parseIp6(text: string): Buffer | undefined {
  let s = text;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    try {
      const n = ipFromString(v4[2]);
      tail.push(n >>> 16, n & 0xffff);
    } catch {
      return undefined;
    }
    s = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const fill = 8 - tail.length - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const words = [...head.map((g) => parseInt(g, 16)), ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest.map((g) => parseInt(g, 16)), ...tail];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}

function parseIp(tok: Token): number {
  if (tok.kind === 'word') {
    try {
      return ipFromString(tok.text);
    } catch {
      /* fall through */
    }
  }
  throw tokenError(tok, `expecting an IPv4 address, found ${describe(tok)} (labnet does not resolve host names here)`);
}

function parseFlag(tok: Token): number {
  const w = tok.kind === 'word' ? tok.text.toLowerCase() : '';
  if (w === 'true' || w === 'on') return 1;
  if (w === 'false' || w === 'off') return 0;
  throw tokenError(tok, `expecting true, false, on or off, found ${describe(tok)}`);
}

const HEX_BYTES = /^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i;

/** Bytes given as a quoted string or colon-separated hex octets (`1:0:c:29:aa:bb:1`). */
export function parseBytes(tok: Token): Buffer {
  if (tok.kind === 'string') return tok.bytes ?? Buffer.from(tok.text, 'latin1');
  if (tok.kind === 'word' && HEX_BYTES.test(tok.text)) return Buffer.from(tok.text.split(':').map((h) => parseInt(h, 16)));
  throw tokenError(tok, `expecting a quoted string or colon-separated hex bytes, found ${describe(tok)}`);
}

function parseText(tok: Token): Buffer {
  if (tok.kind === 'string') return tok.bytes ?? Buffer.from(tok.text, 'latin1');
  // dhcpd takes a bare name as text (`option host-name foo;`) but stops a bare word at a dot.
  if (tok.kind === 'word' && /^[A-Za-z0-9_-]+$/.test(tok.text)) return Buffer.from(tok.text, 'latin1');
  throw tokenError(tok, `expecting a quoted string, found ${describe(tok)}`);
}

/** RFC 1035 3.1 labels; names compressed against earlier ones in the same option (RFC 3397 2, RFC 1035 4.1.4). */
export function encodeDomainList(names: string[]): Buffer {
  const out: number[] = [];
  const suffixes = new Map<string, number>();
  for (const raw of names) {
    const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
    const labels = name === '' ? [] : name.split('.');
    let i = 0;
    for (; i < labels.length; i++) {
      const key = labels.slice(i).join('.').toLowerCase();
      const at = suffixes.get(key);
      if (at !== undefined) {
        out.push(0xc0 | (at >> 8), at & 255);
        break;
      }
      if (out.length < 0x3fff) suffixes.set(key, out.length);
      const bytes = Buffer.from(labels[i], 'latin1');
      out.push(bytes.length, ...bytes);
    }
    if (i === labels.length) out.push(0);
  }
  return Buffer.from(out);
}

/** Decode an RFC 3397 domain list; throws on a malformed one. */
export function decodeDomainList(buf: Buffer): string[] {
  const names: string[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const labels: string[] = [];
    let p = pos;
    let jumped = false;
    let hops = 0;
    for (;;) {
      if (p >= buf.length) throw new Error('truncated domain list');
      const len = buf[p];
      if (len === 0) {
        if (!jumped) pos = p + 1;
        break;
      }
      if ((len & 0xc0) === 0xc0) {
        if (p + 1 >= buf.length || ++hops > 64) throw new Error('bad compression pointer');
        const target = ((len & 0x3f) << 8) | buf[p + 1];
        if (target >= p) throw new Error('forward compression pointer');
        if (!jumped) pos = p + 2;
        jumped = true;
        p = target;
        continue;
      }
      if (len > 63 || p + 1 + len > buf.length) throw new Error('bad label');
      labels.push(buf.toString('latin1', p + 1, p + 1 + len));
      p += 1 + len;
    }
    names.push(labels.join('.'));
  }
  return names;
}

class Cursor {
  i = 0;
  /** A host name in the value was not resolved. */
  unresolved = false;
  constructor(readonly toks: Token[], readonly end: Token, readonly ctx?: EncodeContext) {}
  peek(): Token {
    return this.toks[this.i] ?? this.end;
  }
  next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }
  isComma(): boolean {
    const t = this.peek();
    return this.i < this.toks.length && t.kind === 'punct' && t.text === ',';
  }
}

function encodeAtom(atom: string, c: Cursor, out: Buffer[]): void {
  const b = Buffer.alloc(4);
  switch (atom) {
    case 'I': {
      const ip = parseIpOrName(c.next(), c.ctx);
      if (ip === null) {
        c.unresolved = true;
        return;
      }
      b.writeUInt32BE(ip);
      out.push(b);
      return;
    }
    case '6': {
      const t = c.next();
      const v = t.kind === 'word' ? parseIp6(t.text) : undefined;
      if (!v) throw tokenError(t, `Invalid IPv6 address ${describe(t)}`);
      out.push(v);
      return;
    }
    case 'L':
      b.writeUInt32BE(parseNumber(c.next(), 0, 0xffffffff, 'unsigned integer 32'));
      out.push(b);
      return;
    case 'l':
      b.writeInt32BE(parseNumber(c.next(), -0x80000000, 0x7fffffff, 'signed integer 32'));
      out.push(b);
      return;
    case 'S':
      out.push(Buffer.from([0, 0]));
      out[out.length - 1].writeUInt16BE(parseNumber(c.next(), 0, 0xffff, 'unsigned integer 16'));
      return;
    case 's':
      out.push(Buffer.from([0, 0]));
      out[out.length - 1].writeInt16BE(parseNumber(c.next(), -0x8000, 0x7fff, 'signed integer 16'));
      return;
    case 'B':
      out.push(Buffer.from([parseNumber(c.next(), 0, 255, 'unsigned integer 8')]));
      return;
    case 'b':
      out.push(Buffer.from([parseNumber(c.next(), -128, 127, 'signed integer 8') & 255]));
      return;
    case 'f':
      out.push(Buffer.from([parseFlag(c.next())]));
      return;
    case 't':
      out.push(parseText(c.next()));
      return;
    case 'X':
    case 'E':
      out.push(parseBytes(c.next()));
      return;
    case 'D': {
      const names: string[] = [];
      for (;;) {
        const t = c.next();
        if (t.kind !== 'string') throw tokenError(t, `expecting a quoted domain name, found ${describe(t)}`);
        names.push(t.text);
        if (!c.isComma()) break;
        c.next();
      }
      out.push(encodeDomainList(names));
      return;
    }
    case 'R': {
      // RFC 3442: width, the significant octets of the destination, then the router.
      const t = c.next();
      const m = t.kind === 'word' ? /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(t.text) : null;
      if (!m || Number(m[2]) > 32) throw tokenError(t, `expecting DEST/WIDTH (RFC 3442), found ${describe(t)}`);
      let dest: number;
      try {
        dest = ipFromString(m[1]);
      } catch {
        throw tokenError(t, `expecting DEST/WIDTH (RFC 3442), found ${describe(t)}`);
      }
      const width = Number(m[2]);
      const d = Buffer.alloc(4);
      d.writeUInt32BE(dest);
      out.push(Buffer.from([width]), d.subarray(0, Math.ceil(width / 8)));
      const r = Buffer.alloc(4);
      r.writeUInt32BE(parseIp(c.next()));
      out.push(r);
      return;
    }
    default:
      throw new Error(`unknown format atom '${atom}'`);
  }
}

/**
 * The option payload for the value tokens of `option NAME VALUE;` (the tokens between NAME and `;`).
 * `end` locates errors about missing values (normally the `;`). Throws LocatedError.
 */
export function encodeOptionValue(def: OptionDef, tokens: Token[], end?: Token): Buffer {
  return encodeOptionValueIn(def, tokens, end)!;
}

/**
 * encodeOptionValue with host names allowed through `ctx`: null when a name was not resolved
 * and the option is left out (an array of addresses keeps the elements that resolved).
 */
export function encodeOptionValueIn(def: OptionDef, tokens: Token[], end?: Token, ctx?: EncodeContext): Buffer | null {
  const last = tokens[tokens.length - 1];
  const endTok: Token = end ?? (last ? { ...last, kind: 'eof', text: '' } : { kind: 'eof', text: '', file: '<option>', line: 1, col: 1 });
  const c = new Cursor(tokens, endTok, ctx);
  const { atoms, array } = splitFormat(def.format);
  const out: Buffer[] = [];
  let elements = 0;
  for (;;) {
    const before = out.length;
    c.unresolved = false;
    atoms.forEach((atom, k) => {
      if (k > 0 && c.isComma() && !array) c.next();
      encodeAtom(atom, c, out);
    });
    if (c.unresolved) {
      if (!array || atoms.length > 1) return dropRest(c, null);
      out.length = before;
    } else elements++;
    if (!array || !c.isComma()) break;
    c.next();
  }
  if (!c.done()) {
    const t = c.peek();
    throw tokenError(t, `semicolon expected, found ${describe(t)}`);
  }
  if (array && elements === 0) return null;
  // Payloads over 255 bytes are legal here: the packet encoder splits them (RFC 3396).
  return Buffer.concat(out);
}

/** Check the rest of a value that is left out anyway. */
function dropRest(c: Cursor, result: null): null {
  if (!c.done() && !c.isComma()) {
    const t = c.peek();
    throw tokenError(t, `semicolon expected, found ${describe(t)}`);
  }
  return result;
}

/** Convenience for tests and embedders: encode `value` written as in dhcpd.conf. */
export function encodeOptionText(def: OptionDef, value: string): Buffer {
  const toks = tokenize(value, '<option>');
  const eof = toks.pop()!;
  return encodeOptionValue(def, toks, eof);
}

// ---------------------------------------------------------------------------------------------
// payload -> dhcpd-style text

/** A quoted string with dhcpd's escapes: printable ASCII as is, `"` and `\` escaped, others as \ooo. */
export function quoteBytes(buf: Buffer): string {
  let s = '"';
  for (const b of buf) {
    if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + b.toString(8).padStart(3, '0');
  }
  return s + '"';
}

/** Colon-separated hex without leading zeros, as dhcpd prints binary data (`1:0:c:29:aa:bb:1`). */
export function hexBytes(buf: Buffer): string {
  return [...buf].map((b) => b.toString(16)).join(':');
}

/** RFC 5952 4: lower case, the longest run of two or more zero groups as `::`. */
export function ip6ToString(b: Buffer): string {
  const g = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => b.readUInt16BE(i * 2));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function isPrintable(buf: Buffer): boolean {
  return buf.length > 0 && [...buf].every((b) => b >= 0x20 && b < 0x7f);
}

const ATOM_SIZE: Record<string, number> = { I: 4, L: 4, l: 4, S: 2, s: 2, B: 1, b: 1, f: 1, '6': 16 };

function decodeAtoms(atoms: string[], buf: Buffer, pos: number): { text: string[]; pos: number } {
  const text: string[] = [];
  for (const atom of atoms) {
    const size = ATOM_SIZE[atom];
    if (size !== undefined && pos + size > buf.length) throw new Error('short option');
    switch (atom) {
      case 'I':
        text.push(ipToString(buf.readUInt32BE(pos)));
        break;
      case 'L':
        text.push(String(buf.readUInt32BE(pos)));
        break;
      case 'l':
        text.push(String(buf.readInt32BE(pos)));
        break;
      case 'S':
        text.push(String(buf.readUInt16BE(pos)));
        break;
      case 's':
        text.push(String(buf.readInt16BE(pos)));
        break;
      case 'B':
        text.push(String(buf[pos]));
        break;
      case 'b':
        text.push(String(buf.readInt8(pos)));
        break;
      case 'f':
        text.push(buf[pos] ? 'true' : 'false');
        break;
      case '6':
        text.push(ip6ToString(buf.subarray(pos, pos + 16)));
        break;
      case 't':
        text.push(quoteBytes(buf.subarray(pos)));
        pos = buf.length;
        break;
      case 'X':
      case 'E': {
        const rest = buf.subarray(pos);
        text.push(isPrintable(rest) ? quoteBytes(rest) : hexBytes(rest));
        pos = buf.length;
        break;
      }
      case 'D':
        text.push(decodeDomainList(buf.subarray(pos)).map((n) => `"${n}"`).join(','));
        pos = buf.length;
        break;
      case 'R': {
        const width = buf[pos];
        const n = Math.ceil(width / 8);
        if (width > 32 || pos + 1 + n + 4 > buf.length) throw new Error('short route');
        const d = Buffer.alloc(4);
        buf.copy(d, 0, pos + 1, pos + 1 + n);
        text.push(`${ipToString(d.readUInt32BE(0))}/${width} ${ipToString(buf.readUInt32BE(pos + 1 + n))}`);
        pos += 1 + n + 4;
        continue;
      }
      default:
        throw new Error(`unknown format atom '${atom}'`);
    }
    if (size !== undefined) pos += size;
  }
  return { text, pos };
}

/**
 * The payload as dhcpd prints it: IPs dotted, numbers decimal, text quoted, binary as hex,
 * record fields separated by a space and array elements by a comma. A payload that does not
 * fit the format is printed as hex.
 */
export function decodeOptionValue(def: OptionDef, payload: Buffer): string {
  const { atoms, array } = splitFormat(def.format);
  try {
    const parts: string[] = [];
    let pos = 0;
    do {
      const r = decodeAtoms(atoms, payload, pos);
      parts.push(r.text.join(' '));
      pos = r.pos;
    } while (array && pos < payload.length);
    if (pos !== payload.length) throw new Error('trailing bytes');
    return parts.join(',');
  } catch {
    return hexBytes(payload);
  }
}

// ---------------------------------------------------------------------------------------------
// `option NAME code N = TYPE;`

/**
 * The format for a dhcpd option type declaration (dhcpd.conf(5) "DEFINING NEW OPTIONS"):
 * `boolean`, `[un]signed integer 8|16|32`, `integer N`, `ip-address`, `ip6-address`, `text`,
 * `string`, `domain-name`, `domain-list [compressed]`, `encapsulate SPACE`, `{ TYPE, TYPE ... }`
 * records (text, string and domain lists only last, as dhcpd's parse_option_code_definition
 * requires), `array of TYPE` (not of text, string or domain lists).
 * `tokens` run from after `=` up to the `;`; `hasSpace` tells whether an option space is declared.
 */
export function parseOptionType(tokens: Token[], end: Token, hasSpace: (name: string) => boolean = () => false): { format: string; encapsulate?: string } {
  const c = new Cursor(tokens, end);
  let array = false;
  if (isW(c.peek(), 'array')) {
    c.next();
    const of = c.next();
    if (!isW(of, 'of')) throw tokenError(of, `'of' expected, found ${describe(of)}`);
    array = true;
  }
  let format = '';
  const spaces: string[] = [];
  const simple = () => {
    const t = c.peek();
    if (isW(t, 'encapsulate')) {
      c.next();
      const sp = c.next();
      if (sp.kind !== 'word') throw tokenError(sp, `expecting option space identifier, found ${describe(sp)}`);
      if (!hasSpace(sp.text)) throw tokenError(sp, `unknown option space ${sp.text}`);
      spaces.push(sp.text);
      return 'E';
    }
    const f = parseSimpleType(c);
    if (array && /[tXD]/.test(f)) throw tokenError(t, 'arrays of text strings not yet supported');
    return f;
  };
  const t = c.peek();
  if (t.kind === 'punct' && t.text === '{') {
    c.next();
    for (;;) {
      const f = simple();
      format += f;
      const sep = c.next();
      if (sep.kind === 'punct' && sep.text === '}') break;
      if (!(sep.kind === 'punct' && sep.text === ',')) throw tokenError(sep, `',' or '}' expected, found ${describe(sep)}`);
      if (/[tXDE]/.test(f)) throw tokenError(sep, f === 'E' ? 'encapsulate must be at end of record' : 'text must be at end of record');
    }
  } else {
    format = simple();
  }
  if (!c.done()) throw tokenError(c.peek(), `semicolon expected, found ${describe(c.peek())}`);
  return { format: array ? format + 'A' : format, ...(spaces.length ? { encapsulate: spaces[0] } : {}) };
}

function isW(t: Token, w: string): boolean {
  return t.kind === 'word' && t.text.toLowerCase() === w;
}

function parseSimpleType(c: Cursor): string {
  const t = c.next();
  const w = t.kind === 'word' ? t.text.toLowerCase() : '';
  switch (w) {
    case 'boolean':
      return 'f';
    case 'ip-address':
      return 'I';
    case 'ip6-address':
      return '6';
    case 'text':
      return 't';
    case 'string':
      return 'X';
    case 'domain-name':
      return 'D';
    case 'domain-list':
      if (isW(c.peek(), 'compressed')) c.next();
      return 'D';
    case 'unsigned':
    case 'signed':
    case 'integer': {
      if (w !== 'integer') {
        const i = c.next();
        if (!isW(i, 'integer')) throw tokenError(i, `'integer' expected, found ${describe(i)}`);
      }
      const bits = c.next();
      const map: Record<string, string> = w === 'unsigned' ? { '8': 'B', '16': 'S', '32': 'L' } : { '8': 'b', '16': 's', '32': 'l' };
      const f = bits.kind === 'word' ? map[bits.text] : undefined;
      if (bits.kind === 'word' && bits.text === '64') throw tokenError(bits, '64 bit precision is not supported');
      if (!f) throw tokenError(bits, `integer size 8, 16 or 32 expected, found ${describe(bits)}`);
      return f;
    }
    default:
      throw tokenError(t, `unknown option type ${describe(t)}`);
  }
}
