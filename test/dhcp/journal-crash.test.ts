/**
 * Crash test (RFC 2131 4.3.1: a binding is committed to persistent storage before the server
 * answers): a child process records leases and prints each one acknowledged by record(); it is
 * killed with SIGKILL at a random moment, several times over the same file. On reopen, every
 * acknowledged lease must be there (the same record or a later one for that address), and the
 * file must load despite torn tails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLeaseJournal } from '../../src/dhcp/lease-journal.js';
import { ipToString } from '../../src/dhcp/ip.js';
import { seededRandom } from '../../src/util/clock.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the child until it has acknowledged `killAfter` leases, then SIGKILL it. Returns IP -> latest acked seq. */
function runAndKill(path: string, seed: number, killAfter: number): Promise<{ acked: Map<string, number>; count: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/vite-node', ['test/dhcp/data/journal-crash-child.ts', path, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, number>();
    let count = 0;
    let buf = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        const m = /^ack (\S+) (\d+)$/.exec(line);
        if (!m) continue;
        acked.set(m[1], Math.max(acked.get(m[1]) ?? 0, Number(m[2])));
        if (++count >= killAfter && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acked, count });
      else reject(new Error(`child exited ${code} ${signal}: ${stderr}`));
    });
  });
}

describe('crash safety: SIGKILL at a random moment loses no acknowledged lease', () => {
  it('five kills over the same file', { timeout: 120_000 }, async () => {
    const path = join(dir, 'crash.leases');
    const rand = seededRandom(Date.now() & 0xffff);
    const everAcked = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      const killAfter = 20 + Math.floor(rand() * 400);
      const { acked, count } = await runAndKill(path, 1000 + round, killAfter);
      expect(count).toBeGreaterThanOrEqual(killAfter);
      for (const [ip, s] of acked) everAcked.set(ip, Math.max(everAcked.get(ip) ?? 0, s));
      const j = await openLeaseJournal(path);
      const onDisk = new Map(j.leases().map((l) => [ipToString(l.ip), l.ends / 1000]));
      await j.close();
      for (const [ip, s] of everAcked) {
        expect(onDisk.get(ip), `${ip} acked seq ${s} (round ${round}, ${readFileSync(path, 'utf8').length} bytes)`).toBeGreaterThanOrEqual(s);
      }
    }
  });
});
