/**
 * The zone model's read-only interface, built by zone.ts from parsed records and read by
 * the resolver (src/dns/resolve.ts), the dumper and the answer cache. A loaded zone is
 * immutable; a reload builds a new one and swaps it in.
 */

/** One RRset: all records of one owner and type. TTLs within it are equal (checks make it so). */
export interface RRset {
  /** Owner name, canonical, in the case of its first appearance in the zone file. */
  readonly name: string;
  readonly type: number;
  readonly ttl: number;
  /** RDATA in wire form, names uncompressed (see record.ts), in file order, duplicates removed. */
  readonly rdatas: readonly Buffer[];
}

export interface ZoneNode {
  readonly name: string;
  /** RRsets by type number (all RRSIGs of the node in one RRSIG RRset, the first one's TTL). */
  readonly rrsets: ReadonlyMap<number, RRset>;
  /**
   * The RRSIGs by the type they cover, each set with its own TTL (RFC 4034 3: BIND keeps one
   * RRSIG set per covered type). Absent or empty in an unsigned zone.
   */
  readonly sigs?: ReadonlyMap<number, RRset>;
  /**
   * The SIG records (RFC 2535 4.1) by the type they cover, in the order the covered types
   * first appear, each set with its own TTL: BIND keeps SIG sets per covered type as it keeps
   * RRSIG's. Absent when the node has no SIG.
   */
  readonly oldSigs?: ReadonlyMap<number, RRset>;
}

export interface Zone {
  /** Canonical origin, e.g. `lab.local.`. */
  readonly origin: string;
  readonly serial: number;
  readonly recordCount: number;
  /** The node holding data at exactly `name` (case-insensitive), if any. */
  node(name: string): ZoneNode | undefined;
  /** True when `name` owns data or is an empty non-terminal (RFC 4592 2.2.2) in this zone. */
  exists(name: string): boolean;
  /** All nodes in canonical order (RFC 4034 6.1), the apex first. */
  nodes(): Iterable<ZoneNode>;
  /**
   * The NSEC3 records and the RRSIGs covering them (RFC 5155 7.1), kept apart from the
   * zone's names as BIND keeps them (its NSEC3 tree): their owners do not exist for
   * lookups in the zone (RFC 5155 7.2.8). Absent when the zone has none.
   */
  readonly nsec3?: Zone;
  /**
   * Set when the zone is configured but failed to load (`FILE:LINE:COL: message`): it holds
   * no data, and names at or under it are answered SERVFAIL, as BIND answers for a zone
   * "not loaded due to errors".
   */
  readonly loadError?: string;
}

/** The zones a server answers for. */
export interface ZoneSet {
  /** The loaded zones. */
  readonly zones: readonly Zone[];
  /** The configured zones that failed to load (each with its `loadError`). */
  readonly failed: readonly Zone[];
  /**
   * The zone (loaded or failed) with the longest origin that `qname` lies in or under, if
   * any (else REFUSED).
   */
  find(qname: string): Zone | undefined;
}

/** A non-fatal finding while loading a zone (BIND's warnings), where it is. */
export interface ZoneWarning {
  file: string;
  line: number;
  col: number;
  message: string;
}
