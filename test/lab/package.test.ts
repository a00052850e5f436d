/**
 * The package as an outside project uses it: the repository is built and packed (`npm pack`)
 * into a temporary folder, a fresh project there installs the tarball with npm (from npm's
 * cache when it holds the dependencies, else the registry), and a script importing `labnet`
 * (not a relative path) starts the lab, queries it over loopback, changes a record, queries
 * again and closes; the process must then exit by itself. A TypeScript file in that project
 * type-checks against the installed .d.ts files (strict, skipLibCheck off).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const SCRIPT = `
import dgram from 'node:dgram';
import { startLab, virtualClock, buildQuery } from 'labnet';
const lab = await startLab({ clock: virtualClock() });
// A raw UDP round trip to the lab's DNS port, as any client would make it.
const raw = await new Promise((res, rej) => {
  const s = dgram.createSocket('udp4');
  s.once('message', (m) => { s.close(); res(m); });
  s.once('error', rej);
  s.send(buildQuery(77, 'vcenter.lab.local', 1), lab.dns.address.port, '127.0.0.1');
});
const before = await lab.dns.query('web.lab.local', 'A');
lab.dns.zone('lab.local').add('web 300 A 192.168.244.77');
const after = await lab.dns.query('web.lab.local', 'A');
const q = await lab.dns.nextQuery({ name: 'web.lab.local' });
await lab.close();
console.log(JSON.stringify({
  resolved: import.meta.resolve('labnet'),
  rawId: raw.readUInt16BE(0), rawAnswers: raw.readUInt16BE(6),
  before: before.rcode, after: after.answers.map((a) => a.data), logged: q.name,
}));
`;

/** A TypeScript consumer: the exported types must check against the package's .d.ts files. */
const TYPED = `
import { startLab, virtualClock, type Lab, type LabDns, type DnsFaultSpec, type LoggedQuery, type LeaseEvent, type ZoneChange } from 'labnet';
const spec: DnsFaultSpec = { name: 'vcenter.lab.local', rcode: 'SERVFAIL', times: 2 };
const change: ZoneChange = { op: 'delete', name: 'web.lab.local.' };
export async function use(): Promise<string> {
  const lab: Lab = await startLab({ clock: virtualClock() });
  const dns: LabDns = lab.dns;
  dns.fault(spec).clear();
  dns.zone('lab.local').apply([change]);
  const q: LoggedQuery | undefined = dns.queries[0];
  lab.events.on('lease', (e: LeaseEvent) => e.kind satisfies 'granted' | 'renewed' | 'released' | 'expired' | 'declined');
  await lab.close();
  return q?.name ?? '';
}
`;

describe('labnet from an npm install of the packed tarball', () => {
  it('starts the lab, answers over loopback, takes a runtime record, closes and exits', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labnet-pack-'));
    try {
      // Build into the staging folder (never into the repository), then pack from there.
      const stage = join(dir, 'stage');
      mkdirSync(stage);
      for (const f of ['package.json', 'README.md', 'bin', 'fixtures']) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
      await exec(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(stage, 'dist')], { cwd: ROOT });
      await exec(NPM, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: stage });
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
      expect(tarball).toMatch(/^labnet-\d+\.\d+\.\d+\.tgz$/);

      const project = join(dir, 'project');
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'outside', version: '1.0.0', private: true, type: 'module' }));
      await exec(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], { cwd: project });
      writeFileSync(join(project, 'use.mjs'), SCRIPT);
      const { stdout } = await exec(process.execPath, ['use.mjs'], { cwd: project, timeout: 30_000 });
      const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(r.resolved).toBe(`file://${join(project, 'node_modules/labnet/dist/index.js')}`);
      expect(r).toMatchObject({ rawId: 77, rawAnswers: 1, before: 'NXDOMAIN', after: ['192.168.244.77'], logged: 'web.lab.local.' });

      // The types, as a TypeScript project sees them (Node's come with the install: @types/dns-packet needs them).
      writeFileSync(join(project, 'typed.ts'), TYPED);
      const tsconfig = { compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['typed.ts'] };
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
      const typecheck = await exec(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(project, 'tsconfig.json')], { cwd: project }).then(
        () => '',
        (e: { stdout?: string }) => e.stdout ?? String(e),
      );
      expect(typecheck).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
