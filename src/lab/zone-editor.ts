/**
 * Runtime records for the test kit: `lab.dns.zone('lab.local').add('web 300 A 192.0.2.1')`.
 * Text in master-file form (RFC 1035 5.1) relative to the zone's origin becomes a change set
 * for applyZoneChanges (src/zones/update.ts, the same function an RFC 2136 UPDATE uses);
 * the new zone is swapped into the server in one step, with its serial incremented, so the
 * next query sees it (the answer cache belongs to the zone set it was filled from). A zone
 * loaded from a file has its change journaled first (host.commit, src/zones/journal-file.ts),
 * so it survives a restart.
 */
import { nameKey, parseName } from '../wire/name.js';
import { typeFromText } from '../wire/rrtypes.js';
import { LocatedError } from '../util/located-error.js';
import { parseZone } from '../zones/parser.js';
import { RRType, type ResourceRecord } from '../zones/record.js';
import { applyZoneChanges, type ZoneChange, type ZoneUpdate } from '../zones/update.js';
import { createZoneSet } from '../zones/zoneset.js';
import type { Zone, ZoneSet } from '../zones/zone-types.js';

export interface ZoneEditor {
  /** Canonical origin, `lab.local.`. */
  readonly origin: string;
  /** The serving zone's SOA serial. */
  readonly serial: number;
  /** The serving zone. */
  current(): Zone;
  /**
   * Adds records, one per line, in zone-file form relative to the origin ('web 300 A
   * 192.168.244.77'; '@' is the apex). A record without a TTL takes the SOA's TTL.
   */
  add(text: string): ZoneUpdate;
  /** Removes: 'NAME' every RRset of the name, 'NAME TYPE' one RRset, a whole record that RR. */
  remove(text: string): ZoneUpdate;
  /** Replaces the RRsets the given records belong to with exactly these records. */
  replace(text: string): ZoneUpdate;
  /** Applies a change set as it is (all or nothing: one swap, one serial increment). */
  apply(changes: readonly ZoneChange[]): ZoneUpdate;
}

export interface ZoneEditorHost {
  zones(): ZoneSet;
  swap(zones: ZoneSet): void;
  /**
   * Called with the old and new zone before the new one is swapped in: the zone's journal
   * takes the change here (on disk when it returns); a throw leaves the old zone serving.
   */
  commit?(old: Zone, next: Zone, changes: readonly ZoneChange[]): void;
  /** Called after every swap that changed the zone. */
  changed?(zone: Zone, changes: readonly ZoneChange[]): void;
}

const FILE = '(lab)';

/** Records in `text` (zone-file lines) for `zone`; LocatedError on bad text. */
export function parseRecords(zone: Zone, text: string): ResourceRecord[] {
  const soaTtl = zone.node(zone.origin)?.rrsets.get(RRType.SOA)?.ttl ?? 0;
  return [...parseZone(text + '\n', { origin: zone.origin, file: FILE, defaultTtl: soaTtl })].map(({ name, ttl, class: cls, type, rdata }) => ({ name, ttl, class: cls, type, rdata }));
}

/** Deletions for `text`: per line 'NAME', 'NAME TYPE' or a whole record. */
export function parseDeletions(zone: Zone, text: string): ZoneChange[] {
  const out: ZoneChange[] = [];
  for (const line of text.split('\n')) {
    const words = line.replace(/;.*$/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const name = parseName(words[0], zone.origin);
    if (words.length === 1) {
      out.push({ op: 'delete', name });
      continue;
    }
    // 'NAME [CLASS] TYPE' names an RRset; anything longer is a record.
    const rest = words[1].toUpperCase() === 'IN' ? words.slice(2) : words.slice(1);
    const type = rest.length === 1 ? typeFromText(rest[0]) : undefined;
    if (rest.length === 1 && type === undefined) throw new LocatedError(`unknown RR type '${rest[0]}'`, FILE, 1, 1, rest[0]);
    if (type !== undefined) {
      out.push({ op: 'delete', name, type });
      continue;
    }
    for (const rr of parseRecords(zone, line)) out.push({ op: 'delete', name: rr.name, type: rr.type, rdata: rr.rdata });
  }
  return out;
}

export function createZoneEditor(origin: string, host: ZoneEditorHost): ZoneEditor {
  const key = nameKey(origin.endsWith('.') ? origin : origin + '.');
  const current = (): Zone => {
    const z = host.zones().zones.find((x) => nameKey(x.origin) === key);
    if (!z) throw new Error(`no zone '${origin}' is served`);
    return z;
  };
  const editor: ZoneEditor = {
    origin: current().origin,
    get serial() {
      return current().serial;
    },
    current,
    apply(changes) {
      const zs = host.zones();
      const old = current();
      const result = applyZoneChanges(old, changes);
      if (result.changed) {
        host.commit?.(old, result.zone, changes);
        host.swap(createZoneSet(zs.zones.map((z) => (z === old ? result.zone : z)), zs.failed));
        host.changed?.(result.zone, changes);
      }
      return result;
    },
    add(text) {
      return editor.apply(parseRecords(current(), text).map((rr) => ({ op: 'add', rr })));
    },
    remove(text) {
      return editor.apply(parseDeletions(current(), text));
    },
    replace(text) {
      const records = parseRecords(current(), text);
      const sets = new Map<string, ZoneChange>();
      for (const rr of records) sets.set(`${nameKey(rr.name)}/${rr.type}`, { op: 'delete', name: rr.name, type: rr.type });
      return editor.apply([...sets.values(), ...records.map((rr): ZoneChange => ({ op: 'add', rr }))]);
    },
  };
  return editor;
}
