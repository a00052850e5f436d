/**
 * Shared pieces of the RDATA unit tests: BIND text tables run both ways, the error an input
 * gets, and the fast-check round trip of wire data through its text.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { rdataFromText, rdataToText, RdataError } from '../../src/wire/rdata.js';
import { typeFromText } from '../../src/wire/rrtypes.js';

/** Runs a table `[type, input, text named-checkzone -D printed]`: prints so, and parses back from it. */
export function bindTextCases(table: Array<[string, string, string]>, wire: (type: string, text: string) => Buffer): void {
  it.each(table)('%s %s', (type, text, want) => {
    expect(rdataToText(typeFromText(type)!, wire(type, text))).toBe(want);
  });
  it.each(table)('%s %s parses back from its own output', (type, text) => {
    const w = wire(type, text);
    expect(wire(type, rdataToText(typeFromText(type)!, w))).toEqual(w);
  });
}

/** Accepted as RFC 3597 data, i.e. well formed for its type. */
export function acceptedAs3597(type: number, w: Buffer): boolean {
  try {
    rdataFromText(type, ['\\#', String(w.length), w.toString('hex')], '.');
    return true;
  } catch (e) {
    if (e instanceof RdataError) return false;
    throw e;
  }
}

export const bytes = (min: number, max: number): fc.Arbitrary<number[]> => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => [...b]);
const label = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 10 }), fc.constantFrom(...['a', 'Mx', '*', '-'].map((s) => Buffer.from(s))));
/** An uncompressed wire name of up to four labels. */
export const nameWire = fc.array(label, { maxLength: 4 }).map((ls) => ls.flatMap((l) => [l.length, ...l]).concat([0]));

/**
 * Every generated RDATA that is well formed for `type` prints to text that `parse` reads back
 * to the same wire; returns how many were well formed.
 */
export function roundTrips(type: number, gen: fc.Arbitrary<number[]>, parse: (text: string) => Buffer): number {
  let ok = 0;
  fc.assert(
    fc.property(gen, (w) => {
      const b = Buffer.from(w);
      if (!acceptedAs3597(type, b)) return;
      ok++;
      expect(parse(rdataToText(type, b))).toEqual(b);
    }),
    { numRuns: 300 },
  );
  return ok;
}
