/**
 * BIND's journal format (src/zones/journal-format.ts) and zone differences (zone-diff.ts):
 * the layout named writes, round trips, a property over random change sequences, and a
 * journal cut at every byte offset.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseZone } from '../../src/zones/parser.js';
import { buildZone } from '../../src/zones/zone.js';
import { applyZoneChanges, type ZoneChange } from '../../src/zones/update.js';
import { parseRecords } from '../../src/lab/zone-editor.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import {
  DEFAULT_INDEX_SIZE, HEADER_SIZE, JournalFormatError, decodeJournal, emptyJournal, encodeJournal, encodeTransaction,
  planAppend, soaSerial, type JournalTransaction,
} from '../../src/zones/journal-format.js';
import { applyTransactions, changedNames, diffZones, transactionOf } from '../../src/zones/zone-diff.js';
import type { ResourceRecord } from '../../src/zones/record.js';
import type { Zone } from '../../src/zones/zone-types.js';
import { LocatedError } from '../../src/util/located-error.js';

const ZONE = `$TTL 300
@ SOA ns admin 10 7200 900 604800 60
@ NS ns
mail MX 10 mx.Example.NET.
alias CNAME www
www A 198.51.100.10
ns A 198.51.100.1
www A 198.51.100.11
`;
const load = (text = ZONE): Zone => buildZone(parseZone(text, { origin: 'example.com.', file: 'z' }), { origin: 'example.com.', file: 'z' });
const adds = (z: Zone, text: string): ZoneChange[] => parseRecords(z, text).map((rr) => ({ op: 'add', rr }));

/** The zone as sorted `name TTL TYPE RDATA` lines. */
function lines(z: Zone): string[] {
  const out: string[] = [];
  for (const n of z.nodes()) for (const s of n.rrsets.values()) for (const r of s.rdatas) out.push(`${s.name.toLowerCase()} ${s.ttl} ${typeToText(s.type)} ${rdataToText(s.type, r)}`);
  return out.sort();
}

const rrText = (r: ResourceRecord) => `${r.name} ${r.ttl} ${r.class} ${typeToText(r.type)} ${rdataToText(r.type, r.rdata)}`;
const txText = (t: JournalTransaction) => ({ oldSoa: rrText(t.oldSoa), deleted: t.deleted.map(rrText), newSoa: rrText(t.newSoa), added: t.added.map(rrText) });

/** applyZoneChanges, a change set the zone checks refuse (an NS without address) changing nothing. */
function apply(z: Zone, changes: ZoneChange[]) {
  try {
    return applyZoneChanges(z, changes);
  } catch (e) {
    if (e instanceof LocatedError) return { zone: z, changed: false };
    throw e;
  }
}

/** Applies each change set in turn, collecting the journal transaction of each that changed the zone. */
function run(z: Zone, sets: ZoneChange[][]): { zone: Zone; txs: JournalTransaction[] } {
  const txs: JournalTransaction[] = [];
  for (const changes of sets) {
    const r = apply(z, changes);
    if (!r.changed) continue;
    const tx = transactionOf(z, r.zone, changedNames(changes));
    expect(tx).toBeDefined();
    txs.push(tx!);
    z = r.zone;
  }
  return { zone: z, txs };
}

