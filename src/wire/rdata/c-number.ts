/**
 * The C library's strtoul(3) and strtol(3) in base 10 (ISO C 7.22.1.4), as BIND 9.18 calls
 * them on RDATA tokens (LOC, APL, WKS, SVCB key numbers): leading white space and one sign
 * are taken, digits up to the first non-digit; `end` is where parsing stopped (`start` when
 * there were no digits). strtoul negates a `-` number in unsigned arithmetic, so any
 * negative but -0 comes back huge; an overflowing number is huge too (ULONG_MAX / LONG_MAX).
 */

const HUGE = Number.MAX_SAFE_INTEGER;

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function scan(s: string, start: number): { neg: boolean; value: number; end: number } {
  let i = start;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const digits = i;
  let value = 0;
  while (i < s.length) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = Math.min(value * 10 + d, HUGE);
    i++;
  }
  if (i === digits) return { neg: false, value: 0, end: start };
  return { neg, value, end: i };
}

/** strtoul(s + start, &end, 10). */
export function strtoul(s: string, start = 0): { value: number; end: number } {
  const r = scan(s, start);
  return { value: r.neg && r.value !== 0 ? HUGE : r.value, end: r.end };
}

/** strtol(s + start, &end, 10). */
export function strtol(s: string, start = 0): { value: number; end: number } {
  const r = scan(s, start);
  return { value: r.neg ? -r.value : r.value, end: r.end };
}
