/**
 * Evaluation of dhcp-eval(5) expressions against one packet, as ISC dhcpd 4.4's common/tree.c
 * evaluate_boolean_expression / evaluate_data_expression / evaluate_numeric_expression do.
 * Pure: the packet, lease and scope are in the context; nothing here throws on any packet.
 *
 * Every evaluation may fail (dhcpd's "NULL"): a missing option, an offset past the data, a
 * division by zero. Failure is `null` here and propagates as in dhcpd:
 * - `a = b` is true when both fail, false when one does (binding types compared first);
 * - `a and b` fails unless `a` is true and `b` evaluates; `a or b` fails only if both fail;
 *   `not a` fails when `a` does (so `not (false and x)` is not true: dhcpd's rule);
 * - `exists`, `static` and `check` never fail; `known` fails without a packet;
 * - an `if` whose condition fails takes the `else` branch (execute.ts).
 * Numbers are unsigned 64-bit (dhcpd's `unsigned long`), kept as bigint.
 */
import type { DhcpPacket } from '../types.js';
import { decodeSpace, type SpaceLayout } from '../option-spaces.js';
import { type Expr, type OptionRef, kindOf } from './ast.js';

export type Value = { type: 'data'; data: Buffer } | { type: 'numeric'; n: bigint } | { type: 'boolean'; b: boolean };

export interface EvalContext {
  packet?: DhcpPacket;
  /** The packet as received, for `packet (OFFSET, LEN)`. */
  raw?: Buffer;
  /** The client matched a host declaration (dhcpd.conf(5) "known"). */
  known: boolean;
  /** The lease being offered or acknowledged, once there is one. */
  lease?: { ip: number; isStatic: boolean; secondsLeft?: number; hostName?: string };
  /** The options the reply is being built with (`config-option`). */
  cfgOptions?: Map<number, Buffer>;
  /** Variables from `set` (dhcp-eval(5) "variables"). */
  variables: Map<string, Value>;
  /** Classes the packet is a member of (`check "CLASS"`). */
  classes?: Set<string>;
  serverHostname?: string;
  /** Option spaces a packet option carries (`encapsulate SPACE`): space -> the option's code and layout. */
  encapsulations?: ReadonlyMap<string, { code: number; layout: SpaceLayout }>;
}

const U64 = (n: bigint) => BigInt.asUintN(64, n);

/** The sub-options of the relay agent information option (RFC 3046 2.0), by code. */
function agentOption(pkt: DhcpPacket, code: number): Buffer | null {
  const o = pkt.options.get(82);
  if (!o) return null;
  for (let i = 0; i + 2 <= o.length; ) {
    const c = o[i];
    const len = o[i + 1];
    if (i + 2 + len > o.length) return null;
    if (c === code) return o.subarray(i + 2, i + 2 + len);
    i += 2 + len;
  }
  return null;
}

function packetOption(ctx: EvalContext, ref: OptionRef): Buffer | null {
  const pkt = ctx.packet;
  if (!pkt) return null;
  if (ref.space === 'dhcp') return pkt.options.get(ref.code) ?? null;
  if (ref.space === 'agent') return agentOption(pkt, ref.code);
  // A sub-option the client sent inside an encapsulating option (iPXE's 175 holds `ipxe.*`).
  const enc = ctx.encapsulations?.get(ref.space);
  const outer = enc && pkt.options.get(enc.code);
  if (!enc || !outer) return null;
  return decodeSpace(enc.layout, outer)?.get(ref.code) ?? null;
}

/** A C string (regexec reads up to the first NUL). */
const cString = (b: Buffer) => {
  const z = b.indexOf(0);
  return (z < 0 ? b : b.subarray(0, z)).toString('latin1');
};

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

/** POSIX extended regular expression (regcomp REG_EXTENDED) as a JavaScript RegExp, or null. */
function posixRegExp(pattern: string, icase: boolean): RegExp | null {
  const js = pattern.replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  try {
    return new RegExp(js, icase ? 'i' : '');
  } catch {
    return null;
  }
}

function digits(n: bigint, base: number): string {
  return n.toString(base);
}

function binaryToAscii(base: bigint, width: bigint, sep: Buffer, buf: Buffer): Buffer | null {
  if (width !== 8n && width !== 16n && width !== 32n) return null;
  if (base < 2n || base > 36n) return null;
  const w = Number(width) / 8;
  if (buf.length % w !== 0) return null;
  const parts: string[] = [];
  for (let i = 0; i < buf.length; i += w) parts.push(digits(BigInt(buf.readUIntBE(i, w)), Number(base)));
  return Buffer.from(parts.join(sep.toString('latin1')), 'latin1');
}