describe('journal layout (named 9.18)', () => {
  it('a new journal is the 64-byte header with ";BIND LOG V9.2" and 56 zeroed index entries', () => {
    const b = emptyJournal();
    expect(b.length).toBe(HEADER_SIZE + DEFAULT_INDEX_SIZE * 8);
    expect(b.subarray(0, 16).toString('latin1')).toBe(';BIND LOG V9.2\n\0');
    expect(b.readUInt32BE(32)).toBe(56);
    expect(b.subarray(16, 32).equals(Buffer.alloc(16))).toBe(true);
    expect(decodeJournal(b)).toMatchObject({ transactions: [], next: { offset: 512 } });
  });

  it('a transaction: 16-byte header (size, RR count, serials), then each RR with a 4-byte length, old SOA, deletions, new SOA, additions', () => {
    const z = load();
    const { txs } = run(z, [[...adds(z, 'new 600 A 10.0.0.9'), { op: 'delete', name: 'www.example.com.', type: 1 }]]);
    const b = encodeTransaction(txs[0]);
    expect(b.readUInt32BE(0)).toBe(b.length - 16);
    expect(b.readUInt32BE(4)).toBe(5); // SOA, www A x2, SOA, new A
    expect([b.readUInt32BE(8), b.readUInt32BE(12)]).toEqual([10, 11]);
    // The first RR: its length, then the apex owner uncompressed, type SOA, class IN, TTL 300.
    const len = b.readUInt32BE(16);
    const owner = Buffer.from('\x07example\x03com\x00', 'latin1');
    expect(b.subarray(20, 20 + owner.length).equals(owner)).toBe(true);
    expect(b.readUInt16BE(20 + owner.length)).toBe(6);
    expect(b.readUInt16BE(22 + owner.length)).toBe(1);
    expect(b.readUInt32BE(24 + owner.length)).toBe(300);
    expect(b.readUInt16BE(28 + owner.length)).toBe(len - owner.length - 10);
    expect(txText(txs[0])).toEqual({
      oldSoa: 'example.com. 300 1 SOA ns.example.com. admin.example.com. 10 7200 900 604800 60',
      deleted: ['www.example.com. 300 1 A 198.51.100.10', 'www.example.com. 300 1 A 198.51.100.11'],
      newSoa: 'example.com. 300 1 SOA ns.example.com. admin.example.com. 11 7200 900 604800 60',
      added: ['new.example.com. 600 1 A 10.0.0.9'],
    });
  });

  it('the header tracks begin, end and the index of every transaction', () => {
    const z = load();
    const { txs } = run(z, [adds(z, 'a A 10.0.0.1'), adds(z, 'b A 10.0.0.2'), adds(z, 'c A 10.0.0.3')]);
    const buf = encodeJournal(txs);
    const j = decodeJournal(buf);
    expect(j.stopped).toBeUndefined();
    expect(j.header!.begin).toEqual({ serial: 10, offset: 512 });
    expect(j.header!.end).toEqual({ serial: 13, offset: buf.length });
    expect(j.header!.index.slice(0, 4)).toEqual([
      { serial: 10, offset: 512 },
      { serial: 11, offset: j.transactions[1].offset },
      { serial: 12, offset: j.transactions[2].offset },
      { serial: 0, offset: 0 },
    ]);
  });

  it('a full index keeps every other entry and goes on (named decimates old entries)', () => {
    const z = load();
    const { txs } = run(z, Array.from({ length: 60 }, (_, i) => adds(z, `h${i} A 10.0.1.${i}`)));
    const j = decodeJournal(encodeJournal(txs));
    expect(j.transactions).toHaveLength(60);
    const used = j.header!.index.filter((p) => p.offset !== 0);
    expect(used.map((p) => p.serial)).toEqual([...Array.from({ length: 28 }, (_, i) => 10 + 2 * i), 66, 67, 68, 69]);
  });

  it('a transaction must start at the last serial and raise it (RFC 1982)', () => {
    const z = load();
    const { txs } = run(z, [adds(z, 'a A 10.0.0.1'), adds(z, 'b A 10.0.0.2')]);
    const one = decodeJournal(encodeJournal([txs[0]]));
    expect(() => planAppend(one, txs[0])).toThrow(/last serial 11 != transaction first serial 10/);
    expect(() => encodeTransaction({ ...txs[0], newSoa: txs[0].oldSoa })).toThrow(JournalFormatError);
  });

  it('a file that is no journal is refused', () => {
    const b = emptyJournal();
    b.write(';BIND LOG V8\n', 0, 'latin1');
    expect(() => decodeJournal(b)).toThrow(/journal format not recognized/);
  });
});

describe('zone differences', () => {
  it('a changed RRset TTL deletes the old RRs and adds the new ones; canonical RDATA equality', () => {
    const z = load();
    const r = applyZoneChanges(z, [...adds(z, 'www 900 A 198.51.100.10'), ...adds(z, 'mail MX 10 MX.example.net.')]);
    const d = diffZones(z, r.zone);
    expect(d.deleted.map(rrText)).toEqual(['www.example.com. 300 1 A 198.51.100.10', 'www.example.com. 300 1 A 198.51.100.11']);
    expect(d.added.map(rrText)).toEqual(['www.example.com. 900 1 A 198.51.100.10', 'www.example.com. 900 1 A 198.51.100.11']);
    expect(diffZones(z, r.zone, ['www.example.com.', 'mail.example.com.'])).toEqual(d);
  });

  it('deletions and additions are in type order (as named sorts a transaction)', () => {
    const z = load();
    const { txs } = run(z, [[...adds(z, 'zz TXT "t"'), ...adds(z, 'aa AAAA ::1'), ...adds(z, 'mm A 10.0.0.1')]]);
    expect(txs[0].added.map((r) => typeToText(r.type))).toEqual(['A', 'TXT', 'AAAA']);
  });

  it('the same records give no transaction', () => {
    const z = load();
    expect(transactionOf(z, z)).toBeUndefined();
  });
});

