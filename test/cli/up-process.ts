/** A `labnet up` process of the built package (built-cli.ts) and readers of what it prints, for the CLI and interop tests. */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { BuiltCli } from './built-cli.js';

const exec = promisify(execFile);

export interface Up {
  child: ChildProcess;
  out: string;
  err: () => string;
  exit: Promise<number | null>;
}

/** `labnet up` in `cwd` on ephemeral ports; resolves once it printed its table. */
export async function startUp(cli: BuiltCli, cwd: string, env: Record<string, string> = {}, args: string[] = []): Promise<Up> {
  const child = spawn(process.execPath, [cli.bin, 'up', '--dns', '127.0.0.1:0', '--dhcp', '127.0.0.1:0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err += d));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => {
      out += d;
      if (out.includes('Ctrl-C')) resolve();
    });
    void exit.then((code) => reject(new Error(`labnet up exited (${code}): ${out}\n${err}`)));
  });
  return { child, out, err: () => err, exit };
}

export async function labnet(cli: BuiltCli, cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [cli.bin, ...args], { cwd });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

export interface Row {
  name: string;
  mac: string;
  address: string;
  ends: string;
  forward: string;
  reverse: string;
}

export function table(out: string): Row[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => /^NAME\s+MAC\s+ADDRESS\s+LEASE ENDS \(UTC\)\s+FORWARD\s+REVERSE$/.test(l));
  expect(start).toBeGreaterThan(0);
  const rows: Row[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^(\S+)\s+([0-9a-f:]{17})\s+(\S+)\s+(static \(INFORM\)|\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d|-)\s+(\S+)\s+(\S+)$/.exec(l);
    if (!m) break;
    rows.push({ name: m[1], mac: m[2], address: m[3], ends: m[4], forward: m[5], reverse: m[6] });
  }
  return rows;
}

export const dnsPort = (out: string) => Number(/^DNS\s+127\.0\.0\.1:(\d+) \(UDP and TCP\)$/m.exec(out)![1]);
