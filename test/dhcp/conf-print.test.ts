/**
 * The dhcpd.conf printer (src/dhcp/conf/print.ts): every file labnet accepts prints to text
 * that reads back as the same configuration and prints again identically.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../interop/data/dhcpd-eval-corpus.js';
import { confArbitrary } from './conf-arbitrary.js';
import { comparable, roundTrip } from './helpers/conf-roundtrip.js';

function accepted(text: string): boolean {
  try {
    roundTrip(text);
    return true;
  } catch (e) {
    return !/^the print/.test((e as Error).message) ? false : true;
  }
}

describe('printDhcpdConf round trip', () => {
  it('the lab dhcpd.conf', () => {
    const r = roundTrip(readFileSync('fixtures/lab/dhcpd.conf', 'utf8'));
    expect(comparable(r.second)).toEqual(comparable(r.first));
    expect(r.reprinted).toBe(r.printed);
  });

  it.each(CORPUS.filter(([, t]) => accepted(t)).map(([name, text]) => [name, text] as const))('corpus: %s', (_name, text) => {
    const r = roundTrip(text);
    expect(comparable(r.second), r.printed).toEqual(comparable(r.first));
    expect(r.reprinted).toBe(r.printed);
  });
});

describe('printed expressions keep dhcpd\'s grouping (op_val: = above and/or above + above *)', () => {
  it.each([
    // and(=, or(=, exists)): the right operand of and binds no tighter than it, so it keeps its parentheses.
    ['option user-class = "a" and option user-class = "b" or exists user-class', 'option user-class = "a" and (option user-class = "b" or exists user-class)'],
    // `=` binds tighter than `+`: the sum is compared only in parentheses (and numbers keep theirs).
    ['known or ((extract-int (hardware, 8) + 1) = 8)', 'known or ((extract-int(hardware, 8) + 1) = 8)'],
    ['not (known or static)', 'not (known or static)'],
    // `+` binds tighter than `*` in dhcpd 4.4: 1 * 2 + 3 is 1 * (2 + 3).
    ['substring (hardware, 1 * 2 + 3, 2) = 01:02', 'substring(hardware, 1 * (2 + 3), 2) = 1:2'],
  ])('%s', (cond, printed) => {
    const r = roundTrip(`if ${cond} {\n  filename "x";\n}\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n}\n`);
    expect(r.printed).toContain(`if ${printed} {`);
    expect(comparable(r.second)).toEqual(comparable(r.first));
  });
});

describe('property: a generated config labnet accepts prints back to itself', () => {
  it('holds for generated dhcpd.conf files', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(confArbitrary(), (text) => {
        runs++;
        let r;
        try {
          r = roundTrip(text);
        } catch (e) {
          if (/^the print/.test((e as Error).message)) throw e;
          return; // labnet refuses the file: nothing to print
        }
        accepted++;
        expect(comparable(r.second), r.printed).toEqual(comparable(r.first));
        expect(r.reprinted).toBe(r.printed);
      }),
      { numRuns: 300 },
    );
    // Most generated files are valid: the property is not vacuous.
    expect(accepted).toBeGreaterThan(runs * 0.6);
  }, 90_000); // 300 generated files: about 10 s alone, twice that on a loaded machine
});