/** Random change sets over a few names and types (fast-check). */
const label = fc.constantFrom('www', 'alias', 'mail', 'ns', 'a', 'b.c', 'WWW', '@');
const change = fc.oneof(
  fc.tuple(label, fc.constantFrom(60, 300, 900), fc.constantFrom('A 10.0.0.1', 'A 10.0.0.2', 'AAAA 2001:db8::1', 'TXT "x y"', 'MX 5 Mail', 'CNAME www', 'NS ns2', 'SRV 0 1 53 ns'))
    .map(([n, ttl, rd]) => ({ kind: 'add' as const, text: `${n} ${ttl} ${rd}` })),
  fc.tuple(label, fc.constantFrom(undefined, 'A', 'TXT', 'NS', 'MX', 'A 10.0.0.1', 'A 198.51.100.10')).map(([n, t]) => ({ kind: 'del' as const, text: t === undefined ? n : `${n} ${t}` })),
);
const changeSets = fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });

function toChanges(z: Zone, set: { kind: 'add' | 'del'; text: string }[]): ZoneChange[] {
  return set.flatMap((c): ZoneChange[] => {
    if (c.kind === 'add') return adds(z, c.text);
    const [n, ...rest] = c.text.split(' ');
    const name = n === '@' ? z.origin : `${n}.${z.origin}`;
    if (rest.length === 0) return [{ op: 'delete', name }];
    const type = { A: 1, TXT: 16, NS: 2, MX: 15 }[rest[0] as 'A'];
    if (rest.length === 1) return [{ op: 'delete', name, type }];
    return [{ op: 'delete', name, type, rdata: parseRecords(z, `${n} ${rest.join(' ')}`)[0].rdata }];
  });
}

describe('property: change sequences through the journal', () => {
  it('random change sequences encode and decode to the same transactions, and replaying them gives the same zone', () => {
    fc.assert(
      fc.property(changeSets, (sets) => {
        const base = load();
        let z = base;
        const changeLists = sets.map((s) => {
          const c = toChanges(z, s);
          z = apply(z, c).zone;
          return c;
        });
        const { zone, txs } = run(base, changeLists);
        const buf = encodeJournal(txs);
        const j = decodeJournal(buf);
        expect(j.stopped).toBeUndefined();
        expect(j.transactions.map((t) => txText(t.tx))).toEqual(txs.map(txText));
        if (txs.length) expect(j.next.serial).toBe(zone.serial);
        expect(lines(applyTransactions(base, j.transactions.map((t) => t.tx), 'j').zone)).toEqual(lines(zone));
        // The whole-zone diff finds what the per-name one found.
        for (let i = 0, from = base; i < txs.length; i++) {
          const to = applyTransactions(from, [txs[i]], 'j').zone;
          expect(txText(transactionOf(from, to)!)).toEqual(txText(txs[i]));
          from = to;
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('a journal cut at every byte offset (a torn tail)', () => {
  it('loads to the last whole transaction and says where it stopped', () => {
    const z = load();
    const { txs } = run(z, [adds(z, 'a A 10.0.0.1'), [...adds(z, 'b TXT "two"'), { op: 'delete', name: 'www.example.com.' }], adds(z, 'c MX 1 a')]);
    const buf = encodeJournal(txs);
    const whole = decodeJournal(buf).transactions;
    expect(whole).toHaveLength(3);
    for (let k = 0; k <= buf.length; k++) {
      const j = decodeJournal(buf.subarray(0, k));
      const expected = whole.filter((t) => t.end <= k);
      expect(j.transactions.map((t) => t.serial1)).toEqual(expected.map((t) => t.serial1));
      if (k === buf.length) {
        expect(j.stopped).toBeUndefined();
        continue;
      }
      expect(j.stopped).toBeDefined();
      const at = k < 512 ? 0 : expected.length ? expected[expected.length - 1].end : 512;
      expect(j.stopped!.offset).toBe(at);
      if (k >= 512) expect(j.next).toEqual({ serial: expected.length ? expected[expected.length - 1].serial1 : 10, offset: at });
      // What follows the cut is overwritten by the next append, which starts where reading stopped.
      if (k >= 512 && expected.length < 3) {
        const p = planAppend(j, whole[expected.length].tx);
        expect(p.at).toBe(at);
        expect(p.journal.transactions.at(-1)!.serial1).toBe(whole[expected.length].serial1);
      }
    }
  });
});
