/**
 * The description of one RR type whose RDATA does not fit the field-layout strings of
 * rdata.ts (CAA, and the types with their own presentation grammar). Each such type has one
 * module in `types/` exporting an `RdataCodec`, registered in `types/index.ts`; rdata.ts
 * consults the registry for text input, text output (the `named-checkzone -D` form) and the
 * validation of RFC 3597 `\#` input.
 */
/**
 * One embedded domain name in RDATA (uncompressed, at `offset`) and what it is for:
 * `compress` (RFC 3597 4), `canonical` (lower-cased in the RFC 4034 6.2 canonical form),
 * `additional` (a target of additional-section processing, RFC 1035 3.3).
 */
export interface NameField {
  readonly offset: number;
  readonly compress: boolean;
  readonly canonical: boolean;
  readonly additional: boolean;
}

export interface RdataCodec {
  /** IANA type number. */
  readonly type: number;
  /**
   * The RDATA tokens as written (see rdata.ts: quoted tokens keep their quotes), relative
   * names completed with `origin`. Throws RdataError(BIND message, fieldIndex).
   */
  fromText(fields: readonly string[], origin: string): Buffer;
  /** The presentation form BIND prints; undefined when `rdata` is malformed (printed as `\#`). */
  toText(rdata: Buffer): string | undefined;
  /** True when wire RDATA is well formed (RFC 3597 input is checked with it). Default: toText succeeds. */
  valid?(rdata: Buffer): boolean;
  /** The embedded names of well-formed `rdata` (none for malformed); omit when the type has none. */
  names?(rdata: Buffer): readonly NameField[];
  /** How many fields the text form takes when fixed (for the parser's end-of-file line); omit when it runs to the end. */
  readonly fixedFields?: number;
  /** The fields are BIND key=value tokens (value-pair.ts): the parser joins `key=` and a quoted value after it. */
  readonly valuePairs?: true;
}