/** `len` bytes of `d` from `off` (< d.length), fewer at the end. */
function slice(d: Buffer, off: bigint, len: bigint): Buffer {
  const o = Number(off);
  return d.subarray(o, len >= BigInt(d.length - o) ? d.length : o + Number(len));
}

export function evalData(e: Expr, ctx: EvalContext): Buffer | null {
  switch (e.op) {
    case 'const-data':
      return e.value;
    case 'substring': {
      const d = evalData(e.expr, ctx);
      const off = evalNumeric(e.offset, ctx);
      const len = evalNumeric(e.len, ctx);
      if (d === null || off === null || len === null) return null;
      return BigInt(d.length) <= off ? Buffer.alloc(0) : slice(d, off, len);
    }
    case 'suffix': {
      const d = evalData(e.expr, ctx);
      const len = evalNumeric(e.len, ctx);
      if (d === null || len === null) return null;
      return BigInt(d.length) > len ? d.subarray(d.length - Number(len)) : d;
    }
    case 'lcase':
    case 'ucase': {
      const d = evalData(e.expr, ctx);
      if (d === null) return null;
      const out = Buffer.from(d);
      for (let i = 0; i < out.length; i++) {
        const c = out[i];
        if (e.op === 'lcase' && c >= 0x41 && c <= 0x5a) out[i] = c + 32;
        if (e.op === 'ucase' && c >= 0x61 && c <= 0x7a) out[i] = c - 32;
      }
      return out;
    }
    case 'concat': {
      const l = evalData(e.left, ctx);
      const r = evalData(e.right, ctx);
      return l !== null && r !== null ? Buffer.concat([l, r]) : null;
    }
    case 'option':
      return packetOption(ctx, e.option);
    case 'config-option':
      return e.option.space === 'dhcp' ? (ctx.cfgOptions?.get(e.option.code) ?? null) : null;
    case 'hardware': {
      const p = ctx.packet;
      if (!p || p.hlen > 16) return null;
      return Buffer.concat([Buffer.from([p.htype]), p.chaddr.subarray(0, p.hlen)]);
    }
    case 'packet': {
      const off = evalNumeric(e.offset, ctx);
      const len = evalNumeric(e.len, ctx);
      const raw = ctx.raw;
      if (!raw || off === null || len === null || off >= BigInt(raw.length)) return null;
      return slice(raw, off, len);
    }
    case 'binary-to-ascii': {
      const base = evalNumeric(e.base, ctx);
      const width = evalNumeric(e.width, ctx);
      const sep = evalData(e.separator, ctx);
      const buf = evalData(e.buffer, ctx);
      if (base === null || width === null || sep === null || buf === null) return null;
      return binaryToAscii(base, width, sep, buf);
    }
    case 'encode-int': {
      const n = evalNumeric(e.expr, ctx);
      if (n === null) return null;
      const b = Buffer.alloc(e.width / 8);
      b.writeUIntBE(Number(BigInt.asUintN(e.width, n)), 0, e.width / 8);
      return b;
    }
    case 'reverse': {
      const w = evalNumeric(e.width, ctx);
      const d = evalData(e.buffer, ctx);
      if (w === null || d === null || w === 0n || BigInt(d.length) % w !== 0n) return null;
      const width = Number(w);
      const out = Buffer.alloc(d.length);
      for (let i = 0; i < d.length; i += width) d.copy(out, i, d.length - i - width, d.length - i);
      return out;
    }
    case 'pick-first-value': {
      for (const a of e.args) {
        const d = evalData(a, ctx);
        if (d !== null) return d;
      }
      return null;
    }
    case 'leased-address': {
      if (!ctx.lease) return null;
      const b = Buffer.alloc(4);
      b.writeUInt32BE(ctx.lease.ip >>> 0, 0);
      return b;
    }
    case 'host-decl-name':
      return ctx.lease?.hostName !== undefined ? Buffer.from(ctx.lease.hostName, 'latin1') : null;
    case 'filename':
    case 'sname': {
      const s = ctx.packet ? (e.op === 'filename' ? ctx.packet.file : ctx.packet.sname) : '';
      return s ? Buffer.from(s, 'latin1') : null;
    }
    case 'gethostname':
      return ctx.serverHostname !== undefined ? Buffer.from(ctx.serverHostname, 'latin1') : null;
    case 'variable': {
      const v = ctx.variables.get(e.name);
      return v && v.type === 'data' ? v.data : null;
    }
    default:
      return null;
  }
}

