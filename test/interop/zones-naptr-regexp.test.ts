/**
 * NAPTR Regexp fields (RFC 3402 3.2: delimiter, POSIX ERE, delimiter, replacement,
 * delimiter, flags) built at random from the characters that matter to a POSIX ERE, each in
 * a zone checked by `named-checkzone` (BIND 9.18) and by labnet: the same verdict for each.
 * Fixed seed, so a failure repeats.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkZoneCommand } from '../../src/cli/check-zone.js';

const TMP = mkdtempSync(join(tmpdir(), 'labnet-naptr-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const SPECIAL = [...'!/()[]{},.*+?^$|\\-:=A0129i#', '[:alpha:]', '[:foo:]', '[.a.]', '[=a=]', '{2,1}', '{1,3}', '\\1', '\\2', '\\0', '(a)', '[a-z]'];
const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...'abz') }, { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) });
const part = fc.array(piece, { maxLength: 6 }).map((a) => a.join(''));
const field = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom('!', '!', '/', 'i', '1', '#'), part, part, fc.constantFrom('', '', 'i', 'x', '!'))
    .map(([d, e, r, f]) => `${d}${e}${d}${r}${d}${f}`) },
  { weight: 1, arbitrary: part },
);
const CASES = [...new Set(fc.sample(field, { numRuns: 300, seed: 20261204 }))];

describe('NAPTR Regexp: labnet accepts and rejects what named-checkzone does', () => {
  it(`${CASES.length} random fields, the same verdict each`, () => {
    const differ: string[] = [];
    let accepted = 0;
    CASES.forEach((re, i) => {
      const quoted = '"' + re.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
      const file = join(TMP, `naptr-${i}.db`);
      writeFileSync(file, `$TTL 300\n@ SOA ns root 1 2 3 4 5\n@ NS ns\nns A 1.2.3.4\nx NAPTR 1 2 "a" "b" ${quoted} .\n`);
      const bind = spawnSync('named-checkzone', ['-i', 'local', 'example', file], { encoding: 'utf8' });
      if (bind.error) throw bind.error;
      const labnet = checkZoneCommand(['example', file]);
      if ((bind.status === 0) !== (labnet.code === 0)) differ.push(`${JSON.stringify(re)}: BIND ${bind.status}, labnet ${labnet.code}`);
      if (bind.status === 0) accepted++;
    });
    expect(differ).toEqual([]);
    // Both verdicts occur often: the comparison is not one-sided.
    expect(accepted).toBeGreaterThan(CASES.length / 10);
    expect(accepted).toBeLessThan(CASES.length * 0.9);
  });
});
