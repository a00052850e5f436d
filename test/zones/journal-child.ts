/**
 * Child process for journal-file.test.ts: loads ZONEFILE (with its journal), then adds
 * `hN A` records one change at a time, each journaled through ZoneJournals before it
 * prints `ACK N` (the acknowledgement), until it is killed.
 */
import { loadZoneFile } from '../../src/zones/load.js';
import { applyZoneChanges } from '../../src/zones/update.js';
import { parseRecords } from '../../src/lab/zone-editor.js';
import { ZoneJournals, defaultJournalPath } from '../../src/zones/journal-file.js';
import { changedNames } from '../../src/zones/zone-diff.js';
import type { Zone } from '../../src/zones/zone-types.js';

const [file, origin] = process.argv.slice(2);
const journal = defaultJournalPath(file);
let zone: Zone = loadZoneFile(origin, file, { journal });
const journals = new ZoneJournals();
journals.setPaths(new Map([[zone, journal]]));
for (let n = 0; ; n++) {
  const changes = parseRecords(zone, `h${n} 300 A 10.1.${n >> 8 & 255}.${n & 255}`).map((rr) => ({ op: 'add' as const, rr }));
  const next = applyZoneChanges(zone, changes).zone;
  journals.record(zone, next, changedNames(changes));
  zone = next;
  process.stdout.write(`ACK ${n} ${zone.serial}\n`);
  // Yield now and then so the parent's kill lands mid-way through later appends.
  if (n % 8 === 7) await new Promise((r) => setImmediate(r));
}