export function evalNumeric(e: Expr, ctx: EvalContext): bigint | null {
  switch (e.op) {
    case 'const-int':
      return BigInt(e.value);
    case 'extract-int': {
      const d = evalData(e.expr, ctx);
      const n = e.width / 8;
      if (d === null || d.length < n) return null;
      return BigInt(d.readUIntBE(0, n));
    }
    case 'lease-time': {
      const left = ctx.lease?.secondsLeft;
      return left !== undefined && left >= 0 ? BigInt(Math.floor(left)) : null;
    }
    case 'binary': {
      if (!['+', '-', '*', '/', '%', '&', '|', '^'].includes(e.kind)) return null;
      const l = evalNumeric(e.left, ctx);
      const r = evalNumeric(e.right, ctx);
      if (l === null || r === null) return null;
      switch (e.kind) {
        case '+': return U64(l + r);
        case '-': return U64(l - r);
        case '*': return U64(l * r);
        case '/': return r === 0n ? null : l / r;
        case '%': return r === 0n ? null : l % r;
        case '&': return l & r;
        case '|': return l | r;
        default: return l ^ r;
      }
    }
    case 'variable': {
      const v = ctx.variables.get(e.name);
      return v && v.type === 'numeric' ? v.n : null;
    }
    default:
      // client-state has no meaning in a server (dhcpd: no client state).
      return null;
  }
}

/** The value of any expression (dhcpd's evaluate_expression), or null when it fails. */
export function evalValue(e: Expr, ctx: EvalContext): Value | null {
  if (e.op === 'variable') return ctx.variables.get(e.name) ?? null;
  if (e.op === 'funcall') return null;
  switch (kindOf(e)) {
    case 'boolean': {
      const b = evalBoolean(e, ctx);
      return b === null ? null : { type: 'boolean', b };
    }
    case 'numeric': {
      const n = evalNumeric(e, ctx);
      return n === null ? null : { type: 'numeric', n };
    }
    default: {
      const d = evalData(e, ctx);
      return d === null ? null : { type: 'data', data: d };
    }
  }
}

function sameValue(a: Value, b: Value): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'data' && b.type === 'data') return a.data.equals(b.data);
  if (a.type === 'numeric' && b.type === 'numeric') return a.n === b.n;
  return a.type === 'boolean' && b.type === 'boolean' && a.b === b.b;
}

export function evalBoolean(e: Expr, ctx: EvalContext): boolean | null {
  switch (e.op) {
    case 'binary':
      switch (e.kind) {
        case '=':
        case '!=': {
          const l = evalValue(e.left, ctx);
          const r = evalValue(e.right, ctx);
          const equal = l !== null && r !== null ? sameValue(l, r) : l === null && r === null;
          return e.kind === '=' ? equal : !equal;
        }
        case '~=':
        case '~~': {
          const l = evalData(e.left, ctx);
          const r = evalData(e.right, ctx);
          if (l === null || r === null) return null;
          const re = posixRegExp(cString(r), e.kind === '~~');
          return re !== null && re.test(cString(l));
        }
        case 'and': {
          const l = evalBoolean(e.left, ctx);
          if (l !== true) return null;
          return evalBoolean(e.right, ctx);
        }
        case 'or': {
          const l = evalBoolean(e.left, ctx);
          if (l === true) return true;
          const r = evalBoolean(e.right, ctx);
          if (l === null && r === null) return null;
          return r === true;
        }
        default:
          return null;
      }
    case 'not': {
      const v = evalBoolean(e.expr, ctx);
      return v === null ? null : !v;
    }
    case 'exists':
      return packetOption(ctx, e.option) !== null;
    case 'known':
      return ctx.packet ? ctx.known : null;
    case 'static':
      return ctx.lease?.isStatic === true;
    case 'defined':
      return ctx.variables.has(e.name);
    case 'check':
      return ctx.classes?.has(e.className) ?? false;
    case 'variable': {
      const v = ctx.variables.get(e.name);
      return v && v.type === 'boolean' ? v.b : null;
    }
    default:
      return null;
  }
}
