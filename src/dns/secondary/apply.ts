/**
 * The zone a completed transfer leaves the secondary with, pure: an AXFR's records built
 * into a new zone (zone.ts, with named's checks; check-names `warn`, named's default for a
 * secondary zone, ARM "check-names"), an IXFR's differences applied to the zone it started
 * from (zone-diff.ts applyTransactions, as a journal is rolled forward). Throws on a
 * transfer that does not fit: an IXFR not starting at the zone's serial, a zone that does
 * not build (LocatedError from zone.ts).
 */
import { buildZone, type PackedZone } from '../../zones/zone.js';
import type { Zone, ZoneWarning } from '../../zones/zone-types.js';
import { applyTransactions } from '../../zones/zone-diff.js';
import { soaSerial } from '../../zones/journal-format.js';
import type { XfrResult } from './xfr-reader.js';
import { XfrError } from './xfr-reader.js';

/** `current` after the transfer `r` from `source` (e.g. `AXFR from 127.0.0.1#53`); `current` itself when up to date. */
export function zoneAfterTransfer(origin: string, current: Zone | undefined, r: XfrResult, source: string, warn?: (w: ZoneWarning) => void): Zone | PackedZone {
  if (r.kind === 'up-to-date') {
    if (!current) throw new XfrError('the primary answered up to date to a secondary without the zone');
    return current;
  }
  if (r.kind === 'ixfr') {
    if (!current) throw new XfrError('an incremental transfer to a secondary without the zone');
    const from = soaSerial(r.transactions[0].oldSoa.rdata);
    if (from !== current.serial) throw new XfrError(`the IXFR starts at serial ${from}, the zone is at ${current.serial}`);
    return applyTransactions(current, r.transactions, source).zone;
  }
  const src = { file: source, line: 0, col: 0 };
  return buildZone(
    r.records.map((rr) => ({ ...rr, source: src, explicitTtl: true })),
    { origin, file: source, checkNames: 'warn', warn },
  );
}
