/**
 * Issue 6's verdict agreement in one table: every file of the corpora checked by BIND
 * 9.18's checker and by labnet's, counted as accepted alike, rejected alike, and (of those
 * rejected alike) rejected on the line BIND names. The corpora:
 * - the named.conf corpus (test/interop/data/named-conf-corpus.ts: every statement, zone
 *   types, views, keys, includes, good and broken files, public-style snippets), each file
 *   checked without and with `-z` (named-checkconf and `labnet check-conf --named`);
 * - Debian's stock /etc/bind, alone and with the lab zones added to named.conf.local, each
 *   without and with `-z`;
 * - zone files: fixtures/broken (named-checkzone and `labnet check-zone`), and the zones of
 *   fixtures/lab and fixtures/conformance.
 * test/interop/verdict-agreement.test.ts asserts the table; scripts/verdict-agreement.ts
 * prints it. The per-file diagnostics are in named-checkconf.test.ts and checkzone.test.ts,
 * which share this module's file setup.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NAMED_CONF_CORPUS, type ConfCase } from '../data/named-conf-corpus.js';
import { agreeConf, labnetCheckconf, namedCheckconf } from './named-checkconf.js';
import { bindLocation, labnetCheckzone, labnetLocations, namedCheckzone } from './checkzone-run.js';
import { zonesOfNamedConf } from './bind.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface VerdictRow {
  corpus: string;
  files: number;
  acceptedAlike: number;
  rejectedAlike: number;
  /** Of the files rejected alike, those where labnet's first error is on BIND's line (or BIND names none). */
  sameLine: number;
  /** The files that do not agree (verdict or line), for the report. */
  apart: string[];
  /** Files BIND's checker aborted on (an assertion of its own): not compared, not counted in `files`. */
  aborted: string[];
}

/** Writes a corpus case (its named.conf and files) into `root/name`. */
export function writeConfCase(root: string, name: string, c: ConfCase): { dir: string; file: string } {
  const dir = join(root, name);
  for (const [rel, text] of Object.entries({ ...c.files, 'named.conf': c.conf })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, file: join(dir, 'named.conf') };
}

/** Debian's stock /etc/bind copied into `dir` (its /etc/bind/ paths pointed there), with the lab zones added to named.conf.local. */
export function writeDebianWithLab(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync('/etc/bind').filter((n) => /^(named\.conf.*|db\..*|zones\.rfc1918|bind\.keys)$/.test(n))) {
    writeFileSync(join(dir, f), readFileSync(join('/etc/bind', f), 'latin1').replaceAll('/etc/bind/', `${dir}/`));
  }
  for (const f of ['direct', 'inverse']) copyFileSync(join(ROOT, 'fixtures/lab', f), join(dir, f));
  appendFileSync(
    join(dir, 'named.conf.local'),
    `zone "lab.local" { type master; file "${dir}/direct"; };\nzone "244.168.192.in-addr.arpa" { type master; file "${dir}/inverse"; };\n`,
  );
  return join(dir, 'named.conf');
}

class Tally {
  row: VerdictRow;
  constructor(corpus: string) {
    this.row = { corpus, files: 0, acceptedAlike: 0, rejectedAlike: 0, sameLine: 0, apart: [], aborted: [] };
  }
  add(name: string, bindOk: boolean, labnetOk: boolean, sameLine: boolean) {
    const r = this.row;
    r.files++;
    if (bindOk && labnetOk) r.acceptedAlike++;
    if (!bindOk && !labnetOk) r.rejectedAlike++;
    if (!bindOk && !labnetOk && sameLine) r.sameLine++;
    if (bindOk !== labnetOk || (!bindOk && !sameLine)) r.apart.push(name);
  }
}

/** One named.conf by both checkers, into `t`. */
function tallyConf(t: Tally, name: string, dir: string, file: string, z: boolean) {
  const named = namedCheckconf(dir, file, z);
  if (named.aborted) return void t.row.aborted.push(name);
  const labnet = labnetCheckconf(dir, file, z);
  t.add(name, named.ok, labnet.ok, agreeConf(named, labnet));
}

