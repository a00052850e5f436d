/**
 * The NAPTR Regexp field (RFC 3403 4.1; RFC 3402 3.2 substitution expression
 * `delim ERE delim replacement delim [i]`), checked as BIND 9.18 checks it in text and wire
 * input (lib/dns/rdata/generic/naptr_35.c, lib/isc/regex.c):
 * - empty, or a delimiter that is no digit, backslash, `i` or NUL; no NUL anywhere; exactly
 *   three unescaped delimiters; only `i` after the third; a backslash escapes one byte;
 * - in the replacement, `\0` is refused and the highest `\1`-`\9` may not exceed the number of
 *   parenthesised subexpressions of the ERE;
 * - the ERE itself must be a POSIX extended regular expression in the C locale (POSIX.2
 *   9.4; `validEre` below: repetition after an atom only and not twice in a row, bounds
 *   `{m[,[n]]}` up to 255 with m <= n, bracket expressions with ranges in order, collating
 *   elements `[. .]`, equivalence classes `[= =]`, the twelve character classes `[: :]`,
 *   back references to groups already opened, balanced groups, no empty alternative).
 */

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const CLASSES = new Set(['alnum', 'digit', 'punct', 'alpha', 'graph', 'space', 'blank', 'lower', 'upper', 'cntrl', 'print', 'xdigit']);

/** Where the scan of a bracket expression stands. */
const enum In { Pattern, Bracket, Bound, Collating, Equivalence, Class }

/**
 * The number of parenthesised subexpressions of `re` (bytes), or -1 when it is not an ERE
 * BIND accepts (isc_regex_validate's rules, C locale).
 */
