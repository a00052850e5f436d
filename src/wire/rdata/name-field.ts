/**
 * Domain-name fields of RDATA (RFC 1035 5.1: `@`, relative or absolute), text to wire and
 * back, for rdata.ts and the per-type codecs in types/.
 */
import { labelsToWire, nameFromWire, textToLabels, wireLength, NameError, MAX_NAME_WIRE } from '../name.js';
import { RdataError, isQuoted } from './text.js';
import type { NameField } from './codec.js';

const originWireCache = new Map<string, Buffer[]>();

function originLabels(origin: string): Buffer[] {
  let l = originWireCache.get(origin);
  if (!l) {
    l = textToLabels(origin).labels;
    if (originWireCache.size > 1000) originWireCache.clear();
    originWireCache.set(origin, l);
  }
  return l;
}

/** BIND's message for a name.ts NameError. */
function nameErrorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (m.startsWith('bad escape')) return 'bad escape';
  if (m === 'non-ASCII character in name') return 'bad escape';
  return m; // 'empty label', 'label too long', 'name too long'
}

/**
 * A domain name field (RFC 1035 5.1: `@`, relative or absolute) as uncompressed wire,
 * the letter case kept. Throws RdataError with BIND's message.
 */
export function nameFieldToWire(f: string, origin: string, field: number): Buffer {
  if (isQuoted(f)) throw new RdataError('unexpected token', field);
  let labels: Buffer[];
  try {
    if (f === '@') labels = originLabels(origin);
    else {
      // BIND: a backslash followed by a digit must start \DDD.
      for (let i = f.indexOf('\\'); i >= 0; i = f.indexOf('\\', i + 2)) {
        const d = f.charCodeAt(i + 1);
        if (d >= 48 && d <= 57 && !/^\d\d\d$/.test(f.slice(i + 1, i + 4))) throw new RdataError('bad escape', field);
      }
      const t = textToLabels(f);
      labels = t.absolute ? t.labels : t.labels.concat(originLabels(origin));
    }
  } catch (e) {
    if (e instanceof RdataError) throw e;
    if (e instanceof NameError) throw new RdataError(nameErrorText(e), field);
    throw e;
  }
  if (wireLength(labels) > MAX_NAME_WIRE) throw new RdataError('name too long', field);
  return labelsToWire(labels);
}

/** Offset just past the uncompressed name at `off`; -1 when malformed. */
export function nameEnd(b: Uint8Array, off: number): number {
  let total = 1;
  for (;;) {
    if (off >= b.length) return -1;
    const l = b[off];
    if (l === 0) return off + 1;
    if (l > 63) return -1;
    total += l + 1;
    if (total > MAX_NAME_WIRE) return -1;
    off += l + 1;
  }
}

/** The uncompressed wire name at `off` in presentation form (absolute, BIND's escapes). */
export function nameAt(b: Uint8Array, off: number): string {
  return nameFromWire(b, off).name;
}

/** An uncompressed name that is no additional-section target. */
export function plainName(offset: number, canonical: boolean): NameField {
  return { offset, compress: false, canonical, additional: false };
}
