/**
 * The README's walk through a user's own files ("Your own BIND and dhcpd files"), run as
 * written: its shell block in a fresh folder (Debian's stock /etc/bind copied, the lab's
 * zones and a tsig-keygen key added, the lab's dhcpd.conf registering leases), then every
 * `$ command` of the session after it, `labnet` being the package built from the sources
 * (test/cli/built-cli.ts), on ephemeral loopback ports instead of the README's. Each output
 * must be the one the README shows, lease times aside. dig, nsupdate and tsig-keygen are
 * BIND's own tools (bind9, bind9-dnsutils); everything stays on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildCli, type BuiltCli } from '../cli/built-cli.js';
import { tmpTree } from '../util/tmp-tree.js';
import { freePort } from './helpers/net.js';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's section, its ```sh block and the `$ command` / output pairs of its ```text block. */
function walkthrough(): { setup: string; steps: { command: string; output: string }[] } {
  const section = README.split('## Your own BIND and dhcpd files')[1]!.split('\n## ')[0]!;
  const setup = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  const session = /```text\n([\s\S]*?)```/.exec(section)![1]!;
  const steps: { command: string; output: string }[] = [];
  for (const line of session.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: '' });
    else if (line !== '') steps[steps.length - 1]!.output += line + '\n';
  }
  return { setup, steps };
}

/** Lease times vary: `2026/12/04 21:26:42` -> `TIME`. */
const timeless = (s: string) => s.replace(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d/g, 'TIME');

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
}, 120_000);
afterAll(() => cli?.tree.remove());

describe('README: your own BIND and dhcpd files', () => {
  it('the setup block and the session run as written, with the outputs shown', async () => {
    const { setup, steps } = walkthrough();
    expect(steps.length).toBeGreaterThanOrEqual(8);
    const dir = tmpTree('labnet-readme-own-');
    symlinkSync(join(ROOT, 'fixtures'), join(dir.dir, 'fixtures'), 'dir');
    await exec('bash', ['-e', '-c', setup], { cwd: dir.dir });

    const ports = new Map([
      ['5301', String(await freePort())],
      ['6768', String(await freePort())],
      ['5380', String(await freePort())],
    ]);
    const local = (command: string) =>
      command
        .replace(/\b(5301|6768|5380)\b/g, (p) => ports.get(p)!)
        .replace(/(^|\| )labnet /g, `$1${process.execPath} ${cli.bin} `);
    let server: ReturnType<typeof spawn> | undefined;
    let serverErr = '';
    try {
      for (const step of steps) {
        const command = local(step.command);
        if (command.endsWith(' &')) {
          // The server: in the background until it says it serves.
          server = spawn('bash', ['-c', `exec ${command.slice(0, -2)}`], { cwd: dir.dir, stdio: ['ignore', 'pipe', 'pipe'] });
          server.stderr!.on('data', (d: Buffer) => (serverErr += d.toString()));
          let out = '';
          await new Promise<void>((ok, fail) => {
            server!.stdout!.on('data', (d: Buffer) => {
              out += d.toString();
              if (out.includes('Ctrl-C stops')) ok();
            });
            server!.once('exit', (code) => fail(new Error(`labnet serve exited ${code}: ${serverErr}`)));
          });
          continue;
        }
        const r = await exec('bash', ['-o', 'pipefail', '-c', command], { cwd: dir.dir });
        expect(timeless(r.stdout), step.command).toBe(timeless(step.output));
      }
      // What the session's server logged: the statements read but not applied, once; no error.
      const logs = serverErr.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(logs.filter((l) => l.msg.includes('accepted but not applied by labnet')).map((l) => l.msg.replace(/^.*: accepted/, 'accepted'))).toEqual([
        'accepted but not applied by labnet: options { dnssec-validation }, options { listen-on-v6 }, zone type hint',
      ]);
      expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      server?.kill('SIGTERM');
    }
    if (server) expect((await once(server, 'exit'))[0]).toBe(0);
    // The update and the lease's registration journaled beside the zone files, in BIND's format.
    const journal = await exec('named-journalprint', [join(dir.dir, 'bind', 'direct.jnl')]);
    expect(journal.stdout).toMatch(/^add test\.lab\.local\.\s+300\s+IN\s+A\s+192\.168\.244\.77$/m);
    expect(journal.stdout).toMatch(/^add newvm\.lab\.local\.\s+\d+\s+IN\s+A\s+192\.168\.244\.150$/m);
    dir.remove();
  }, 90_000);
});
