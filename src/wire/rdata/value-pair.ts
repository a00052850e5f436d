/**
 * BIND's key=value tokens (isc_lex ISC_LEXOPT_VPAIR / QVPAIR, read for SVCB and HTTPS
 * SvcParams): in an unquoted token the first `=` not escaped ends the key, and a `"` right
 * after it opens a quoted value that belongs to the same token (`alpn="h2,h3"`). labnet's
 * lexer returns such a token as two (`alpn=` and the quoted string); the zone parser joins
 * them when `opensQuotedValue` holds for the first and the second follows it directly.
 */

/** Index of the first `=` in `s` that no backslash escapes; -1 when none. */
export function valuePairEq(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x3d) return i;
  }
  return -1;
}

/** An unquoted token whose key ends it (`alpn=`): a quoted string right after is its value. */
export function opensQuotedValue(s: string): boolean {
  return s.length > 0 && s.charCodeAt(0) !== 0x22 && valuePairEq(s) === s.length - 1;
}
