/**
 * Zone journals on disk (src/zones/journal-file.ts): created on the first change, applied
 * on top of the zone file at load as named applies them, out-of-sync journals failing the
 * zone as named fails it, a cut journal read to its last whole transaction, and a child
 * process killed with SIGKILL mid-way keeping every change it acknowledged; a torn tail (cut at
 * every offset of the last transaction, garbage after the end or over the last transaction)
 * loading to the last whole transaction with where it stopped, also through the daemon.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { loadZoneFile } from '../../src/zones/load.js';
import { applyZoneChanges, type ZoneChange } from '../../src/zones/update.js';
import { parseRecords } from '../../src/lab/zone-editor.js';
import { ZoneJournals, defaultJournalPath, openJournalFile, rollForward } from '../../src/zones/journal-file.js';
import { decodeJournal } from '../../src/zones/journal-format.js';
import { changedNames, transactionOf } from '../../src/zones/zone-diff.js';
import { LocatedError } from '../../src/util/located-error.js';
import { RRType } from '../../src/zones/record.js';
import type { Zone, ZoneWarning } from '../../src/zones/zone-types.js';
import { LAB_FIXTURES_DIR, startLab } from '../../src/lab/lab.js';
import { loadZones, startServices } from '../../src/lab/services.js';
import { seededRandom, virtualClock } from '../../src/util/clock.js';
import { pino } from 'pino';

const ROOT = resolve(import.meta.dirname, '../..');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const CHILD = join(ROOT, 'test/zones/journal-child.ts');

const ZONE = (serial: number) => `$TTL 300
@ SOA ns hostmaster ${serial} 3600 600 86400 300
@ NS ns
ns A 192.0.2.1
www A 192.0.2.10
`;

let tmp: TmpTree;
afterEach(() => tmp?.remove());

const adds = (z: Zone, text: string): ZoneChange[] => parseRecords(z, text).map((rr) => ({ op: 'add', rr }));

/** Applies `text` additions to `z`, journals the change and returns the new zone. */
function change(journals: ZoneJournals, z: Zone, text: string): Zone {
  const c = adds(z, text);
  const next = applyZoneChanges(z, c).zone;
  expect(journals.record(z, next, changedNames(c))).toBe(true);
  return next;
}

function setup(serial = 10) {
  tmp = tmpTree('labnet-journal-');
  const file = tmp.write('example.com.db', ZONE(serial));
  const journal = defaultJournalPath(file);
  const journals = new ZoneJournals();
  const zone = loadZoneFile('example.com', file, { journal });
  journals.setPaths(new Map([[zone, journal]]));
  return { file, journal, journals, zone };
}

