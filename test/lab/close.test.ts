/**
 * close() frees every socket, timer and file handle: a child process starts labs on port 0,
 * uses them, closes them and must then exit by itself, with nothing left to keep Node's event
 * loop alive. The same child not closing its labs stays alive (the check can fail).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const VITE_NODE = join(ROOT, 'node_modules/.bin/vite-node');
const CHILD = join(ROOT, 'test/lab/close-child.ts');

/** Runs the child; resolves with its output and whether it exited within `waitMs` of printing CLOSED. */
function run(args: string[], waitMs: number): Promise<{ out: string; exited: boolean; code: number | null }> {
  const child = spawn(VITE_NODE, [CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((res) => {
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', () => {
      if (!timer && out.includes('CLOSED')) {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          res({ out, exited: false, code: null });
        }, waitMs);
      }
    });
    child.once('exit', (code) => {
      if (timer) clearTimeout(timer);
      res({ out, exited: timer !== undefined || code !== null, code });
    });
  });
}

describe('close() frees everything (the process exits on its own)', () => {
  it('a process that starts two labs, uses them and closes them exits by itself, at once', { timeout: 60000 }, async () => {
    const r = await run([], 5000);
    expect(r.out).toContain('CLOSED');
    expect(r.exited).toBe(true);
    expect(r.code).toBe(0);
  });

  it('the same process without close() stays alive (the check above can fail)', { timeout: 60000 }, async () => {
    const r = await run(['leak'], 1500);
    expect(r.out).toContain('CLOSED');
    expect(r.exited).toBe(false);
  });
});
