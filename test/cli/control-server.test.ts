/**
 * The control endpoint's guard (control-server.ts): loopback only unless a token is set;
 * with a token, every request without `Authorization: Bearer TOKEN` (or with another) is
 * answered 401 and its handler never runs; the token file's checks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLoopback, startControlServer, type ControlHandlers } from '../../src/cli/control-server.js';
import { controlRequest } from '../../src/cli/control-client.js';
import { readControlToken } from '../../src/cli/control-token.js';

const TOKEN = 'aGVsbG8tbGFibmV0LWNvbnRyb2wtdG9rZW4';
const dir = mkdtempSync(join(tmpdir(), 'labnet-control-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function handlers(calls: string[]): ControlHandlers {
  return {
    status: () => (calls.push('status'), { ok: true }),
    leases: () => (calls.push('leases'), []),
    reload: async () => (calls.push('reload'), { ok: true }),
    metrics: () => (calls.push('metrics'), 'x 1\n'),
  };
}

describe('control endpoint guard', () => {
  it('refuses a non-loopback address without a token, takes it with one', () => {
    expect(() => checkLoopback({ address: '192.168.244.139', port: 8080 }, '--control')).toThrow(/loopback only .* unless --control-token-file/);
    expect(() => checkLoopback({ address: '0.0.0.0', port: 8080 }, '--control')).toThrow(/loopback only/);
    expect(checkLoopback({ address: '0.0.0.0', port: 8080 }, '--control', TOKEN)).toEqual({ address: '0.0.0.0', port: 8080 });
    expect(checkLoopback({ address: '::1', port: 1 }, '--control')).toEqual({ address: '::1', port: 1 });
  });

  it('with a token: 401 without it or with another, nothing run; 200 with it', async () => {
    const calls: string[] = [];
    const s = await startControlServer({ address: '127.0.0.1', port: 0 }, handlers(calls), { token: TOKEN });
    try {
      const none = await controlRequest(s.address, 'POST', '/reload');
      expect(none.status).toBe(401);
      expect(JSON.parse(none.body)).toEqual({ error: 'a token is required (Authorization: Bearer TOKEN)' });
      expect((await controlRequest({ ...s.address, token: TOKEN.slice(0, -1) + 'X' }, 'GET', '/status')).status).toBe(401);
      expect((await controlRequest({ ...s.address, token: TOKEN + 'x' }, 'GET', '/metrics')).status).toBe(401);
      expect(calls).toEqual([]);
      const ok = await controlRequest({ ...s.address, token: TOKEN }, 'GET', '/status');
      expect(ok.status).toBe(200);
      expect(calls).toEqual(['status']);
    } finally {
      await s.close();
    }
  });

  it('without a token (loopback): no header needed', async () => {
    const calls: string[] = [];
    const s = await startControlServer({ address: '127.0.0.1', port: 0 }, handlers(calls));
    try {
      expect((await controlRequest(s.address, 'GET', '/leases')).status).toBe(200);
      expect(calls).toEqual(['leases']);
    } finally {
      await s.close();
    }
  });

  it('reads the token file: first line, trimmed; too short, bad characters or missing are usage errors', () => {
    const f = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    expect(readControlToken(f('good', `  ${TOKEN}  \nsecond line\n`))).toBe(TOKEN);
    expect(() => readControlToken(f('short', 'abc\n'))).toThrow(/at least 16 characters/);
    expect(() => readControlToken(f('spaces', 'abc def ghi jkl mno\n'))).toThrow(/at least 16 characters/);
    expect(() => readControlToken(join(dir, 'absent'))).toThrow(/ENOENT/);
  });
});
