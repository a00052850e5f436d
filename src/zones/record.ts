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

/** RR type numbers used across labnet (IANA DNS parameters). */
export const RRType = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33,
  NAPTR: 35, DNAME: 39, OPT: 41, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48,
  TLSA: 52, SPF: 99, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257,
} as const;
