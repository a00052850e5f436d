/**
 * A reload while a zone file is half written (issue 11, faults). An editor or a script that
 * truncates the lab's zone file and writes the new version in place leaves, for a moment, any
 * prefix of the new text on disk. For every byte offset of the new version, that prefix is
 * written and the services are reloaded (as SIGHUP / `labnet reload` do), and BIND 9.18
 * decides what is right: named-checkzone on the same prefix.
 * - named rejects it (a cut mid-line ends without a newline: "unexpected end of input"; a cut
 *   before the NS records: "has no NS records"): labnet's reload reports the error as
 *   FILE:LINE:COL at named's line, and the old data keeps serving, answer for answer.
 * - named accepts it (a cut at the end of a line past the NS records is a valid, smaller
 *   zone: named would serve it too): labnet serves what named's dump of that prefix holds.
 * Then the file is finished and reloaded: the new data is served. Last, the same through the
 * command as built: `labnet serve`, the file half written, SIGHUP, answers over UDP unchanged
 * and the error logged located; finished, SIGHUP, the new data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServices, type Services } from '../../src/lab/services.js';
import { queryDns } from '../../src/dns/client.js';
import { buildCli, type BuiltCli } from '../cli/built-cli.js';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OLD = readFileSync(join(ROOT, 'fixtures/lab/direct'), 'utf8');
// The new version: serial 4, vcenter moved, gateway gone, web added at the end.
const NEW = OLD.replace(/ 3(\s+; Serial)/, ' 4$1')
  .replace('192.168.244.135', '192.168.244.136')
  .replace(/^gateway .*\n/m, '')
  .concat('web     IN      A       192.168.244.77\n');
const PROBES = ['lab.local', 'ns.lab.local', 'gateway.lab.local', 'esxi01.lab.local', 'esxi03.lab.local', 'vcenter.lab.local', 'jupyter.lab.local', 'mail.lab.local', 'web.lab.local'];

let tmp: TmpTree;
let zoneFile: string;
let namedConf: string;

beforeAll(() => {
  tmp = tmpTree('labnet-half-written-');
  zoneFile = tmp.write('direct', OLD);
  namedConf = tmp.write('named.conf', `options { directory "${tmp.dir}"; };\nzone "lab.local" { type master; file "direct"; };\n`);
});
afterAll(() => tmp?.remove());

/** named-checkzone's verdict on the file: its first FILE:LINE, or its dump's A records and serial. */
function bindVerdict(file: string): { ok: false; line?: number; out: string } | { ok: true; a: Map<string, string[]>; serial: number } {
  const r = spawnSync('named-checkzone', ['-i', 'local', '-D', '-o', '-', 'lab.local', file], { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  if (r.status !== 0) {
    // Its error's line; "file does not end with newline" is a warning.
    const m = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:(\\d+): (?!file does not end with newline)`).exec(out);
    return { ok: false, line: m ? Number(m[1]) : undefined, out };
  }
  const a = new Map<string, string[]>();
  let serial = NaN;
  // The dump is named-checkzone's stdout; its messages may interleave on stderr.
  for (const l of r.stdout.split('\n')) {
    const f = l.split(/\s+/);
    if (f[3] === 'A') a.set(f[0].slice(0, -1), [...(a.get(f[0].slice(0, -1)) ?? []), f[4]].sort());
    if (f[3] === 'SOA') serial = Number(f[6]);
  }
  return { ok: true, a, serial };
}

type Ask = (name: string, type: 'A' | 'SOA') => Promise<{ rcode: string; data: unknown[] }>;

/** What the probes get: serial, and each name's A records (NXDOMAIN for a name not there). */
async function answers(ask: Ask): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const soa = await ask('lab.local', 'SOA');
  out.serial = String((soa.data[0] as { serial?: number } | undefined)?.serial);
  for (const name of PROBES) {
    const r = await ask(name, 'A');
    out[name] = r.rcode === 'NOERROR' ? (r.data as string[]).sort().join(',') : r.rcode;
  }
  return out;
}

/** The probes' answers as named's dump of the zone gives them. */
function fromDump(v: { a: Map<string, string[]>; serial: number }, names: Set<string>): Record<string, string> {
  const out: Record<string, string> = { serial: String(v.serial) };
  for (const name of PROBES) out[name] = v.a.has(name) ? v.a.get(name)!.join(',') : names.has(name) ? '' : 'NXDOMAIN';
  return out;
}

function servicesAsk(s: Services): Ask {
  return async (name, type) => {
    const p = (await s.dns!.query(name, type)) as unknown as { rcode: string; answers?: Array<{ type: string; data: unknown }> };
    return { rcode: p.rcode, data: (p.answers ?? []).filter((a) => a.type === type).map((a) => a.data) };
  };
}

describe('a reload while a zone file is half written', () => {
  it('every prefix of the new version: rejected where named rejects it (FILE:LINE as named, old data serving), else served as named would', { timeout: 300_000 }, async () => {
    const s = await startServices({ namedConf, dns: { address: '127.0.0.1', port: 0 } });
    try {
      const ask = servicesAsk(s);
      const old = await answers(ask);
      expect(old).toMatchObject({ serial: '3', 'vcenter.lab.local': '192.168.244.135', 'web.lab.local': 'NXDOMAIN' });
      const bytes = Buffer.from(NEW, 'utf8');
      let rejected = 0;
      let accepted = 0;
      let served = false;
      for (let k = 0; k < bytes.length; k++) {
        // Back to the old version after a prefix that was served (a rejected one changed nothing).
        if (served) {
          served = false;
          writeFileSync(zoneFile, OLD);
          expect(await s.reload()).toBeUndefined();
        }
        writeFileSync(zoneFile, bytes.subarray(0, k));
        const bind = bindVerdict(zoneFile);
        const err = await s.reload();
        if (!bind.ok) {
          rejected++;
          expect(err, `cut at ${k}: named: ${bind.out}`).toBeDefined();
          const m = new RegExp(`^${zoneFile}:(\\d+):\\d+: `).exec(err!);
          expect(m, `cut at ${k}: ${err}`).not.toBeNull();
          if (bind.line !== undefined) expect(Number(m![1]), `cut at ${k}: ${err} / named: ${bind.out}`).toBe(bind.line);
          expect(await answers(ask), `cut at ${k}`).toEqual(old);
        } else {
          accepted++;
          served = true;
          expect(err, `cut at ${k}`).toBeUndefined();
          // A name with other records but no A is NOERROR/NODATA: the apex and the names the prefix has.
          const owners = new Set(['lab.local', ...[...bytes.subarray(0, k).toString().matchAll(/^([a-z0-9]+)\s/gm)].map((m) => `${m[1]}.lab.local`)]);
          expect(await answers(ask), `cut at ${k}`).toEqual(fromDump(bind, owners));
        }
      }
      console.log(`half-written zone file: ${bytes.length} cuts, ${rejected} rejected as named rejects them (old data served), ${accepted} valid prefixes served as named's dump`);
      expect(rejected).toBeGreaterThan(bytes.length / 2);
      // Finished: the new data.
      writeFileSync(zoneFile, NEW);
      expect(await s.reload()).toBeUndefined();
      expect(await answers(ask)).toMatchObject({ serial: '4', 'vcenter.lab.local': '192.168.244.136', 'gateway.lab.local': 'NXDOMAIN', 'web.lab.local': '192.168.244.77' });
    } finally {
      await s.close();
    }
  });

  let cli: BuiltCli;
  beforeAll(() => {
    cli = buildCli();
  });
  afterAll(() => cli?.tree.remove());

  it('labnet serve: SIGHUP with the file half written keeps the old answers and logs FILE:LINE:COL; finished, SIGHUP serves the new', { timeout: 60_000 }, async () => {
    writeFileSync(zoneFile, OLD);
    const child = spawn(process.execPath, [cli.bin, 'serve', '--named-conf', namedConf, '--dns', '127.0.0.1:0'], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const until = async (ok: () => boolean) => {
        for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
        expect(ok(), `${out}\n${err}`).toBe(true);
      };
      await until(() => /DNS {6}127\.0\.0\.1:(\d+)/.test(out));
      const port = Number(/DNS {6}127\.0\.0\.1:(\d+)/.exec(out)![1]);
      const ask: Ask = async (name, type) => {
        const p = (await queryDns({ address: '127.0.0.1', port }, name, type)) as unknown as { rcode?: string; answers?: Array<{ type: string; data: unknown }> };
        return { rcode: p.rcode ?? 'NOERROR', data: (p.answers ?? []).filter((a) => a.type === type).map((a) => a.data) };
      };
      const old = await answers(ask);
      expect(old).toMatchObject({ serial: '3', 'vcenter.lab.local': '192.168.244.135' });
      // Half the new version: a cut mid-line, which named rejects.
      const half = Buffer.from(NEW).subarray(0, Math.floor(Buffer.byteLength(NEW) / 2));
      writeFileSync(zoneFile, half);
      const bind = bindVerdict(zoneFile);
      expect(bind.ok).toBe(false);
      child.kill('SIGHUP');
      await until(() => err.includes('zone failed to load; its previous version keeps serving'));
      const line = bind.ok ? 0 : bind.line;
      expect(err).toMatch(new RegExp(`${zoneFile}:${line}:\\d+: `));
      expect(await answers(ask)).toEqual(old);
      writeFileSync(zoneFile, NEW);
      child.kill('SIGHUP');
      await until(() => /loaded serial 4/.test(err));
      expect(await answers(ask)).toMatchObject({ serial: '4', 'vcenter.lab.local': '192.168.244.136', 'web.lab.local': '192.168.244.77' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