describe('journal file', () => {
  it('times each transaction commit on the injected monotonic source (the /metrics histogram)', () => {
    tmp = tmpTree('labnet-journal-');
    const file = tmp.write('example.com.db', ZONE(10));
    const journal = defaultJournalPath(file);
    // The source moves 3.5 ms a reading: each commit (one reading before, one after) takes 3.5 ms.
    let t = 0;
    const journals = new ZoneJournals(() => (t += 3.5));
    const zone = loadZoneFile('example.com', file, { journal });
    journals.setPaths(new Map([[zone, journal]]));
    const z = change(journals, zone, 'a A 10.0.0.1');
    change(journals, z, 'b A 10.0.0.2');
    const h = journals.commitSeconds();
    expect(h.count).toBe(2);
    expect(h.sum).toBeCloseTo(0.007, 9);
    expect(h.cumulative[h.bounds.indexOf(0.0025)]).toBe(0);
    expect(h.cumulative[h.bounds.indexOf(0.005)]).toBe(2);
    journals.close();
  });

  it('is created on the first change and applied on top of the zone file at the next load', () => {
    const { file, journal, journals, zone } = setup();
    expect(existsSync(journal)).toBe(false);
    let z = change(journals, zone, 'a A 10.0.0.1');
    z = change(journals, z, 'b TXT "two words"');
    const del: ZoneChange[] = [{ op: 'delete', name: 'www.example.com.', type: RRType.A }];
    const z3 = applyZoneChanges(z, del).zone;
    journals.record(z, z3, changedNames(del));
    journals.close();
    const back = loadZoneFile('example.com', file, { journal });
    expect(back.serial).toBe(13);
    expect(back.node('a.example.com.')?.rrsets.has(RRType.A)).toBe(true);
    expect(back.node('b.example.com.')?.rrsets.has(RRType.TXT)).toBe(true);
    expect(back.node('www.example.com.')).toBeUndefined();
    // Without the journal, the file alone.
    expect(loadZoneFile('example.com', file).serial).toBe(10);
  });

  it('applies from the transaction starting at the zone file serial; a file at the last serial is up to date', () => {
    const { file, journal, journals, zone } = setup();
    let z = change(journals, zone, 'a A 10.0.0.1');
    z = change(journals, z, 'b A 10.0.0.2');
    journals.close();
    writeFileSync(file, ZONE(11));
    const mid = loadZoneFile('example.com', file, { journal });
    expect(mid.serial).toBe(12);
    expect(mid.node('a.example.com.')).toBeUndefined(); // the 10 -> 11 change is not replayed
    expect(mid.node('b.example.com.')).toBeDefined();
    writeFileSync(file, ZONE(12));
    const upToDate = loadZoneFile('example.com', file, { journal });
    expect(upToDate.serial).toBe(12);
    expect(upToDate.node('b.example.com.')).toBeUndefined();
  });

  it('a journal that does not follow the zone file fails the zone, as named fails it ("journal out of sync with zone")', () => {
    const { file, journal, journals, zone } = setup();
    change(journals, zone, 'a A 10.0.0.1');
    journals.close();
    for (const serial of [20, 5]) {
      writeFileSync(file, ZONE(serial));
      let err: unknown;
      try {
        loadZoneFile('example.com', file, { journal });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LocatedError);
      expect((err as LocatedError).format()).toBe(`${journal}:1:1: zone example.com/IN: journal rollforward failed: journal out of sync with zone`);
    }
  });

  it('a journal cut inside its last transaction loads to the one before, warns with the file, and the next append overwrites the tail', () => {
    const { file, journal, journals, zone } = setup();
    let z = change(journals, zone, 'a A 10.0.0.1');
    z = change(journals, z, 'b A 10.0.0.2');
    journals.close();
    const whole = decodeJournal(readFileSync(journal)).transactions;
    truncateSync(journal, whole[1].end - 3);
    const warnings: ZoneWarning[] = [];
    const back = loadZoneFile('example.com', file, { journal, warn: (w) => warnings.push(w) });
    expect(back.serial).toBe(11);
    expect(back.node('b.example.com.')).toBeUndefined();
    expect(warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([`${journal}: zone example.com/IN: journal read to offset ${whole[1].offset} (serial 11), 1 whole transactions: transaction cut short`]);
    const f = openJournalFile(journal);
    const tx = transactionOf(back, applyZoneChanges(back, adds(back, 'c A 10.0.0.3')).zone)!;
    f.appendTransaction(tx);
    f.close();
    const j = decodeJournal(readFileSync(journal));
    expect(j.stopped).toBeUndefined();
    expect(j.transactions.map((t) => [t.offset, t.serial0, t.serial1])).toEqual([[whole[0].offset, 10, 11], [whole[1].offset, 11, 12]]);
    expect(loadZoneFile('example.com', file, { journal }).node('c.example.com.')).toBeDefined();
  });

  it('a cut journal: a zone file serial inside its header range but past the cut loads as it is (named walks to the cut); outside, out of sync', () => {
    const { file, journal, journals, zone } = setup();
    let z = change(journals, zone, 'a A 10.0.0.1');
    z = change(journals, z, 'b A 10.0.0.2');
    z = change(journals, z, 'c A 10.0.0.3');
    journals.close();
    const whole = decodeJournal(readFileSync(journal)).transactions;
    truncateSync(journal, whole[1].end + 5);
    writeFileSync(file, ZONE(13));
    const past = loadZoneFile('example.com', file, { journal, warn: () => {} });
    expect([past.serial, past.node('a.example.com.')]).toEqual([13, undefined]);
    writeFileSync(file, ZONE(14));
    expect(() => loadZoneFile('example.com', file, { journal, warn: () => {} })).toThrow(/journal out of sync with zone/);
  });

  it('a change that does not start at the journal end is refused and leaves the journal as it was', () => {
    const { journal, journals, zone } = setup();
    const z = change(journals, zone, 'a A 10.0.0.1');
    const before = readFileSync(journal);
    const other = applyZoneChanges(zone, adds(zone, 'x A 10.0.0.9')).zone; // from serial 10 again
    expect(() => journals.record(zone, other)).toThrow(/last serial 11 != transaction first serial 10/);
    expect(readFileSync(journal).equals(before)).toBe(true);
    expect(rollForward(loadZoneFile('example.com', join(tmp.dir, 'example.com.db')), journal).serial).toBe(z.serial);
  });

  it('a zone without a journal path is not journaled', () => {
    const journals = new ZoneJournals();
    tmp = tmpTree('labnet-journal-');
    const zone = loadZoneFile('example.com', tmp.write('z.db', ZONE(1)));
    expect(journals.record(zone, applyZoneChanges(zone, adds(zone, 'a A 10.0.0.1')).zone)).toBe(false);
  });
});

describe('named.conf zones', () => {
  it("a zone's `journal` option names its journal (else the file with .jnl appended), applied at load", () => {
    const { file, journal, journals, zone } = setup();
    change(journals, zone, 'a A 10.0.0.1');
    journals.close();
    renameSync(journal, join(tmp.dir, 'custom.jnl'));
    const conf = tmp.write('named.conf', 'zone "example.com" { type primary; file "example.com.db"; journal "custom.jnl"; };\n');
    const paths = new Map<Zone, string>();
    const zs = loadZones({ namedConf: conf }, { journals: paths });
    expect(zs!.find('a.example.com.')?.serial).toBe(11);
    expect([...paths].map(([z, p]) => [z, p])).toEqual([[zs!.find('example.com.'), join(tmp.dir, 'custom.jnl')]]);
    writeFileSync(conf, 'zone "example.com" { type primary; file "example.com.db"; };\n');
    expect(loadZones({ namedConf: conf })!.find('a.example.com.')?.serial).toBe(10);
  });
});

describe('kill -9 mid-way', () => {
  it('keeps every acknowledged change: a child appending changes is SIGKILLed, the zone file and journal load with all of them', { timeout: 60000 }, async () => {
    tmp = tmpTree('labnet-journal-kill-');
    const file = tmp.write('example.com.db', ZONE(100));
    for (let round = 0; round < 3; round++) {
      const child = spawn(VITE_NODE, [CHILD, file, 'example.com'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const acked = await new Promise<number[]>((res, rej) => {
        const target = 40 + round * 17;
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const acks = [...out.matchAll(/^ACK (\d+) (\d+)$/gm)];
          if (acks.length >= target) child.kill('SIGKILL');
        });
        child.once('exit', (_code, signal) => {
          if (signal !== 'SIGKILL') rej(new Error(`child exited without the kill: ${err}`));
          else res([...out.matchAll(/^ACK (\d+) (\d+)$/gm)].map((m) => Number(m[2])));
        });
      });
      expect(acked.length).toBeGreaterThanOrEqual(40);
      const lastSerial = acked[acked.length - 1];
      // Every acknowledged change is there: the loaded serial is at least the last acknowledged one.
      const warnings: ZoneWarning[] = [];
      const z = loadZoneFile('example.com', file, { journal: defaultJournalPath(file), warn: (w) => warnings.push(w) });
      expect(z.serial).toBeGreaterThanOrEqual(lastSerial);
      expect(warnings).toEqual([]);
      const count = acked.length;
      for (let n = 0; n < count; n++) expect(z.node(`h${n}.example.com.`)?.rrsets.has(RRType.A), `h${n} (round ${round})`).toBe(true);
      // Each round starts over from the names it finds (the next child reloads the journal and adds h0.. again: no effect).
      const j = decodeJournal(readFileSync(defaultJournalPath(file)));
      expect(j.stopped).toBeUndefined();
      expect(j.next.serial).toBe(z.serial);
    }
  });
});

describe('the test kit keeps runtime records in its state folder', () => {
  it('lab.dns.zone().add survives a restart of a lab on the same stateDir; the fixtures are not written', async () => {
    tmp = tmpTree('labnet-journal-lab-');
    const lab = await startLab({ clock: virtualClock(), dhcp: false, stateDir: tmp.dir });
    const before = lab.dns.zone('lab.local').serial;
    lab.dns.zone('lab.local').add('web 300 A 192.168.244.77');
    lab.dns.zone('lab.local').remove('vcenter A');
    await lab.close();
    expect(existsSync(join(tmp.dir, 'direct.jnl'))).toBe(true);
    expect(existsSync(join(LAB_FIXTURES_DIR, 'direct.jnl'))).toBe(false);
    const again = await startLab({ clock: virtualClock(), dhcp: false, stateDir: tmp.dir });
    try {
      expect(again.dns.zone('lab.local').serial).toBe(before + 2);
      const r = (await again.dns.query('web.lab.local', 'A')) as { answers?: { data: unknown }[] };
      expect(r.answers?.map((a) => a.data)).toEqual(['192.168.244.77']);
      const v = (await again.dns.query('vcenter.lab.local', 'A')) as { answers?: unknown[] };
      expect(v.answers ?? []).toEqual([]);
    } finally {
      await again.close();
    }
  });
});

describe('a torn zone journal tail (issue 11, faults)', () => {
  /** A journal of three transactions (serials 10 to 13: a, b, c added); its bytes and transactions. */
  function threeChanges() {
    const s = setup();
    let z = change(s.journals, s.zone, 'a A 10.0.0.1');
    z = change(s.journals, z, 'b A 10.0.0.2');
    change(s.journals, z, 'c A 10.0.0.3');
    s.journals.close();
    const buf = readFileSync(s.journal);
    const whole = decodeJournal(buf).transactions;
    expect(whole.map((t) => t.serial1)).toEqual([11, 12, 13]);
    return { ...s, buf, whole };
  }
  const load = (file: string, journal: string) => {
    const warnings: string[] = [];
    const z = loadZoneFile('example.com', file, { journal, warn: (w) => warnings.push(`${w.file}:${w.line}:${w.col}: ${w.message}`) });
    return { z, warnings };
  };

  it('cut at every byte offset of its last transaction: loads to the one before and says where it stopped', () => {
    const { file, journal, buf, whole } = threeChanges();
    const last = whole[2];
    for (let k = last.offset; k < last.end; k++) {
      writeFileSync(journal, buf.subarray(0, k));
      const { z, warnings } = load(file, journal);
      expect(z.serial, `cut at ${k}`).toBe(12);
      expect(z.node('b.example.com.'), `cut at ${k}`).toBeDefined();
      expect(z.node('c.example.com.'), `cut at ${k}`).toBeUndefined();
      expect(warnings, `cut at ${k}`).toEqual([
        `${journal}:1:1: zone example.com/IN: journal read to offset ${last.offset} (serial 12), 2 whole transactions: ${k - last.offset < 16 ? 'transaction header cut short' : 'transaction cut short'}`,
      ]);
    }
  });

  it('garbage after its end (an append that never committed) is not read: all three load, as named reads to the header end', () => {
    const { file, journal, buf } = threeChanges();
    const rand = seededRandom(11);
    for (const n of [1, 15, 16, 17, 200, 5000]) {
      writeFileSync(journal, Buffer.concat([buf, Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)))]));
      const { z, warnings } = load(file, journal);
      expect(z.serial, `${n} bytes`).toBe(13);
      expect(z.node('c.example.com.')).toBeDefined();
      expect(warnings).toEqual([]);
    }
  });

  it('garbage over its last transaction (the header naming its end): loads to the one before, says where and why it stopped', () => {
    const { file, journal, buf, whole } = threeChanges();
    const last = whole[2];
    const rand = seededRandom(12);
    // All of it, or its RRs only (the 16-byte transaction header intact). The format has no
    // checksum: garbage that stays well-formed (the last byte of an A record's RDATA) reads
    // as data, in named as here.
    for (const from of [last.offset, last.offset + 16]) {
      for (let round = 0; round < 20; round++) {
        const bad = Buffer.from(buf);
        for (let i = from; i < last.end; i++) bad[i] = Math.floor(rand() * 256);
        if (bad.equals(buf)) continue;
        writeFileSync(journal, bad);
        const { z, warnings } = load(file, journal);
        expect(z.serial, `garbage from ${from}`).toBe(12);
        expect(z.node('c.example.com.')).toBeUndefined();
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(new RegExp(`^${journal}:1:1: zone example.com/IN: journal read to offset ${last.offset} \\(serial 12\\), 2 whole transactions: `));
      }
    }
  });

  it('the daemon (startServices) serves the last whole transaction of a torn journal and logs where it stopped', async () => {
    const { file, journal, buf, whole } = threeChanges();
    writeFileSync(journal, buf.subarray(0, whole[2].end - 5));
    const conf = tmp.write('named.conf', `options { directory "${tmp.dir}"; };\nzone "example.com" { type primary; file "${file}"; allow-update { any; }; };\n`);
    const lines: Array<{ msg: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const s = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port: 0 }, logger });
    try {
      const a = async (name: string) => ((await s.dns!.query(name, 'A')) as unknown as { rcode: string }).rcode;
      expect(await a('b.example.com')).toBe('NOERROR');
      expect(await a('c.example.com')).toBe('NXDOMAIN');
      expect(JSON.stringify(lines)).toContain(`journal read to offset ${whole[2].offset} (serial 12), 2 whole transactions: transaction cut short`);
    } finally {
      await s.close();
    }
  });
});