/** The named.conf rows (see the file comment); files are written under `root`. */
export function confRows(root: string): VerdictRow[] {
  const rows: VerdictRow[] = [];
  const cases: [string, ConfCase][] = [
    ...Object.entries(NAMED_CONF_CORPUS.good).map(([n, c]): [string, ConfCase] => [`good-${n}`, c]),
    ...Object.entries(NAMED_CONF_CORPUS.bad).map(([n, c]): [string, ConfCase] => [`bad-${n}`, c]),
    ...NAMED_CONF_CORPUS.snippets.map((conf, i): [string, ConfCase] => [`snippet-${i}`, { conf }]),
  ];
  for (const z of [false, true]) {
    const t = new Tally(`named.conf corpus, named-checkconf${z ? ' -z' : ''}`);
    for (const [name, c] of cases) {
      const { dir, file } = writeConfCase(join(root, z ? 'z' : 'plain'), name, c);
      tallyConf(t, name, dir, file, z);
    }
    rows.push(t.row);
  }
  const debian = new Tally("Debian's stock /etc/bind (alone, with the lab zones), without and with -z");
  const withLab = writeDebianWithLab(join(root, 'debian-lab'));
  for (const z of [false, true]) {
    tallyConf(debian, `debian -z ${z}`, '/etc/bind', '/etc/bind/named.conf', z);
    tallyConf(debian, `debian+lab -z ${z}`, dirname(withLab), withLab, z);
  }
  rows.push(debian.row);
  return rows;
}

/** The zone-file rows: fixtures/broken, then the lab and conformance zones. */
export function zoneRows(): VerdictRow[] {
  const broken = resolve(ROOT, 'fixtures/broken');
  const expectations: { file: string; zone: string }[] = JSON.parse(readFileSync(join(broken, 'expectations.json'), 'utf8'));
  const zones: { name: string; origin: string; cwd: string; file: string }[][] = [
    expectations.map((e) => ({ name: e.file, origin: e.zone, cwd: broken, file: e.file })),
    ['lab', 'conformance'].flatMap((f) =>
      zonesOfNamedConf(resolve(ROOT, 'fixtures', f, 'named.conf')).map((z) => ({ name: `${f}/${z.origin}`, origin: z.origin, cwd: dirname(z.file), file: z.file })),
    ),
  ];
  const titles = ['zone files, fixtures/broken, named-checkzone', 'zone files, fixtures/lab and fixtures/conformance, named-checkzone'];
  return zones.map((list, i) => {
    const t = new Tally(titles[i]);
    for (const z of list) {
      const b = namedCheckzone([z.origin, z.file], z.cwd);
      const l = labnetCheckzone([z.origin, z.file], z.cwd);
      const where = bindLocation(b.stdout + b.stderr);
      const first = labnetLocations(l.stdout + l.stderr)[0];
      const sameLine = where === undefined || (first !== undefined && first.file === where.file && first.line === where.line);
      t.add(z.name, b.code === 0, l.code === 0, sameLine);
    }
    return t.row;
  });
}

/** The table, in Markdown. */
export function formatVerdictTable(rows: VerdictRow[]): string {
  const total = rows.reduce((a, r) => ({ files: a.files + r.files, acc: a.acc + r.acceptedAlike, rej: a.rej + r.rejectedAlike, line: a.line + r.sameLine }), { files: 0, acc: 0, rej: 0, line: 0 });
  const lines = [
    '| corpus | files | accepted alike | rejected alike | same line | BIND aborted (not compared) |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.corpus} | ${r.files} | ${r.acceptedAlike} | ${r.rejectedAlike} | ${r.sameLine} | ${r.aborted.length} |`),
    `| all | ${total.files} | ${total.acc} | ${total.rej} | ${total.line} | ${rows.reduce((n, r) => n + r.aborted.length, 0)} |`,
  ];
  const list = (what: 'apart' | 'aborted') => rows.flatMap((r) => r[what].map((a) => `${r.corpus}: ${a}`)).join('; ') || 'none';
  return `${lines.join('\n')}\napart: ${list('apart')}\nBIND aborted on: ${list('aborted')}\n`;
}
