/**
 * The zones a server answers for: `find()` picks the zone with the longest origin that
 * the query name lies in or under (RFC 1034 4.3.2 step 2), case-insensitively (RFC 4343).
 */
import { nameKey, parentName, ROOT } from '../wire/name.js';
import type { Zone, ZoneSet } from './zone-types.js';

export function createZoneSet(zones: Zone[], failed: readonly Zone[] = []): ZoneSet {
  const byOrigin = new Map<string, Zone>();
  for (const z of [...zones, ...failed]) {
    const k = nameKey(z.origin);
    if (byOrigin.has(k)) throw new Error(`zone '${z.origin}' given twice`);
    byOrigin.set(k, z);
  }
  const list = Object.freeze(zones.filter((z) => z.loadError === undefined));
  return {
    zones: list,
    failed: Object.freeze([...failed, ...zones.filter((z) => z.loadError !== undefined)]),
    find(qname: string): Zone | undefined {
      // Walk up from the name: the first origin met is the longest one containing it.
      for (let k = nameKey(qname); ; k = parentName(k)) {
        const z = byOrigin.get(k);
        if (z) return z;
        if (k === ROOT) return undefined;
      }
    },
  };
}

/** `set` with `next` serving in place of the zone object `old`; `set` itself when it does not hold `old`. */
export function withZone(set: ZoneSet, old: Zone, next: Zone): ZoneSet {
  if (!set.zones.includes(old) && !set.failed.includes(old)) return set;
  return createZoneSet([...set.zones, ...set.failed].map((z) => (z === old ? next : z)));
}

/**
 * A configured zone that did not load (BIND: "not loaded due to errors"): no data, and
 * `loadError` set, so the resolver answers SERVFAIL at and under its origin.
 */
export function failedZone(origin: string, loadError: string): Zone {
  return {
    origin: origin.endsWith('.') ? origin : `${origin}.`,
    serial: 0,
    recordCount: 0,
    loadError,
    node: () => undefined,
    exists: () => false,
    nodes: () => [],
  };
}
