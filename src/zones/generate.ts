/**
 * BIND's `$GENERATE range lhs [ttl] [class] type rhs` (BIND 9.18 ARM "The $GENERATE
 * Directive"; lib/dns/master.c genname()/nibbles()): the range syntax and the `$`,
 * `$$`, `\$`, `${offset[,width[,base]]}` substitutions (bases d o x X n N).
 */

export interface GenerateRange {
  start: number;
  stop: number;
  step: number;
}

/** `start-stop[/step]`; undefined when BIND says "invalid range". */
export function parseGenerateRange(s: string): GenerateRange | undefined {
  const m = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(s);
  if (!m) return undefined;
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (start > 0x7fffffff || stop > 0x7fffffff || step > 0x7fffffff) return undefined;
  if (step < 1 || stop < start) return undefined;
  return { start, stop, step };
}

export class GenerateError extends Error {}

const HEX = '0123456789abcdef0123456789ABCDEF';

/** Nibble mode: least significant nibble first, dot-separated, padded to `width` chars. */
function nibbles(width: number, upper: boolean, value: number): string {
  let out = '';
  let v = value >>> 0;
  do {
    out += HEX[(v & 0xf) + (upper ? 16 : 0)];
    v = v >>> 4;
    if (width > 0) width--;
    if (width > 0 || v !== 0) {
      out += '.';
      if (width > 0) width--;
    }
  } while (v !== 0 || width > 0);
  return out;
}

function formatNumber(value: number, width: number, mode: string): string {
  let s: string;
  switch (mode) {
    case 'o': s = (value >>> 0).toString(8); break;
    case 'x': s = (value >>> 0).toString(16); break;
    case 'X': s = (value >>> 0).toString(16).toUpperCase(); break;
    default: s = String(value);
  }
  if (s.length >= width) return s;
  return s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
}

/** Substitutes the iterator `it` into a $GENERATE lhs or rhs. Throws GenerateError('syntax error'). */
export function genname(input: string, it: number): string {
  let out = '';
  const n = input.length;
  let i = 0;
  while (i < n) {
    const c = input[i];
    if (c === '\\') {
      out += c;
      if (i + 1 < n) out += input[i + 1];
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (input[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let delta = 0;
    let width = 0;
    let mode = 'd';
    if (input[i] === '{') {
      const close = input.indexOf('}', i);
      const m = close < 0 ? null : /^\{([-+]?\d+)(?:,(\d+)(?:,([doxXnN]))?)?\}$/.exec(input.slice(i, close + 1));
      if (!m) throw new GenerateError('syntax error');
      delta = Number(m[1]);
      if (m[2] !== undefined) width = Number(m[2]);
      if (m[3] !== undefined) mode = m[3];
      i = close + 1;
    }
    if (it > 0 && delta > 0x7fffffff - it) throw new GenerateError('out of range');
    const value = it + delta;
    out += mode === 'n' || mode === 'N' ? nibbles(width, mode === 'N', value) : formatNumber(value, width, mode);
  }
  return out;
}
