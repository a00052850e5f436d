/**
 * Every RR type labnet reads in text form, with random valid RDATA (rdata-arbitrary.ts,
 * generated from the same layout table the type registry is built from):
 * - wire -> text (`rdataToText`, the `named-checkzone -D` form) -> wire is the identity;
 * - a zone of random records of every type dumps (`dumpZone`) to text that parses back to the
 *   same zone, which dumps identically.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rdataFromText, rdataToText, rdataWireValid } from '../../src/wire/rdata.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import { dumpZone } from '../../src/zones/dump.js';
import { parseZone } from '../../src/zones/parser.js';
import { buildZone } from '../../src/zones/zone.js';
import { allNodes, rrsetsWithSigs } from '../../src/zones/node-rrsets.js';
import type { Zone } from '../../src/zones/zone-types.js';
import { fields } from './rdata-fields.js';
import { OBSOLETE, OPAQUE_TYPES, allTypesZoneText, rdataArbitrary, registeredTypes } from './rdata-arbitrary.js';

const TYPES = registeredTypes();

/**
 * The RDATA of `text` for `type`, read by the zone parser as one record of a file (origin
 * origin.example.); MD and MF, which no file holds, by rdataFromText.
 */
function readRdata(type: number, text: string): Buffer {
  if (OBSOLETE.has(type)) return rdataFromText(type, fields(text), 'origin.example.');
  const [r] = [...parseZone(`x 0 IN ${typeToText(type)} ${text}\n`, { origin: 'origin.example.', file: 'rdata.db' })];
  return r.rdata;
}

/** Runs a property; a failure is reported by its error message alone (the counterexamples are large). */
function holds<T>(arb: fc.Arbitrary<T>, check: (v: T) => void, numRuns: number): string {
  const r = fc.check(fc.property(arb, check), { numRuns, endOnFailure: true });
  return r.failed ? `${r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance)} (seed ${r.seed})` : 'holds';
}

const named = TYPES.map((t) => [typeToText(t), t] as const);

describe('RDATA generators', () => {
  it('exist for every registered type (a type cannot be added without one)', () => {
    expect(TYPES.length).toBeGreaterThan(80);
    expect(TYPES.filter((t) => rdataArbitrary(t) === undefined).map(typeToText)).toEqual([]);
  });

  it.each(named)('%s: generated RDATA is well formed for the type', (_name, type) => {
    fc.assert(fc.property(rdataArbitrary(type)!, (w) => rdataWireValid(type, w)), { numRuns: 100 });
  });
});

describe('property: wire -> text -> wire is the identity, for every type', () => {
  it.each(named)('%s', (_name, type) => {
    expect(holds(rdataArbitrary(type)!, (wire) => {
      const text = rdataToText(type, wire);
      // A type with a presentation form prints in it, never in RFC 3597 form.
      if (!OPAQUE_TYPES.has(type) && text.startsWith('\\#')) throw new Error(`${wire.toString('hex')} printed as ${text}`);
      let back: Buffer;
      try {
        back = readRdata(type, text);
      } catch (e) {
        throw new Error(`${wire.toString('hex')} printed as ${text}: ${(e as Error).message}`);
      }
      if (!back.equals(wire)) throw new Error(`${wire.toString('hex')} printed as ${text} read back as ${back.toString('hex')}`);
    }, 300)).toBe('holds');
  });
});

// ---- zones of every type ----

const ORIGIN = 'example.com.';

function zoneFromText(text: string): Zone {
  return buildZone(parseZone(text, { origin: ORIGIN, file: 'gen.db' }), { origin: ORIGIN, file: 'gen.db', checkNames: 'ignore' });
}

/** Every node and RRset (RRSIG and SIG sets with their own TTLs), RDATA as sorted hex: what a zone holds. */
function shape(z: Zone): unknown[] {
  return [...allNodes(z)].map((n) => [
    n.name.toLowerCase(),
    [...rrsetsWithSigs(n), ...(n.oldSigs?.values() ?? [])].map((s) => [s.type, s.ttl, s.rdatas.map((r) => r.toString('hex')).sort()])
      .sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[2]).localeCompare(String(b[2]))),
  ]);
}

describe('property: a zone of every type dumps to text that parses back to the same zone', () => {
  it('dumpZone -> parse -> the same nodes, RRsets, TTLs and RDATA; the same dump again (fast-check)', () => {
    expect(holds(allTypesZoneText(TYPES), (zoneText) => {
      const z1 = zoneFromText(zoneText);
      const now = Date.now(); // one clock for both dumps (an RRSIG signed in the future is due now)
      const text = dumpZone(z1, now);
      const z2 = zoneFromText(text);
      const again = dumpZone(z2, now);
      if (again !== text) {
        const a = text.split('\n');
        const b = again.split('\n');
        const i = a.findIndex((l, k) => l !== b[k]);
        throw new Error(`dump line ${i + 1} reads back differently:\n${a[i]}\n${b[i]}`);
      }
      expect(shape(z2)).toEqual(shape(z1));
      expect(z2.recordCount).toBe(z1.recordCount);
      expect(z1.recordCount).toBeGreaterThanOrEqual(TYPES.length - 1); // every type but MD, MF; SOA and NS
    }, 60)).toBe('holds');
  });
});
