/**
 * Zone journals against BIND 9.18 (src/zones/journal-format.ts, journal-file.ts):
 * (a) labnet writes a journal (63 transactions: every kind of change, more than the 56
 *     index entries), `named-journalprint` prints exactly the records labnet wrote and
 *     `named-journalprint -x` the same transaction offsets, sizes, counts and index; the
 *     older format (`named-journalprint -d`) is read, and rewritten in the current one by
 *     the next append; a journal cut inside a transaction is read to the one before and
 *     mended by the next append; a live named loading the zone file with labnet's journal
 *     answers as labnet does;
 * (b) a live named with `allow-update { any; }` takes nsupdate changes and writes its
 *     journal; labnet loads the zone file and that journal and answers every changed name
 *     as named does (the wire answer, and dig's answer and authority sections); after the
 *     zone file's serial is changed both fail the zone alike (SERVFAIL, "journal out of sync
 *     with zone"); `labnet serve` given the same nsupdate batches (its UPDATE service)
 *     writes a journal byte for byte named's;
 * (c) named-checkzone -J and labnet check-zone -J apply journals alike (identical -D dumps,
 *     the same verdicts for cut and out-of-sync journals).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';
import { nsupdate } from './helpers/nsupdate.js';
import { startBind, type BindInstance } from './helpers/bind.js';
import { exchange, type Endpoint, type Transport } from './helpers/net.js';
import { buildQuery, parseMessage } from './helpers/wire.js';
import { comparable } from './helpers/compare.js';
import { INTEROP_COOKIE_SECRET } from './helpers/cookies.js';
import { startDnsServer, type DnsServer } from '../../src/dns/server.js';
import { loadZones, startServices, type Services } from '../../src/lab/services.js';
import { loadZoneFile } from '../../src/zones/load.js';
import { applyZoneChanges, type ZoneChange } from '../../src/zones/update.js';
import { parseDeletions, parseRecords } from '../../src/lab/zone-editor.js';
import { ZoneJournals, defaultJournalPath } from '../../src/zones/journal-file.js';
import { decodeJournal, type JournalTransaction } from '../../src/zones/journal-format.js';
import { changedNames, transactionOf } from '../../src/zones/zone-diff.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { checkZoneCommand } from '../../src/cli/check-zone.js';
import { typeToText } from '../../src/wire/rrtypes.js';
import type { ResourceRecord } from '../../src/zones/record.js';
import type { Zone } from '../../src/zones/zone-types.js';

const execFileAsync = promisify(execFile);
const ORIGIN = 'jnl.test';
const ZONE = `$TTL 300
@ IN SOA ns1 hostmaster 2024010100 3600 600 86400 300
@ IN NS ns1
ns1 IN A 127.0.0.1
www IN A 10.0.0.1
www IN A 10.0.0.2
Mixed IN TXT "Case Kept"
mail IN MX 10 mx.example.net.
old IN AAAA 2001:db8::1
gone IN A 10.9.9.9
gone IN TXT "bye"
alias IN CNAME www
_sip._udp IN SRV 0 5 5060 www
`;

let tmp: TmpTree;
beforeAll(() => {
  tmp = tmpTree('labnet-zone-journal-');
});
afterAll(() => tmp?.remove());

/** A labnet DNS server on the zones of `files` (zone files with their journals), as `labnet serve` loads them. */
async function serveLabnet(files: { origin: string; file: string }[]): Promise<DnsServer> {
  const zones = loadZones({ zones: files });
  return startDnsServer({ zones: zones!, host: '127.0.0.1', port: 0, cookies: { secrets: [Buffer.from(INTEROP_COOKIE_SECRET, 'hex')] } });
}

const endpoint = (s: DnsServer): Endpoint => ({ host: s.address.address, port: s.address.port });

/**
 * `dig` answer and authority sections, sorted (record order within an RRset is BIND's
 * shuffle). Run asynchronously: labnet answers from this process.
 */
async function dig(to: Endpoint, name: string, type: string): Promise<string[]> {
  const { stdout } = await execFileAsync('dig', ['+norec', '+nocookie', '+noall', '+answer', '+authority', '+tries=1', '+time=3', '-p', String(to.port), `@${to.host}`, name, type], { encoding: 'utf8' });
  return stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/).join(' ')).sort();
}

