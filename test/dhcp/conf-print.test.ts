/**
 * The dhcpd.conf printer (src/dhcp/conf/print.ts): every file labnet accepts prints to text
 * that reads back as the same configuration and prints again identically.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../interop/data/dhcpd-eval-corpus.js';
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
