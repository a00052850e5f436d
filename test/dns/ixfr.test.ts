/**
 * src/dns/ixfr.ts and the responder's IXFR path (RFC 1995): the plan (SOA alone, the
 * difference sequences, the whole zone), named's sizes behind max-ixfr-ratio (figures
 * measured from named's log: a 6-RRset zone of 189 bytes, a 2-transaction delta of 326), the
 * answer records, and the client serial read from the authority section.
 */
import { describe, expect, it } from 'vitest';
import { buildZone } from '../../src/zones/zone.js';
import { parseZone } from '../../src/zones/parser.js';
import { applyZoneChanges, type ZoneChange } from '../../src/zones/update.js';
import { parseRecords } from '../../src/lab/zone-editor.js';
import { changedNames, transactionOf } from '../../src/zones/zone-diff.js';
import { deltaSize, ixfrRecords, journalChain, planIxfr, zoneSize } from '../../src/dns/ixfr.js';
import { ixfrRequestSerial, scanQuery, isFailure, toParsedQuery } from '../../src/dns/query-parse.js';
import { respondMany } from '../../src/dns/respond.js';
import { createZoneSet } from '../../src/zones/zoneset.js';
import type { JournalTransaction } from '../../src/zones/journal-format.js';
import type { Zone } from '../../src/zones/zone-types.js';
import { decode } from './helpers/zones.js';

const TEXT = `$TTL 300
@ IN SOA ns1 hostmaster 2024010100 3600 600 86400 300
@ IN NS ns1
ns1 IN A 127.0.0.1
www IN A 10.0.0.1
`;
const zoneOf = (text: string): Zone => buildZone(parseZone(text, { origin: 'p.test.', file: 'p.db' }), { origin: 'p.test.', file: 'p.db' });

/** The zone after adding `lines` one change each, and the journal of those changes. */
function history(lines: string[]): { zones: Zone[]; journal: JournalTransaction[] } {
  const zones = [zoneOf(TEXT)];
  const journal: JournalTransaction[] = [];
  for (const l of lines) {
    const z = zones[zones.length - 1];
    const changes = parseRecords(z, l).map((rr): ZoneChange => ({ op: 'add', rr }));
    const next = applyZoneChanges(z, changes).zone;
    journal.push(transactionOf(z, next, changedNames(changes))!);
    zones.push(next);
  }
  return { zones, journal };
}

/** An IXFR query with the client's SOA (compressed owner, as dig sends it). */
function ixfrWire(serial: number): Buffer {
  const q = Buffer.from('1995000000010000000100000170047465737400' + '00fb0001', 'hex');
  const rr = Buffer.from('c00c000600010000000000' + '1a' + '0161000162000000000000000000000000000000000000000000', 'hex');
  rr.writeUInt32BE(serial, rr.length - 20);
  return Buffer.concat([q, rr]);
}

describe('IXFR (RFC 1995)', () => {
  const { zones, journal } = history(['h1 A 10.1.0.1', 'h2 A 10.1.0.2', 'h3 A 10.1.0.3']);
  const last = zones[3];

  it("named's sizes: the zone per RRset, the delta per RR (the figures named logged for the same data)", () => {
    expect(zoneSize(zones[2])).toBe(189);
    expect(deltaSize(journal.slice(0, 2))).toBe(326);
  });

  it('the plan: SOA alone when current or newer; the differences; the whole zone off the journal or over the ratio', () => {
    expect(planIxfr(last, last.serial, journal)).toEqual({ kind: 'soa' });
    expect(planIxfr(last, last.serial + 1, journal)).toEqual({ kind: 'soa' });
    expect(planIxfr(last, 2024010102, journal)).toEqual({ kind: 'ixfr', transactions: journal.slice(2) });
    expect(planIxfr(last, 2024010099, journal)).toEqual({ kind: 'axfr', reason: 'not-in-journal' });
    expect(planIxfr(last, 2024010100, journal)).toEqual({ kind: 'axfr', reason: 'ratio' });
    expect(planIxfr(last, 2024010100, journal, { maxIxfrRatio: 0 })).toEqual({ kind: 'ixfr', transactions: journal });
    expect(planIxfr(last, 2024010102, journal, { provideIxfr: false })).toEqual({ kind: 'axfr', reason: 'no-ixfr' });
    expect(planIxfr(last, 2024010102, undefined)).toEqual({ kind: 'axfr', reason: 'not-in-journal' });
    // A journal that does not reach the zone's serial (the file was edited since) is no chain.
    expect(journalChain(journal.slice(0, 2), 2024010101, last.serial)).toBeUndefined();
  });

  it('the records: current SOA, per transaction old SOA, deleted, new SOA, added, current SOA', () => {
    const soa = journal[2].newSoa;
    const recs = ixfrRecords(soa, journal.slice(1));
    expect(recs.map((r) => `${r.name} ${r.type}`)).toEqual([
      'p.test. 6', 'p.test. 6', 'p.test. 6', 'h2.p.test. 1', 'p.test. 6', 'p.test. 6', 'h3.p.test. 1', 'p.test. 6',
    ]);
  });

  it('the client serial is the authority SOA, through a compressed owner; none without it', () => {
    const msg = ixfrWire(2024010102);
    const v = scanQuery(msg, 'tcp');
    if (isFailure(v)) throw new Error('parse');
    expect(ixfrRequestSerial(msg, v.questionEnd)).toBe(2024010102);
    expect(toParsedQuery(msg, v).ixfrSerial).toBe(2024010102);
    const bare = Buffer.from(msg.subarray(0, v.questionEnd));
    bare.writeUInt16BE(0, 8);
    expect(ixfrRequestSerial(bare, v.questionEnd)).toBeUndefined();
  });

  it('the responder: the difference sequences over TCP from the journal given, the SOA alone over UDP (no AA)', () => {
    const set = createZoneSet([last]);
    const v = scanQuery(ixfrWire(2024010102), 'tcp');
    if (isFailure(v)) throw new Error('parse');
    const q = toParsedQuery(ixfrWire(2024010102), v);
    const tcp = respondMany(set, q, { transfers: { journal: () => journal } }).map(decode);
    expect(tcp).toHaveLength(1);
    expect(tcp[0].answer.map((l) => l.split(' ').slice(0, 3).join(' ') + (l.includes(' SOA ') ? ' ' + l.split(' ')[5] : ''))).toEqual([
      'p.test. 300 SOA 2024010103', 'p.test. 300 SOA 2024010102', 'p.test. 300 SOA 2024010103', 'h3.p.test. 300 A', 'p.test. 300 SOA 2024010103',
    ]);
    expect(tcp[0].flags).toContain('aa');
    const udp = respondMany(set, { ...q, transport: 'udp' }).map(decode);
    expect(udp[0].answer.map((l) => l.split(' ')[2])).toEqual(['SOA']);
    expect(udp[0].flags).not.toContain('aa');
    // Without a journal: the whole zone, AXFR-style.
    const whole = respondMany(set, q).map(decode);
    expect(whole[0].answer.map((l) => l.split(' ')[2])).toEqual(['SOA', 'NS', 'A', 'A', 'A', 'A', 'A', 'SOA']);
  });
});
