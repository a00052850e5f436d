/**
 * Zones sent to a DNS worker (src/dns/workers/zone-copy.ts, PackedZone.toPlain/fromPlain)
 * through a structured clone, as node:cluster's advanced IPC serialization passes them:
 * the copy dumps and answers byte for byte as the original.
 */
import { describe, expect, it } from 'vitest';
import { serialize, deserialize } from 'node:v8';
import { copyZone, zoneFromCopy } from '../../../src/dns/workers/zone-copy.js';
import { dumpZone } from '../../../src/zones/dump.js';
import { createZoneSet, failedZone } from '../../../src/zones/zoneset.js';
import { createQueryHandler } from '../../../src/dns/handler.js';
import { buildQuery } from '../../../src/dns/client.js';
import { conformanceZones, labZones, signedZones } from '../helpers/zones.js';
import type { Zone } from '../../../src/zones/zone-types.js';

const NOW = Date.UTC(2026, 0, 1);
const viaV8 = (z: Zone) => zoneFromCopy(deserialize(serialize(copyZone(z))));
const viaStructuredClone = (z: Zone) => zoneFromCopy(structuredClone(copyZone(z)));

describe('zone copies for DNS workers', () => {
  const zones = [...labZones().zones, ...conformanceZones().zones, ...signedZones().zones];

  for (const [how, copy] of [['v8 serialize', viaV8], ['structuredClone', viaStructuredClone]] as const) {
    it(`every test zone dumps the same after ${how} (NSEC3 tree included)`, () => {
      for (const z of zones) {
        const c = copy(z);
        expect(c.serial).toBe(z.serial);
        expect(c.recordCount).toBe(z.recordCount);
        expect(dumpZone(c, NOW)).toBe(dumpZone(z, NOW));
      }
    });
  }

  it('the copies answer queries byte for byte as the originals', () => {
    const original = createZoneSet(zones);
    const copied = createZoneSet(zones.map(viaV8));
    const a = createQueryHandler(() => original);
    const b = createQueryHandler(() => copied);
    const questions: [string, number][] = [];
    for (const z of zones) for (const n of z.nodes()) for (const t of [...n.rrsets.keys(), 1, 28, 255]) questions.push([n.name, t]);
    questions.push(['nothere.lab.local', 1], ['a.b.nsec3.test', 1], ['x.wild.nsec.test', 16]);
    let id = 1;
    for (const [name, type] of questions) {
      const q = buildQuery(id++, name, type, { edns: true });
      expect(b.handle(q, 'udp', '127.0.0.1')).toEqual(a.handle(q, 'udp', '127.0.0.1'));
    }
    expect(questions.length).toBeGreaterThan(100);
  });

  it('a failed zone stays failed, with its error', () => {
    const c = viaV8(failedZone('broken.test', 'db:3:1: bad'));
    expect(c.loadError).toBe('db:3:1: bad');
    expect(c.origin).toBe('broken.test.');
  });
});
