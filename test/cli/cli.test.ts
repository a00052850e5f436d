import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

// The command-line contract (GUIDE section 2), driven as a user would: a real process.
const VITE_NODE = join(process.cwd(), 'node_modules/.bin/vite-node');
const RUN = join(process.cwd(), 'test/cli/run-cli.ts');
const tmp = mkdtempSync(join(tmpdir(), 'labnet-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A real `labnet` process (slow to start: used where the process itself is the point). */
function labnetProcess(...args: string[]) {
  const r = spawnSync(VITE_NODE, [RUN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same `main` in process, its output captured. */
async function labnet(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function noStackTrace(text: string) {
  expect(text).not.toMatch(/\n\s+at /);
}

describe('labnet check-zone / check-conf', () => {
  it('accepts the lab forward zone as named-checkzone does', async () => {
    const r = await labnet('check-zone', 'lab.local', 'fixtures/lab/direct');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('zone lab.local/IN: loaded serial 3\nOK\n');
  });

  it('rejects a broken zone with FILE:LINE:COL naming the token, exit 1, no stack', () => {
    const f = join(tmp, 'bad.db');
    writeFileSync(f, '$TTL 1h\n@ IN SOA ns root 1 2 3 4 5\n@ IN NS ns\nns IN A 192.168.244.300\n');
    const r = labnetProcess('check-zone', 'lab.local', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${f}:4:\\d+: .*192\\.168\\.244\\.300`, 'm'));
    noStackTrace(r.stderr);
  });

  it('checks the lab named.conf and dhcpd.conf, told apart by content', async () => {
    expect((await labnet('check-conf', 'fixtures/lab/named.conf')).code).toBe(0);
    expect((await labnet('check-conf', 'fixtures/lab/dhcpd.conf')).code).toBe(0);
  });

  it('rejects a dhcpd.conf with an unknown statement, as dhcpd -t', async () => {
    const f = join(tmp, 'dhcpd.conf');
    writeFileSync(f, 'default-lease-time 600;\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n  frobnicate yes;\n}\n');
    const r = await labnet('check-conf', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${f}:3:3: .*frobnicate`, 'm'));
    noStackTrace(r.stderr);
  });

  it('refuses to serve a bad named.conf: one located line, exit 1', async () => {
    const f = join(tmp, 'named.conf');
    writeFileSync(f, 'options { directory "."; }\nzone "x" { type master; file "x.db"; };\n');
    const r = await labnet('serve', '--named-conf', f, '--dns', '127.0.0.1:0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${f}:\\d+:\\d+: `, 'm'));
    noStackTrace(r.stderr);
  });

  it('prints usage and exits 1 on an unknown command', async () => {
    const r = await labnet('frobnicate');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('usage:');
  });
});