export function validEre(re: Uint8Array): number {
  if (re.length === 0) return -1;
  let state = In.Pattern;
  let atom = false; // an atom was just read: a repetition may follow
  let repeated = false; // the last item was a repetition (or an anchor)
  let emptyOk = false; // `()` is allowed, `(a|)` is not
  let open = 0;
  let groups = 0;
  // Bound state: `{low[,[high]]}`.
  const bound = { comma: false, highSeen: false, low: 0, high: 0 };
  // Bracket state: `range` counts down from 2 after a `-`, `rangeStart` is the last member.
  let negated = false;
  let member = false;
  let range = 0;
  let rangeStart = 0;
  let seenInner = false;
  let classFrom = 0;
  for (let i = 0; i < re.length;) {
    const c = re[i];
    switch (state) {
      case In.Pattern:
        if (c === 0x5c) { // backslash: a back reference or a literal
          const n = re[i + 1];
          if (n === undefined) return -1;
          if (n >= 0x31 && n <= 0x39 && n - 0x30 > groups) return -1;
          atom = true;
          repeated = false;
          i += 2;
        } else if (c === 0x5b) { // [
          negated = false;
          member = false;
          repeated = false;
          state = In.Bracket;
          i++;
        } else if (c === 0x7b && isDigit(re[i + 1] ?? 0)) { // { then a digit: a bound
          if (!atom || repeated) return -1;
          Object.assign(bound, { comma: false, highSeen: false, low: 0, high: 0 });
          atom = repeated = true;
          state = In.Bound;
          i++;
        } else if (c === 0x28) { // (
          atom = repeated = false;
          emptyOk = true;
          open++;
          groups++;
          i++;
        } else if (c === 0x29) { // )
          if (open > 0 && !atom && !emptyOk) return -1;
          atom = true;
          repeated = false;
          if (open > 0) open--;
          i++;
        } else if (c === 0x7c) { // |
          if (!atom) return -1;
          atom = emptyOk = repeated = false;
          i++;
        } else if (c === 0x5e || c === 0x24) { // ^ $
          atom = repeated = true;
          i++;
        } else if (c === 0x2b || c === 0x2a || c === 0x3f) { // + * ?
          if (repeated || !atom) return -1;
          atom = repeated = true;
          i++;
        } else {
          atom = true;
          repeated = false;
          i++;
        }
        break;
      case In.Bound:
        if (isDigit(c)) {
          if (!bound.comma) bound.low = bound.low * 10 + c - 0x30;
          else {
            bound.highSeen = true;
            bound.high = bound.high * 10 + c - 0x30;
          }
          if (bound.low > 255 || bound.high > 255) return -1;
        } else if (c === 0x2c) {
          if (bound.comma) return -1;
          bound.comma = true;
        } else if (c === 0x7d) {
          if (bound.highSeen && bound.low > bound.high) return -1;
          state = In.Pattern;
        } else return -1;
        i++;
        break;
      case In.Bracket: {
        let literal = false;
        if (c === 0x5e && !member && !negated) {
          negated = true;
          i++;
        } else if (c === 0x2d && range !== 2 && member) {
          if (range === 1) return -1;
          range = 2;
          i++;
        } else if (c === 0x5b) {
          const n = re[i + 1];
          i++;
          if (n === 0x2e) { // [.
            if (range !== 0) range--;
            seenInner = false;
            state = In.Collating;
            i++;
          } else if (n === 0x3d || n === 0x3a) { // [= or [:
            if (range === 2) return -1;
            if (n === 0x3a) classFrom = i + 1;
            seenInner = false;
            state = n === 0x3d ? In.Equivalence : In.Class;
            i++;
          }
          member = true;
        } else if (c === 0x5d && member) {
          range = 0;
          atom = true;
          state = In.Pattern;
          i++;
        } else {
          if (c === 0x5d && i + 1 === re.length) return -1; // `[]` at the end: unfinished
          literal = true;
        }
        if (literal) {
          member = true;
          if (range === 2 && c < rangeStart) return -1;
          if (range !== 0) range--;
          rangeStart = c;
          i++;
        }
        break;
      }
      case In.Collating:
        if (c === 0x2e && re[i + 1] === 0x5d) { // .]
          if (!seenInner) return -1;
          state = In.Bracket;
          i += 2;
        } else {
          // A multi-character collating element ends any range (it sorts after every byte).
          rangeStart = seenInner ? 256 : c >= 0x80 ? c - 256 : c; // BIND compares a signed char here
          seenInner = true;
          i++;
        }
        break;
      case In.Equivalence:
        if (c === 0x3d && re[i + 1] === 0x5d) { // =]
          if (!seenInner) return -1;
          state = In.Bracket;
          i += 2;
        } else {
          seenInner = true;
          i++;
        }
        break;
      case In.Class:
        if (c === 0x3a && re[i + 1] === 0x5d) { // :]
          if (!CLASSES.has(Buffer.from(re.subarray(classFrom, i)).toString('latin1'))) return -1;
          state = In.Bracket;
          i += 2;
        } else i++;
        break;
    }
  }
  return open === 0 && state === In.Pattern && atom ? groups : -1;
}

/** The Regexp <character-string> `cs` (with its length octet) is one BIND accepts. */
export function validNaptrRegexp(cs: Uint8Array): boolean {
  const n = cs[0];
  if (n === 0) return true;
  const delim = cs[1];
  if (isDigit(delim) || delim === 0x5c || delim === 0x69 || delim === 0) return false;
  const ere: number[] = [];
  let part = 0; // 0 the ERE, 1 the replacement, 2 the flags
  let backref = 0;
  for (let i = 2; i <= n; i++) {
    const c = cs[i];
    if (c === 0) return false;
    if (c === delim) {
      if (part === 2) return false;
      part++;
      continue;
    }
    if (part === 2) {
      if (c !== 0x69) return false;
      continue;
    }
    if (part === 0) ere.push(c);
    if (c !== 0x5c) continue;
    if (i === n || cs[i + 1] === 0) return false;
    const e = cs[++i];
    if (part === 0) ere.push(e);
    else if (e === 0x30) return false;
    else if (e > 0x30 && e <= 0x39) backref = Math.max(backref, e - 0x30);
  }
  if (part !== 2) return false;
  const groups = validEre(Uint8Array.from(ere));
  return groups >= 0 && backref <= groups;
}
