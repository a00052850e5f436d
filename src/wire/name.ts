/**
 * Domain names (RFC 1035 3.1, 5.1). labnet holds a name as its canonical presentation
 * text: absolute, with a trailing dot, the original letter case kept, and escapes
 * normalised (`\.`, `\\`, `\"`, `\(`, `\)`, `\;`, `\@`, `\$`, and `\DDD` for bytes outside
 * 0x21-0x7e), so that two spellings of one name give one string. `nameKey()` lower-cases
 * it (ASCII only, RFC 4343) for map keys and comparisons.
 */

export const ROOT = '.';
export const MAX_LABEL = 63;
export const MAX_NAME_WIRE = 255;

const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24]); // . \ " ( ) ; @ $

export class NameError extends Error {}

/** Escapes one label's bytes to canonical presentation text. */
export function labelToText(label: Uint8Array): string {
  let out = '';
  for (const b of label) {
    if (SPECIAL.has(b)) out += '\\' + String.fromCharCode(b);
    else if (b < 0x21 || b > 0x7e) out += '\\' + String(b).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out;
}

/**
 * Parses presentation text into labels (bytes). Returns the labels and whether the text
 * was absolute (ended in an unescaped dot). Throws NameError on bad escapes or lengths.
 */
export function textToLabels(text: string): { labels: Buffer[]; absolute: boolean } {
  if (text === '.') return { labels: [], absolute: true };
  if (text === '') throw new NameError('empty name');
  const labels: Buffer[] = [];
  let cur: number[] = [];
  let absolute = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      const d = text.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255) throw new NameError(`bad escape '\\${d}'`);
        cur.push(v);
        i += 3;
      } else if (i + 1 < text.length) {
        cur.push(text.charCodeAt(i + 1) & 0xff);
        i += 1;
      } else {
        throw new NameError('bad escape at end of name');
      }
    } else if (c === 0x2e) {
      if (cur.length === 0) throw new NameError('empty label');
      labels.push(Buffer.from(cur));
      cur = [];
      if (i === text.length - 1) absolute = true;
    } else {
      if (c > 0xff) throw new NameError('non-ASCII character in name');
      cur.push(c);
    }
  }
  if (!absolute) {
    if (cur.length === 0) throw new NameError('empty label');
    labels.push(Buffer.from(cur));
  }
  for (const l of labels) {
    if (l.length > MAX_LABEL) throw new NameError('label too long');
  }
  return { labels, absolute };
}

export function labelsToName(labels: readonly Uint8Array[]): string {
  if (labels.length === 0) return ROOT;
  return labels.map(labelToText).join('.') + '.';
}

export function wireLength(labels: readonly Uint8Array[]): number {
  let n = 1;
  for (const l of labels) n += l.length + 1;
  return n;
}

/**
 * Resolves `text` as written in a zone file against `origin` (RFC 1035 5.1): `@` is the
 * origin, a name without a trailing dot is relative. Returns the canonical absolute name.
 */
export function parseName(text: string, origin: string): string {
  if (text === '@') return origin;
  const { labels, absolute } = textToLabels(text);
  const all = absolute ? labels : [...labels, ...textToLabels(origin).labels];
  if (wireLength(all) > MAX_NAME_WIRE) throw new NameError('name too long');
  return labelsToName(all);
}

/** Canonical form of an absolute name given in any escape spelling. */
export function canonicalName(text: string): string {
  return parseName(text.endsWith('.') && !text.endsWith('\\.') ? text : text + '.', ROOT);
}

/** `name` with the root label's dot: 'lab.local' -> 'lab.local.' (an absolute name unchanged). */
export function absoluteName(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Lower-cased key (RFC 4343: ASCII letters only; escapes are digits or specials). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export function nameLabels(name: string): Buffer[] {
  return textToLabels(name).labels;
}

/** Uncompressed wire form (RFC 1035 3.1). */
export function nameToWire(name: string): Buffer {
  return labelsToWire(nameLabels(name));
}

/** Uncompressed wire form of a label list (the caller checks the 255-byte limit). */
export function labelsToWire(labels: readonly Uint8Array[]): Buffer {
  const out = Buffer.allocUnsafe(wireLength(labels));
  let o = 0;
  for (const l of labels) {
    out[o++] = l.length;
    out.set(l, o);
    o += l.length;
  }
  out[o] = 0;
  return out;
}

/**
 * Reads a possibly compressed name (RFC 1035 4.1.4) at `offset`. Returns the name and the
 * offset after it in the original position. Throws NameError on loops, overruns, bad labels.
 */
export function nameFromWire(buf: Uint8Array, offset: number): { name: string; next: number } {
  const labels: Uint8Array[] = [];
  let pos = offset;
  let next = -1;
  let jumps = 0;
  let total = 1;
  for (;;) {
    if (pos >= buf.length) throw new NameError('name runs past end of message');
    const len = buf[pos];
    if (len === 0) {
      pos += 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) throw new NameError('truncated compression pointer');
      if (next < 0) next = pos + 2;
      if (++jumps > 127) throw new NameError('compression loop');
      pos = ((len & 0x3f) << 8) | buf[pos + 1];
      continue;
    }
    if ((len & 0xc0) !== 0) throw new NameError('unknown label type');
    if (pos + 1 + len > buf.length) throw new NameError('label runs past end of message');
    total += len + 1;
    if (total > MAX_NAME_WIRE) throw new NameError('name too long');
    labels.push(buf.subarray(pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { name: labelsToName(labels), next: next < 0 ? pos : next };
}

/** Number of labels, the root not counted. */
export function labelCount(name: string): number {
  return name === ROOT ? 0 : nameLabels(name).length;
}

/** The name with its first label removed; the root's parent is the root. */
export function parentName(name: string): string {
  if (name === ROOT) return ROOT;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\') {
      i += /^\d{3}/.test(name.slice(i + 1, i + 4)) ? 3 : 1;
    } else if (c === '.') {
      const rest = name.slice(i + 1);
      return rest === '' ? ROOT : rest;
    }
  }
  return ROOT;
}

/** True when `name` equals `ancestor` or lies below it (case-insensitive). */
export function isSubdomain(name: string, ancestor: string): boolean {
  if (ancestor === ROOT) return true;
  const n = name.length;
  const a = ancestor.length;
  // Compared in place, ASCII letters folded (RFC 4343): no lower-cased copies per call.
  if (n < a || !endsWithIgnoreCase(name, ancestor)) return false;
  if (n === a) return true;
  if (name.charCodeAt(n - a - 1) !== 0x2e /* . */) return false;
  // The dot before the suffix must be a real separator, not an escaped one.
  let slashes = 0;
  for (let i = n - a - 2; i >= 0 && name.charCodeAt(i) === 0x5c /* \ */; i--) slashes++;
  return slashes % 2 === 0;
}

/** True when `name` ends with `suffix`, ASCII letters compared without case (RFC 4343). */
export function endsWithIgnoreCase(name: string, suffix: string): boolean {
  const d = name.length - suffix.length;
  if (d < 0) return false;
  for (let k = suffix.length - 1; k >= 0; k--) {
    let x = name.charCodeAt(d + k);
    let y = suffix.charCodeAt(k);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x !== y) return false;
  }
  return true;
}

/** True when two names are equal without regard to ASCII case (RFC 4343). */
export function namesEqual(a: string, b: string): boolean {
  return a.length === b.length && endsWithIgnoreCase(a, b);
}

/** The leftmost label of `name` as presentation text. */
export function firstLabel(name: string): string {
  const p = parentName(name);
  return p === ROOT ? name.slice(0, -1) : name.slice(0, name.length - p.length - 1);
}