async function compareServers(bind: Endpoint, labnet: Endpoint, questions: [string, string][]): Promise<number> {
  const T: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };
  let n = 0;
  for (const [name, type] of questions) {
    for (const t of ['udp', 'tcp'] as Transport[]) {
      const q = buildQuery({ id: 0x4a00 + n, name, type: T[type], edns: { udpSize: 1232 } });
      const [a, b] = await Promise.all([exchange(t, bind, q), exchange(t, labnet, q)]);
      expect(comparable(parseMessage(b)), `${t} ${name} ${type}`).toEqual(comparable(parseMessage(a)));
    }
    const [fromBind, fromLabnet] = await Promise.all([dig(bind, name, type), dig(labnet, name, type)]);
    expect(fromLabnet, `dig ${name} ${type}`).toEqual(fromBind);
    n++;
  }
  return n;
}

/** A journal record as named-journalprint prints it, whitespace between fields made one space. */
function printed(op: 'add' | 'del', rr: ResourceRecord): string {
  return `${op} ${rr.name} ${rr.ttl} IN ${typeToText(rr.type)} ${rdataToText(rr.type, rr.rdata)}`;
}
function printedTx(tx: JournalTransaction): string[] {
  return [printed('del', tx.oldSoa), ...tx.deleted.map((r) => printed('del', r)), printed('add', tx.newSoa), ...tx.added.map((r) => printed('add', r))];
}
/** named-journalprint's record lines: `op owner<TABs>ttl<TAB>IN<TAB>type<TAB>rdata`. */
function journalprintLines(out: string): string[] {
  return out.split('\n').filter((l) => /^(add|del) /.test(l)).map((l) => {
    const m = /^(\S+) (\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(l)!;
    return `${m[1]} ${m[2]} ${m[3]} ${m[4]} ${m[5]} ${m[6]}`;
  });
}

/** Journals the addition of `text` (zone-file lines) to `z` in the journal at `jnl`, as the test kit does. */
function journalAdd(z: Zone, jnl: string, text: string): void {
  const journals = new ZoneJournals();
  journals.setPaths(new Map([[z, jnl]]));
  const changes = parseRecords(z, text).map((rr): ZoneChange => ({ op: 'add', rr }));
  expect(journals.record(z, applyZoneChanges(z, changes).zone, changedNames(changes))).toBe(true);
  journals.close();
}

/** named-checkzone -j (-D) and labnet check-zone -j (--dump) on the same zone file and journal. */
function checkzoneBoth(file: string, journal: string): { bind: { code: number; out: string; err: string }; labnet: ReturnType<typeof checkZoneCommand> } {
  const r = spawnSync('named-checkzone', ['-i', 'local', '-J', journal, '-D', '-o', '-', ORIGIN, file], { encoding: 'latin1' });
  return { bind: { code: r.status ?? -1, out: r.stdout, err: r.stderr }, labnet: checkZoneCommand(['-J', journal, ORIGIN, file, '--dump']) };
}

describe('(a) named-journalprint and named read the journal labnet writes', () => {
  let file: string;
  let journal: string;
  const written: JournalTransaction[] = [];
  let final: Zone;

  beforeAll(() => {
    file = tmp.write('a/jnl.test.db', ZONE);
    journal = defaultJournalPath(file);
    const journals = new ZoneJournals();
    let z: Zone = loadZoneFile(ORIGIN, file, { journal });
    journals.setPaths(new Map([[z, journal]]));
    const adds = (text: string): ZoneChange[] => parseRecords(z, text).map((rr) => ({ op: 'add', rr }));
    const steps: (() => ZoneChange[])[] = [
      () => adds('new 600 A 10.0.0.9\nnew 600 AAAA 2001:db8::9'),
      () => [{ op: 'delete', name: `www.${ORIGIN}.`, type: 1 }, ...adds('www 300 TXT "hello world" "two strings"')],
      () => parseDeletions(z, 'gone'),
      () => adds('mail 900 MX 10 mx.example.net.\nmail 900 MX 20 MX2.Example.NET.'), // a TTL change and an RR
      () => parseDeletions(z, 'old AAAA 2001:db8::1'),
      () => [{ op: 'delete', name: `alias.${ORIGIN}.` }, ...adds('alias 120 CNAME new')],
      () => adds('sub NS ns.sub\nns.sub A 10.1.0.1\n_sip._udp SRV 1 1 5061 new\nMixed TXT "More"\nns1 TXT "beside A"\nmail HINFO "PC" "Unix"'),
      // 56 more one-record changes: past the 56 index entries, so named's index thinning shows.
      ...Array.from({ length: 56 }, (_, i) => () => adds(`h${i} 60 A 10.2.${i >> 8}.${i & 255}`)),
    ];
    for (const step of steps) {
      const changes = step();
      const r = applyZoneChanges(z, changes);
      expect(r.changed).toBe(true);
      const tx = transactionOf(z, r.zone, changedNames(changes))!;
      expect(journals.appendTransaction(z, tx)).toBe(true);
      written.push(tx);
      journals.setPaths(new Map([[r.zone, journal]]));
      z = r.zone;
    }
    journals.close();
    final = z;
  });

  it('named-journalprint prints exactly the records labnet wrote, transaction by transaction', () => {
    expect(written).toHaveLength(63);
    const out = execFileSync('named-journalprint', [journal], { encoding: 'utf8' });
    expect(journalprintLines(out)).toEqual(written.flatMap(printedTx));
  });

  it('named-journalprint -x shows the header, every transaction header and the index as labnet decodes them, no error', () => {
    const out = execFileSync('named-journalprint', ['-x', journal], { encoding: 'utf8' });
    expect(out).not.toMatch(/ERROR/);
    const j = decodeJournal(readFileSync(journal));
    expect(out).toContain(`Journal format = BIND LOG V9.2\nHeader version = 2\nStart serial = 2024010100\nEnd serial = ${final.serial}\nIndex (size = 56):\n`);
    const txLines = out.split('\n').filter((l) => l.startsWith('Transaction: '));
    expect(txLines).toEqual(j.transactions.map((t) => `Transaction: version 2 offset ${t.offset} size ${t.size} rrcount ${printedTx(t.tx).length} start ${t.serial0} end ${t.serial1}`));
    const indexText = out.split('Index (size = 56):\n')[1].split('\nTransaction: ')[0];
    const used = j.header!.index.filter((p) => p.offset !== 0).map((p) => p.offset);
    expect(used.length).toBeLessThan(56);
    expect(indexText.split(/\s+/).filter(Boolean).map(Number)).toEqual(used);
  });

  it('the older format (named-journalprint -d): labnet reads it, and its next append rewrites the journal in the current format', () => {
    const old = tmp.write('d/jnl.test.db', ZONE);
    const jnl = defaultJournalPath(old);
    copyFileSync(journal, jnl);
    execFileSync('named-journalprint', ['-d', jnl]);
    expect(readFileSync(jnl).subarray(0, 13).toString('latin1')).toBe(';BIND LOG V9\n');
    const j = decodeJournal(readFileSync(jnl));
    expect(j.stopped).toBeUndefined();
    expect(j.header!.version).toBe(1);
    expect(j.transactions.map((t) => printedTx(t.tx))).toEqual(written.map(printedTx));
    const z = loadZoneFile(ORIGIN, old, { journal: jnl });
    expect(z.serial).toBe(final.serial);
    journalAdd(z, jnl, 'after 300 A 10.4.0.1');
    const out = execFileSync('named-journalprint', ['-x', jnl], { encoding: 'utf8' });
    expect(out).toMatch(/^Journal format = BIND LOG V9\.2\nHeader version = 2\n/);
    expect(out).not.toMatch(/ERROR/);
    expect(journalprintLines(out).at(-1)).toBe('add after.jnl.test. 300 IN A 10.4.0.1');
    expect(out.split('\n').filter((l) => l.startsWith('Transaction: version 2 '))).toHaveLength(64);
  });

  it('a journal cut inside a transaction: labnet loads to the one before, and after its next append named-journalprint reads the whole journal', () => {
    const cut = tmp.write('e/jnl.test.db', ZONE);
    const jnl = defaultJournalPath(cut);
    const whole = decodeJournal(readFileSync(journal)).transactions;
    writeFileSync(jnl, readFileSync(journal).subarray(0, whole[5].offset + 40));
    const z = loadZoneFile(ORIGIN, cut, { journal: jnl, warn: () => {} });
    expect(z.serial).toBe(whole[4].serial1);
    journalAdd(z, jnl, 'repaired 300 A 10.5.0.1');
    const out = execFileSync('named-journalprint', ['-x', jnl], { encoding: 'utf8' });
    expect(out).not.toMatch(/ERROR/);
    expect(journalprintLines(out)).toEqual([...written.slice(0, 5).flatMap(printedTx), ...journalprintLines(out).slice(-3)]);
    expect(journalprintLines(out).at(-1)).toBe('add repaired.jnl.test. 300 IN A 10.5.0.1');
  });

  it('named-checkzone -J applies labnet\'s journal to the zone file as labnet check-zone -J does: the -D dumps are identical', () => {
    const { bind, labnet } = checkzoneBoth(file, journal);
    expect(bind.code).toBe(0);
    expect(labnet.code).toBe(0);
    expect(labnet.stdout).toBe(bind.out);
    expect(labnet.stdout).toContain(` ${final.serial} 3600 `);
  });

  it('cut after a whole transaction, named-checkzone -J and labnet apply the same transactions, load a serial past the cut as it is, and refuse one outside the journal', () => {
    const f = tmp.write('f/jnl.test.db', ZONE);
    const jnl = defaultJournalPath(f);
    const whole = decodeJournal(readFileSync(journal)).transactions;
    writeFileSync(jnl, readFileSync(journal).subarray(0, whole[6].end));
    const cut = checkzoneBoth(f, jnl);
    expect([cut.bind.code, cut.labnet.code]).toEqual([0, 0]);
    expect(cut.labnet.stdout).toBe(cut.bind.out);
    expect(cut.labnet.stdout).toContain(` ${whole[6].serial1} 3600 `);
    // A serial the header's range holds, past the cut: named's walk ends at the cut, the file loads as it is.
    writeFileSync(f, ZONE.replace('2024010100', '2024010150'));
    const past = checkzoneBoth(f, jnl);
    expect([past.bind.code, past.labnet.code]).toEqual([0, 0]);
    expect(past.labnet.stdout).toBe(past.bind.out);
    expect(past.labnet.stdout).toContain(' 2024010150 3600 ');
    writeFileSync(f, ZONE.replace('2024010100', '2024010200'));
    const off = checkzoneBoth(f, jnl);
    expect([off.bind.code, off.labnet.code]).toEqual([1, 1]);
    expect(off.bind.err).toContain('zone jnl.test/IN: journal rollforward failed: journal out of sync with zone\nzone jnl.test/IN: not loaded due to errors.\n');
    // labnet's stderr first warns that the journal is cut (named says nothing of it).
    expect(off.labnet.stderr.split('\n').slice(-3)).toEqual([`${jnl}:1:1: zone jnl.test/IN: journal rollforward failed: journal out of sync with zone`, 'zone jnl.test/IN: not loaded due to errors.', '']);
  });

  it('a live named loads the zone file with labnet\'s journal and answers the changed names as labnet does', async () => {
    expect(readFileSync(file, 'utf8')).toBe(ZONE); // the file itself never changed
    const bind = await startBind({ zones: [{ origin: ORIGIN, file }] }); // its folder, the journal too, is copied
    const labnet = await serveLabnet([{ origin: ORIGIN, file }]);
    try {
      expect(bind.log()).not.toMatch(/journal rollforward failed/);
      const n = await compareServers(bind.address, endpoint(labnet), [
        [`${ORIGIN}.`, 'SOA'], [`new.${ORIGIN}.`, 'A'], [`new.${ORIGIN}.`, 'AAAA'], [`www.${ORIGIN}.`, 'A'], [`www.${ORIGIN}.`, 'TXT'], [`gone.${ORIGIN}.`, 'A'],
        [`mail.${ORIGIN}.`, 'MX'], [`old.${ORIGIN}.`, 'AAAA'], [`alias.${ORIGIN}.`, 'A'], [`x.sub.${ORIGIN}.`, 'A'],
        [`_sip._udp.${ORIGIN}.`, 'SRV'], [`mixed.${ORIGIN}.`, 'TXT'], [`h0.${ORIGIN}.`, 'A'], [`h55.${ORIGIN}.`, 'A'],
        [`ns1.${ORIGIN}.`, 'TXT'], [`mail.${ORIGIN}.`, 'HINFO'],
      ]);
      expect(n).toBe(16);
    } finally {
      await labnet.close();
      await bind.close();
    }
  });
});


describe('(b) labnet loads the journal a live named writes for nsupdate changes', () => {
  let bind: BindInstance;
  let file: string;
  let bindJournal: string;
  let served: Services;
  let servedJournal: string;

  beforeAll(async () => {
    file = tmp.write('b/jnl.test.db', ZONE);
    bind = await startBind({ zones: [{ origin: ORIGIN, file }], extraOptions: 'allow-update { any; };' });
    bindJournal = join(bind.dir, 'jnl.test.db.jnl');
    // labnet serve on the same zone with updates allowed: its UPDATE service journals each change.
    const served0 = tmp.write('s/jnl.test.db', ZONE);
    servedJournal = defaultJournalPath(served0);
    const conf = tmp.write('s/named.conf', `options { directory "${join(tmp.dir, 's')}"; };\nzone "${ORIGIN}" { type primary; file "jnl.test.db"; allow-update { any; }; };\n`);
    served = await startServices({ namedConf: conf, dns: { address: '127.0.0.1', port: 0 } });
    const head = `server 127.0.0.1 ${bind.address.port}\nzone ${ORIGIN}\n`;
    const headLabnet = `server 127.0.0.1 ${served.dns!.address.port}\nzone ${ORIGIN}\n`;
    const batches = [
      'update add new.jnl.test. 600 IN A 10.0.0.9\nupdate add new.jnl.test. 600 IN AAAA 2001:db8::9\n',
      'update delete www.jnl.test. A\nupdate add www.jnl.test. 300 IN TXT "hello world" "two strings"\n',
      'update delete gone.jnl.test.\n',
      'update add mail.jnl.test. 900 IN MX 20 MX2.Example.NET.\n',
      'update delete old.jnl.test. AAAA 2001:db8::1\nupdate add Fresh.jnl.test. 60 IN TXT "Case"\n',
      'update delete alias.jnl.test.\nupdate add alias.jnl.test. 120 IN CNAME new.jnl.test.\n',
      'update add sub.jnl.test. 300 IN NS ns.sub.jnl.test.\nupdate add ns.sub.jnl.test. 300 IN A 10.1.0.1\nupdate add _sip._udp.jnl.test. 300 IN SRV 1 1 5061 new.jnl.test.\n',
    ];
    for (const b of batches) {
      const r = await nsupdate(`${head}${b}send\n`);
      expect(r.code, r.out).toBe(0);
      const l = await nsupdate(`${headLabnet}${b}send\n`);
      expect(l.code, l.out).toBe(0);
    }
  });
  afterAll(async () => {
    await served?.close();
    await bind?.close();
  });

  it('labnet serve journals the same UPDATEs as named: named-journalprint prints the two journals alike', () => {
    const ours = execFileSync('named-journalprint', ['-x', servedJournal], { encoding: 'utf8' });
    const named = execFileSync('named-journalprint', ['-x', bindJournal], { encoding: 'utf8' });
    expect(journalprintLines(ours)).toHaveLength(31);
    expect(ours).toBe(named);
    expect(readFileSync(servedJournal).equals(readFileSync(bindJournal))).toBe(true);
  });

  it('named wrote its journal (one transaction per nsupdate), the zone file unchanged', () => {
    expect(readFileSync(file, 'utf8')).toBe(ZONE);
    const j = decodeJournal(readFileSync(bindJournal));
    expect(j.stopped).toBeUndefined();
    expect(j.transactions.map((t) => t.serial1)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => 2024010100 + i));
  });

  it('labnet serves zone file + named\'s journal: every changed name answered as named answers it', async () => {
    const mine = tmp.write('b2/jnl.test.db', ZONE);
    copyFileSync(bindJournal, defaultJournalPath(mine));
    const labnet = await serveLabnet([{ origin: ORIGIN, file: mine }]);
    try {
      const n = await compareServers(bind.address, endpoint(labnet), [
        [`${ORIGIN}.`, 'SOA'], [`${ORIGIN}.`, 'NS'], [`new.${ORIGIN}.`, 'A'], [`new.${ORIGIN}.`, 'AAAA'], [`www.${ORIGIN}.`, 'A'],
        [`www.${ORIGIN}.`, 'TXT'], [`gone.${ORIGIN}.`, 'A'], [`gone.${ORIGIN}.`, 'TXT'], [`mail.${ORIGIN}.`, 'MX'],
        [`old.${ORIGIN}.`, 'AAAA'], [`fresh.${ORIGIN}.`, 'TXT'], [`alias.${ORIGIN}.`, 'A'], [`alias.${ORIGIN}.`, 'CNAME'],
        [`x.sub.${ORIGIN}.`, 'A'], [`_sip._udp.${ORIGIN}.`, 'SRV'], [`mixed.${ORIGIN}.`, 'TXT'],
      ]);
      expect(n).toBe(16);
    } finally {
      await labnet.close();
    }
  });

  it('named-checkzone -J and labnet check-zone -J apply named\'s journal alike: identical -D dumps', () => {
    const mine = tmp.write('b4/jnl.test.db', ZONE);
    const { bind, labnet } = checkzoneBoth(mine, bindJournal);
    expect([bind.code, labnet.code]).toEqual([0, 0]);
    expect(labnet.stdout).toBe(bind.out);
  });

  it('labnet appends to named\'s journal and named-journalprint reads the result', () => {
    const mine = tmp.write('b3/jnl.test.db', ZONE);
    const jnl = defaultJournalPath(mine);
    copyFileSync(bindJournal, jnl);
    const z = loadZoneFile(ORIGIN, mine, { journal: jnl });
    journalAdd(z, jnl, 'later 300 A 10.3.0.1');
    const out = execFileSync('named-journalprint', [jnl], { encoding: 'utf8' });
    expect(journalprintLines(out).slice(-3)).toEqual([
      `del jnl.test. 300 IN SOA ns1.jnl.test. hostmaster.jnl.test. ${2024010107} 3600 600 86400 300`,
      `add jnl.test. 300 IN SOA ns1.jnl.test. hostmaster.jnl.test. ${2024010108} 3600 600 86400 300`,
      'add later.jnl.test. 300 IN A 10.3.0.1',
    ]);
    expect(loadZoneFile(ORIGIN, mine, { journal: jnl }).serial).toBe(2024010108);
  });

  it('a zone file whose serial no longer meets the journal: named and labnet both fail the zone (SERVFAIL)', async () => {
    const edited = ZONE.replace('2024010100', '2024020100');
    const edFile = tmp.write('c/jnl.test.db', edited);
    copyFileSync(bindJournal, defaultJournalPath(edFile));
    const bind2 = await startBind({ zones: [{ origin: 'other.test', file: tmp.write('c/other.db', ZONE) }, { origin: ORIGIN, file: edFile }] });
    const errors: string[] = [];
    const zones = loadZones({ zones: [{ origin: 'other.test', file: join(tmp.dir, 'c/other.db') }, { origin: ORIGIN, file: edFile }] }, { zoneError: (_z, e) => errors.push(e) });
    const labnet = await startDnsServer({ zones: zones!, host: '127.0.0.1', port: 0, cookies: { secrets: [Buffer.from(INTEROP_COOKIE_SECRET, 'hex')] } });
    try {
      expect(bind2.log()).toMatch(/zone jnl\.test\/IN: journal rollforward failed: journal out of sync with zone/);
      expect(errors).toEqual([`${defaultJournalPath(edFile)}:1:1: zone jnl.test/IN: journal rollforward failed: journal out of sync with zone`]);
      await compareServers(bind2.address, endpoint(labnet), [[`${ORIGIN}.`, 'SOA'], [`www.${ORIGIN}.`, 'A']]);
      expect(parseMessage(await exchange('udp', endpoint(labnet), buildQuery({ name: `www.${ORIGIN}.`, type: 1 }))).rcode).toBe(2);
    } finally {
      await labnet.close();
      await bind2.close();
    }
  });
});
