/**
 * A resource record as the zone parser yields it and the zone model stores it.
 * RDATA is kept in RFC 1035 wire form with any domain names inside it uncompressed and in
 * the case written in the zone file; the DNS encoder compresses the names of the types
 * RFC 3597 section 4 allows (NS, CNAME, SOA, PTR, MX, ...), the rest are copied as is.
 */
export interface ResourceRecord {
  /** Canonical absolute owner name (see name.ts), original case. */
  name: string;
  ttl: number;
  /** 1 = IN (the only class labnet serves; CH/HS are parsed and rejected by the zone model). */
  class: number;
  type: number;
  rdata: Buffer;
}

/** Where a record came from, for `FILE:LINE:COL` in checks made after parsing. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export interface ParsedRecord extends ResourceRecord {
  source: SourceLocation;
  /** True when the TTL was written on the record (not taken from $TTL or the previous record). */
  explicitTtl: boolean;
}

export const CLASS_IN = 1;

export { RRType } from '../wire/rrtypes.js';
