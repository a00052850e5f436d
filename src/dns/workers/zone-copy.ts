/**
 * Zones as plain data for a DNS worker (protocol.ts): a loaded zone's arenas
 * (PackedZone.toPlain), a failed zone's origin and error. The copy answers as the original.
 */
import type { Zone } from '../../zones/zone-types.js';
import { PackedZone, type PackedZonePlain } from '../../zones/zone.js';
import { failedZone } from '../../zones/zoneset.js';

export type ZoneCopy = { plain: PackedZonePlain } | { origin: string; loadError: string };

export function copyZone(z: Zone): ZoneCopy {
  if (z.loadError !== undefined) return { origin: z.origin, loadError: z.loadError };
  if (z instanceof PackedZone) return { plain: z.toPlain() };
  throw new Error(`zone ${z.origin}: only zones built by zone.ts can be sent to a DNS worker`);
}

export function zoneFromCopy(c: ZoneCopy): Zone {
  return 'plain' in c ? PackedZone.fromPlain(c.plain) : failedZone(c.origin, c.loadError);
}
