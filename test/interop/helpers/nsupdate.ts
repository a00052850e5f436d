/** Runs BIND's nsupdate. */
import { spawn } from 'node:child_process';

/** Runs `nsupdate -v` (TCP) with `script` on stdin, asynchronously; resolves with its exit code and output. */
export function nsupdate(script: string, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const child = spawn('nsupdate', ['-v', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => res({ code, out }));
    child.stdin.end(script);
  });
}

/** One nsupdate batch (`update ...` lines) sent to `zone` on `server`; throws when nsupdate fails. */
export async function nsupdateZone(server: { host: string; port: number }, zone: string, updates: string): Promise<void> {
  const r = await nsupdate(`server ${server.host} ${server.port}\nzone ${zone}\n${updates}send\n`);
  if (r.code !== 0) throw new Error(`nsupdate exited ${r.code}: ${r.out}`);
}
